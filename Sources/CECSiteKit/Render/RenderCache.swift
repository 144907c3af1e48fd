import Foundation

/// Incremental rendering. A page's HTML is a function of its template set and its context (the
/// templates are logic-less), so a page whose context and templates hash the same as in the
/// previous build has the same bytes: they are taken from the previous output instead of being
/// rendered again. The record (output path → input fingerprint and output fingerprint) lives in
/// a folder beside the output, `.<output>.cecsite-cache/`, never inside it, and is replaced only
/// by a successful build. A reused file is used only if its bytes still hash as recorded, so a
/// file edited or damaged by hand is rendered again.
final class RenderCache: @unchecked Sendable {
    struct Entry: Equatable {
        var input: String
        var output: String
    }

    private let previous: [String: Entry]
    private let outputDirectory: String
    private let lock = NSLock()
    private(set) var current: [String: Entry] = [:]
    /// Pages rendered and pages reused in this build.
    private(set) var rendered = 0, reused = 0

    /// The record of the build in `outputDirectory`, if there is one.
    init(outputDirectory: String) {
        self.outputDirectory = outputDirectory
        var entries: [String: Entry] = [:]
        if let text = try? String(contentsOfFile: Self.file(for: outputDirectory), encoding: .utf8) {
            for line in text.split(separator: "\n") {
                let parts = line.split(separator: "\t")
                if parts.count == 3 { entries[String(parts[0])] = Entry(input: String(parts[1]), output: String(parts[2])) }
            }
        }
        previous = entries
    }

    /// The cache folder of an output folder: `public` → `.public.cecsite-cache` beside it.
    static func directory(for output: String) -> String {
        let url = URL(fileURLWithPath: output).standardizedFileURL
        return url.deletingLastPathComponent().appendingPathComponent("." + url.lastPathComponent + ".cecsite-cache").path
    }

    static func file(for output: String) -> String { directory(for: output) + "/pages.tsv" }

    /// The previous bytes of `path` when its input is unchanged and the file is intact.
    func reuse(_ path: String, input: String) -> Data? {
        guard let entry = previous[path], entry.input == input,
            let data = FileManager.default.contents(atPath: outputDirectory + "/" + path),
            Fingerprint.of(data) == entry.output
        else { return nil }
        return data
    }

    /// Notes the page `path` of this build.
    func record(_ path: String, input: String, output: Data, reused: Bool) {
        let entry = Entry(input: input, output: Fingerprint.of(output))
        lock.lock()
        current[path] = entry
        if reused { self.reused += 1 } else { rendered += 1 }
        lock.unlock()
    }

    /// Writes this build's record; called after the output was replaced.
    func save() {
        let lines = current.keys.sorted().map { "\($0)\t\(current[$0]!.input)\t\(current[$0]!.output)\n" }.joined()
        try? FileManager.default.createDirectory(atPath: Self.directory(for: outputDirectory), withIntermediateDirectories: true)
        try? Data(lines.utf8).write(to: URL(fileURLWithPath: Self.file(for: outputDirectory)), options: .atomic)
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
