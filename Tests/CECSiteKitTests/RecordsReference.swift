import CECSiteTestSupport
import Foundation

@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteFormats
@testable import CECSiteKit
@testable import CECSiteMarkdown
@testable import CECSiteTemplates

/// The records reader and aggregation as they were before they worked on raw bytes (a `String`
/// per field, a `[String]` key per row), kept as the oracle the byte-level ones must agree with
/// on every input: records, problems, counts, diagnostics and their order.
enum RecordsReference {
    static func forEach(path: String, chunkSize: Int, problem: (Int, Int, String) -> Void, _ body: (CSVStream.Record) -> Void) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false, afterQuote = false, fieldStarted = false
        var line = 1, column = 0, recordLine = 1
        var first = true, pendingCR = false
        var fieldLine = 1, fieldColumn = 1, encodingReported = false

        func endField() {
            if !encodingReported {
                if field.contains(0) {
                    encodingReported = true
                    problem(fieldLine, fieldColumn, "a NUL byte in this field; remove it or save the file as UTF-8 text")
                } else if String(validating: field, as: UTF8.self) == nil {
                    encodingReported = true
                    problem(fieldLine, fieldColumn, "this field is not valid UTF-8 (perhaps Windows-1251); save the file as UTF-8")
                }
            }
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            quoted = false
            afterQuote = false
            fieldStarted = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { body(CSVStream.Record(fields: fields, line: recordLine)) }
            fields.removeAll(keepingCapacity: true)
        }

        while true {
            let data = handle.readData(ofLength: chunkSize)
            if data.isEmpty { break }
            var bytes = [UInt8](data)
            if first {
                first = false
                if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
            }
            for byte in bytes {
                column += 1
                if !fieldStarted && !quoted && !afterQuote && field.isEmpty { fieldLine = line; fieldColumn = column }
                if pendingCR {
                    pendingCR = false
                    if byte == 0x0A { column = 0; continue }
                }
                if quoted {
                    if byte == 0x22 {
                        quoted = false
                        afterQuote = true
                    } else {
                        if byte == 0x0A { line += 1; column = 0 }
                        field.append(byte)
                    }
                    continue
                }
                switch byte {
                case 0x22:
                    if afterQuote {
                        field.append(0x22)  // "" inside a quoted field
                        quoted = true
                        afterQuote = false
                    } else if !fieldStarted {
                        quoted = true
                        fieldStarted = true
                    } else {
                        problem(line, column, "a quote inside an unquoted field; quote the whole field and double the quote (\"\")")
                        field.append(byte)
                    }
                case 0x2C:
                    endField()
                case 0x0D, 0x0A:
                    endRecord()
                    line += 1
                    column = 0
                    recordLine = line
                    pendingCR = byte == 0x0D
                default:
                    if afterQuote {
                        problem(line, column, "text after the closing quote of a field; quote the whole field")
                        afterQuote = false
                    }
                    fieldStarted = true
                    field.append(byte)
                }
            }
        }
        if quoted { problem(recordLine, 1, "a quoted field is not closed before the end of the file; add the closing quote") }
        if !field.isEmpty || !fields.isEmpty || fieldStarted { endRecord() }
        return true
    }

    static func aggregate(_ file: String, _ kind: RecordKind, sink: DiagnosticSink, reportLimit: Int) -> (Int, [(key: [String], counts: [Int])])? {
        var columns: [String: Int] = [:]
        var keyIndexes: [Int] = []
        var genderIndex = 0
        var counts: [[String]: [Int]] = [:]
        var records = 0, bad = 0
        var headerSeen = false, headerOK = false
        // Rows are checked against the header's field count, not its distinct names: with a
        // repeated column the two differ, and a row as short as the names would be read past its end.
        var headerFields = 0
        func report(_ line: Int, _ column: Int, _ message: String) {
            bad += 1
            if bad <= reportLimit { sink.error(SourceLocation(file: file, line: line, column: column), message) }
        }
        var unterminated = false
        let opened = forEach(
            path: file, chunkSize: 1 << 16,
            problem: { line, column, message in
                if message.hasPrefix("a quoted field is not closed") { unterminated = true }
                report(line, column, "Malformed CSV: \(message)")
            }
        ) { record in
            if !headerSeen {
                headerSeen = true
                headerFields = record.fields.count
                for (i, name) in record.fields.enumerated() {
                    let name = name.trimmingCharacters(in: .whitespaces)
                    if !kind.columns.contains(name) {
                        let hint = Suggest.didYouMean(name, in: Set(kind.columns))
                        sink.error(
                            SourceLocation(file: file, line: record.line, column: i + 1),
                            "Unknown column '\(name)' for \(kind.rawValue) records; \(hint)the columns are: \(kind.columns.joined(separator: ", "))")
                    } else if columns[name] != nil {
                        sink.error(SourceLocation(file: file, line: record.line, column: i + 1), "Column '\(name)' appears twice in the header; keep one")
                    }
                    columns[name] = columns[name] ?? i
                }
                // A missing column that a misspelt name stands for is reported with that name only.
                var missing = kind.columns.filter { columns[$0] == nil }
                for name in record.fields.map({ $0.trimmingCharacters(in: .whitespaces) }) where !kind.columns.contains(name) {
                    if let near = Suggest.nearest(to: name, in: Set(kind.columns)) { missing.removeAll { $0 == near } }
                }
                if !missing.isEmpty {
                    sink.error(
                        SourceLocation(file: file, line: record.line, column: 1),
                        "The header lacks the column(s) \(missing.joined(separator: ", ")); \(kind.rawValue) records need: \(kind.columns.joined(separator: ", "))"
                    )
                }
                if kind.columns.allSatisfy({ columns[$0] != nil }) {
                    headerOK = true
                    keyIndexes = kind.keys.compactMap { columns[$0] }
                    genderIndex = columns["gender"] ?? 0
                }
                return
            }
            guard headerOK else { return }
            // The row a quote left open runs to the end of the file: its fields are not checked.
            if unterminated { return }
            records += 1
            guard record.fields.count == headerFields else {
                report(record.line, 1, "Row has \(record.fields.count) fields, the header \(headerFields); check its commas and quotes")
                return
            }
            var key: [String] = []
            for (name, index) in zip(kind.keys, keyIndexes) {
                let value = record.fields[index].trimmedSpaces
                if value.isEmpty {
                    report(record.line, index + 1, "Empty '\(name)'; every record needs one")
                    return
                }
                if let allowed = kind.allowed[name], !allowed.contains(value) {
                    let hint = Suggest.didYouMean(value, in: Set(allowed))
                    report(record.line, index + 1, "Unknown \(name) '\(value)'; \(hint)write one of: \(allowed.joined(separator: ", "))")
                    return
                }
                key.append(value)
            }
            guard let gender = RecordGender.code(record.fields[genderIndex]) else {
                report(
                    record.line, genderIndex + 1,
                    "Unknown gender code '\(record.fields[genderIndex])'; write female or male (also f/m, ж/ч), other, or leave it empty when unknown")
                return
            }
            var row = counts[key] ?? Array(repeating: 0, count: RecordGender.allCases.count)
            row[RecordGender.allCases.firstIndex(of: gender) ?? 0] += 1
            counts[key] = row
        }
        guard opened else {
            sink.error(SourceLocation(file: file), "Cannot read the records file; check that it is readable")
            return nil
        }
        if !headerSeen { sink.error(SourceLocation(file: file), "The records file is empty; it needs a header row and records") }
        if bad > reportLimit {
            sink.error(SourceLocation(file: file), "\(bad - reportLimit) more bad row(s) not listed; fix the ones above and build again")
        }
        let groups = counts.map { (key: $0.key, counts: $0.value) }.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        return (records, groups)
    }
}
