import Foundation
import FuzzSupport
import CECSiteCore
import CECSiteKit

/// The streaming CSV reader of the records loader, and the records aggregation over it.
///
/// Invariants: the records and problems do not depend on the chunk size the file is read in;
/// records come in file order with lines inside the file; a file read without problems
/// round-trips through the open-data CSV writer's quoting; the aggregation never traps, every
/// diagnostic is located in the file, and a "Row has N fields" report counts the fields the
/// reader delivered for that row.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = bytes(data, size)
    let folder = scratchFolder("csv")
    let file = folder + "/records.csv"
    write(input, to: file)
    let lines = lineCount(input)

    guard let whole = Fuzzing.readCSV(path: file, chunkSize: 1 << 16) else {
        require(false, "cannot open the file just written")
        return 0
    }
    for chunk in [3, 7] {
        guard let pieces = Fuzzing.readCSV(path: file, chunkSize: chunk) else { continue }
        require(pieces.records.map(\.fields) == whole.records.map(\.fields) && pieces.records.map(\.line) == whole.records.map(\.line),
                "records differ when read \(chunk) bytes at a time")
        require(pieces.problems.map { "\($0.line):\($0.column) \($0.message)" } == whole.problems.map { "\($0.line):\($0.column) \($0.message)" },
                "problems differ when read \(chunk) bytes at a time")
    }
    var previous = 0
    for record in whole.records {
        require(record.line > previous && record.line <= lines, "record on line \(record.line) after line \(previous), file has \(lines)")
        require(!record.fields.isEmpty, "a record without fields")
        previous = record.line
    }
    for problem in whole.problems {
        require((1...lines).contains(problem.line) && problem.column >= 1, "problem at \(problem.line):\(problem.column) outside the file")
    }

    if whole.problems.isEmpty {
        // BOM first: the reader drops one, so a first field that starts with U+FEFF survives.
        var text = "\u{FEFF}"
        for record in whole.records { text += record.fields.map(Fuzzing.csvField).joined(separator: ",") + "\r\n" }
        let again = folder + "/again.csv"
        write(Array(text.utf8), to: again)
        let reread = Fuzzing.readCSV(path: again, chunkSize: 1 << 16)
        require(reread?.problems.isEmpty == true, "the writer's own CSV reads with problems: \(reread?.problems ?? [])")
        require(reread?.records.map(\.fields) == whole.records.map(\.fields), "records do not round-trip through the CSV writer")
    }

    let fieldsOnLine = Dictionary(whole.records.map { ($0.line, $0.fields.count) }, uniquingKeysWith: { first, _ in first })
    for kind in RecordKind.allCases {
        let report = aggregateRecords(file: file, kind: kind)
        require(report.groups <= report.records, "\(report.groups) groups from \(report.records) records")
        require(report.csv != nil || report.diagnostics.contains { $0.severity == .error }, "no aggregate and no error")
        for diagnostic in report.diagnostics {
            require(diagnostic.location.file == file, "a diagnostic about another file: \(diagnostic)")
            require((0...lines).contains(diagnostic.location.line), "line \(diagnostic.location.line) outside the file: \(diagnostic)")
            let message = diagnostic.message
            guard message.hasPrefix("Row has "), let count = Int(message.dropFirst(8).prefix { $0.isNumber }) else { continue }
            require(fieldsOnLine[diagnostic.location.line] == count,
                    "'\(message)' but the reader gave \(fieldsOnLine[diagnostic.location.line].map(String.init) ?? "no record") on line \(diagnostic.location.line)")
        }
    }
    return 0
}
