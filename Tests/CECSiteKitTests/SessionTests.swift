import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteKit

/// The in-memory path of `cecsite serve` (``BuildSession``): after every kind of edit, the site
/// it answers as soon as it rendered, before the write, is byte for byte a clean build's, and so
/// is what it then writes. Each edit is rebuilt once without naming the changed files (everything
/// loaded again) and once naming them, as `cecsite serve`'s watcher does (only the changed
/// documents loaded again, and the session's own output folder trusted between its rebuilds).
@Suite struct SessionTests {
    @Test(arguments: [false, true]) func theSiteServedFromMemoryAndTheSiteWrittenEqualACleanBuild(namesChanges: Bool) throws {
        let footer = try String(contentsOf: repositoryRoot.appendingPathComponent("templates/partials/footer.mustache"), encoding: .utf8)
        let site = try TempSite.minimal(["templates/partials/footer.mustache": footer])
        defer { site.remove() }
        let editor = SessionEditor(site, ownsOutput: namesChanges)
        let session = editor.session
        let (write, read) = (editor.write, editor.read)
        /// The changed files named to the rebuild, or nil when they are not named.
        func named() -> [String]? {
            let changed = editor.taken()
            return namesChanges ? changed : nil
        }
        /// Rebuilds through the session and cleanly and compares them; returns how many pages were reused.
        func check(_ step: String) throws -> Int { try editor.check(step, named: named()).reused }

        #expect(try check("first build") == 0)
        #expect(try check("nothing changed") > 0)
        try write("content/news/first.en.md", try read("content/news/first.en.md").replacingOccurrences(of: "Body of the news.", with: "A new body."))
        #expect(try check("a news body edited") > 0)
        try write(
            "content/news/first.en.md", try read("content/news/first.en.md").replacingOccurrences(of: "title: \"First news\"", with: "title: \"Retitled news\"")
        )
        _ = try check("a news title edited (it shows in the lists)")
        try write("content/news/second.en.md", "---\ntitle: \"Second\"\ndate: 2020-10-01\n---\nMore.\n")
        _ = try check("a news item added")
        try write("content/news/second.en.md", nil)
        _ = try check("a news item deleted")
        try write("content/plan/units.yaml", try read("content/plan/units.yaml").replacingOccurrences(of: "Office of Informatization", with: "Office of IT"))
        _ = try check("a data file changed")
        try write(
            "templates/partials/footer.mustache",
            footer.replacingOccurrences(of: "<footer class=\"site-footer\">", with: "<footer class=\"site-footer\">\n<p>Changed.</p>"))
        #expect(try check("a template changed") == 0)
        try write("content/site.yaml", try read("content/site.yaml").replacingOccurrences(of: "Test site", with: "Tested site"))
        _ = try check("site.yaml changed")
        let strings = try read("templates/i18n/en.yaml")
        try write("templates/i18n/en.yaml", strings.replacingOccurrences(of: "Skip to", with: "Jump to"))
        _ = try check("an interface string changed")
        // Two edits in a row of the same file, seen by one rebuild; then edited back to what an
        // earlier build saw (a new stamp, the old bytes).
        let first = try read("content/news/first.en.md")
        try write("content/news/first.en.md", first.replacingOccurrences(of: "Retitled news", with: "Twice edited"))
        try write("content/news/first.en.md", first.replacingOccurrences(of: "Retitled news", with: "Edited twice, once seen"))
        _ = try check("a news item edited twice")
        try write("content/news/first.en.md", first)
        _ = try check("a news item edited back")
        try write("content/pages/contact.en.md", "---\ntitle: \"Contact\"\n---\nWrite to us.\n")
        _ = try check("a page added")
        try write("content/pages/contact.en.md", nil)
        _ = try check("a page deleted")
        // Documents whose files' slugs sort before and between the others', a translation, drafts.
        try write("content/news/aardvark.en.md", "---\ntitle: \"Aardvark\"\ndate: 2020-09-01\n---\nEarly.\n")
        try write("content/pages/faq-help.md", "---\ntitle: \"Допомога\"\n---\nТекст.\n")
        _ = try check("a news item and a page added, sorting first and in between")
        try write("content/news/first.uk.md", "---\ntitle: \"Перша новина\"\ndate: 2020-09-15\n---\nТекст новини.\n")
        _ = try check("a news item's translation added")
        try write("content/news/first.uk.md", "---\ntitle: \"Перша новина\"\ndate: 2020-09-15\ndraft: true\n---\nТекст новини.\n")
        _ = try check("the translation made a draft")
        try write("content/news/aardvark.en.md", "---\ntitle: \"Aardvark\"\ndate: 2020-09-01\ndraft: true\n---\nEarly.\n")
        _ = try check("a news item made a draft (no published file left)")
        try write("content/news/aardvark.en.md", "---\ntitle: \"Aardvark, again\"\ndate: 2020-09-01\n---\nEarly.\n")
        try write("content/news/first.uk.md", nil)
        try write("content/pages/faq-help.md", nil)
        _ = try check("published again; the translation and the page deleted")
        // An edit that breaks a news item, then its mending: the failed rebuild saved no record.
        try write("content/news/first.en.md", "---\ntitle: [unclosed\n---\nBroken.\n")
        #expect(!session.rebuild(changed: named()).succeeded)
        try write("content/news/first.en.md", first.replacingOccurrences(of: "A new body.", with: "A mended body."))
        _ = try check("a broken news item mended")

        // A build that fails leaves the last site answered, from the output folder.
        let units = try read("content/plan/units.yaml")
        try write("content/plan/units.yaml", "units: [unclosed\n")
        var called = false
        #expect(!session.rebuild(changed: named()) { _ in called = true }.succeeded)
        #expect(!called && !session.isPending && session.lookup("index.html") == .disk)
        try write("content/plan/units.yaml", units)
        _ = try check("the data file mended")
        // With the changes named, the documents' edits were loaded on their own.
        #expect(session.memory.partialLoads >= (namesChanges ? 14 : 0) && (namesChanges || session.memory.partialLoads == 0))
        // Its own folder, after its first write, was trusted by every rebuild's record that rendered.
        #expect(session.memory.trustedRenders >= (namesChanges ? 20 : 0) && (namesChanges || session.memory.trustedRenders == 0))
    }

    /// A rebuild that loaded only the edited documents validates only them and the checks they
    /// take part in, keeping what the last validation found of the others: its diagnostics are
    /// a full validation's, in the same order, whether the error is in the edited document, in a
    /// document not edited since, or in a link of an unedited document to a page that went away.
    @Test func aRebuildOfEditedDocumentsReportsWhatAFullValidationReports() throws {
        let site = try TempSite.minimal([:])
        defer { site.remove() }
        let served = site.root.appendingPathComponent("served").path
        let clean = site.root.appendingPathComponent("clean").path
        let session = BuildSession(options: site.options(served), ownsOutput: true)
        func write(_ path: String, _ text: String?) throws -> [String] {
            let url = site.root.appendingPathComponent(path)
            if let text { try Data(text.utf8).write(to: url) } else { try FileManager.default.removeItem(at: url) }
            return [url.path]
        }
        /// Rebuilds through the session with the files named, and cleanly; the reports must say
        /// the same. Returns the session's report.
        @discardableResult func check(_ step: String, _ changed: [String]?, fails: Bool) -> BuildReport {
            let report = session.rebuild(changed: changed)
            try? FileManager.default.removeItem(atPath: clean)
            var reference = site.options(clean)
            reference.incremental = false
            let expected = CECSiteKit.build(reference)
            #expect(report.succeeded == !fails && expected.succeeded == !fails, "\(step)")
            #expect(report.diagnostics.map(\.description) == expected.diagnostics.map(\.description), "\(step)")
            return report
        }
        let news = "content/news/first.en.md", page = "content/pages/about.en.md", linked = "content/news/linked.en.md"
        check("first build", nil, fails: false)
        let linkedText = "---\ntitle: \"Linked\"\ndate: 2020-10-01\n---\nSee [the page](/target/).\n"
        let target = "content/pages/target.en.md", targetText = "---\ntitle: \"Target\"\n---\nHere.\n"
        check("a page and a news item linking to it added", try write(target, targetText) + write(linked, linkedText), fails: false)
        // An error in the edited document, then, with it still there, another document edited.
        let heading = "---\ntitle: \"First news\"\ndate: 2020-09-15\n---\n# A level-1 heading\n\n## Then [a link](/nowhere/)\n"
        let broken = check("a level-1 heading and a broken link in the edited news item", try write(news, heading), fails: true)
        #expect(broken.errors.count == 2)
        let pageText = try String(contentsOf: site.root.appendingPathComponent(page), encoding: .utf8)
        check("another document edited, the broken one not", try write(page, pageText + "\nMore.\n"), fails: true)
        check(
            "the broken news item mended",
            try write(news, heading.replacingOccurrences(of: "# A level", with: "## A level").replacingOccurrences(of: "/nowhere/", with: "/target/")),
            fails: false)
        // A link of a document not edited breaks when the page it leads to goes, and mends when it comes back.
        check("the page linked to deleted", try write(target, nil), fails: true)
        check("the page linked to back", try write(target, targetText), fails: false)
        check("the linking news item deleted", try write(linked, nil), fails: false)
        #expect(session.memory.partialLoads >= 6)
    }
}
