import CECSiteContent
import CECSiteCore
import CECSiteSearch
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What the last successful build into an output folder made, and the one place that decides
/// whether a file of this build can be the previous build's file (``output(_:key:make:)``).
///
/// A producer (a page, a search index file, a sitemap, a feed) hands the record its file's
/// path, a key that stands for everything the file is made of, and a way to make it. When the
/// previous build recorded that path with that key and its file is still exactly as that build
/// left it (size, time and inode, ``FileStamp``), the previous file is reused: hard-linked into
/// the new output, never made, written or even read. Otherwise the file is made and recorded
/// under its key for the next build. A page has a second key, its context's fingerprint, made
/// only when the first missed (``output(_:key:counted:refine:)``): building and hashing a
/// context costs about as much as rendering it.
///
/// The record lives in a folder beside the output, `.<output>.cecsite-cache/`, never inside it,
/// and is replaced only by a successful build:
///
/// - the ``Store`` of kind `pages`: per file, its key, its second key (empty for none), the
///   fingerprint of its bytes, its size, modification time and inode as the build left it. A
///   build writes the entries that changed. The store names the program that wrote it
///   (``ProgramStamp``): a new cecsite may make the same file otherwise, so it reuses nothing of
///   another program's record.
/// - the store of kind `terms`: the search terms of each document (see ``SearchTermsCache``);
///   the store of kind `documents`: the parsed Markdown files (see ``DocumentCache``).
/// - `files.txt`: every file of that build; `links.txt`: every file its pages link to (those a
///   reused page links to among them). A reused page's links were checked by the build that
///   wrote it; they are checked again only when a file of that build is gone that a page links
///   to, or when `links.txt` is missing.
///
/// The keys are made by their producers, from ``BuildKeys`` and what each file is made of; like
/// `make`, they trust file stamps: an edit that keeps a file's size, inode and modification time
/// is not seen, and `cecsite build --clean` makes everything. Deleting the folder at any time
/// only makes the next build make everything. A record made with `recording: false` (a build
/// that is not incremental) reuses nothing and records nothing, and makes no key.
final class BuildRecord: @unchecked Sendable {
    struct Entry: Equatable {
        /// The key the producer gave.
        var key: String
        /// The second key, made from what the producer built (a page's context); empty for none.
        var detail: String
        /// The fingerprint of the file's bytes.
        var output: String
        /// The file as the build left it; nil until it is stamped, when the record is saved.
        var stamp: FileStamp?
    }

    /// How a file counts in the build's report.
    enum Kind {
        /// A page: rendered or reused, and of those reused, those whose context was not built.
        case page
        /// Any other keyed file (a search index file, a sitemap, a feed): made or reused.
        case file
    }

    /// What a producer gives when its file's first key missed: the second key, made from what
    /// it built, and how to make the bytes from it; a nil make means the file cannot be made
    /// (the producer has said why).
    struct Refined {
        var key: () -> String?
        var make: () -> Data?
    }

    /// An entry of the previous build as the store holds it, its fields read when asked for:
    /// a rebuild compares 40,000 keys, and makes no string of them.
    struct StoredEntry {
        /// The stored value: six fields separated by tabs.
        let value: SharedBytes
        /// Where the key, the second key and the fingerprint end (at the tab after each).
        private let keyEnd: Int, detailEnd: Int, outputEnd: Int
        /// The file as the previous build left it.
        let stamp: FileStamp

        /// The entry of `value`; nil when it is not six fields ending in three numbers.
        init?(_ value: SharedBytes) {
            // The tabs, read once, without an array (40,000 entries are read in a rebuild).
            var tabs = (0, 0, 0, 0, 0), count = 0
            let found = value.withUnsafeBytes { bytes -> Bool in
                for (i, byte) in bytes.enumerated() where byte == 0x09 {
                    switch count {
                    case 0: tabs.0 = i
                    case 1: tabs.1 = i
                    case 2: tabs.2 = i
                    case 3: tabs.3 = i
                    case 4: tabs.4 = i
                    default: return false
                    }
                    count += 1
                }
                return count == 5
            }
            guard found else { return nil }
            let start = value.startIndex
            guard let size = Self.number(value[(start + tabs.2 + 1)..<(start + tabs.3)]),
                let time = Self.number(value[(start + tabs.3 + 1)..<(start + tabs.4)]),
                let inode = Self.number(value[(start + tabs.4 + 1)..<value.endIndex]).flatMap(UInt64.init(exactly:))
            else { return nil }
            self.value = value
            (keyEnd, detailEnd, outputEnd) = (start + tabs.0, start + tabs.1, start + tabs.2)
            stamp = FileStamp(size: size, modified: time, inode: inode)
        }

        private var key: SharedBytes { value[value.startIndex..<keyEnd] }
        private var detail: SharedBytes { value[(keyEnd + 1)..<detailEnd] }
        private var fingerprint: SharedBytes { value[(detailEnd + 1)..<outputEnd] }

        /// True when the producer's key is `key`.
        func hasKey(_ key: String) -> Bool { Self.equal(self.key, key) }
        /// True when the second key is `detail`.
        func hasDetail(_ detail: String) -> Bool { Self.equal(self.detail, detail) }
        /// True when the fingerprint of the file's bytes is `output`.
        func hasOutput(_ output: String) -> Bool { Self.equal(fingerprint, output) }
        /// The fingerprint of the file's bytes.
        var output: String { String(decoding: fingerprint) }

        private static func equal(_ bytes: SharedBytes, _ string: String) -> Bool {
            var string = string
            return string.withUTF8 { utf8 in bytes.withUnsafeBytes { $0.elementsEqual(UnsafeRawBufferPointer(utf8)) } }
        }

        /// The decimal number of `bytes` (a sign allowed); nil when it is not one.
        private static func number(_ bytes: SharedBytes) -> Int64? {
            bytes.withUnsafeBytes { Int64(String(decoding: $0, as: UTF8.self)) }
        }
    }

    /// What this build records for a file.
    private enum Recorded {
        /// The previous build's entry, unchanged: its stored value is written again as it is.
        case previous(FileStamp)
        /// A new or changed entry.
        case entry(Entry)
    }

    /// False for a build that is not incremental: nothing is reused or recorded.
    let recording: Bool
    /// The page entries of the previous build, read when asked for, and of this one when it is
    /// saved; nil when not recording.
    private let store: Store?
    /// Every file of the previous build, or nil when there was no record.
    let previousFiles: Set<String>?
    /// The output folder whose previous build this records.
    let outputDirectory: String
    /// The output folder, opened when the record was read (-1: it could not be): a recorded
    /// file is stamped by its path in it, rather than by a path the system walks from the root
    /// for each of 44,000 files.
    private let outputFolder: Int32
    /// The files this build's pages link to, when known for every page (see
    /// ``previousLinkTargets()``), saved in `links.txt`; nil removes that file.
    var linkTargets: Set<String>?
    private let lock = NSLock()
    private var current: [String: Recorded] = [:]
    /// The files of this build that are the previous build's file, checked as it left it: their
    /// inodes, so that the writer knows an entry of the spare site to be that file by its
    /// directory entry alone.
    private(set) var linked: [String: UInt64] = [:]
    /// The search documents' terms of the previous build, and of this one; nil when not recording.
    let terms: SearchTermsCache?
    /// Pages rendered and pages reused in this build.
    private(set) var rendered = 0, reused = 0
    /// Of the reused pages, those whose first key matched: their context was not built.
    private(set) var unbuilt = 0
    /// Other keyed files made in this build, and taken unmade.
    private(set) var madeFiles: [String] = [], reusedFiles = 0

    /// A record that reuses and records nothing: for a build that is not incremental.
    init() {
        recording = false
        store = nil
        previousFiles = nil
        outputDirectory = ""
        outputFolder = -1
        terms = nil
    }

    deinit {
        if outputFolder >= 0 { close(outputFolder) }
        for fd in openedFolders.values where fd >= 0 { close(fd) }
    }

    /// The record of the build in `outputDirectory`, if there is one.
    init(outputDirectory: String) {
        recording = true
        self.outputDirectory = outputDirectory
        outputFolder = open(outputDirectory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        let folder = Self.directory(for: outputDirectory)
        terms = SearchTermsCache(folder: folder)
        // Indexed now, each entry read when its file is asked for (all 44,000 were made into
        // strings here at 10,000 pages: 0.16 s of a rebuild).
        let pages = Store(folder: folder, kind: .pages)
        pages.load()
        store = pages
        // Sized once for the 44,000 files of a rebuild at 10,000 pages, not grown file by file.
        current.reserveCapacity(pages.count)
        linked.reserveCapacity(pages.count)
        previousFiles = pages.isEmpty ? nil : ListMemory.shared.read(folder + "/files.txt")
    }

    /// The files the pages of the previous build link to (root-relative, `news/index.html`),
    /// read from `links.txt`: a superset, since a reused page's links are those of the build
    /// that wrote it. Nil when there is no such list, or no list of the previous build's files.
    /// A file of that build that is gone breaks a reused page's link only when it is among these.
    func previousLinkTargets() -> Set<String>? {
        guard previousFiles != nil, let targets = ListMemory.shared.read(Self.directory(for: outputDirectory) + "/links.txt")
        else { return nil }
        lock.lock()
        readLinkTargets = targets
        lock.unlock()
        return targets
    }

    /// True when every path of `targets` is in the previous build's `links.txt`, found there by
    /// binary search in the file's sorted lines, without reading them all into a set (a
    /// rebuild's new pages link to a few hundred files; the list holds 44,000 at 10,000 pages).
    /// False when one is not found (the list is then read and extended), or there is no list.
    func previousLinkTargetsHold(_ targets: Set<String>) -> Bool {
        guard previousFiles != nil, let data = FileManager.default.contents(atPath: Self.directory(for: outputDirectory) + "/links.txt")
        else { return false }
        return data.withUnsafeBytes { raw -> Bool in
            let bytes = raw.bindMemory(to: UInt8.self)
            /// The line around byte `i`: where it starts and ends.
            func line(around i: Int) -> Range<Int> {
                var start = i, end = i
                while start > 0, bytes[start - 1] != 0x0A { start -= 1 }
                while end < bytes.count, bytes[end] != 0x0A { end += 1 }
                return start..<end
            }
            // The lines were written sorted by `String`'s order: searched by the same order. A
            // target found is in the list whatever its order; one not found is added.
            return targets.allSatisfy { target in
                var low = 0, high = bytes.count
                while low < high {
                    let range = line(around: low + (high - low) / 2)
                    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
                    if text == target { return true }
                    if text < target { low = range.upperBound + 1 } else { high = range.lowerBound }
                }
                return false
            }
        }
    }

    /// Keeps the previous build's `links.txt` as it is: this build's pages link to no file it
    /// does not hold (``previousLinkTargetsHold(_:)``).
    func keepLinkTargets() { keptLinkTargets = true }

    /// True when `links.txt` is kept as it is, unread (``keepLinkTargets()``).
    private var keptLinkTargets = false

    /// The list ``previousLinkTargets()`` read, kept so that saving the same list again costs
    /// one comparison of sets rather than the list sorted, made and compared with the file.
    private var readLinkTargets: Set<String>?

    /// The cache folder of an output folder: `public` → `.public.cecsite-cache` beside it.
    static func directory(for output: String) -> String { Store.folder(beside: output) }

    /// The previous build's entry for `path`; nil when there is none or it is damaged.
    private func previous(_ path: String) -> StoredEntry? {
        store?.value(path).flatMap(StoredEntry.init)
    }

    /// True when the output folder is known to be exactly as the build that saved this record
    /// left it: the folder of a ``BuildSession`` that owns it (no other program writes it) after
    /// its own successful write, whose record is that write's (a record whose save failed is
    /// written whole or removed, see ``StoreFile/Saved``). A recorded file is then intact without
    /// a look at it: 44,000 `fstatat` calls, 0.11 s of a rebuild at 10,000 pages. A file whose
    /// link fell back to a copy holds the recorded bytes at another inode: reused all the same,
    /// the writer carries it over by its path (``OutputWriter/linked`` finds no such inode).
    var trustsOutput = false

    /// True when the previous build's file `path` is exactly as that build left it (`entry`).
    private func intact(_ path: String, _ entry: StoredEntry) -> Bool {
        // The store keeps the entries of files a later build no longer made (it is appended
        // to): only a file of the previous build is in the folder as recorded.
        if trustsOutput { return previousFiles?.contains(path) == true }
        guard outputFolder >= 0 else { return FileStamp(path: outputDirectory + "/" + path) == entry.stamp }
        // By its last two names in the folder that holds its folder (`post-1/index.html` in
        // `en/news`), opened once for the thousands of files below it: the system looks up each
        // name of a path in a shared table, and the two names above cost as much as the rest of
        // the call, 44,000 times in a rebuild at 10,000 pages (measured).
        let (folder, offset) = opened(path)
        var info = stat()
        let found = path.withCString { fstatat(folder, $0 + offset, &info, 0) == 0 }
        return found && info.st_mode & S_IFMT == S_IFREG && FileStamp(info) == entry.stamp
    }

    /// The folders of the output folder that hold page folders (`en/news`), opened, by the
    /// bytes of their paths (two names that read the same are two folders); closed with the record.
    private var openedFolders: [[UInt8]: Int32] = [:]
    private let openedLock = NSLock()

    /// The open folder in which `path` is to be stamped, and where in `path` (in UTF-8 bytes)
    /// its path there starts: the folder above its folder when that can be opened, else the
    /// output folder and the whole path.
    private func opened(_ path: String) -> (folder: Int32, offset: Int) {
        let utf8 = path.utf8
        guard let last = utf8.lastIndex(of: UInt8(ascii: "/")),
            let above = utf8[..<last].lastIndex(of: UInt8(ascii: "/"))
        else { return (outputFolder, 0) }
        let key = Array(utf8[..<above])
        openedLock.lock()
        defer { openedLock.unlock() }
        var fd = openedFolders[key]
        if fd == nil {
            // A bound on the descriptors held: past it, the whole path is walked.
            guard openedFolders.count < 256 else { return (outputFolder, 0) }
            fd = openat(outputFolder, String(decoding: key, as: UTF8.self), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            openedFolders[key] = fd
        }
        guard let fd, fd >= 0 else { return (outputFolder, 0) }
        return (fd, utf8.distance(from: utf8.startIndex, to: above) + 1)
    }

    /// The stamp of the regular file at `path` in the folder open as `folder` (symbolic links
    /// followed, as ``FileStamp/init(path:)``); nil when there is none or the folder is not open.
    static func stamp(_ path: String, in folder: Int32) -> FileStamp? {
        guard folder >= 0 else { return nil }
        var info = stat()
        guard fstatat(folder, path, &info, 0) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return FileStamp(info)
    }

    /// The file `path` of this build (not a page): the previous build's when it recorded `key`
    /// for it and the file is intact, else `make()`'s bytes, recorded under `key` (nil: no key,
    /// nothing reused).
    func output(_ path: String, key: String?, make: () -> Data) -> OutputFile {
        // A make that always gives bytes gives a file.
        withoutActuallyEscaping(make) { make in
            output(path, key: key, counted: .file) { Refined(key: { nil }, make: { make() }) }!
        }
    }

    /// The file `path` of this build, decided in this order:
    ///
    /// 1. the previous build recorded `key` for it and its file is intact: that file, and
    ///    `refine` is not called;
    /// 2. else `refine()` gives the second key; the previous build recorded it for the path and
    ///    the file is intact: that file;
    /// 3. else the refined make's bytes: linked to the previous file all the same when they are
    ///    the bytes it recorded and it is intact, else written.
    ///
    /// Either way the file is recorded under both keys for the next build. Nil when `refine`
    /// or its make gives nothing: the file is not recorded.
    func output(_ path: String, key: String?, counted kind: Kind, refine: () -> Refined?) -> OutputFile? {
        guard recording else {
            guard let data = refine()?.make() else { return nil }
            count(kind, path, reused: false, built: true)
            return OutputFile(path: path, data: data)
        }
        let key = key ?? ""
        let entry = previous(path)
        var checked: Bool?
        func isIntact(_ entry: StoredEntry) -> Bool {
            if checked == nil { checked = intact(path, entry) }
            return checked!
        }
        if let entry, !key.isEmpty, entry.hasKey(key), isIntact(entry) {
            note(path, .previous(entry.stamp), kind, reused: true, built: false)
            return OutputFile(path: path, data: Data(), previous: .same)
        }
        guard let refined = refine() else { return nil }
        let detail = refined.key() ?? ""
        if let entry, !detail.isEmpty, entry.hasDetail(detail), isIntact(entry) {
            let same = entry.hasKey(key)
            note(
                path, same ? .previous(entry.stamp) : .entry(Entry(key: key, detail: detail, output: entry.output, stamp: entry.stamp)),
                kind, reused: true, built: true)
            return OutputFile(path: path, data: Data(), previous: .same)
        }
        guard let data = refined.make() else { return nil }
        let output = Fingerprint.of(data)
        // The same bytes as an intact previous file: link it, no need to compare.
        if let entry, entry.hasOutput(output), isIntact(entry) {
            let same = entry.hasKey(key) && entry.hasDetail(detail)
            note(
                path, same ? .previous(entry.stamp) : .entry(Entry(key: key, detail: detail, output: output, stamp: entry.stamp)),
                kind, reused: false, built: true, linked: true)
            return OutputFile(path: path, data: data, previous: .same)
        }
        note(path, .entry(Entry(key: key, detail: detail, output: output)), kind, reused: false, built: true)
        return OutputFile(path: path, data: data, previous: .different)
    }

    /// Records each of `paths` not recorded by this build as the previous build recorded it,
    /// unlooked at: a session's delta render (``Renderer/Delta``) knows them to be the files of
    /// the previous build, as its own write left them.
    func carry(_ paths: [String]) {
        lock.withLock {
            for path in paths where current[path] == nil {
                guard let entry = previous(path) else { continue }
                current[path] = .previous(entry.stamp)
                linked[path] = entry.stamp.inode
            }
        }
    }

    private func note(_ path: String, _ recorded: Recorded, _ kind: Kind, reused: Bool, built: Bool, linked: Bool = false) {
        let stamp: FileStamp?
        switch recorded {
        case .previous(let previous): stamp = previous
        case .entry(let entry): stamp = entry.stamp
        }
        // One turn of the lock per file: the render workers take it for each of 44,000 files.
        lock.lock()
        current[path] = recorded
        if reused || linked, let inode = stamp?.inode { self.linked[path] = inode }
        countLocked(kind, path, reused: reused, built: built)
        lock.unlock()
    }

    private func count(_ kind: Kind, _ path: String, reused: Bool, built: Bool) {
        lock.lock()
        countLocked(kind, path, reused: reused, built: built)
        lock.unlock()
    }

    /// Counts a file; the lock is held.
    private func countLocked(_ kind: Kind, _ path: String, reused: Bool, built: Bool) {
        switch (kind, reused) {
        case (.page, true):
            self.reused += 1
            if !built { unbuilt += 1 }
        case (.page, false): rendered += 1
        case (.file, true): reusedFiles += 1
        case (.file, false): madeFiles.append(path)
        }
    }

    /// Writes this build's record: called after the new site replaced the output, whose files
    /// (every path in `files`) are stamped as they now are. Only the entries that changed are
    /// written to the store, and `files.txt` is written only when the set of files changed.
    func save(files: [String]) {
        guard recording else { return }
        // In no particular order: the store sorts what it writes (sorting 44,000 paths here
        // took 0.035 s of a rebuild). The entries the previous build recorded as they are need
        // no look; the others are gathered in one pass over the record, not by looking up each
        // of 44,000 paths again.
        var kept: [String] = [], pending: [(path: String, entry: Entry)] = []
        kept.reserveCapacity(current.count)
        for (path, recorded) in current {
            switch recorded {
            case .previous: kept.append(path)
            case .entry(let entry): pending.append((path, entry))
            }
        }
        let outputDirectory = outputDirectory
        // Only the files written by this build are stamped, and only the entries that changed
        // are turned into stored values (all 44,000 were, at 10,000 pages: 0.03 s of a rebuild).
        let top = open(outputDirectory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        defer { if top >= 0 { close(top) } }
        let work = pending
        let made = parallelMap(work.count) { i -> Entry? in
            var entry = work[i].entry
            // Reused files keep their stamp (if the link fell back to a copy, the new inode
            // differs from it and the next build makes the file: safe); written ones are stamped.
            guard let stamp = entry.stamp ?? Self.stamp(work[i].path, in: top) else { return nil }
            entry.stamp = stamp
            return entry
        }
        let folder = Self.directory(for: outputDirectory)
        makePrivateFolder(folder)
        // A file that could not be stamped is left out: the next build makes it.
        var changed: [String] = [], values: [String: Entry] = [:]
        for (i, (path, _)) in work.enumerated() {
            guard let entry = made[i] else { continue }
            kept.append(path)
            // A changed file may still be recorded as it was (the same bytes, written again
            // and stamped as before): then it is not written.
            if previous(path).map({ !Self.same($0, entry) }) ?? true {
                changed.append(path)
                values[path] = entry
            }
        }
        let store = store
        store?.save(keys: kept, changed: changed.sorted()) { path in
            // An entry that did not change is the previous build's stored value, as it is.
            if let entry = values[path] { return Self.value(entry, entry.stamp!) }
            return store?.value(path).map(Array.init) ?? []
        }
        // Before files.txt, and removed when unknown: a list older than the pages it stands
        // for would let a gone file's broken links pass.
        if keptLinkTargets {
            // As the previous build left it, every target of this build's pages in it.
        } else if let linkTargets, readLinkTargets != linkTargets {
            var list: [UInt8] = []
            for path in linkTargets.sorted() {
                list += path.utf8
                list.append(0x0A)
            }
            ListMemory.shared.forget(folder + "/links.txt")
            if FileManager.default.contents(atPath: folder + "/links.txt").map(Array.init) != list,
                !writePrivately(folder + "/links.txt", list)
            {
                unlink(folder + "/links.txt")
            }
        } else if linkTargets == nil {
            ListMemory.shared.forget(folder + "/links.txt")
            unlink(folder + "/links.txt")
        }
        // Looked up rather than made into a set: 44,000 paths at 10,000 pages.
        if let previousFiles, previousFiles.count == files.count, files.allSatisfy(previousFiles.contains) {
            // The same files: the list is as it was.
        } else {
            var list: [UInt8] = []
            for path in files.sorted() {
                list += path.utf8
                list.append(0x0A)
            }
            ListMemory.shared.forget(folder + "/files.txt")
            writePrivately(folder + "/files.txt", list)
        }
        terms?.save()
    }

    /// True when `stored` records `entry`.
    private static func same(_ stored: StoredEntry, _ entry: Entry) -> Bool {
        stored.stamp == entry.stamp && stored.hasKey(entry.key) && stored.hasDetail(entry.detail) && stored.hasOutput(entry.output)
    }

    /// The stored value of a file: its key, second key, fingerprint, size, modification time and
    /// inode, separated by tabs.
    private static func value(_ entry: Entry, _ stamp: FileStamp) -> [UInt8] {
        var value: [UInt8] = []
        for field in [entry.key, entry.detail, entry.output, String(stamp.size), String(stamp.modified)] {
            value += field.utf8
            value.append(0x09)
        }
        value += String(stamp.inode).utf8
        return value
    }
}

/// The lists of the build record (`files.txt`, `links.txt`: 44,000 and more paths at 10,000
/// pages), each as this process last read it, for a process that builds again and again (a
/// ``BuildSession``: when ``StoreMemory`` is enabled). A list is taken from memory only while
/// its file's stamp (size, modification time, inode) is the one it was read with, as the stores
/// are; the file is read again otherwise. Making the set of `files.txt` again cost 0.07 s of
/// each of serve's rebuilds, before its pages could render.
final class ListMemory: @unchecked Sendable {
    static let shared = ListMemory()
    private let lock = NSLock()
    private var lists: [String: (stamp: FileStamp, paths: Set<String>)] = [:]

    /// The lines of the file at `path`; nil when it cannot be read.
    func read(_ path: String) -> Set<String>? {
        let kept = StoreMemory.shared.isEnabled
        // Stamped before it is read: a file replaced in between is read again next time.
        let stamp = kept ? FileStamp(path: path) : nil
        if let stamp, let list = lock.withLock({ lists[path] }), list.stamp == stamp { return list.paths }
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let paths = Set(lines(data) ?? [])
        if let stamp { lock.withLock { lists[path] = (stamp, paths) } }
        return paths
    }

    /// Forgets the list of `path`, about to be written or removed.
    func forget(_ path: String) { _ = lock.withLock { lists.removeValue(forKey: path) } }
}
