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
        let served = site.root.appendingPathComponent("served").path
        let clean = site.root.appendingPathComponent("clean").path
        let session = BuildSession(options: site.options(served), ownsOutput: true)
        var changed: [String] = []
        func write(_ path: String, _ text: String?) throws {
            let url = site.root.appendingPathComponent(path)
            changed.append(url.path)
            if let text { try Data(text.utf8).write(to: url) } else { try FileManager.default.removeItem(at: url) }
        }
        func read(_ path: String) throws -> String { try String(contentsOf: site.root.appendingPathComponent(path), encoding: .utf8) }
        func answered(_ paths: Set<String>) -> [String: Data] {
            var files: [String: Data] = [:]
            let onDisk = (try? snapshot(served)) ?? [:]
            for path in paths.union(onDisk.keys) where path != OutputTarget.markerName {
                switch session.lookup(path) {
                case .memory(let data): files[path] = data
                case .disk: files[path] = onDisk[path]
                case .missing: break
                }
            }
            return files
        }
        func cleanBuild() -> BuildReport {
            try? FileManager.default.removeItem(atPath: clean)
            try? FileManager.default.removeItem(atPath: BuildOptions.cacheDirectory(for: clean))
            var reference = site.options(clean)
            reference.incremental = false
            return CECSiteKit.build(reference)
        }
        /// Rebuilds through the session (the changed files named) and cleanly, and compares
        /// every file served before the write and written with the clean build's; returns
        /// whether the rebuild took the delta render.
        @discardableResult func check(_ step: String) throws -> Bool {
            #expect(cleanBuild().succeeded, "\(step)")
            let expected = try snapshot(clean).filter { $0.key != OutputTarget.markerName }
            let deltas = session.memory.deltaRenders
            var before: [String: Data]?
            defer { changed = [] }
            let report = session.rebuild(changed: changed) { _ in before = answered(Set(expected.keys)) }
            #expect(report.succeeded && !session.isPending, "\(step)")
            for (name, site) in [("served from memory", before ?? [:]), ("written", try snapshot(served))] {
                let site = site.filter { $0.key != OutputTarget.markerName }
                #expect(
                    Set(site.keys) == Set(expected.keys),
                    "\(step): \(name): different files: \(Set(site.keys).symmetricDifference(expected.keys).sorted())")
                for (path, data) in expected where site[path] != nil && site[path] != data {
                    Issue.record("\(step): \(name): \(path) differs from a clean build")
                }
            }
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
        let expected = cleanBuild()
        var called = false
        let broken = session.rebuild(changed: changed) { _ in called = true }
        changed = []
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
}
