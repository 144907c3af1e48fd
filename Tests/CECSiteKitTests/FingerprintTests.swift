import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteFormats
@testable import CECSiteKit
@testable import CECSiteMarkdown
@testable import CECSiteTemplates

/// The fingerprints incremental builds decide by: stable across runs and machines, and
/// different whenever what they stand for differs.
@Suite struct FingerprintTests {
    /// A digest is written as 32 lowercase hexadecimal digits, its high half first, each half
    /// padded with zeros: the digits `xxh128sum` prints, whatever the digest's leading zeros.
    @Test func aDigestIsWrittenAsThirtyTwoPaddedDigitsHighHalfFirst() {
        func reference(_ high: UInt64, _ low: UInt64) -> String {
            let x = String(high, radix: 16), y = String(low, radix: 16)
            return String(repeating: "0", count: 16 - x.count) + x + String(repeating: "0", count: 16 - y.count) + y
        }
        #expect(Fingerprint.hex(high: 0xABC, low: 1) == "0000000000000abc0000000000000001")
        #expect(Fingerprint.hex(high: 0, low: .max) == String(repeating: "0", count: 16) + String(repeating: "f", count: 16))
        #expect(Fingerprint.hex(high: 0xFEDC_BA98_7654_3210, low: 0x0123_4567_89AB_CDEF) == "fedcba98765432100123456789abcdef")
        // Fixed words (SplitMix64 from a fixed seed), shifted so that every count of leading
        // zeros is tried in each half: a failure names the same digest on every run.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        for shift in 0..<64 {
            let high = next() >> UInt64(shift)
            let low = next() >> UInt64(63 - shift)
            #expect(Fingerprint.hex(high: high, low: low) == reference(high, low))
        }
    }

    @Test func theSameValueGivesTheSameFingerprintOnEveryMachine() {
        // Pinned: a record written on one machine is read on another (and by the next release).
        // The bytes' own XXH3-128, as `printf 'виборча комісія' | xxhsum -H2` prints it.
        #expect(Fingerprint.of(Data("виборча комісія".utf8)) == "5fa76348e3de603552fdca5c7995b145")
        #expect(Fingerprint.of(Data()).count == 32)
        let context: [String: Any] = ["title": "Новини", "items": [["url": "/a/", "n": 1], ["url": "/b/", "flag": true]]]
        let reordered: [String: Any] = ["items": [["n": 1, "url": "/a/"], ["flag": true, "url": "/b/"]], "title": "Новини"]
        #expect(Fingerprint.of(context: context) == Fingerprint.of(context: reordered), "a dictionary's order does not matter")
    }

    @Test func aContextsFingerprintIsItsDocumentedEncoding() {
        // Pinned: computed by a separate script over libxxhash's XXH3_128bits from the encoding
        // as documented (a tag per value, counts as little-endian words, a dictionary as the sums
        // of its entries' digests); the streaming hasher gave the same before the one-shot
        // encoder replaced it, so the pages' second keys in earlier records still match.
        let context: [String: Any] = [
            "t": ["k": "v"] as [String: String], "title": "Новини", "n": -3, "flag": false,
            "items": [["url": "/a/", "on": true] as [String: Any], "x"] as [Any],
        ]
        #expect(Fingerprint.of(context: context, skipping: "t", salt: "salt") == "a30976ef863ae5d003d9dfc452770286")
    }

    @Test func entriesSummedOnceGiveTheSameKey() {
        // A page's frame (the menu, the footer…) is summed once for every page that shows it
        // and its sums added to each page's key: the key must be the one hashing it gives.
        let frame: [String: Any] = [
            "nav": [["url": "/plan/", "label": "План", "current": true]] as [[String: Any]], "lang": "uk",
            "footer": ["sourceNote": false, "publisher": ["text": "ЦВК", "attr": ""]] as [String: Any],
        ]
        var context: [String: Any] = [
            "t": ["k": "v"] as [String: String], "title": "Новини", "n": -3, "flag": false,
            "items": [["url": "/a/", "on": true] as [String: Any], "x"] as [Any],
        ]
        context.merge(frame) { a, _ in a }
        let known = Fingerprint.entrySums(frame)!
        #expect(Fingerprint.of(context: context, skipping: "t", known: known, salt: "salt") == Fingerprint.of(context: context, skipping: "t", salt: "salt"))
        // Without the frame's entries in the context, the sums are still added: another key.
        var without = context
        without["footer"] = ["sourceNote": true] as [String: Any]
        #expect(Fingerprint.of(context: without, skipping: "t", known: known, salt: "salt") != Fingerprint.of(context: without, skipping: "t", salt: "salt"))
        #expect(Fingerprint.entrySums(["x": Date()]) == nil, "a value without an encoding has no sums")
    }

    @Test func aValuesSwiftTypeDoesNotChangeItsKey() {
        // The encoder tests the context's common types exactly before it casts: a list of
        // strings, a dictionary of strings and a flag are encoded as the same values held as
        // `Any` are, so a builder's choice of type never changes a page's key.
        let typed: [String: Any] = [
            "tags": ["a", "bc"] as [String], "labels": ["k": "v", "l": "w"] as [String: String], "on": true,
            "items": [["url": "/a/"]] as [[String: Any]],
            // Encoded as it is, not converted to `[String: Any]`: the same bytes.
            "crumbs": ["items": [["url": "/b/"]] as [[String: Any]]] as [String: [[String: Any]]],
            "sizes": ["w": 3, "h": 4] as [String: Int],
        ]
        let untyped: [String: Any] = [
            "tags": ["a", "bc"] as [Any], "labels": ["k": "v", "l": "w"] as [String: Any], "on": true as Any,
            "items": [["url": "/a/"] as [String: Any]] as [Any],
            "crumbs": ["items": [["url": "/b/"] as [String: Any]] as [Any]] as [String: Any],
            "sizes": ["w": 3 as Any, "h": 4 as Any] as [String: Any],
        ]
        #expect(Fingerprint.of(context: typed) != nil)
        #expect(Fingerprint.of(context: typed) == Fingerprint.of(context: untyped))
        #expect(Fingerprint.of(context: ["tags": ["a", "bc"] as [String]]) != Fingerprint.of(context: ["tags": ["ab", "c"] as [String]]))
    }

    @Test func differentValuesGiveDifferentFingerprints() {
        var seen: [String: String] = [:]
        func note(_ fingerprint: String?, _ what: String) {
            guard let fingerprint else {
                Issue.record("\(what) has no fingerprint")
                return
            }
            #expect(seen[fingerprint] == nil, "\(what) collides with \(seen[fingerprint] ?? "")")
            seen[fingerprint] = what
        }
        // Every length from 0 to 40 bytes, and each with one bit changed in its last byte:
        // lengths and bytes must stay apart.
        for length in 0...40 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37) }
            note(Fingerprint.of(Data(bytes)), "\(length) bytes")
            if length > 0 {
                var changed = bytes
                changed[length - 1] ^= 0x80
                note(Fingerprint.of(Data(changed)), "\(length) bytes, last changed")
            }
        }
        // Where one string ends and the next begins is part of the value.
        note(Fingerprint.of(["ab", "c"]), "[ab, c]")
        note(Fingerprint.of(["a", "bc"]), "[a, bc]")
        note(Fingerprint.of(["abc"]), "[abc]")
        note(Fingerprint.of(context: [["k": "v"], ["k": "w"]] as [[String: Any]]), "two dictionaries")
        note(Fingerprint.of(context: [["k": "w"], ["k": "v"]] as [[String: Any]]), "two dictionaries, swapped")
        note(Fingerprint.of(context: ["k": 1] as [String: Any]), "number 1")
        note(Fingerprint.of(context: ["k": "1"] as [String: Any]), "text 1")
        note(Fingerprint.of(context: ["k": true] as [String: Any]), "true")
    }

    /// Keys are explicit encodings, never a value's description (`String(describing:)`, a
    /// debug format): two different values may share one, and a dictionary's or set's changes
    /// from one run to the next.
    @Test func keysNeverComeFromADescription() throws {
        // Different values with one description: a context used to fall back to it for any type
        // but a string, number, flag, list or dictionary, so these had the same key.
        let double: [String: Any] = ["share": 0.5 as Double], float: [String: Any] = ["share": Float(0.5)]
        #expect(String(describing: 0.5 as Double) == String(describing: Float(0.5)))
        #expect(Fingerprint.of(context: double) != nil && Fingerprint.of(context: double) != Fingerprint.of(context: float))
        #expect(
            Fingerprint.of(context: ["d": try #require(Day(iso: "2020-06-15"))] as [String: Any]) == nil,
            "a value with no encoding gives no key, so nothing is reused by one")
        #expect(Fingerprint.of(context: ["d": Substring("2020-06-15")] as [String: Any]) == nil)
        #expect(Fingerprint.of(context: ["list": ["a", Float(1)]] as [String: Any]) == nil, "also inside a list")

        // Equal values with different descriptions: the front matter's key used to hash the
        // corrections' description, whose reasons (a dictionary) print in the order of the
        // dictionary's storage, which varies with its capacity and, between runs, its seed.
        func correction(_ capacity: Int) -> Correction {
            var reasons = [Language: String](minimumCapacity: capacity)
            for language in capacity % 2 == 0 ? Language.allCases : Language.allCases.reversed() {
                reasons[language] = "Reason " + language.rawValue
            }
            return Correction(field: "title", source: "Tittle", reason: LocalizedText(reasons, translated: [.en]))
        }
        // (LocalizedText now prints its languages in order too, so the descriptions agree; the
        // key must not depend on either.)
        let first = correction(0), other = correction(1)
        #expect(other == first)
        func key(_ correction: Correction) -> String {
            var hasher = Fingerprint()
            hasher.add(correction)
            return hasher.hex
        }
        #expect(key(other) == key(first), "equal corrections, one key")
        var retranslated = first
        retranslated.reason.translated = [.uk]
        var reworded = first
        reworded.reason.values[.en] = "Another reason"
        #expect(Set([key(first), key(retranslated), key(reworded)]).count == 3)
        // A date by its fields, an absent value apart from an empty one.
        var a = Fingerprint(), b = Fingerprint()
        a.add(optional: nil)
        b.add(optional: "")
        #expect(a.hex != b.hex)
    }
}

/// The memo that lets a body's pages share one rendering of it.
@Suite struct ContextMemoTests {
    @Test func aSharedValueIsMadeOnceAndForgottenAfterItsLastUse() {
        let memo = ContextMemo()
        var made = 0
        func take() -> String {
            memo.take("body", uses: 3) {
                made += 1; return "html \(made)"
            }
        }
        #expect([take(), take(), take()] == ["html 1", "html 1", "html 1"])
        #expect(made == 1)
        #expect(take() == "html 2", "after its third use the value was forgotten, so it is made again")
        #expect(memo.take("single", uses: 1) { "once" } == "once")
    }
}

/// The stamp that names the program in the build record.
@Suite struct ProgramStampTests {
    @Test func theProgramIsStampedByItsExecutablesBytes() throws {
        #expect(
            ProgramStamp.current.count == 32 && ProgramStamp.current.allSatisfy(\.isHexDigit),
            "the running executable was read: \(ProgramStamp.current)")
        #expect(ProgramStamp.current == ProgramStamp.executablePath().flatMap(ProgramStamp.of(file:)))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stamp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // Over the 1 MiB the file is read in, and one byte changed at the end.
        var bytes = (0..<(3 << 20) + 17).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let a = folder.appendingPathComponent("a"), b = folder.appendingPathComponent("b"), c = folder.appendingPathComponent("c")
        try Data(bytes).write(to: a)
        try Data(bytes).write(to: b)
        bytes[bytes.count - 1] ^= 1
        try Data(bytes).write(to: c)
        let stampA = try #require(ProgramStamp.of(file: a.path))
        #expect(stampA == ProgramStamp.of(file: b.path), "the bytes decide, not the path, time or inode")
        #expect(stampA != ProgramStamp.of(file: c.path), "one byte changed")
        #expect(ProgramStamp.of(file: folder.appendingPathComponent("missing").path) == nil)
    }
}
