import Foundation
import Testing

@testable import CECSiteServe

/// The watcher `cecsite serve` rebuilds on: a change made as soon as it started is reported,
/// with the changed file's path (the session reloads only the documents it names).
@Suite struct FileWatcherTests {
    @Test func aChangeMadeRightAfterStartIsReportedWithItsPath() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cecsite-watch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("news"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let seen = Seen()
        let watcher = FileWatcher(folders: [folder.path]) { changed, _ in seen.add(changed) }
        watcher.start()
        defer { watcher.stop() }
        let file = folder.appendingPathComponent("news/a.md")
        try Data("---\ntitle: A\n---\n".utf8).write(to: file)
        let deadline = Date().addingTimeInterval(3)
        while !seen.paths.contains(file.path), Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(seen.paths.contains(file.path), "reported: \(seen.paths)")
    }

    /// A save is several events (created, modified, closed): one report names the file once.
    @Test func aReportNamesEachFileOnce() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cecsite-watch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let seen = Seen()
        let watcher = FileWatcher(folders: [folder.path]) { changed, _ in seen.add(changed) }
        watcher.start()
        defer { watcher.stop() }
        let file = folder.appendingPathComponent("a.md")
        for text in ["one", "two", "three"] { try Data(text.utf8).write(to: file) }
        let deadline = Date().addingTimeInterval(3)
        while !seen.paths.contains(file.path), Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(seen.paths.contains(file.path))
        for report in seen.reports { #expect(Set(report).count == report.count, "a path named twice: \(report)") }
    }

    final class Seen: @unchecked Sendable {
        private let lock = NSLock()
        private var all: [[String]] = []
        func add(_ paths: [String]) { lock.withLock { all.append(paths) } }
        var paths: [String] { lock.withLock { all.flatMap { $0 } } }
        var reports: [[String]] { lock.withLock { all } }
    }
}
