import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteFormats
@testable import CECSiteKit
@testable import CECSiteMarkdown
@testable import CECSiteTemplates

/// The byte-level records reader and the aggregation in parts: the same records, problems,
/// counts and diagnostics as the `String` reader they replaced (``RecordsReference``), whatever
/// the chunk size and however many parts a file is read in.
@Suite struct RecordsScannerTests {
    static let header = "election,level,commission_id,region,position,gender"

    /// A deterministic generator (SplitMix64), so a failure reproduces.
    struct Random {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(n))
        }
        mutating func pick<T>(_ items: [T]) -> T { items[next(items.count)] }
    }

    /// Records files with every kind of trouble in some rows: quoted fields with commas, quotes
    /// and line breaks, CR, LF and CRLF line ends, blank lines, stray quotes, text after a closing
    /// quote, bad values, short rows, a NUL byte, Windows-1251 bytes, spaces and combining marks.
    static func file(seed: UInt64, rows: Int, noise: Int) -> [UInt8] {
        var random = Random(state: seed)
        let ends: [[UInt8]] = [[0x0A], [0x0D, 0x0A], [0x0D]]
        let end = random.pick(ends)
        var out: [UInt8] = random.next(2) == 0 ? [0xEF, 0xBB, 0xBF] : []
        out += Array(header.utf8) + end
        let elections = ["Місцеві вибори 2020", "\"Вибори, 2019\"", "E1", " E1", "\"E \"\"1\"\"\"", "e\u{301}", "\u{E9}"]
        let levels = ["precinct", "district", "territorial", "\"precinct\"", "precinct "]
        let regions = ["Київ", "\"Kyiv, city\"", "Lviv", "\"Lviv\nnorth\"", "\"Odesa\r\nsouth\"", "Lviv \u{301}"]
        let positions = ["chair", "member", "secretary", "deputy_chair"]
        let genders = ["female", "male", "f", "Ч", " ж ", "", "other", "unknown", "\"male\""]
        let noises: [[UInt8]] = [
            Array("chiar".utf8), [], Array("x".utf8), Array("ab\"c".utf8), Array("\"ab\"c".utf8), [0x00], [0xD0],
            [0xFF, 0xFE], Array(",".utf8), [0x0A], [0x0D], Array("\"".utf8), Array("\"\"".utf8), Array(" ".utf8),
        ]
        for n in 0..<rows {
            var fields = [random.pick(elections), random.pick(levels), "C-\(n)", random.pick(regions), random.pick(positions), random.pick(genders)]
                .map { Array($0.utf8) }
            if random.next(100) < noise { fields[random.next(fields.count)] = random.pick(noises) }
            if random.next(100) < noise { fields.removeLast() }
            if random.next(100) < noise { out += end }  // a blank line
            out += Array(fields.joined(separator: [0x2C])) + (random.next(100) < noise ? random.pick(ends) : end)
        }
        if random.next(3) == 0 { out.removeLast(end.count) }  // no line end at the end
        return out
    }

    func temporary(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cecsite-scan-\(UUID().uuidString).csv").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    typealias Outcome = (records: Int?, groups: [String], diagnostics: [String])

    func aggregate(_ path: String, parts: Int?, reportLimit: Int, minimumPartBytes: Int = 1) -> Outcome {
        let sink = DiagnosticSink(stage: .load)
        var loader = RecordsLoader(directory: "", sink: sink)
        loader.reportLimit = reportLimit
        loader.parts = parts
        loader.minimumPartBytes = minimumPartBytes
        let result = loader.aggregate(path, .members)
        return (result?.0, result?.1.map { "\($0.key) \($0.counts)" } ?? [], sink.diagnostics.map(\.description))
    }

    func reference(_ path: String, reportLimit: Int) -> Outcome {
        let sink = DiagnosticSink(stage: .load)
        let result = RecordsReference.aggregate(path, .members, sink: sink, reportLimit: reportLimit)
        return (result?.0, result?.1.map { "\($0.key) \($0.counts)" } ?? [], sink.diagnostics.map(\.description))
    }

    @Test func readsAsTheStringReaderDid() throws {
        for seed in UInt64(1)...40 {
            let path = try temporary(Self.file(seed: seed, rows: 30, noise: seed % 4 == 0 ? 0 : 15))
            defer { try? FileManager.default.removeItem(atPath: path) }
            var expected: [String] = []
            _ = RecordsReference.forEach(path: path, chunkSize: 1 << 16, problem: { expected.append("\($0):\($1) \($2)") }) {
                expected.append("\($0.line) \($0.fields)")
            }
            for chunk in [3, 7, 64, 1 << 16] {
                var got: [String] = []
                CSVStream(path: path, chunkSize: chunk).forEach(problem: { got.append("\($0):\($1) \($2)") }) { got.append("\($0.line) \($0.fields)") }
                #expect(got == expected, "seed \(seed), chunk \(chunk)")
            }
        }
    }

    @Test func aggregatesAsBeforeInAnyNumberOfParts() throws {
        for seed in UInt64(1)...60 {
            let path = try temporary(Self.file(seed: seed, rows: 40, noise: seed % 3 == 0 ? 0 : Int(seed % 20)))
            defer { try? FileManager.default.removeItem(atPath: path) }
            for limit in [3, 20] {
                let expected = reference(path, reportLimit: limit)
                for parts in 1...5 {
                    let got = aggregate(path, parts: parts, reportLimit: limit)
                    #expect(got.records == expected.records && got.groups == expected.groups, "seed \(seed), \(parts) parts")
                    #expect(got.diagnostics == expected.diagnostics, "seed \(seed), \(parts) parts, limit \(limit)")
                }
            }
        }
    }

    /// Split points that fall inside a quoted field with a line break, right after a CR of a
    /// CRLF, on blank lines: the part before reads on, and nothing is counted twice.
    @Test func aPartStartingInsideAQuotedFieldIsNotUsed() throws {
        let row = "E1,precinct,c,\"Kyiv,\n\ncentre\",chair,female\r\n"
        let text = "\u{FEFF}" + Self.header + "\r\n" + String(repeating: row, count: 50) + "\r\n\r\nE1,precinct,c,Lviv,chair,x\r\n"
        let path = try temporary(Array(text.utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let expected = reference(path, reportLimit: 20)
        #expect(expected.records == 51)
        #expect(expected.diagnostics.count == 1)
        for parts in 1...8 {
            let got = aggregate(path, parts: parts, reportLimit: 20)
            #expect(got.records == expected.records && got.groups == expected.groups && got.diagnostics == expected.diagnostics, "\(parts) parts")
        }
    }

    /// One encoding problem per file, even when two parts each find one.
    @Test func theEncodingProblemIsReportedOncePerFile() throws {
        var bytes = Array((Self.header + "\n").utf8)
        for n in 0..<40 { bytes += Array("E1,precinct,c,Lviv,chair,female\n".utf8); if n % 10 == 5 { bytes += [0xD0, 0x0A] } }
        let path = try temporary(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let expected = reference(path, reportLimit: 20)
        #expect(
            expected.diagnostics.filter { $0.contains("not valid UTF-8") } == [
                "\(path):8:1: error: Malformed CSV: this field is not valid UTF-8 (perhaps Windows-1251); save the file as UTF-8"
            ])
        for parts in 2...4 {
            #expect(aggregate(path, parts: parts, reportLimit: 20).diagnostics == expected.diagnostics, "\(parts) parts")
        }
    }

    /// A plain line read by `nextPlain()` (split by the C function) gives the fields, lines and
    /// offsets `next()` gives for it, at any buffer size (lines cut by the buffer's end are left
    /// to `next()`), and every other record is left to `next()`.
    @Test func plainLinesReadAsTheGeneralParserReadsThem() throws {
        var plainLines = 0
        func records(_ path: String, bufferSize: Int, plain: Bool) -> [String] {
            guard var scanner = CSVScanner(path: path, bufferSize: bufferSize) else { return ["cannot open"] }
            scanner.checksEncoding = false
            var out: [String] = []
            while true {
                if plain && scanner.nextPlain() {
                    plainLines += 1
                } else if !scanner.next() {
                    break
                }
                let fields = (0..<scanner.fieldCount).map { Array(scanner.field($0)) }
                out.append(
                    "\(scanner.recordLine) \(scanner.line) \(scanner.offset) \(fields) \(scanner.problems.map { "\($0.line):\($0.column) \($0.message)" })")
            }
            return out
        }
        for seed in UInt64(1)...40 {
            // Long lines too (over 64 bytes), so that the split's vector loop runs.
            var bytes = Self.file(seed: seed, rows: 60, noise: seed % 3 == 0 ? 0 : Int(seed % 20))
            if seed % 2 == 0 { bytes += Array(String(repeating: "Вибори народних депутатів,precinct,C-1,Київ,chair,male\n", count: 5).utf8) }
            let path = try temporary(bytes)
            defer { try? FileManager.default.removeItem(atPath: path) }
            for size in [3, 17, 64, 200, 1 << 16] {
                #expect(records(path, bufferSize: size, plain: true) == records(path, bufferSize: size, plain: false), "seed \(seed), buffer \(size)")
            }
        }
        #expect(plainLines > 1_000, "the plain path was taken \(plainLines) times")
    }

    /// A file is split only when each part would have at least `minimumPartBytes`, and the
    /// result is the same either way.
    @Test func smallFilesAreReadInOnePart() throws {
        let path = try temporary(Self.file(seed: 7, rows: 200, noise: 0))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let one = aggregate(path, parts: nil, reportLimit: 20, minimumPartBytes: 1 << 30)
        let many = aggregate(path, parts: nil, reportLimit: 20, minimumPartBytes: 64)
        #expect(one.records == 200 && one.diagnostics.isEmpty)
        #expect(many.records == one.records && many.groups == one.groups)
    }

    @Test func utf8CheckAgreesWithTheStandardLibrary() {
        func check(_ bytes: [UInt8]) {
            let expected = !bytes.contains(0) && String(validating: bytes, as: UTF8.self) != nil
            let got = bytes.withUnsafeBufferPointer { CSVScanner.isCleanUTF8($0.baseAddress!, $0.count) }
            #expect(got == expected, "\(bytes.map { String($0, radix: 16) })")
        }
        for a in 0...255 {
            check([UInt8(a)])
            for b in 0...255 { check([UInt8(a), UInt8(b)]) }
        }
        var random = Random(state: 99)
        let leads: [UInt8] = [0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5]
        for _ in 0..<20_000 {
            let tail = (0..<3).map { _ in UInt8(0x70 + random.next(0x60)) }
            check([random.pick(leads)] + tail)
            check([random.pick(leads)] + tail.prefix(2))
            // The same behind a run of ASCII, which is checked eight bytes at a time.
            check(Array("abcdefghij".utf8) + [random.pick(leads)] + tail)
        }
        check(Array("abcdefg\0hij".utf8))
        check(Array("Місцеві вибори 2020 — ok".utf8))
    }
}
