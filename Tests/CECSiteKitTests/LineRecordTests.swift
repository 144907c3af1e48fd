import Foundation
import Testing

@testable import CECSiteCore
@testable import CECSiteFormats
@testable import CECSiteKit
@testable import CECSiteMarkdown
@testable import CECSiteTemplates

/// The records of incremental builds are appended to, and written whole when they cannot be.
@Suite struct LineRecordTests {
    func withRecord(_ text: String, _ body: (String) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("line-record-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("record.tsv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        try body(file)
    }

    func read(_ file: String) throws -> String { try String(contentsOfFile: file, encoding: .utf8) }
    func line(_ text: String) -> [UInt8] { Array((text + "\n").utf8) }

    @Test func aRecordEndingInALineBreakIsAppendedTo() throws {
        try withRecord("a\t1\nb\t2\n") { file in
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            let recorded = LineRecord.appendable(data)
            #expect(recorded == 2)
            LineRecord.save(file, recorded: recorded, changed: [line("b\t3")], keys: 2) {
                Issue.record("the record is not written whole")
                return []
            }
            let appended = try read(file)
            #expect(appended == "a\t1\nb\t2\nb\t3\n")
            // Nothing changed: nothing written.
            LineRecord.save(file, recorded: 3, changed: [], keys: 2) { [] }
            let unchanged = try read(file)
            #expect(unchanged == appended)
        }
    }

    @Test func aCutOrMostlyStaleRecordIsWrittenWhole() throws {
        try withRecord("a\t1\nb\t2\nc\t") { file in
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            #expect(LineRecord.appendable(data) == nil, "the last line is cut")
            LineRecord.save(file, recorded: nil, changed: [line("c\t3")], keys: 3) { line("a\t1") + line("b\t2") + line("c\t3") }
            let whole = try read(file)
            #expect(whole == "a\t1\nb\t2\nc\t3\n")
        }
        try withRecord("a\t1\na\t2\na\t3\n") { file in
            // Three lines for one key, one more to come: more than half would be stale.
            LineRecord.save(file, recorded: 3, changed: [line("a\t4")], keys: 1) { line("a\t4") }
            let compacted = try read(file)
            #expect(compacted == "a\t4\n")
        }
        #expect(LineRecord.appendable(Data()) == nil, "an empty or missing record is written whole")
    }
}
