import Foundation
import Testing

@testable import CECSiteServe

/// The watcher `cecsite serve` rebuilds on: a change made as soon as it started is reported,
/// with the changed file's path (the session reloads only the documents it names).
@Suite struct FileWatcherTests {
    @Test func aChangeMadeRightAfterStartIsReportedWithItsPath() throws {
        let seen = try Self.watching(write: "news/a.md", ["---\ntitle: A\n---\n"])
        #expect(seen.paths.contains(seen.file), "reported: \(seen.paths)")
    }

    /// A save is several events (created, modified, closed): one report names the file once.
    @Test func aReportNamesEachFileOnce() throws {
        let seen = try Self.watching(write: "a.md", ["one", "two", "three"])
        #expect(seen.paths.contains(seen.file))
        for report in seen.reports { #expect(Set(report).count == report.count, "a path named twice: \(report)") }
    }

    /// A file written and closed ends a save: reported after the short quiet time, not the long
    /// one; a file still open for writing (more may come) waits for the long one.
    @Test func aClosedWriteIsReportedWithoutWaitingForTheLongQuietTime() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cecsite-watch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("a.md")
        try Data("one".utf8).write(to: file)
        let seen = Seen(file: file.path)
        let watcher = FileWatcher(folders: [folder.path], debounce: 3, settled: 0.004) { changed, _ in seen.add(changed) }
        watcher.start()
        defer { watcher.stop() }
        // Written but not closed: nothing yet, well inside the long quiet time.
        let handle = try FileHandle(forWritingTo: file)
        try handle.write(contentsOf: Data("two".utf8))
        Thread.sleep(forTimeInterval: 0.5)
        #expect(seen.reports.isEmpty, "reported while the file was still open: \(seen.reports)")
        // Closed: reported long before the long quiet time ends.
        let closed = Date()
        try handle.close()
        while !seen.paths.contains(file.path), Date().timeIntervalSince(closed) < 5 { Thread.sleep(forTimeInterval: 0.005) }
        #expect(seen.paths.contains(file.path))
        #expect(Date().timeIntervalSince(closed) < 1.5, "reported \(Date().timeIntervalSince(closed)) s after the close")
    }

    /// Starts a watcher on a new folder, writes `texts` one after the other to the file at
    /// `path` in it right away, and gives what the watcher reported once it named the file (or
    /// after 3 s).
    static func watching(write path: String, _ texts: [String]) throws -> Seen {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cecsite-watch-\(UUID().uuidString)")
        let file = folder.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let seen = Seen(file: file.path)
        let watcher = FileWatcher(folders: [folder.path]) { changed, _ in seen.add(changed) }
        watcher.start()
        defer { watcher.stop() }
        for text in texts { try Data(text.utf8).write(to: file) }
        let deadline = Date().addingTimeInterval(3)
        while !seen.paths.contains(file.path), Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        return seen
    }

    final class Seen: @unchecked Sendable {
        /// The file written.
        let file: String
        private let lock = NSLock()
        private var all: [[String]] = []
        func add(_ paths: [String]) { lock.withLock { all.append(paths) } }
        var paths: [String] { lock.withLock { all.flatMap { $0 } } }
        var reports: [[String]] { lock.withLock { all } }

        init(file: String) { self.file = file }
    }
}
