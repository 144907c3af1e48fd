import CECSiteCore
import CXXHash
import Foundation

/// A 128-bit fingerprint, the same in every process and on every machine, unlike Swift's
/// seeded `Hasher`: XXH3-128 from libxxhash, fed a stream of tagged values. Only a change
/// detector: not meant to resist someone forging a collision.
package struct Fingerprint {
    /// The streaming state, shared between copies until one of them adds something.
    private final class State {
        package let pointer: OpaquePointer

        // XXH3_createState fails only when malloc does (a few hundred bytes, whatever the
        // input): the same condition on which every Swift allocation stops the process.
        package init() {
            guard let pointer = XXH3_createState() else { fatalError("XXH3_createState: out of memory") }
            self.pointer = pointer
            XXH3_128bits_reset(pointer)
        }

        package init(copying other: State) {
            guard let pointer = XXH3_createState() else { fatalError("XXH3_createState: out of memory") }
            self.pointer = pointer
            XXH3_copyState(pointer, other.pointer)
        }

        deinit { XXH3_freeState(pointer) }
    }

    private var state = State()

    /// An empty fingerprint.
    package init() {}

    private var digest: XXH128_hash_t { XXH3_128bits_digest(state.pointer) }

    /// 32 lowercase hexadecimal digits, high half first (as `xxh128sum` prints it).
    package var hex: String { Self.hex(digest) }

    /// The 32 lowercase hexadecimal digits of `hash`, its high 64 bits first, each half padded
    /// with zeros: written into the string's own bytes, one allocation (each build makes
    /// 100,000 of them: its page keys, search chunk and record keys).
    private static func hex(_ hash: XXH128_hash_t) -> String { hex(high: hash.high64, low: hash.low64) }

    /// The 32 digits of a digest whose high and low 64 bits are `high` and `low` (``hex``).
    package static func hex(high: UInt64, low: UInt64) -> String {
        String(unsafeUninitializedCapacity: 32) { buffer in
            func write(_ word: UInt64, at start: Int) {
                for i in 0..<16 {
                    let digit = UInt8(truncatingIfNeeded: word >> UInt64(60 - 4 * i)) & 0xF
                    buffer[start + i] = digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") - 10 + digit
                }
            }
            write(high, at: 0)
            write(low, at: 16)
            return 32
        }
    }

    private mutating func update(_ pointer: UnsafeRawPointer?, _ count: Int) {
        if !isKnownUniquelyReferenced(&state) { state = State(copying: state) }
        XXH3_128bits_update(state.pointer, pointer, count)
    }

    /// Adds `bytes`, preceded by their count, so that no two byte sequences added one after
    /// another read the same.
    package mutating func add(bytes: UnsafeRawBufferPointer) {
        add(word: UInt64(bytes.count))
        update(bytes.baseAddress, bytes.count)
    }

    /// Adds `bytes` as they are, without their count: for one long value fed in parts, whose
    /// total the caller adds after them.
    package mutating func stream(_ bytes: UnsafeRawBufferPointer) {
        update(bytes.baseAddress, bytes.count)
    }

    package mutating func add(byte: UInt8) {
        withUnsafeBytes(of: byte) { update($0.baseAddress, 1) }
    }

    package mutating func add(_ string: String) {
        var string = string
        string.withUTF8 { add(bytes: UnsafeRawBufferPointer($0)) }
    }

    package mutating func add(word number: UInt64) {
        withUnsafeBytes(of: number.littleEndian) { update($0.baseAddress, 8) }
    }

    /// The XXH3-128 of `data` itself (what `xxh128sum` prints for a file holding it).
    package static func of(_ data: Data) -> String {
        hex(data.withUnsafeBytes { XXH3_128bits($0.baseAddress, $0.count) })
    }

    /// The fingerprint of a list of strings, in order; where one ends and the next begins is
    /// part of the value.
    package static func of(_ strings: [String]) -> String {
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
    ///
    /// The values are encoded into byte buffers and each hashed in one call: the same bytes the
    /// streaming ``add(bytes:)`` would feed, so the same fingerprint, without a streaming state
    /// allocated per dictionary entry (a page's key cost 5 % less; the type tests on every value
    /// remain most of it: BENCHMARKS.md, 2026-12-07).
    package static func of(context value: Any, skipping skipped: String? = nil, salt: String = "") -> String? {
        var encoder = ContextEncoder()
        var out: [UInt8] = []
        out.reserveCapacity(8 * 1024)
        ContextEncoder.add(salt, into: &out)
        guard encoder.mix(value, into: &out, skipping: skipped, depth: 0) else { return nil }
        return out.withUnsafeBytes { hex(XXH3_128bits($0.baseAddress, $0.count)) }
    }

    /// The digests of some entries of a context dictionary, summed as
    /// ``of(context:skipping:salt:)`` sums a dictionary's entries: made once for entries many
    /// contexts hold alike (the frame every page of one language, edition and section shares)
    /// and added to each context's key by ``of(context:skipping:known:salt:)``.
    package struct EntrySums: Sendable {
        /// The names of the entries summed.
        package var keys: [String]
        var low: UInt64
        var high: UInt64

        /// These sums and `other`'s together, for a context that holds both sets of entries
        /// (no name in both): what ``Fingerprint/entrySums(_:)`` of their union gives.
        package func adding(_ other: EntrySums) -> EntrySums {
            EntrySums(keys: keys + other.keys, low: low &+ other.low, high: high &+ other.high)
        }
    }

    /// The sums of the digests of every entry of `entries`; nil when one holds a value of a
    /// type without an encoding.
    package static func entrySums(_ entries: [String: Any]) -> EntrySums? {
        var encoder = ContextEncoder()
        guard let (low, high) = encoder.sums(entries, skipping: nil, known: nil) else { return nil }
        return EntrySums(keys: Array(entries.keys), low: low, high: high)
    }

    /// ``of(context:skipping:salt:)`` of `context`, whose entries named in `known` hold the
    /// values `known` was made from: their digests are taken from `known` instead of being
    /// made again. The same fingerprint, as long as those entries are the ones summed.
    package static func of(context: [String: Any], skipping skipped: String? = nil, known: EntrySums, salt: String = "") -> String? {
        var encoder = ContextEncoder()
        var out: [UInt8] = []
        out.reserveCapacity(64)
        ContextEncoder.add(salt, into: &out)
        guard let (low, high) = encoder.sums(context, skipping: skipped, known: known) else { return nil }
        ContextEncoder.addDictionary(count: context.count, low: low, high: high, into: &out)
        return out.withUnsafeBytes { hex(XXH3_128bits($0.baseAddress, $0.count)) }
    }
}

/// The byte encoding of a template context that ``Fingerprint/of(context:skipping:salt:)``
/// hashes: for each value a tag byte, then a string's UTF-8 count (a little-endian word) and
/// bytes, a number's bits, a list's count and items; a dictionary as its count and the wrapping
/// sums of its entries' XXH3-128 digests (each entry: its key and value encoded alike).
private struct ContextEncoder {
    /// One reusable buffer per dictionary depth, for its entries' bytes.
    private var scratch: [[UInt8]] = []

    static func add(word: UInt64, into out: inout [UInt8]) {
        withUnsafeBytes(of: word.littleEndian) { out.append(contentsOf: $0) }
    }

    static func add(_ string: String, into out: inout [UInt8]) {
        var string = string
        string.withUTF8 { bytes in
            add(word: UInt64(bytes.count), into: &out)
            out.append(contentsOf: bytes)
        }
    }

    /// Adds `value`; false when it holds a value of a type without an encoding here.
    mutating func mix(_ value: Any, into out: inout [UInt8], skipping skipped: String? = nil, depth: Int) -> Bool {
        // The context's own types first, tested exactly: the failed casts of the switch below (a
        // dictionary tried as a string, a number, …) and the conversions of `[String: String]`
        // and `[String]` were most of a fingerprint's time. The bytes are the switch's.
        let type = type(of: value)
        if type == String.self {
            out.append(1)
            Self.add(value as! String, into: &out)
            return true
        }
        if type == [String: Any].self {
            let dictionary = value as! [String: Any]
            return mixDictionary(dictionary, count: dictionary.count, into: &out, skipping: skipped, depth: depth)
        }
        if type == [[String: Any]].self {
            let list = value as! [[String: Any]]
            out.append(6)
            Self.add(word: UInt64(list.count), into: &out)
            for item in list { guard mix(item, into: &out, depth: depth) else { return false } }
            return true
        }
        if type == Bool.self {
            out.append(value as! Bool ? 2 : 3)
            return true
        }
        if type == [String].self {
            let list = value as! [String]
            out.append(6)
            Self.add(word: UInt64(list.count), into: &out)
            for item in list {
                out.append(1)
                Self.add(item, into: &out)
            }
            return true
        }
        // Another dictionary with string keys (`["items": crumbs]` is a `[String: [[String: Any]]]`):
        // its entries as they are, the bytes of the `[String: Any]` the switch below would
        // convert it into (a copy of every entry).
        if let dictionary = value as? any StringKeyedEntries {
            return dictionary.mix(into: &self, &out, skipping: skipped, depth: depth)
        }
        switch value {
        case let text as String:
            out.append(1)
            Self.add(text, into: &out)
        case let flag as Bool:
            out.append(flag ? 2 : 3)
        case let number as Int:
            out.append(4)
            Self.add(word: UInt64(bitPattern: Int64(number)), into: &out)
        case let number as Double:
            out.append(8)
            Self.add(word: number.bitPattern, into: &out)
        case let dictionary as [String: Any]:
            return mixDictionary(dictionary, count: dictionary.count, into: &out, skipping: skipped, depth: depth)
        case let dictionary as [String: String]:
            return mixDictionary(dictionary, count: dictionary.count, into: &out, skipping: skipped, depth: depth)
        case let list as [[String: Any]]:
            out.append(6)
            Self.add(word: UInt64(list.count), into: &out)
            for item in list { guard mix(item, into: &out, depth: depth) else { return false } }
        case let list as [Any]:
            out.append(6)
            Self.add(word: UInt64(list.count), into: &out)
            for item in list { guard mix(item, into: &out, depth: depth) else { return false } }
        default:
            return false
        }
        return true
    }

    fileprivate mutating func mixDictionary<Value>(
        _ dictionary: [String: Value], count: Int, into out: inout [UInt8], skipping skipped: String?, depth: Int
    ) -> Bool {
        if scratch.count <= depth { scratch.append([]) }
        var entry: [UInt8] = []
        swap(&entry, &scratch[depth])
        defer { swap(&entry, &scratch[depth]) }
        var sumA: UInt64 = 0, sumB: UInt64 = 0
        for (key, value) in dictionary where key != skipped {
            entry.removeAll(keepingCapacity: true)
            Self.add(key, into: &entry)
            guard mix(value, into: &entry, depth: depth + 1) else { return false }
            let hash = entry.withUnsafeBytes { XXH3_128bits($0.baseAddress, $0.count) }
            sumA = sumA &+ hash.low64
            sumB = sumB &+ hash.high64
        }
        Self.addDictionary(count: count, low: sumA, high: sumB, into: &out)
        return true
    }

    /// A dictionary's bytes from its count and the sums of its entries' digests.
    static func addDictionary(count: Int, low: UInt64, high: UInt64, into out: inout [UInt8]) {
        out.append(5)
        add(word: UInt64(count), into: &out)
        add(word: low, into: &out)
        add(word: high, into: &out)
    }

    /// The sums of the digests of the entries of the top-level `dictionary` (as
    /// ``mixDictionary(_:count:into:skipping:depth:)`` makes them), those named in `known`
    /// taken from it; nil when a value has no encoding.
    mutating func sums(_ dictionary: [String: Any], skipping skipped: String?, known: Fingerprint.EntrySums?) -> (UInt64, UInt64)? {
        var entry: [UInt8] = []
        entry.reserveCapacity(1024)
        var sumA = known?.low ?? 0, sumB = known?.high ?? 0
        let knownKeys = known?.keys ?? []
        for (key, value) in dictionary where key != skipped && !knownKeys.contains(key) {
            entry.removeAll(keepingCapacity: true)
            Self.add(key, into: &entry)
            guard mix(value, into: &entry, depth: 0) else { return nil }
            let hash = entry.withUnsafeBytes { XXH3_128bits($0.baseAddress, $0.count) }
            sumA = sumA &+ hash.low64
            sumB = sumB &+ hash.high64
        }
        return (sumA, sumB)
    }
}

/// Explicit encodings of the model's values in keys: each field in a fixed order, counts before
/// lists, a tag for absent values; never a value's description.
extension Fingerprint {
    package mutating func add(optional text: String?) {
        if let text {
            add(byte: 1)
            add(text)
        } else {
            add(byte: 0)
        }
    }

    package mutating func add(_ day: Day) {
        add(word: UInt64(bitPattern: Int64(day.year)))
        add(word: UInt64(bitPattern: Int64(day.month)))
        add(word: UInt64(bitPattern: Int64(day.day)))
    }

    /// A text in each of its languages, in language order, with which of them are translations.
    package mutating func add(_ text: LocalizedText) {
        add(word: UInt64(text.values.count))
        for language in text.values.keys.sorted() {
            add(language.rawValue)
            add(text.values[language]!)
            add(byte: text.translated.contains(language) ? 1 : 0)
        }
    }

    package mutating func add(_ correction: Correction) {
        add(correction.field)
        add(correction.source)
        add(correction.reason)
    }
}

/// A dictionary with string keys, whatever the type of its values: encoded by
/// ``ContextEncoder`` without converting it to `[String: Any]`.
private protocol StringKeyedEntries {
    /// Adds the dictionary as ``ContextEncoder/mix(_:into:skipping:depth:)`` adds it.
    func mix(into encoder: inout ContextEncoder, _ out: inout [UInt8], skipping skipped: String?, depth: Int) -> Bool
}

extension Dictionary: StringKeyedEntries where Key == String {
    fileprivate func mix(into encoder: inout ContextEncoder, _ out: inout [UInt8], skipping skipped: String?, depth: Int) -> Bool {
        encoder.mixDictionary(self, count: count, into: &out, skipping: skipped, depth: depth)
    }
}
