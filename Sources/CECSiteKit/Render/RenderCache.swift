import CXXHash
import Foundation
import CECSiteCore

/// Incremental rendering. A page's HTML is a function of its template set and its context (the
/// templates are logic-less), so a page whose context and templates hash the same as in the
/// previous build has the same bytes: the previous file is hard-linked into the new output
/// instead of being rendered, written or even read. The record lives in a folder beside the
/// output, `.<output>.cecsite-cache/`, never inside it, and is replaced only by a successful
/// build:
///
/// - `pages.tsv`: per page (and per product, ``product(_:dependency:make:)``), the input
///   fingerprint, the output fingerprint, the file's size, modification time and inode as the
///   build left them, and the dependency key. A file whose size, time or inode differs (edited or
///   replaced by hand) is rendered again. A build appends the lines that changed (``LineRecord``).
///   Its first line names the program that wrote it: a new cecsite may render the same context
///   differently, so it reuses nothing of another program's record.
///
/// Building and hashing a context costs about as much as rendering it, so a document page (a
/// page or news item: almost all pages of a big site) is first looked up by its dependency key,
/// the fingerprint of its document's source files' stamps and of every other input file's stamp
/// (``SourceStamps``), the build options and the program. When that key is as recorded, the page
/// is reused without building its context at all. This relies on a document page showing only its
/// own document and shared data, never another document (see
/// ``ContextBuilder/documentContext(_:)``); `IncrementalTests` holds it to that. Every other
/// page is keyed the same way by the shared stamps and every document's front matter
/// (``Renderer/listKey``), which holds while no such page shows a document's body. Like `make`, it
/// trusts file times: an edit that keeps a file's size, inode and modification time (possible
/// only on a file system with coarse times, or by resetting the time by hand) is not seen;
/// `cecsite build --clean` renders everything.
/// - `terms.tsv`: the search terms of each document (see ``SearchTermsCache``).
/// - `files.txt`: every file of that build. A reused page's links were checked by the build
///   that wrote it; they are checked again only when a file of that build is gone.
///
/// Deleting the folder at any time only makes the next build render everything.
final class RenderCache: @unchecked Sendable {
    struct Entry: Equatable {
        var input: String
        var output: String
        var stamp: FileStamp?
        /// The page's dependency key, or empty when it has none (it is not a document page).
        var dependency = ""
    }

    private let previous: [String: Entry]
    /// The lines of the previous `pages.tsv`, or nil when it cannot be appended to.
    private let recorded: Int?
    /// Every file of the previous build, or nil when there was no record.
    let previousFiles: Set<String>?
    /// The output folder whose previous build this records.
    let outputDirectory: String
    private let lock = NSLock()
    private(set) var current: [String: Entry] = [:]
    /// The search documents' terms of the previous build, and of this one.
    let terms: SearchTermsCache
    /// Pages rendered and pages reused in this build.
    private(set) var rendered = 0, reused = 0
    /// Of the reused pages, those whose dependency key matched: their context was not built.
    private(set) var unbuilt = 0
    /// Products (``product(_:dependency:make:)``) made in this build, and taken unmade.
    private(set) var madeProducts: [String] = [], reusedProducts = 0

    /// The record of the build in `outputDirectory`, if there is one.
    init(outputDirectory: String) {
        self.outputDirectory = outputDirectory
        terms = SearchTermsCache(file: Self.directory(for: outputDirectory) + "/terms.tsv")
        var entries: [String: Entry] = [:]
        var recorded: Int?
        if let data = FileManager.default.contents(atPath: Self.directory(for: outputDirectory) + "/pages.tsv"),
            data.starts(with: Self.header)
        {
            recorded = LineRecord.appendable(data)
            // Bytes, not characters: 40,000 lines of ASCII fields and paths. A later line for a
            // path replaces an earlier one; a cut last line is not read.
            data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
                var start = Self.header.count
                while let end = bytes[start...].firstIndex(of: 0x0A) {
                    var fields: [String] = []
                    var field = start
                    for i in start...end where i == end || bytes[i] == 0x09 {
                        fields.append(String(decoding: bytes[field..<i], as: UTF8.self))
                        field = i + 1
                    }
                    start = end + 1
                    guard fields.count == 7, let size = Int64(fields[3]), let time = Int64(fields[4]), let inode = UInt64(fields[5])
                    else { continue }
                    entries[fields[0]] = Entry(input: fields[1], output: fields[2],
                                               stamp: FileStamp(size: size, modified: time, inode: inode), dependency: fields[6])
                }
            }
        }
        previous = entries
        self.recorded = recorded
        if let data = FileManager.default.contents(atPath: Self.directory(for: outputDirectory) + "/files.txt"), !entries.isEmpty {
            previousFiles = Set(data.split(separator: 0x0A).map { String(decoding: $0, as: UTF8.self) })
        } else {
            previousFiles = nil
        }
    }

    /// The first line of `pages.tsv`: its format and the program that wrote it.
    static let header = Array("cecsite-pages 1 \(ProgramStamp.current)\n".utf8)

    /// The cache folder of an output folder: `public` → `.public.cecsite-cache` beside it.
    static func directory(for output: String) -> String {
        let url = URL(fileURLWithPath: output).standardizedFileURL
        return url.deletingLastPathComponent().appendingPathComponent("." + url.lastPathComponent + ".cecsite-cache").path
    }

    /// True when the previous build's file `path` can stand for this build's page: same input,
    /// and the file is still exactly as that build left it.
    func reuse(_ path: String, input: String) -> Bool {
        previous[path]?.input == input && intact(path)
    }

    /// True when the previous build recorded the page `path` under the same non-empty dependency
    /// key and its file is still exactly as that build left it: its context need not be built.
    func reuse(_ path: String, dependency: String) -> Bool {
        guard !dependency.isEmpty, let entry = previous[path], entry.dependency == dependency else { return false }
        return intact(path)
    }

    /// The input fingerprint the previous build recorded for `path`.
    func previousInput(_ path: String) -> String? { previous[path]?.input }

    /// True when the previous build's file `path` is exactly as that build left it.
    func intact(_ path: String) -> Bool {
        guard let stamp = previous[path]?.stamp else { return false }
        return FileStamp(path: outputDirectory + "/" + path) == stamp
    }

    /// The output fingerprint the previous build recorded for `path`.
    func previousOutput(_ path: String) -> String? { previous[path]?.output }

    /// Notes the page `path` of this build: reused, or rendered with the fingerprint `output`,
    /// under the dependency key `dependency` (empty for none); `built` is false when a reused
    /// page's context was not even built.
    func record(_ path: String, input: String, output: String?, dependency: String = "", built: Bool = true) {
        lock.lock()
        if let output {
            current[path] = Entry(input: input, output: output, dependency: dependency)
            rendered += 1
        } else {
            // A reused page is a hard link to the previous file, which had this stamp.
            current[path] = Entry(input: input, output: previous[path]?.output ?? "", stamp: previous[path]?.stamp,
                                  dependency: dependency)
            reused += 1
            if !built { unbuilt += 1 }
        }
        lock.unlock()
    }

    /// A file of the build that is not a page (a search index chunk, the sitemap, a feed) whose
    /// bytes are a function of `dependency` alone: the previous build's file, neither made nor
    /// read, when that build recorded the same key and the file is as it left it; otherwise
    /// `make()`'s bytes. Either way it is recorded for the next build; products are not counted
    /// among the pages rendered or reused.
    func product(_ path: String, dependency: String, make: () -> Data) -> OutputFile {
        if reuse(path, dependency: dependency), let entry = previous[path] {
            lock.lock()
            current[path] = Entry(input: dependency, output: entry.output, stamp: entry.stamp, dependency: dependency)
            reusedProducts += 1
            lock.unlock()
            return unchanged(path)
        }
        let data = make()
        let output = Fingerprint.of(data)
        lock.lock()
        current[path] = Entry(input: dependency, output: output, dependency: dependency)
        madeProducts.append(path)
        lock.unlock()
        return previousOutput(path) == output && intact(path) ? unchanged(path, data) : OutputFile(path: path, data: data, previous: .different)
    }

    /// The file `path` as the previous build left it, which ``intact(_:)`` has just found so:
    /// `data` when the caller has the bytes, else nothing (the writer links the file unread).
    func unchanged(_ path: String, _ data: Data = Data()) -> OutputFile {
        var file = OutputFile(path: path, data: data, previous: .same)
        file.inode = previous[path]?.stamp?.inode
        return file
    }

    /// Writes this build's record: called after the new site replaced the output, whose files
    /// (every path in `files`) are stamped as they now are. Only the entries that changed are
    /// appended to `pages.tsv` (see ``LineRecord``), and `files.txt` is written only when the
    /// set of files changed.
    func save(files: [String]) {
        let paths = current.keys.sorted()
        var lines = [[UInt8]](repeating: [], count: paths.count)
        var changed = [Bool](repeating: false, count: paths.count)
        lines.withUnsafeMutableBufferPointer { lines in
            changed.withUnsafeMutableBufferPointer { changed in
                DispatchQueue.concurrentPerform(iterations: paths.count) { i in
                    var entry = current[paths[i]]!
                    // Reused pages keep their stamp (if the link fell back to a copy, the new inode
                    // differs from it and the next build renders the page: safe); written ones are stamped.
                    guard let stamp = entry.stamp ?? FileStamp(path: outputDirectory + "/" + paths[i]) else { return }
                    entry.stamp = stamp
                    changed[i] = previous[paths[i]] != entry
                    lines[i] = Self.line(paths[i], entry, stamp)
                }
            }
        }
        let folder = Self.directory(for: outputDirectory)
        makePrivateFolder(folder)
        LineRecord.save(folder + "/pages.tsv", recorded: recorded, changed: paths.indices.filter { changed[$0] }.map { lines[$0] },
                        keys: paths.count) { Self.header + lines.joined() }
        if previousFiles != Set(files) {
            var list: [UInt8] = []
            for path in files.sorted() {
                list += path.utf8
                list.append(0x0A)
            }
            writePrivately(folder + "/files.txt", list)
        }
        terms.save()
    }

    /// The record line of the page `path`.
    private static func line(_ path: String, _ entry: Entry, _ stamp: FileStamp) -> [UInt8] {
        var line: [UInt8] = []
        for field in [path, entry.input, entry.output, String(stamp.size), String(stamp.modified), String(stamp.inode)] {
            line += field.utf8
            line.append(0x09)
        }
        line += entry.dependency.utf8
        line.append(0x0A)
        return line
    }
}

/// What identifies a file's state cheaply: its size, modification time (nanoseconds) and inode.
struct FileStamp: Equatable {
    var size: Int64
    var modified: Int64
    var inode: UInt64

    init(size: Int64, modified: Int64, inode: UInt64) {
        self.size = size
        self.modified = modified
        self.inode = inode
    }

    /// The stamp of the regular file at `path`, or nil when there is none.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        self.init(info)
    }

    /// The stamp of what `stat` or `lstat` returned.
    init(_ info: stat) {
        size = Int64(info.st_size)
        #if canImport(Darwin)
            modified = Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
        #else
            modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        #endif
        inode = UInt64(info.st_ino)
    }
}

/// A 128-bit fingerprint, the same in every process and on every machine, unlike Swift's
/// seeded `Hasher`: XXH3-128 from libxxhash, fed a stream of tagged values. Only a change
/// detector: not meant to resist someone forging a collision.
struct Fingerprint {
    /// The streaming state, shared between copies until one of them adds something.
    private final class State {
        let pointer: OpaquePointer

        // XXH3_createState fails only when malloc does (a few hundred bytes, whatever the
        // input): the same condition on which every Swift allocation stops the process.
        init() {
            guard let pointer = XXH3_createState() else { fatalError("XXH3_createState: out of memory") }
            self.pointer = pointer
            XXH3_128bits_reset(pointer)
        }

        init(copying other: State) {
            guard let pointer = XXH3_createState() else { fatalError("XXH3_createState: out of memory") }
            self.pointer = pointer
            XXH3_copyState(pointer, other.pointer)
        }

        deinit { XXH3_freeState(pointer) }
    }

    private var state = State()

    private var digest: XXH128_hash_t { XXH3_128bits_digest(state.pointer) }

    /// 32 lowercase hexadecimal digits, high half first (as `xxh128sum` prints it).
    var hex: String { Self.hex(digest) }

    private static func hex(_ hash: XXH128_hash_t) -> String {
        let x = String(hash.high64, radix: 16), y = String(hash.low64, radix: 16)
        return String(repeating: "0", count: 16 - x.count) + x + String(repeating: "0", count: 16 - y.count) + y
    }

    private mutating func update(_ pointer: UnsafeRawPointer?, _ count: Int) {
        if !isKnownUniquelyReferenced(&state) { state = State(copying: state) }
        XXH3_128bits_update(state.pointer, pointer, count)
    }

    /// Adds `bytes`, preceded by their count, so that no two byte sequences added one after
    /// another read the same.
    mutating func add(bytes: UnsafeRawBufferPointer) {
        add(word: UInt64(bytes.count))
        update(bytes.baseAddress, bytes.count)
    }

    /// Adds `bytes` as they are, without their count: for one long value fed in parts, whose
    /// total the caller adds after them.
    mutating func stream(_ bytes: UnsafeRawBufferPointer) {
        update(bytes.baseAddress, bytes.count)
    }

    mutating func add(byte: UInt8) {
        withUnsafeBytes(of: byte) { update($0.baseAddress, 1) }
    }

    mutating func add(_ string: String) {
        var string = string
        string.withUTF8 { add(bytes: UnsafeRawBufferPointer($0)) }
    }

    mutating func add(word number: UInt64) {
        withUnsafeBytes(of: number.littleEndian) { update($0.baseAddress, 8) }
    }

    /// The XXH3-128 of `data` itself (what `xxh128sum` prints for a file holding it).
    static func of(_ data: Data) -> String {
        hex(data.withUnsafeBytes { XXH3_128bits($0.baseAddress, $0.count) })
    }

    /// The fingerprint of a list of strings, in order; where one ends and the next begins is
    /// part of the value.
    static func of(_ strings: [String]) -> String {
        var hasher = Fingerprint()
        hasher.add(word: UInt64(strings.count))
        for string in strings { hasher.add(string) }
        return hasher.hex
    }

    /// The fingerprint of a template context: strings, numbers, flags, lists in order and
    /// dictionaries in any order (their entries are combined commutatively), each tagged by kind
    /// and encoded explicitly, never by its description (a debug format, which two different
    /// values may share and which may change between runs). Nil when the context holds a value
    /// of any other type: such a context has no key, so its page is never reused by it.
    static func of(context value: Any, skipping skipped: String? = nil, salt: String = "") -> String? {
        var hasher = Fingerprint()
        hasher.add(salt)
        guard hasher.mix(value, skipping: skipped) else { return nil }
        return hasher.hex
    }

    /// Adds `value`; false when it holds a value of a type without an encoding here.
    private mutating func mix(_ value: Any, skipping skipped: String? = nil) -> Bool {
        switch value {
        case let text as String:
            add(byte: 1)
            add(text)
        case let flag as Bool:
            add(byte: flag ? 2 : 3)
        case let number as Int:
            add(byte: 4)
            add(word: UInt64(bitPattern: Int64(number)))
        case let number as Double:
            add(byte: 8)
            add(word: number.bitPattern)
        case let dictionary as [String: Any]:
            return mixDictionary(dictionary.lazy.map { ($0.key, $0.value) }, count: dictionary.count, skipping: skipped)
        case let dictionary as [String: String]:
            return mixDictionary(dictionary.lazy.map { ($0.key, $0.value as Any) }, count: dictionary.count, skipping: skipped)
        case let list as [[String: Any]]:
            add(byte: 6)
            add(word: UInt64(list.count))
            for item in list { guard mix(item) else { return false } }
        case let list as [Any]:
            add(byte: 6)
            add(word: UInt64(list.count))
            for item in list { guard mix(item) else { return false } }
        default:
            return false
        }
        return true
    }

    private mutating func mixDictionary<S: Sequence>(_ entries: S, count: Int, skipping skipped: String?) -> Bool
    where S.Element == (String, Any) {
        var sumA: UInt64 = 0, sumB: UInt64 = 0
        for (key, value) in entries where key != skipped {
            var entry = Fingerprint()
            entry.add(key)
            guard entry.mix(value) else { return false }
            let hash = entry.digest
            sumA = sumA &+ hash.low64
            sumB = sumB &+ hash.high64
        }
        add(byte: 5)
        add(word: UInt64(count))
        add(word: sumA)
        add(word: sumB)
        return true
    }
}

/// Explicit encodings of the model's values in keys: each field in a fixed order, counts before
/// lists, a tag for absent values; never a value's description.
extension Fingerprint {
    mutating func add(optional text: String?) {
        if let text {
            add(byte: 1)
            add(text)
        } else {
            add(byte: 0)
        }
    }

    mutating func add(_ day: Day) {
        add(word: UInt64(bitPattern: Int64(day.year)))
        add(word: UInt64(bitPattern: Int64(day.month)))
        add(word: UInt64(bitPattern: Int64(day.day)))
    }

    /// A text in each of its languages, in language order, with which of them are translations.
    mutating func add(_ text: LocalizedText) {
        add(word: UInt64(text.values.count))
        for language in text.values.keys.sorted() {
            add(language.rawValue)
            add(text.values[language]!)
            add(byte: text.translated.contains(language) ? 1 : 0)
        }
    }

    mutating func add(_ correction: Correction) {
        add(correction.field)
        add(correction.source)
        add(correction.reason)
    }
}
