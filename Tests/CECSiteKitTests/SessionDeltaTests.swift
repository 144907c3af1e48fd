import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteKit

/// The delta render of `cecsite serve` (``Renderer/Delta``): a rebuild after a document's body
/// changed makes only that document's pages, the search index and the discovery files, and
/// takes every other file from the previous build. Through a sequence of edits, some of which
/// must take the full path (front matter, a translation, a document added or removed, a broken
/// link and its mending), the site served before the write and the site written are after each
/// step byte for byte a clean build's, and the body edits took the delta render.
@Suite struct SessionDeltaTests {
    @Test func aSequenceOfEditsServesAndWritesWhatACleanBuildWrites() throws {
        let local = "---\ntitle: \"Місцева новина\"\ndate: 2020-08-01\n---\nТекст.\n"
        let site = try TempSite.minimal(["content/news/local.uk.md": local])
        defer { site.remove() }
        let editor = SessionEditor(site, ownsOutput: true)
        let session = editor.session
        let (write, read) = (editor.write, editor.read)
        /// Rebuilds through the session (the changed files named) and cleanly and compares
        /// them; returns whether the rebuild took the delta render.
        @discardableResult func check(_ step: String) throws -> Bool {
            let deltas = session.memory.deltaRenders
            _ = try editor.check(step, named: editor.taken())
            return session.memory.deltaRenders > deltas
        }
        let news = "content/news/first.en.md"
        #expect(try !check("first build"))
        let first = try read(news)
        try write(news, first.replacingOccurrences(of: "Body of the news.", with: "A new body, with [a link](/plan/)."))
        #expect(try check("a body edited"))
        try write(news, first.replacingOccurrences(of: "Body of the news.", with: "A new body.\n\n## A heading\n\nMore text."))
        #expect(try check("the body edited again"))
        try write(news, try read(news).replacingOccurrences(of: "title: \"First news\"", with: "title: \"Retitled news\""))
        #expect(try !check("the title edited (it shows in the lists)"))
        try write("content/news/local.en.md", "---\ntitle: \"Local news\"\ndate: 2020-08-01\n---\nText.\n")
        #expect(try !check("an English translation added"))
        try write("content/news/second.en.md", "---\ntitle: \"Second\"\ndate: 2020-10-01\n---\nMore.\n")
        #expect(try !check("a news item added"))
        try write("content/news/second.en.md", nil)
        #expect(try !check("a news item removed"))
        // A broken link in a body: reported as a clean build reports it, the last site served.
        let retitled = try read(news)
        try write(news, retitled.replacingOccurrences(of: "More text.", with: "See [this](/nowhere/)."))
        let expected = editor.cleanBuild()
        var called = false
        let broken = session.rebuild(changed: editor.taken()) { _ in called = true }
        #expect(!broken.succeeded && !expected.succeeded && !called && !session.isPending)
        #expect(broken.diagnostics.map(\.description) == expected.diagnostics.map(\.description))
        #expect(broken.errors.contains { $0.message.contains("Broken internal link '/nowhere/'") })
        #expect(session.lookup("index.html") == .disk)
        try write(news, retitled.replacingOccurrences(of: "More text.", with: "See [this](/plan/)."))
        #expect(try !check("the broken link mended"))
        try write(news, retitled.replacingOccurrences(of: "More text.", with: "Once more."))
        #expect(try check("a body edited after the mending"))
        #expect(session.memory.deltaRenders == 3)
    }

    /// Body edits that add a word no document had (a term chunk of its own), take it away again
    /// (the chunk gone from the manifest), drop words other documents share and restore the
    /// body: each a delta render, whose search index (updated from the one the session kept)
    /// is a clean build's file for file, the word in it exactly while the body holds it.
    @Test func searchTermsAddedAndRemovedByBodyEditsAreIndexedAsACleanBuildIndexesThem() throws {
        let site = try TempSite.minimal()
        defer { site.remove() }
        let editor = SessionEditor(site, ownsOutput: true)
        let session = editor.session
        @discardableResult func check(_ step: String) throws -> Bool {
            let deltas = session.memory.deltaRenders
            _ = try editor.check(step, named: editor.taken())
            return session.memory.deltaRenders > deltas
        }
        /// The written site's file `path`; nil when it has none.
        func written(_ path: String) -> String? { try? String(contentsOfFile: editor.served + "/" + path, encoding: .utf8) }
        let news = "content/news/first.en.md", chunk = "search/index/t-7a-71.json"
        #expect(try !check("first build"))
        #expect(written(chunk) == nil)
        let first = try editor.read(news)
        try editor.write(news, first.replacingOccurrences(of: "Body of the news.", with: "Body of the news, zqxwv and qzvtx."))
        #expect(try check("two new words"))
        #expect(written(chunk)?.contains("\"zqxwv\"") == true)
        #expect(written("search/index/manifest.json")?.contains("\"7a-71\"") == true)
        try editor.write(news, first.replacingOccurrences(of: "Body of the news.", with: "Body of the news and qzvtx."))
        #expect(try check("one new word taken away"))
        #expect(written(chunk) == nil)
        #expect(written("search/index/manifest.json")?.contains("\"7a-71\"") == false)
        try editor.write(news, first.replacingOccurrences(of: "Body of the news.", with: "Body."))
        #expect(try check("shared words taken away"))
        try editor.write(news, first)
        #expect(try check("the body as it was"))
        #expect(session.memory.deltaRenders == 4)
    }
}
