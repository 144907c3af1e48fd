import CECSiteCore
import Foundation

/// What one store of the incremental-build folder keeps, by key.
package enum StoreKind: String, CaseIterable, Sendable {
    /// ``BuildRecord``'s entries, by output path.
    case pages
    /// ``SearchTermsCache``'s terms, by the fingerprint of what a document's terms come from.
    case terms
    /// ``DocumentCache``'s parsed Markdown files, by source path.
    case documents
}

/// Keys → bytes kept between builds in the incremental-build folder beside the output
/// (`.<output>.cecsite-cache/`, see ``BuildRecord``): the one store under the page record, the
/// search terms and the parsed documents, each of them a ``StoreKind``.
///
/// A store holds the values of the previous successful build, indexed by key on first use, and
/// writes this build's values when the build succeeded. The file is mapped into memory (in a
/// process that keeps its stores, ``StoreMemory``, read whole into one buffer instead), and a
/// value is a slice of it: restored texts need no copy, and a rebuild reads no page of the
/// values it does not ask for. What a build writes: the keys whose values changed, or all of them when the
/// record must be written whole. It is written by the process that built the site, and records
/// of another program (``ProgramStamp``) are not read: a new cecsite may make different values.
/// A missing, damaged or foreign record only means that everything is made again.
///
/// Kept as append-only files (``StoreFile``) after measuring them against SQLite 3.40 in WAL
/// mode on the 10,000-page corpus (BENCHMARKS.md, "One store", medians of 5 alternating
/// rounds): writing the three stores in a full build 118 ms against 854 ms; reading the parsed
/// documents (126 MB) in a no-change rebuild 122 ms against 524 ms; saving after a one-page
/// edit under 1 ms against 894 ms; 145 MB on disk against 283 MB.
package final class Store: @unchecked Sendable {
    /// The incremental-build folder of an output folder: `public` → `.public.cecsite-cache`
    /// beside it, where every store of its builds lives.
    package static func folder(beside output: String) -> String {
        let url = URL(fileURLWithPath: output).standardizedFileURL
        return url.deletingLastPathComponent().appendingPathComponent("." + url.lastPathComponent + ".cecsite-cache").path
    }

    /// The incremental-build folder.
    package let folder: String
    package let kind: StoreKind
    /// The program whose values this store reads and writes.
    package let program: String
    private let lock = NSLock()
    private var contents: StoreContents?
    private var released = false

    package init(folder: String, kind: StoreKind, program: String = ProgramStamp.current) {
        self.folder = folder
        self.kind = kind
        self.program = program
    }

    /// The previous build's values, read on first use: from ``StoreMemory`` when it holds them
    /// as this process last read or wrote the file, else from the file.
    private func loaded() -> StoreContents {
        lock.lock()
        defer { lock.unlock() }
        if let contents { return contents }
        let path = StoreFile.path(folder: folder, kind: kind)
        if let kept = StoreMemory.shared.contents(path, program: program) {
            contents = kept
            Trace.mark("store \(kind.rawValue): \(kept.index.count + kept.overlay.count) values kept in memory")
            return kept
        }
        let start = DispatchTime.now().uptimeNanoseconds
        // Stamped before it is read, so that a file changed meanwhile is not kept as read.
        let stamp = FileStamp(path: path)
        // Mapped, unless the process keeps its stores (a file cut shorter while it is mapped
        // would stop the process when its lost pages are read, and such a process lives long).
        let read = StoreFile.read(folder: folder, kind: kind, program: program, mapped: !StoreMemory.shared.isEnabled)
        contents = read
        StoreMemory.shared.keep(path, program: program, read, stamp: stamp)
        Trace.mark("store \(kind.rawValue): read \(read.index.count) values, \(read.bytes.count) bytes in \(milliseconds(since: start)) ms")
        return read
    }

    /// Reads the previous build's values now (on the calling thread) rather than on first use.
    package func load() { _ = loaded() }

    /// The previous build's value for `key`, a slice of the file's bytes as mapped or read;
    /// nil when there is none or the store was released.
    package func value(_ key: String) -> SharedBytes? {
        let contents = loaded()
        lock.lock()
        defer { lock.unlock() }
        if released { return nil }
        if let value = contents.overlay[key] { return value }
        guard let range = contents.index[key] else { return nil }
        return contents.bytes[range]
    }

    /// True when the previous build left no value.
    package var isEmpty: Bool {
        let contents = loaded()
        return contents.index.isEmpty && contents.overlay.isEmpty
    }

    /// About how many values the previous build left (those of the file and of the memory
    /// over it; a key in both counts twice): for sizing what a build makes of them.
    package var count: Int {
        let contents = loaded()
        return contents.index.count + contents.overlay.count
    }

    /// True when the previous build has a value for `key`.
    package func contains(_ key: String) -> Bool {
        let contents = loaded()
        return contents.overlay[key] != nil || contents.index[key] != nil
    }

    /// Every key of the previous build with its value, in no particular order.
    package func forEach(_ body: (String, SharedBytes) -> Void) {
        let contents = loaded()
        for (key, range) in contents.index where contents.overlay[key] == nil { body(key, contents.bytes[range]) }
        for (key, value) in contents.overlay { body(key, value) }
    }

    /// Lets go of the previous build's buffer (slices already taken keep it alive); the keys
    /// stay known, for writing the store.
    package func release() {
        lock.lock()
        released = true
        contents?.bytes = SharedBytes()
        lock.unlock()
    }

    /// Writes this build's values.
    ///
    /// - Parameters:
    ///   - keys: Every key of this build, in any order (a store written whole is written in
    ///     key order).
    ///   - changed: The keys whose value is new or differs from the previous build's, sorted.
    ///   - whole: True to write every value even when appending would do (a value of the
    ///     previous build was found damaged).
    ///   - value: This build's value for a key; called for the changed keys, or for all of them
    ///     when the store is written whole.
    package func save(keys: [String], changed: [String], whole: Bool = false, value: (String) -> [UInt8]) {
        let previous = loaded()
        makePrivateFolder(folder)
        let start = DispatchTime.now().uptimeNanoseconds
        let path = StoreFile.path(folder: folder, kind: kind)
        // What the file holds once appended to, for a process that keeps the store in memory:
        // the values as read, under the values appended (the file is not read again).
        let memory = StoreMemory.shared.isEnabled ? StoreMemory.shared.contents(path, program: program) : nil
        var appended: [String: SharedBytes] = [:]
        let wrote = StoreFile.save(
            folder: folder, kind: kind, program: program, previous: previous, keys: keys, changed: changed, whole: whole
        ) { key in
            let bytes = value(key)
            if memory != nil { appended[key] = SharedBytes(copying: bytes) }
            return bytes
        }
        if var memory, wrote == .appended, let entries = memory.entries {
            memory.entries = entries + changed.count
            memory.overlay.merge(appended) { $1 }
            StoreMemory.shared.keep(path, program: program, memory, stamp: FileStamp(path: path))
        } else if wrote != .unchanged {
            StoreMemory.shared.forget(path)
        }
        Trace.mark("store \(kind.rawValue): saved \(changed.count) changed of \(keys.count) in \(milliseconds(since: start)) ms")
    }
}

/// A store as it was read: the file's bytes (mapped or read), each key's range in them, and
/// how many entries it holds counting those a later one replaced (nil when it cannot be
/// appended to).
package struct StoreContents {
    package var bytes = SharedBytes()
    package var index: [String: Range<Int>] = [:]
    package var entries: Int?
    /// Values appended since the buffer was read, which replace the buffer's (``StoreMemory``).
    package var overlay: [String: SharedBytes] = [:]

    package init(bytes: SharedBytes = SharedBytes(), index: [String: Range<Int>] = [:], entries: Int? = nil) {
        self.bytes = bytes
        self.index = index
        self.entries = entries
    }
}

/// The stores a long-lived process (`cecsite serve`, ``BuildSession``) keeps in memory between
/// its builds, so that each rebuild does not read them again (the parsed documents alone are
/// 126 MB at 10,000 pages, 73 ms to read): each as the process last read it or appended to it,
/// with the file's stamp (``FileStamp``) at that time. It is used only while the file still has
/// that stamp: a file another process wrote, removed or replaced is read again. Disabled, as in
/// `cecsite build`, it keeps nothing.
package final class StoreMemory: @unchecked Sendable {
    /// The process's one memory.
    package static let shared = StoreMemory()
    private let lock = NSLock()
    private var enabled = false
    private var kept: [String: (program: String, stamp: FileStamp, contents: StoreContents)] = [:]

    /// True once a session asked for the stores to be kept.
    package var isEnabled: Bool { lock.withLock { enabled } }

    /// Keeps the stores read or written from now on.
    package func enable() { lock.withLock { enabled = true } }

    /// The contents kept for the store file at `path` of `program`, when the file is as they were kept.
    package func contents(_ path: String, program: String) -> StoreContents? {
        guard let entry = lock.withLock({ enabled ? kept[path] : nil }), entry.program == program,
            FileStamp(path: path) == entry.stamp
        else { return nil }
        return entry.contents
    }

    /// Keeps `contents` as the store file at `path` holds them with `stamp`; nothing when the
    /// file is gone or could not be read whole.
    package func keep(_ path: String, program: String, _ contents: StoreContents, stamp: FileStamp?) {
        guard isEnabled else { return }
        guard contents.entries != nil, let stamp else { return forget(path) }
        lock.withLock { kept[path] = (program, stamp, contents) }
    }

    /// Forgets the store file at `path`: it is read again when next needed.
    package func forget(_ path: String) { _ = lock.withLock { kept.removeValue(forKey: path) } }
}

private func milliseconds(since start: UInt64) -> String {
    String(format: "%.1f", Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
}
