import Foundation

/// Incremental rendering. A page's HTML is a function of its template set and its context (the
/// templates are logic-less), so a page whose context and templates hash the same as in the
/// previous build has the same bytes: the previous file is hard-linked into the new output
/// instead of being rendered, written or even read. The record lives in a folder beside the
/// output, `.<output>.cecsite-cache/`, never inside it, and is replaced only by a successful
/// build:
///
/// - `pages.tsv`: per page, the input fingerprint, the output fingerprint and the file's size,
///   modification time and inode as the build left them. A file whose size, time or inode
///   differs (edited or replaced by hand) is rendered again.
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
    }

    private let previous: [String: Entry]
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

    /// The record of the build in `outputDirectory`, if there is one.
    init(outputDirectory: String) {
        self.outputDirectory = outputDirectory
        terms = SearchTermsCache(file: Self.directory(for: outputDirectory) + "/terms.tsv")
        var entries: [String: Entry] = [:]
        if let text = try? String(contentsOfFile: Self.directory(for: outputDirectory) + "/pages.tsv", encoding: .utf8) {
            for line in text.split(separator: "\n") {
                let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
                guard parts.count == 6, let size = Int64(parts[3]), let time = Int64(parts[4]), let inode = UInt64(parts[5]) else { continue }
                entries[String(parts[0])] = Entry(input: String(parts[1]), output: String(parts[2]),
                                                  stamp: FileStamp(size: size, modified: time, inode: inode))
            }
        }
        previous = entries
        if let text = try? String(contentsOfFile: Self.directory(for: outputDirectory) + "/files.txt", encoding: .utf8), !entries.isEmpty {
            previousFiles = Set(text.split(separator: "\n").map(String.init))
        } else {
            previousFiles = nil
        }
    }

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

    /// True when the previous build's file `path` is exactly as that build left it.
    func intact(_ path: String) -> Bool {
        guard let stamp = previous[path]?.stamp else { return false }
        return FileStamp(path: outputDirectory + "/" + path) == stamp
    }

    /// The output fingerprint the previous build recorded for `path`.
    func previousOutput(_ path: String) -> String? { previous[path]?.output }

    /// Notes the page `path` of this build: reused, or rendered with the fingerprint `output`.
    func record(_ path: String, input: String, output: String?) {
        lock.lock()
        if let output {
            current[path] = Entry(input: input, output: output)
            rendered += 1
        } else {
            current[path] = Entry(input: input, output: previous[path]?.output ?? "")
            reused += 1
        }
        lock.unlock()
    }

    /// Writes this build's record: called after the new site replaced the output, whose files
    /// (every path in `files`) are stamped as they now are.
    func save(files: [String]) {
        let paths = current.keys.sorted()
        var lines = [String](repeating: "", count: paths.count)
        lines.withUnsafeMutableBufferPointer { lines in
            DispatchQueue.concurrentPerform(iterations: paths.count) { i in
                let entry = current[paths[i]]!
                guard let stamp = FileStamp(path: outputDirectory + "/" + paths[i]) else { return }
                lines[i] = "\(paths[i])\t\(entry.input)\t\(entry.output)\t\(stamp.size)\t\(stamp.modified)\t\(stamp.inode)\n"
            }
        }
        let folder = Self.directory(for: outputDirectory)
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try? Data(lines.joined().utf8).write(to: URL(fileURLWithPath: folder + "/pages.tsv"), options: .atomic)
        try? Data(files.sorted().map { $0 + "\n" }.joined().utf8).write(to: URL(fileURLWithPath: folder + "/files.txt"), options: .atomic)
        terms.save()
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
        size = Int64(info.st_size)
        #if canImport(Darwin)
            modified = Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
        #else
            modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        #endif
        inode = UInt64(info.st_ino)
    }
}

/// A 128-bit fingerprint (two FNV-1a lanes), the same in every process and on every machine,
/// unlike Swift's seeded `Hasher`.
struct Fingerprint {
    private var a: UInt64 = 0xcbf2_9ce4_8422_2325
    private var b: UInt64 = 0x6c62_272e_07bb_0142
    private static let prime: UInt64 = 0x0000_0100_0000_01b3

    var hex: String {
        let x = String(a, radix: 16), y = String(b, radix: 16)
        return String(repeating: "0", count: 16 - x.count) + x + String(repeating: "0", count: 16 - y.count) + y
    }

    mutating func add(byte: UInt8) {
        a = (a ^ UInt64(byte)) &* Self.prime
        b = (b ^ UInt64(byte)) &* Self.prime &+ 0x9e37_79b9
    }

    mutating func add(_ string: String) {
        var string = string
        string.withUTF8 { for byte in $0 { add(byte: byte) } }
        add(byte: 0xFF)  // no string ends with 0xFF in UTF-8: a separator
    }

    mutating func add(word number: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { add(byte: UInt8(truncatingIfNeeded: number >> UInt64(shift))) }
    }

    static func of(_ data: Data) -> String {
        var hasher = Fingerprint()
        data.withUnsafeBytes { for byte in $0 { hasher.add(byte: byte) } }
        return hasher.hex
    }

    /// The fingerprint of a template context: strings, numbers, flags, lists in order and
    /// dictionaries in any order (their entries are combined commutatively), each tagged by kind.
    static func of(_ value: Any, skipping skipped: String? = nil, salt: String = "") -> String {
        var hasher = Fingerprint()
        hasher.add(salt)
        hasher.mix(value, skipping: skipped)
        return hasher.hex
    }

    private mutating func mix(_ value: Any, skipping skipped: String? = nil) {
        switch value {
        case let text as String:
            add(byte: 1)
            add(text)
        case let flag as Bool:
            add(byte: flag ? 2 : 3)
        case let number as Int:
            add(byte: 4)
            add(word: UInt64(bitPattern: Int64(number)))
        case let dictionary as [String: Any]:
            mixDictionary(dictionary.lazy.map { ($0.key, $0.value) }, count: dictionary.count, skipping: skipped)
        case let dictionary as [String: String]:
            mixDictionary(dictionary.lazy.map { ($0.key, $0.value as Any) }, count: dictionary.count, skipping: skipped)
        case let list as [[String: Any]]:
            add(byte: 6)
            add(word: UInt64(list.count))
            for item in list { mix(item) }
        case let list as [Any]:
            add(byte: 6)
            add(word: UInt64(list.count))
            for item in list { mix(item) }
        default:
            add(byte: 7)
            add(String(describing: value))
        }
    }

    private mutating func mixDictionary<S: Sequence>(_ entries: S, count: Int, skipping skipped: String?) where S.Element == (String, Any) {
        var sumA: UInt64 = 0, sumB: UInt64 = 0
        for (key, value) in entries where key != skipped {
            var entry = Fingerprint()
            entry.add(key)
            entry.mix(value)
            sumA = sumA &+ entry.a
            sumB = sumB &+ (entry.b ^ 0x5bd1_e995)
        }
        add(byte: 5)
        add(word: UInt64(count))
        add(word: sumA)
        add(word: sumB)
    }
}
