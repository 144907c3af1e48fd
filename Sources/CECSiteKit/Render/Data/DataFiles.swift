import CECSiteContent
import CECSiteCore
import CECSiteFormats
import Foundation

/// The files of one dataset: CSV for machines, JSON with the same records, an XLSX workbook
/// for spreadsheet users (Excel opens a CSV in the locale's legacy code page and turns ids
/// such as `1.1` into dates; a workbook has neither problem), and a CSV made for opening in a
/// spreadsheet (``spreadsheetCSV(_:)``).
enum DataFiles {
    /// A published format of a dataset.
    enum Format: String, CaseIterable {
        case csv, json, xlsx
        /// The CSV for spreadsheets: `;`, a byte-order mark, ids written so they stay text.
        case spreadsheetCSV = "excel.csv"

        /// The end of the file's name, after the dataset id and a dot: `csv`, `excel.csv`.
        var fileExtension: String { rawValue }

        /// The key of the format in interface strings (`format_note_<key>`) and the register.
        var key: String { self == .spreadsheetCSV ? "excel_csv" : rawValue }

        /// The format's name as pages and the catalog show it: `CSV`, `CSV (Excel)`.
        var label: String { self == .spreadsheetCSV ? "CSV (Excel)" : rawValue.uppercased() }

        var mediaType: String {
            switch self {
            case .csv, .spreadsheetCSV: return "text/csv"
            case .json: return "application/json"
            case .xlsx: return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        }

        /// The format's code in the EU file-type vocabulary, for DCAT-AP.
        var euCode: String {
            switch self {
            case .csv, .spreadsheetCSV: return "CSV"
            case .json: return "JSON"
            case .xlsx: return "XLSX"
            }
        }
    }

    /// Where the catalog and its files live, below each language's root.
    static let directory = "data/"

    /// The file name of a dataset in a format: `plan-results.csv`.
    static func name(_ id: String, _ format: Format) -> String { "\(id).\(format.fileExtension)" }

    /// The bytes of `dataset` in `format`.
    /// - Throws: `ZIPArchive.Failure` when an XLSX workbook is too large for a ZIP archive.
    static func encode(_ dataset: Dataset, as format: Format) throws -> Data {
        switch format {
        case .csv: return Data(csv(dataset).utf8)
        case .json: return Data(json(dataset).serialized().utf8)
        case .xlsx: return try XLSXWriter.workbook(dataset)
        case .spreadsheetCSV: return Data(spreadsheetCSV(dataset).utf8)
        }
    }

    /// RFC 4180 CSV: a header row of the field names, CRLF line ends, a field quoted when it
    /// holds a comma, a quote, a line break or leading or trailing space; UTF-8 without BOM.
    static func csv(_ dataset: Dataset) -> String { csv(fields: dataset.fields, rows: dataset.rows) }

    /// CSV of `rows` under a header of the names of `fields`, as ``csv(_:)``.
    static func csv(fields: [DataField], rows: [[DataValue]]) -> String {
        var out = fields.map { field($0.name) }.joined(separator: ",") + "\r\n"
        for row in rows {
            out += row.map { field(cellText($0)) }.joined(separator: ",") + "\r\n"
        }
        return out
    }

    /// The CSV to open in a spreadsheet with Ukrainian regional settings: a UTF-8 byte-order mark
    /// (so Excel reads UTF-8), `;` between fields (the list separator of Ukrainian settings, so
    /// a double click splits the columns), CRLF line ends, and every id written as a text
    /// formula, `="1.1"`, which LibreOffice shows as the text `1.1` instead of a date (Ukrainian
    /// settings) or the number 1.1 (`1.10`, English settings), and which is the form commonly used
    /// for Excel. Verified with LibreOffice's CSV import in `make test`
    /// (Tests/data/check_spreadsheet.py); Excel is not available to the tests.
    ///
    /// Which values: those of id-like text columns (a pattern, a closed list, a name ending in
    /// `_id` or `_ids`) and every text that does not start with a letter (times such as `10:00`,
    /// months such as `2019-03`), when it fits on one line in at most 255 characters (the
    /// longest text constant Excel's formulas take). The formula is only a quoted string, its
    /// quotes doubled, so it can run nothing. Other texts are written as in ``csv(_:)`` (with
    /// its `'` before a formula character); numbers keep `.` as decimal separator, dates are ISO
    /// 8601, so that no value is ever read as a different one (in Ukrainian settings a decimal
    /// such as `54.77` stays text, never becomes another number).
    static func spreadsheetCSV(_ dataset: Dataset) -> String {
        var out = "\u{FEFF}" + dataset.fields.map { spreadsheetField($0.name) }.joined(separator: ";") + "\r\n"
        for row in dataset.rows {
            out += zip(dataset.fields, row).map { spreadsheetCell($1, idLike: isIDLike($0)) }.joined(separator: ";") + "\r\n"
        }
        return out
    }

    /// True for a text column that holds identifiers or codes: a pattern, a closed list of
    /// values, or a name ending in `_id` or `_ids`.
    static func isIDLike(_ field: DataField) -> Bool {
        field.type == .string && (field.pattern != nil || field.allowed != nil || field.name.hasSuffix("_id") || field.name.hasSuffix("_ids"))
    }

    /// A value as one field of ``spreadsheetCSV(_:)``: a text formula written as Excel-bound
    /// CSV files write it, `="1.1"` (quoted as a whole, `"=""a; b"""`, only when the text holds
    /// `;` or a quote), any other value as ``cellText(_:)`` quoted by ``spreadsheetField(_:)``.
    static func spreadsheetCell(_ value: DataValue, idLike: Bool) -> String {
        guard case .text(let text) = value, let first = text.first else { return spreadsheetField(cellText(value)) }
        let oneLine = !text.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\t" })
        guard oneLine, text.utf16.count <= 255, idLike || !first.isLetter else { return spreadsheetField(cellText(value)) }
        let formula = "=\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        return text.contains(where: { $0 == ";" || $0 == "\"" }) ? spreadsheetField(formula) : formula
    }

    /// One field of ``spreadsheetCSV(_:)``, quoted when it holds `;`, a quote, a line break or
    /// leading or trailing space.
    static func spreadsheetField(_ text: String) -> String {
        let needsQuotes =
            text.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            || text.first?.isWhitespace == true || text.last?.isWhitespace == true
        return needsQuotes ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    /// The characters that make a spreadsheet read a cell as a formula (CSV injection).
    static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    /// A value's CSV text: a text value that starts like a formula gets a leading `'`, so a
    /// spreadsheet opening the CSV shows it instead of running it. Numbers, dates and booleans are
    /// never changed, nor are the JSON and XLSX files (the workbook stores text as inline strings).
    static func cellText(_ value: DataValue) -> String {
        guard case .text(let text) = value, let first = text.first, formulaStarts.contains(first) else { return value.csvText }
        return "'" + text
    }

    /// One CSV field, quoted when it must be.
    static func field(_ text: String) -> String {
        let needsQuotes =
            text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            || text.first?.isWhitespace == true || text.last?.isWhitespace == true
        return needsQuotes ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    /// The records as a JSON array of objects keyed by field name, in the CSV's column order;
    /// a missing value is `null`, dates are ISO 8601 strings.
    static func json(_ dataset: Dataset) -> JSONValue {
        .array(
            dataset.rows.map { row in
                .object(zip(dataset.fields, row).map { field, value in (field.name, jsonValue(value)) })
            })
    }

    static func jsonValue(_ value: DataValue) -> JSONValue {
        if value.isMissing { return .null }
        switch value {
        case .text(let s): return .string(s)
        case .integer(let n): return .int(n)
        case .decimal(let s): return .number(s)
        case .date(let d): return .string(d.description)
        case .boolean(let b): return .bool(b)
        case .missing: return .null
        }
    }
}
