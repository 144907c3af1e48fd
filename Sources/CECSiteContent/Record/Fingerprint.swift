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
    package static func of(context value: Any, skipping skipped: String? = nil, salt: String = "") -> String? {
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
