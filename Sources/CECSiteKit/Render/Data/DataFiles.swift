import CECSiteContent
import CECSiteCore
import CECSiteFormats
import Foundation

/// The files of one dataset: CSV for machines, JSON with the same records, and an XLSX workbook
/// for spreadsheet users (Excel opens a CSV in the locale's legacy code page and turns ids
/// such as `1.1` into dates; a workbook has neither problem).
enum DataFiles {
    /// A published format of a dataset.
    enum Format: String, CaseIterable {
        case csv, json, xlsx

        var mediaType: String {
            switch self {
            case .csv: return "text/csv"
            case .json: return "application/json"
            case .xlsx: return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        }

        /// The format's code in the EU file-type vocabulary, for DCAT-AP.
        var euCode: String {
            switch self {
            case .csv: return "CSV"
            case .json: return "JSON"
            case .xlsx: return "XLSX"
            }
        }
    }

    /// Where the catalog and its files live, below each language's root.
    static let directory = "data/"

    /// The file name of a dataset in a format: `plan-results.csv`.
    static func name(_ id: String, _ format: Format) -> String { "\(id).\(format.rawValue)" }

    /// The bytes of `dataset` in `format`.
    /// - Throws: `ZIPArchive.Failure` when an XLSX workbook is too large for a ZIP archive.
    static func encode(_ dataset: Dataset, as format: Format) throws -> Data {
        switch format {
        case .csv: return Data(csv(dataset).utf8)
        case .json: return Data(json(dataset).serialized().utf8)
        case .xlsx: return try XLSXWriter.workbook(dataset)
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
