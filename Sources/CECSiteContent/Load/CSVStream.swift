import CECSiteCore

/// Reads an RFC 4180 CSV file record by record in fixed-size chunks, so memory stays bounded by
/// the longest record, not the file: quoted fields with commas, quotes (`""`) and line breaks,
/// CRLF or LF line ends, UTF-8 with or without a byte-order mark.
package struct CSVStream {
    package let path: String
    package var chunkSize = 1 << 16

    /// One record: its fields and the line it starts on (1-based).
    package struct Record {
        package var fields: [String]
        package var line: Int
    }

    /// Calls `body` for each record in order; returns false (having called nothing more) when
    /// the file cannot be opened. Malformed quoting is reported through `problem` with its line
    /// and column, and the record is still delivered as read.
    @discardableResult
    package func forEach(problem: (Int, Int, String) -> Void = { _, _, _ in }, _ body: (Record) -> Void) -> Bool {
        guard var scanner = CSVScanner(path: path, bufferSize: chunkSize) else { return false }
        while scanner.next() {
            for p in scanner.problems { problem(p.line, p.column, p.message) }
            if scanner.isBlank { continue }
            let fields = (0..<scanner.fieldCount).map { String(decoding: scanner.field($0), as: UTF8.self) }
            body(Record(fields: fields, line: scanner.recordLine))
        }
        return true
    }
}
