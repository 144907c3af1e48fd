import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteFormats
@testable import CECSiteKit
@testable import CECSiteMarkdown
@testable import CECSiteTemplates

/// Loading: every malformed input yields a located, actionable message.
@Suite struct LoadTests {
    let pillar = "content/plan/pillars/1-capacity.yaml"

    func errors(_ changes: [String: String?]) throws -> [String] {
        let site = try TempSite.minimal(changes)
        defer { site.remove() }
        let report = site.build()
        #expect(!report.succeeded)
        return site.lines(report)
    }

    func pillarReplacing(_ old: String, with new: String) -> [String: String?] {
        [pillar: Minimal.files[pillar]!.replacingOccurrences(of: old, with: new)]
    }

    /// The news folder is read once, each entry's type taken from the folder: plain files and
    /// bundles are documents, a link (to a file or a folder) is never followed, hidden folders
    /// are not bundles, another file in a bundle is an error.
    @Test func aDocumentFolderIsListedByItsEntriesTypes() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cecsite-list-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let news = root + "/news"
        let text = "---\ntitle: \"T\"\ndate: 2020-01-02\n---\nBody.\n"
        for file in ["a.md", "b.en.md", "bundle/index.md", "bundle/other.md", ".hidden/index.md", "outside/index.md", "outside/x.md"] {
            let path = (file.hasPrefix("outside") ? root : news) + "/" + file
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        }
        try FileManager.default.createSymbolicLink(atPath: news + "/linked.md", withDestinationPath: root + "/outside/x.md")
        try FileManager.default.createSymbolicLink(atPath: news + "/linkedbundle", withDestinationPath: root + "/outside")
        let sink = DiagnosticSink(stage: .load)
        let documents = DocumentLoader(directory: news, kind: .news, sink: sink).load()
        #expect(documents.map(\.slug).sorted() == ["a", "b", "bundle"])
        #expect(
            sink.diagnostics.map { "\($0.location.file.dropFirst(root.count)): \($0.message.prefix(40))" }.sorted() == [
                "/news/bundle/other.md: A page bundle holds its text in index.md",
                "/news/linked.md: Symbolic links are not followed; replace",
            ])
    }

    @Test func malformedYAMLIsLocated() throws {
        let lines = try errors(["content/plan/units.yaml": "units:\n  - slug: [a\n    name: x\n"])
        #expect(lines.contains { $0.hasPrefix("content/plan/units.yaml:3:") && $0.contains("error: Malformed YAML") })
    }

    @Test func unknownKeySuggestsTheKnownOne() throws {
        let lines = try errors(pillarReplacing("title: {en: \"Conducting staff surveys\"}", with: "tittle: {en: \"Conducting staff surveys\"}"))
        #expect(
            lines.contains(
                "\(pillar):20:13: error: Unknown key 'tittle' in a measured result (keys: id, title, units, from, till, status, corrections); did you mean 'title'?"
            ))
        #expect(lines.contains { $0.hasPrefix("\(pillar):19:13:") && $0.contains("Missing value for key 'title'") })
    }

    @Test func duplicateKeyIsAnError() throws {
        let lines = try errors(pillarReplacing("slug: capacity", with: "slug: capacity\nslug: other"))
        #expect(lines.contains("\(pillar):3:1: error: Duplicate key 'slug'; keep one of the two values"))
    }

    @Test func sourceStyleDateGetsTheISOForm() throws {
        let lines = try errors(pillarReplacing("from: 2020-09-15", with: "from: 15.09. 2020"))
        #expect(lines.contains("\(pillar):14:19: error: Invalid date '15.09. 2020' for 'from'; write it as 2020-09-15"))
    }

    @Test func impossibleDatesAreRejected() throws {
        let lines = try errors(
            pillarReplacing("from: 2020-09-15", with: "from: 31.02.2021").merging(
                ["content/news/first.en.md": Minimal.files["content/news/first.en.md"]!.replacingOccurrences(of: "2020-09-05", with: "2020-13-01")],
                uniquingKeysWith: { a, _ in a }))
        #expect(lines.contains { $0.contains("Invalid date '31.02.2021' for 'from'; no such day exists") })
        #expect(
            lines.contains(
                "content/news/first.en.md:3:7: error: Invalid date '2020-13-01' for 'date'; no such day exists; check the source and write it as YYYY-MM-DD"))
    }

    @Test func textWithoutLanguagesIsAnError() throws {
        let lines = try errors(pillarReplacing("title: {en: \"Institutional Capacity\"}", with: "title: \"Institutional Capacity\""))
        #expect(
            lines.contains(
                "\(pillar):3:8: error: Expected 'title' (the pillar's title) as a text per language like {uk: \"…\", en: \"…\"}, found 'Institutional Capacity'"
            ))
    }

    @Test func frontMatterProblems() throws {
        let lines = try errors([
            "content/pages/open.en.md": "---\ntitle: \"x\"\nBody without a closing fence\n",
            "content/pages/none.en.md": "Just text\n",
            "content/pages/nolang.fr.md": "---\ntitle: x\n---\n",
        ])
        #expect(lines.contains("content/pages/open.en.md:1:1: error: Unterminated front matter: no closing '---' line; add one after the last field"))
        #expect(
            lines.contains(
                "content/pages/none.en.md:1:1: error: Missing front matter; start the file with a '---' line, the title and other fields, then '---'"))
        #expect(lines.contains { $0.hasPrefix("content/pages/nolang.fr.md: error: File name 'nolang.fr.md' has an unknown language") })
    }

    @Test func frontMatterLinesCountFromTheFileStart() throws {
        let lines = try errors(["content/pages/about.en.md": "---\ntitle: \"About\"\nsectoin: plan\n---\nBody\n"])
        #expect(lines.contains { $0.hasPrefix("content/pages/about.en.md:3:1: error: Unknown key 'sectoin'") && $0.hasSuffix("did you mean 'section'?") })
    }

    @Test func undecodableFilesAreReported() throws {
        let site = try TempSite.minimal()
        defer { site.remove() }
        // "Мета" in Windows-1251.
        try Data([0x2D, 0x2D, 0x2D, 0x0A, 0x74, 0x69, 0x74, 0x6C, 0x65, 0x3A, 0x20, 0xCC, 0xE5, 0xF2, 0xE0, 0x0A, 0x2D, 0x2D, 0x2D, 0x0A])
            .write(to: site.root.appendingPathComponent("content/pages/cp1251.uk.md"))
        try Data("---\ntitle: a\u{0}b\n---\n".utf8).write(to: site.root.appendingPathComponent("content/pages/nul.uk.md"))
        let lines = site.lines(site.build())
        #expect(lines.contains("content/pages/cp1251.uk.md:1:1: error: The file is not valid UTF-8 (perhaps Windows-1251); save it as UTF-8"))
        #expect(lines.contains("content/pages/nul.uk.md:2:9: error: The file holds a NUL byte; remove it or save the file as UTF-8 text"))
    }

    @Test func byteOrderMarkIsIgnored() throws {
        let site = try TempSite.minimal()
        defer { site.remove() }
        try Data([0xEF, 0xBB, 0xBF] + Array(Minimal.files["content/site.yaml"]!.utf8))
            .write(to: site.root.appendingPathComponent("content/site.yaml"))
        #expect(site.build().succeeded)
    }
}
