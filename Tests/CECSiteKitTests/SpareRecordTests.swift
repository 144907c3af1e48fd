import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteKit

/// The command-line rebuild's shortcuts in the write stage: unchanged pages linked as they
/// render into a staging folder the build made (the first rebuild after a build from nothing),
/// and a spare site brought up to date from what the build that retired it recorded
/// (``OutputWriter/SpareRecord``) instead of being read whole. Each leaves exactly the site a
/// build from nothing makes, and a file changed or deleted in the output folder comes back.
@Suite struct SpareRecordTests {
    typealias Place = OutputWriterTests.Place

    static func file(_ path: String, _ text: String, _ previous: OutputFile.Previous = .unknown) -> OutputFile {
        OutputWriterTests.file(path, text, previous)
    }

    /// A writer that may record the spare it retires: the live site was checked, as a build checks it.
    static func writer(_ place: Place) -> OutputWriter {
        var writer = place.writer
        writer.liveVerified = true
        return writer
    }

    @Test func aPathIsSafeOnlyWithoutEmptyDotOrDotDotComponents() {
        for path in ["a", "a/b.html", ".well-known/x", "a/..b", "a/b..", "a/.b/c"] { #expect(OutputWriter.isSafe(path), "\(path)") }
        for path in ["", "/a", "a/", "a//b", ".", "..", "./a", "a/.", "a/./b", "a/../b", "../a", "a/.."] {
            #expect(!OutputWriter.isSafe(path), "\(path)")
        }
    }

    @Test func unchangedPagesAreLinkedAsTheyRenderWhenThereIsNoSpare() throws {
        let place = try Place()
        defer { place.remove() }
        let old = ["index.html": "home", "a/page.html": "a", "b/deep/page.html": "b"]
        #expect(Self.writer(place).write(old.map { Self.file($0.key, $0.value) }).isEmpty)
        let live = place.inode(place.output + "/b/deep/page.html")
        let staging = try #require(Self.writer(place).stage(sink: DiagnosticSink(stage: .write)))
        #expect(!staging.claimed, "a build from nothing leaves no spare")
        let pages = [
            staging.place(Self.file("index.html", "", .same)), staging.place(Self.file("b/deep/page.html", "b")),
            staging.place(Self.file("a/page.html", "a2", .different)),
        ]
        #expect(pages.allSatisfy { $0.placed != nil && $0.data.isEmpty }, "unchanged pages are linked as they render")
        #expect(place.inode(staging.path + "/b/deep/page.html") == live)
        #expect(staging.read(pages[0]) == Data("home".utf8))
        #expect(Self.writer(place).write(pages, staging: staging).isEmpty)
        #expect(place.tree(place.output) == OutputWriterTests.expected(["index.html": "home", "a/page.html": "a2", "b/deep/page.html": "b"]))
        #expect(place.inode(place.output + "/b/deep/page.html") == live, "an unchanged page is the live file")
    }

    @Test func aRecordedSpareIsBroughtToTheNewSiteWithoutBeingRead() throws {
        let place = try Place()
        defer { place.remove() }
        let old = [
            "index.html": "home", "a/page.html": "a", "gone/page.html": "g", "gone/deeper/x.html": "x", "kept/page.html": "k",
            "style.css": "css", "file": "a file that becomes a folder",
        ]
        // Three builds: the third retires a site whose spare the second recorded.
        for round in 0..<3 {
            var site = old
            site["index.html"] = "home \(round)"
            #expect(Self.writer(place).write(site.map { Self.file($0.key, $0.value) }).isEmpty)
        }
        #expect(FileManager.default.fileExists(atPath: OutputWriter.SpareRecord.file(for: place.output)))
        let staging = try #require(Self.writer(place).stage(sink: DiagnosticSink(stage: .write)))
        #expect(staging.claimed && staging.spareRecord != nil, "the spare's record holds")
        #expect(!FileManager.default.fileExists(atPath: OutputWriter.SpareRecord.file(for: place.output)), "a record is used once")
        let pages = [
            staging.place(Self.file("a/page.html", "a2", .different)), staging.place(Self.file("new/folder/page.html", "n", .different)),
            staging.place(Self.file("kept/page.html", "", .same)), staging.place(Self.file("index.html", "home 2")),
        ]
        let others = [
            Self.file("style.css", "css2"), Self.file("file/inner.html", "now a folder", .different), Self.file("late/page.html", "l", .different),
        ]
        #expect(Self.writer(place).write(pages + others, staging: staging).isEmpty)
        #expect(staging.broughtUpByRecord, "the spare was brought up from its record")
        let new = [
            "index.html": "home 2", "a/page.html": "a2", "new/folder/page.html": "n", "kept/page.html": "k", "style.css": "css2",
            "file/inner.html": "now a folder", "late/page.html": "l",
        ]
        #expect(place.tree(place.output) == OutputWriterTests.expected(new))
        #expect(place.inode(place.output + "/kept/page.html") == place.inode(place.spare + "/kept/page.html"))
        // And again from the spare this build recorded: the site before, byte for byte.
        let staging2 = try #require(Self.writer(place).stage(sink: DiagnosticSink(stage: .write)))
        #expect(staging2.spareRecord != nil)
        #expect(Self.writer(place).write(new.map { Self.file($0.key, $0.value) }, staging: staging2).isEmpty)
        #expect(staging2.broughtUpByRecord)
        #expect(place.tree(place.output) == OutputWriterTests.expected(new))
    }

    /// A spare whose marker lists exactly the new site's files is brought up by its record
    /// without a second set of them; one that lists a file the new site has not has it removed.
    @Test func aSpareListingTheNewSitesFilesIsBroughtUpAndOneListingOthersLosesThem() throws {
        let place = try Place()
        defer { place.remove() }
        var site = ["index.html": "home", "a/page.html": "a", "b/deep/page.html": "b", "c/page.html": "c"]
        /// A build of `site` from the recorded spare, each file but the home page unchanged.
        func build() throws {
            let staging = try #require(Self.writer(place).stage(sink: DiagnosticSink(stage: .write)))
            let files = site.map { Self.file($0.key, $0.value, $0.key == "index.html" ? .different : .same) }
            #expect(Self.writer(place).write(files, staging: staging).isEmpty)
            #expect(staging.broughtUpByRecord, "the spare was brought up from its record")
            #expect(place.tree(place.output) == OutputWriterTests.expected(site))
        }
        for round in 0..<3 {
            site["index.html"] = "home \(round)"
            #expect(Self.writer(place).write(site.map { Self.file($0.key, $0.value) }).isEmpty)
        }
        site["index.html"] = "home 3"
        try build()
        site["index.html"] = "home 4"
        try build()
        // A file gone: the spare's is removed.
        site["b/deep/page.html"] = nil
        site["index.html"] = "home 5"
        try build()
        site["index.html"] = "home 6"
        try build()
    }

    @Test func aRecordHoldsOnlyForTheSpareAndLiveSiteItWasMadeFor() throws {
        let site = ["index.html": "home", "a/page.html": "a"]
        // What happens to the spare or the live site after the record was made, and whether it still holds.
        let cases: [(String, (Place) throws -> Void, Bool)] = [
            ("nothing", { _ in }, true),
            ("the spare's mode changed", { place in _ = chmod(place.spare, 0o755) }, false),
            (
                "the spare replaced",
                { place in
                    try FileManager.default.moveItem(atPath: place.spare, toPath: place.root + "/moved")
                    try FileManager.default.copyItem(atPath: place.root + "/moved", toPath: place.spare)
                }, false
            ),
            ("the live site's marker touched", { place in _ = utimensat(AT_FDCWD, place.output + "/" + OutputTarget.markerName, nil, 0) }, false),
        ]
        for (what, change, holds) in cases {
            let place = try Place()
            defer { place.remove() }
            for _ in 0..<2 { #expect(Self.writer(place).write(site.map { Self.file($0.key, $0.value) }).isEmpty) }
            try change(place)
            let staging = try #require(Self.writer(place).stage(sink: DiagnosticSink(stage: .write)), "\(what)")
            #expect(staging.claimed, "\(what)")
            #expect(Self.writer(place).write(site.map { Self.file($0.key, $0.value) }, staging: staging).isEmpty, "\(what)")
            #expect(staging.broughtUpByRecord == holds, "\(what)")
            #expect(place.tree(place.output) == OutputWriterTests.expected(site), "\(what)")
        }
        // A live site replaced with --force-replace (not checked) leaves no record.
        let place = try Place()
        defer { place.remove() }
        for _ in 0..<2 { #expect(place.writer.write(site.map { Self.file($0.key, $0.value) }).isEmpty) }
        #expect(!FileManager.default.fileExists(atPath: OutputWriter.SpareRecord.file(for: place.output)))
    }

    @Test func theRecordsListOfFilesFollowsTheSiteWithoutBeingRewrittenWhenItDidNot() throws {
        let place = try Place()
        defer { place.remove() }
        let list = BuildRecord.directory(for: place.output) + "/files.txt"
        func build(_ files: [String]) throws -> String {
            for path in files { try place.write(path, to: place.output + "/" + path) }
            let record = BuildRecord(outputDirectory: place.output)
            for path in files { _ = record.output(path, key: "key") { Data(path.utf8) } }
            record.save(files: files)
            return try String(contentsOfFile: list, encoding: .utf8)
        }
        #expect(try build(["a.html", "b/c.html"]) == "a.html\nb/c.html\n")
        let written = place.inode(list)
        #expect(try build(["b/c.html", "a.html"]) == "a.html\nb/c.html\n")
        #expect(place.inode(list) == written, "the same files: the list is not written again")
        #expect(try build(["a.html", "d.html"]) == "a.html\nd.html\n", "as many files, not the same")
        #expect(try build(["a.html"]) == "a.html\n")
    }

    @Test func theRecordsLinkTargetsAreSavedWhenTheyDifferFromThoseItRead() throws {
        let place = try Place()
        defer { place.remove() }
        try place.write("a", to: place.output + "/a.html")
        /// A build that reads the previous build's link targets, then saves `targets`; what it read.
        func build(_ targets: Set<String>) -> Set<String>? {
            let record = BuildRecord(outputDirectory: place.output)
            let read = record.previousLinkTargets()
            _ = record.output("a.html", key: "key") { Data("a".utf8) }
            record.linkTargets = targets
            record.save(files: ["a.html"])
            return read
        }
        _ = build(["a.html"])
        #expect(build(["a.html"]) == ["a.html"])
        #expect(build(["a.html", "b.html"]) == ["a.html"])
        #expect(build(["b.html"]) == ["a.html", "b.html"], "a changed list is saved")
        #expect(build(["b.html"]) == ["b.html"])
    }

    @Test func aFileChangedOrDeletedInTheOutputComesBackOnTheNextBuild() throws {
        let site = try TempSite.minimal()
        defer { site.remove() }
        let output = site.root.appendingPathComponent("public").path
        let clean = site.root.appendingPathComponent("clean").path
        func build(_ output: String, incremental: Bool = true) -> BuildReport {
            var options = BuildOptions(
                content: site.content, templates: site.templates, output: output, date: Day(iso: "2021-01-15"),
                baseURL: "https://example.org")
            options.incremental = incremental
            return CECSiteKit.build(options)
        }
        #expect(build(clean, incremental: false).succeeded)
        let reference = try snapshot(clean)
        for _ in 0..<3 { #expect(build(output).succeeded) }
        #expect(FileManager.default.fileExists(atPath: OutputWriter.SpareRecord.file(for: output)), "the spare is recorded")
        let pages = reference.keys.filter { $0.hasSuffix("/index.html") }.sorted()
        try #require(pages.count >= 3)
        // Deleted, changed in place (the same inode, as `>>` does), a whole folder deleted.
        #expect(unlink(output + "/" + pages[0]) == 0)
        let fd = open(output + "/" + pages[1], O_WRONLY | O_APPEND)
        _ = "<!-- changed by hand -->".withCString { Glibc.write(fd, $0, strlen($0)) }
        close(fd)
        try FileManager.default.removeItem(atPath: output + "/" + (pages[2] as NSString).deletingLastPathComponent)
        // The next builds (the second and third from spares recorded after the changes).
        for round in 1...3 {
            #expect(build(output).succeeded, "build \(round)")
            let built = try snapshot(output)
            #expect(Set(built.keys) == Set(reference.keys), "build \(round): the same files")
            for (path, data) in reference where built[path] != data { Issue.record("build \(round): \(path) differs from a clean build") }
        }
    }
}
