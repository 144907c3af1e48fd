import Foundation

/// Reads an RFC 4180 CSV file record by record in fixed-size chunks, so memory stays bounded by
/// the longest record, not the file: quoted fields with commas, quotes (`""`) and line breaks,
/// CRLF or LF line ends, UTF-8 with or without a byte-order mark.
struct CSVStream {
    let path: String
    var chunkSize = 1 << 16

    /// One record: its fields and the line it starts on (1-based).
    struct Record {
        var fields: [String]
        var line: Int
    }

    /// Calls `body` for each record in order; returns false (having called nothing more) when
    /// the file cannot be opened. Malformed quoting is reported through `problem` with its line
    /// and column, and the record is still delivered as read.
    @discardableResult
    func forEach(problem: (Int, Int, String) -> Void = { _, _, _ in }, _ body: (Record) -> Void) -> Bool {
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
            if !(fields.count == 1 && fields[0].isEmpty) { body(Record(fields: fields, line: recordLine)) }
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
}
