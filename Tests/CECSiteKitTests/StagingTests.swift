import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteFormats
@testable import CECSiteKit
@testable import CECSiteMarkdown
@testable import CECSiteTemplates

/// Pages written into the staging folder as they are rendered (``OutputWriter/Staging``): the
/// site that is swapped in is exactly the one the write stage alone would make, the output
/// folder is untouched by a build that fails after pages were placed, and the spare site stays
/// usable.
@Suite struct StagingTests {
    typealias Place = OutputWriterTests.Place

    static func file(_ path: String, _ text: String, _ previous: OutputFile.Previous = .unknown) -> OutputFile {
        OutputWriterTests.file(path, text, previous)
    }

    @Test func placedPagesEndUpInTheSiteAndUnchangedOnesAreTheLiveFiles() throws {
        // Without a spare (the build made its staging folder), and with one (claimed).
        for builds in [1, 2] {
            let place = try Place()
            defer { place.remove() }
            let old = ["index.html": "home", "a/page.html": "a", "b/page.html": "b"]
            for _ in 0..<builds { #expect(place.writer.write(old.map { Self.file($0.key, $0.value) }).isEmpty) }
            let live = place.inode(place.output + "/b/page.html")
            let sink = DiagnosticSink(stage: .write)
            let staging = try #require(place.writer.stage(sink: sink))
            #expect(staging.claimed == (builds == 2) && sink.diagnostics.isEmpty)
            let pages = [
                staging.place(Self.file("a/page.html", "a2", .different)),
                staging.place(Self.file("b/page.html", "b")),
                staging.place(Self.file("c/new/deep.html", "n")),
                staging.place(Self.file("index.html", "", .same)),
            ]
            #expect(pages[0].placed != nil && pages[0].data.isEmpty, "new bytes are placed, not held")
            // In a folder the build made, linked as they render; in a claimed spare, by the write stage.
            #expect((pages[1].placed == nil) == staging.claimed && pages[1].previous == .same && pages[1].data.isEmpty, "the live file's bytes are not written")
            #expect(pages[2].placed != nil && (pages[3].placed == nil) == staging.claimed)
            #expect(staging.read(pages[0]) == Data("a2".utf8) && staging.read(pages[1]) == Data("b".utf8))
            #expect(place.tree(place.output) == OutputWriterTests.expected(old), "the output is not touched before the swap")
            #expect(place.writer.write(pages + [Self.file("x.css", "css")], staging: staging).isEmpty)
            #expect(
                place.tree(place.output)
                    == OutputWriterTests.expected(["index.html": "home", "a/page.html": "a2", "b/page.html": "b", "c/new/deep.html": "n", "x.css": "css"]))
            #expect(place.inode(place.output + "/b/page.html") == live, "an unchanged page is the live file, linked")
            #expect(try FileManager.default.contentsOfDirectory(atPath: place.root).sorted() == [".public.spare", "public"])
        }
    }

    @Test func aDamagedSpareIsRepairedAsPagesArePlacedAndNoLinkIsFollowed() throws {
        let place = try Place()
        defer { place.remove() }
        let old = ["index.html": "home", "b/page.html": "b", "c/x.html": "c", "e/page.html": "e"]
        for _ in 0..<2 { #expect(place.writer.write(old.map { Self.file($0.key, $0.value) }).isEmpty) }
        let spare = place.spare
        let outside = place.root + "/outside"
        try place.write("not ours", to: outside + "/page.html")
        try FileManager.default.removeItem(atPath: spare + "/e")
        try FileManager.default.createSymbolicLink(atPath: spare + "/e", withDestinationPath: outside)
        try FileManager.default.removeItem(atPath: spare + "/b")
        try place.write("a file where a folder should be", to: spare + "/b")
        #expect(unlink(spare + "/c/x.html") == 0)
        try place.write("a folder where a file should be", to: spare + "/c/x.html/inner.txt")
        try place.write("stray", to: spare + "/stray/f.html")

        let staging = try #require(place.writer.stage(sink: DiagnosticSink(stage: .write)))
        #expect(staging.claimed)
        let pages = [
            staging.place(Self.file("e/page.html", "e2", .different)), staging.place(Self.file("b/page.html", "b2", .different)),
            staging.place(Self.file("c/x.html", "c2", .different)), staging.place(Self.file("index.html", "", .same)),
        ]
        #expect(pages.prefix(3).allSatisfy { $0.placed != nil })
        #expect(place.tree(outside) == ["page.html": "not ours"], "a link in the spare is replaced, not followed")
        #expect(place.writer.write(pages, staging: staging).isEmpty)
        let new = ["index.html": "home", "b/page.html": "b2", "c/x.html": "c2", "e/page.html": "e2"]
        #expect(place.tree(place.output) == OutputWriterTests.expected(new))
        #expect(place.tree(outside) == ["page.html": "not ours"])
    }

    @Test func aBuildThatFailsAfterPagesWerePlacedLeavesTheOutputAndAUsableSpare() throws {
        let place = try Place()
        defer { place.remove() }
        let old = ["index.html": "home", "a/page.html": "a"]
        for _ in 0..<2 { #expect(place.writer.write(old.map { Self.file($0.key, $0.value) }).isEmpty) }
        let staging = try #require(place.writer.stage(sink: DiagnosticSink(stage: .write)))
        _ = staging.place(Self.file("a/page.html", "a2", .different))
        _ = staging.place(Self.file("new/page.html", "n", .different))
        staging.abandon()
        #expect(place.tree(place.output) == OutputWriterTests.expected(old))
        #expect(try FileManager.default.contentsOfDirectory(atPath: place.root).sorted() == [".public.spare", "public"])
        #expect(OutputWriter.isMarked(place.spare), "the spare is kept, marked as cecsite's")
        // The next build starts from it and makes exactly its site.
        let new = ["index.html": "home", "a/page.html": "a3"]
        #expect(place.writer.write(new.map { Self.file($0.key, $0.value) }).isEmpty)
        #expect(place.tree(place.output) == OutputWriterTests.expected(new))

        // A staging folder the build made is removed.
        let fresh = try Place()
        defer { fresh.remove() }
        let made = try #require(fresh.writer.stage(sink: DiagnosticSink(stage: .write)))
        #expect(!made.claimed)
        _ = made.place(Self.file("a/page.html", "a", .different))
        made.abandon()
        #expect(try FileManager.default.contentsOfDirectory(atPath: fresh.root).isEmpty)
    }

    @Test func aPlacedPageGoneBeforeTheSwapFailsTheBuildAndLeavesTheOutput() throws {
        let place = try Place()
        defer { place.remove() }
        let old = ["index.html": "home", "a/page.html": "a"]
        for _ in 0..<2 { #expect(place.writer.write(old.map { Self.file($0.key, $0.value) }).isEmpty) }
        let staging = try #require(place.writer.stage(sink: DiagnosticSink(stage: .write)))
        let page = staging.place(Self.file("a/page.html", "a2", .different))
        #expect(page.placed != nil)
        // Another program removes it behind the build's back.
        #expect(unlink(staging.path + "/a/page.html") == 0)
        let errors = place.writer.write([page, Self.file("index.html", "", .same)], staging: staging)
        #expect(errors.contains { $0.location.file == "a/page.html" }, "\(errors.map(\.description))")
        #expect(place.tree(place.output) == OutputWriterTests.expected(old))
        #expect(try FileManager.default.contentsOfDirectory(atPath: place.root).allSatisfy { !$0.contains(".tmp-") && !$0.contains(".old-") })
        #expect(place.writer.write([Self.file("index.html", "home"), Self.file("a/page.html", "a2")]).isEmpty)
        #expect(place.tree(place.output) == OutputWriterTests.expected(["index.html": "home", "a/page.html": "a2"]))
    }

    @Test func linksScannedAsPagesAreMadeAreCheckedAgainstEveryFile() {
        let collector = LinkChecker.Collector(pages: ["a/index.html", "b/index.html"])
        let html = Data("<p><a href=\"/b/#top\">b</a> <a href=\"/x.css\">x</a>\n<a href=\"/missing.css\">m</a>\n<a href=\"/missing.css\">m</a></p>".utf8)
        let scan = collector.scan(html)
        #expect(scan.others.count == 2, "a link to a page is not kept; each other URL once")
        let sink = DiagnosticSink(stage: .render)
        var checker = LinkChecker(files: [OutputFile(path: "a/index.html", data: Data()), Self.file("x.css", "")], sink: sink)
        checker.scanned = [scan]
        checker.collector = collector
        let checked = checker.run()
        #expect(
            sink.diagnostics.map(\.description) == [
                "a/index.html:2:1: error: Broken internal link '/missing.css': the build has no file 'missing.css'; fix the link in the template or content that produced it"
            ])
        #expect(checked.targets == ["b/index.html", "x.css", "missing.css"] && checked.complete)
    }
}

/// Whole builds with pages placed as they are rendered.
@Suite struct StagedBuildTests {
    /// Every file of a folder with its bytes.
    func snapshot(_ folder: String) -> [String: Data] {
        var files: [String: Data] = [:]
        for path in OutputWriter.existingFiles(in: folder) { files[path] = FileManager.default.contents(atPath: folder + "/" + path) }
        return files
    }

    @Test func aLinkCheckFailureAfterPagesWerePlacedLeavesTheOutputUntouchedAndTheSpareUsable() throws {
        let site = try TempSite.minimal(["templates/units.mustache": nil])
        defer { site.remove() }
        let units = try String(contentsOfFile: repositoryRoot.appendingPathComponent("templates/units.mustache").path, encoding: .utf8)
        func template(_ text: String) throws { try Data(text.utf8).write(to: URL(fileURLWithPath: site.templates + "/units.mustache")) }
        try template(units)
        for _ in 0..<2 { #expect(site.build().succeeded) }
        let before = snapshot(site.output)
        let spare = OutputWriter.spare(of: site.output)
        #expect(FileManager.default.fileExists(atPath: spare))

        // A broken link on the units pages; every other page changes too (a new site title).
        try template(units.replacingOccurrences(of: "<p>{{t.units_intro}}</p>", with: "<p>{{t.units_intro}} <a href=\"/nowhere/\">x</a></p>"))
        let yaml = site.content + "/site.yaml"
        let original = try String(contentsOfFile: yaml, encoding: .utf8)
        try Data(original.replacingOccurrences(of: "Test site", with: "Renamed site").utf8).write(to: URL(fileURLWithPath: yaml))
        let report = site.build()
        #expect(!report.succeeded)
        #expect(site.lines(report).contains { $0.contains("units/index.html:") && $0.contains("Broken internal link '/nowhere/'") }, "\(site.lines(report))")
        let after = snapshot(site.output)
        #expect(after == before, "the output folder is untouched")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: site.root.path).filter { $0.contains(".tmp-") || $0.contains(".old-") }
        #expect(leftovers.isEmpty, "\(leftovers)")
        #expect(OutputWriter.isMarked(spare), "the spare, with the pages placed in it, is kept")

        // Fixed: the build starts from that spare and makes exactly what a clean build makes.
        try template(units)
        #expect(site.build().succeeded)
        let reference = site.root.appendingPathComponent("reference").path
        #expect(site.build(output: reference).succeeded)
        let built = snapshot(site.output), clean = snapshot(reference)
        #expect(built == clean && built.count > 20, "the same site as a build from nothing")
        #expect(built != before)
    }

    /// The theme's templates, but none for `missing`.
    struct Without: PageTemplates {
        let templates: TemplateLibrary
        let missing: String
        func bytes(_ context: Any, withTemplate name: String) -> [UInt8]? {
            name == missing ? nil : templates.bytes(context, withTemplate: name)
        }
    }

    @Test func aLinkToAPageThatWasNotMadeIsBroken() throws {
        // The timeline cannot be rendered: every page's link to it is broken, though a link to a
        // page of the build is taken to be right as pages are scanned.
        let site = try TempSite.minimal()
        defer { site.remove() }
        let (content, theme, diagnostics) = ContentLoader(contentDirectory: site.content, templatesDirectory: site.templates).load()
        #expect(!diagnostics.contains { $0.severity == .error })
        let renderer = Renderer(content: content, theme: theme, buildDate: try #require(Day(iso: "2021-01-15")))
        let rendered = renderer.render(record: BuildRecord(), templates: Without(templates: theme.templates, missing: "timeline"))
        let lines = rendered.diagnostics.map(\.description)
        #expect(lines.contains { $0.contains("Missing template 'timeline'") })
        // On the pages that link to it, not only on the 404 pages (whose links are read at the end).
        let broken = lines.filter { $0.contains("Broken internal link '/plan/timeline/'") }
        #expect(broken.contains { !$0.hasPrefix("404.html:") && !$0.hasPrefix("en/404.html:") }, "\(broken.prefix(5))")
        #expect(!renderer.render().diagnostics.contains { $0.severity == .error }, "with the template, no link is broken")
    }
}
