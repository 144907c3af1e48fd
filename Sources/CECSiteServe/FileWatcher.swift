import Foundation

#if canImport(Glibc)
    import Glibc
    import CECSiteCore
#endif

/// Watches folders recursively and calls `onChange` (on its own thread) after a burst of changes
/// settles. On Linux it uses inotify, adding a watch for every folder, new ones included; where
/// inotify is not available it compares every file's modification time and size four times a
/// second. Editor scratch files (`.swp`, `~`, `.#…`, `4913`) are ignored.
///
/// A burst settles when the tree stayed quiet for `debounce` after a change that may be followed
/// by more of the same save (a file created, written or moved away), and for the shorter
/// `settled` after one that ends a save (a file closed after writing, moved into place or
/// removed): an editor's save, in place or by a rename over the file, is then built about 15 ms
/// sooner, and the files of a save of several (written one after the other, each closed at
/// once) still come in one report, a later one starting one more rebuild at worst.
final class FileWatcher: @unchecked Sendable {
    private let folders: [String]
    private let debounce: TimeInterval
    private let settled: TimeInterval
    private let onChange: @Sendable ([String], DispatchTime) -> Void
    private var stopped = false
    private let lock = NSLock()

    /// - Parameters:
    ///   - folders: The folders to watch, with everything below them.
    ///   - debounce: How long the tree must stay quiet before `onChange` is called.
    ///   - settled: How long it must stay quiet when its last change ended a save (a file closed
    ///     after writing, moved into place or removed); at most `debounce`.
    ///   - onChange: Called with the changed paths of one burst and when its first change was seen.
    init(
        folders: [String], debounce: TimeInterval = 0.02, settled: TimeInterval = 0.004,
        onChange: @escaping @Sendable ([String], DispatchTime) -> Void
    ) {
        self.folders = folders
        self.debounce = debounce
        self.settled = min(settled, debounce)
        self.onChange = onChange
    }

    /// Starts watching: every change made after this returns is reported (the folders are
    /// watched, or their files listed, before it returns); the waiting is on a background thread.
    func start() {
        #if os(Linux)
            if let inotify = Inotify(folders: directories()) {
                spawn { [self] in runInotify(inotify) }
                return
            }
        #endif
        let first = snapshot()
        spawn { [self] in runPolling(from: first) }
    }

    private func spawn(_ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.name = "cecsite-watch"
        thread.start()
    }

    func stop() {
        lock.lock()
        stopped = true
        lock.unlock()
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    /// True for the scratch files editors write beside the file being saved.
    static func isScratch(_ path: String) -> Bool {
        let name = (path as NSString).lastPathComponent
        return name.hasSuffix(".swp") || name.hasSuffix(".swx") || name.hasSuffix("~") || name.hasPrefix(".#")
            || name == "4913" || name.hasSuffix(".tmp")
    }

    private func directories() -> [String] {
        var result: [String] = []
        for root in folders {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            result.append(root)
            let enumerator = FileManager.default.enumerator(atPath: root)
            while let item = enumerator?.nextObject() as? String {
                let path = (root as NSString).appendingPathComponent(item)
                if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue { result.append(path) }
            }
        }
        return result
    }

    #if os(Linux)
        /// An inotify instance with a watch on each folder.
        final class Inotify: @unchecked Sendable {
            let fd: Int32
            var watches: [Int32: String] = [:]
            static let mask = UInt32(IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_MODIFY | IN_DELETE_SELF)

            /// nil when inotify cannot be used or no folder could be watched, so polling takes over.
            init?(folders: [String]) {
                fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
                guard fd >= 0 else { return nil }
                for folder in folders { watch(folder) }
                if watches.isEmpty {
                    close(fd)
                    return nil
                }
            }

            func watch(_ path: String) {
                let wd = inotify_add_watch(fd, path, Self.mask)
                if wd >= 0 { watches[wd] = path }
            }
        }

        /// Reports inotify's events until stopped. A path that cannot be told (the event queue
        /// overflowed) is reported as the empty string.
        private func runInotify(_ inotify: Inotify) {
            let fd = inotify.fd
            defer { close(fd) }
            func watch(_ path: String) { inotify.watch(path) }
            var watches: [Int32: String] { inotify.watches }
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            var pending: [String] = []
            var pendingSet: Set<String> = []
            var lastEvent = Date.distantPast
            var firstEvent = DispatchTime.now()
            // The quiet time of the burst: `settled` after a change that ended a save.
            var quiet = debounce
            let ending = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_DELETE)
            while !isStopped {
                var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                // Waits no longer than the quiet time left of a burst, so that it is built at once.
                let left = pending.isEmpty ? 50 : Int32(max(1, min(50, (quiet - Date().timeIntervalSince(lastEvent)) * 1000 + 1)))
                let ready = poll(&descriptor, 1, left)
                if ready > 0 {
                    let count = read(fd, &buffer, buffer.count)
                    var offset = 0
                    while count > 0, offset + MemoryLayout<inotify_event>.size <= count {
                        let (wd, eventMask, length) = buffer.withUnsafeBytes { raw -> (Int32, UInt32, Int) in
                            let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                            return (event.wd, event.mask, Int(event.len))
                        }
                        let nameStart = offset + MemoryLayout<inotify_event>.size
                        let nameBytes = buffer[nameStart..<min(nameStart + length, count)].prefix { $0 != 0 }
                        let name = String(decoding: nameBytes, as: UTF8.self)
                        let path = name.isEmpty ? (watches[wd] ?? "") : ((watches[wd] ?? "") as NSString).appendingPathComponent(name)
                        if eventMask & UInt32(IN_ISDIR) != 0, eventMask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 { watch(path) }
                        if !Self.isScratch(path) {
                            if pending.isEmpty { firstEvent = DispatchTime.now() }
                            // Each path once, in the order first seen (a save is a modify and a close).
                            if pendingSet.insert(path).inserted { pending.append(path) }
                            lastEvent = Date()
                            quiet = eventMask & ending != 0 && eventMask & UInt32(IN_ISDIR) == 0 ? settled : debounce
                        }
                        offset = nameStart + length
                    }
                }
                if !pending.isEmpty, Date().timeIntervalSince(lastEvent) >= quiet {
                    let changed = pending
                    pending = []
                    pendingSet = []
                    onChange(changed, firstEvent)
                }
            }
        }
    #endif

    /// Path → (modification time, size) of every file below the folders.
    private func snapshot() -> [String: String] {
        var result: [String: String] = [:]
        for root in folders {
            let enumerator = FileManager.default.enumerator(atPath: root)
            while let item = enumerator?.nextObject() as? String {
                let path = (root as NSString).appendingPathComponent(item)
                guard !Self.isScratch(path), let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { continue }
                let time = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
                result[path] = "\(time)/\(attributes[.size] ?? 0)"
            }
        }
        return result
    }

    /// Polling: every file's ``snapshot()``, compared with `first` and then four times a second.
    private func runPolling(from first: [String: String]) {
        var last = first
        while !isStopped {
            Thread.sleep(forTimeInterval: 0.25)
            let now = snapshot()
            let seen = DispatchTime.now()
            if now != last {
                let changed = Set(now.keys).union(last.keys).filter { now[$0] != last[$0] }.sorted()
                last = now
                onChange(changed, seen)
            }
        }
    }
}
