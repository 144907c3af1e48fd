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

    final class Seen: @unchecked Sendable {
        private let lock = NSLock()
        private var all: [String] = []
        func add(_ paths: [String]) { lock.withLock { all += paths } }
        var paths: [String] { lock.withLock { all } }
    }
}
