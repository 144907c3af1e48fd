import Foundation
import Testing

@testable import CECSiteKit
@testable import CECSiteCore
@testable import CECSiteMarkdown
@testable import CECSiteTemplates
@testable import CECSiteFormats

/// The fingerprints incremental builds decide by: stable across runs and machines, and
/// different whenever what they stand for differs.
@Suite struct FingerprintTests {
    @Test func theSameValueGivesTheSameFingerprintOnEveryMachine() {
        // Pinned: a record written on one machine is read on another (and by the next release).
        // The bytes' own XXH3-128, as `printf 'виборча комісія' | xxhsum -H2` prints it.
        #expect(Fingerprint.of(Data("виборча комісія".utf8)) == "5fa76348e3de603552fdca5c7995b145")
        #expect(Fingerprint.of(Data()).count == 32)
        let context: [String: Any] = ["title": "Новини", "items": [["url": "/a/", "n": 1], ["url": "/b/", "flag": true]]]
        let reordered: [String: Any] = ["items": [["n": 1, "url": "/a/"], ["flag": true, "url": "/b/"]], "title": "Новини"]
        #expect(Fingerprint.of(context) == Fingerprint.of(reordered), "a dictionary's order does not matter")
    }

    @Test func differentValuesGiveDifferentFingerprints() {
        var seen: [String: String] = [:]
        func note(_ fingerprint: String, _ what: String) {
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
        note(Fingerprint.of([["k": "v"], ["k": "w"]] as [[String: Any]]), "two dictionaries")
        note(Fingerprint.of([["k": "w"], ["k": "v"]] as [[String: Any]]), "two dictionaries, swapped")
        note(Fingerprint.of(["k": 1] as [String: Any]), "number 1")
        note(Fingerprint.of(["k": "1"] as [String: Any]), "text 1")
        note(Fingerprint.of(["k": true] as [String: Any]), "true")
    }
}

/// The memo that lets a body's pages share one rendering of it.
@Suite struct ContextMemoTests {
    @Test func aSharedValueIsMadeOnceAndForgottenAfterItsLastUse() {
        let memo = ContextMemo()
        var made = 0
        func take() -> String { memo.take("body", uses: 3) { made += 1; return "html \(made)" } }
        #expect([take(), take(), take()] == ["html 1", "html 1", "html 1"])
        #expect(made == 1)
        #expect(take() == "html 2", "after its third use the value was forgotten, so it is made again")
        #expect(memo.take("single", uses: 1) { "once" } == "once")
    }
}

/// The stamp that names the program in the build record.
@Suite struct ProgramStampTests {
    @Test func theProgramIsStampedByItsExecutablesBytes() throws {
        #expect(ProgramStamp.current.count == 32 && ProgramStamp.current.allSatisfy(\.isHexDigit),
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
