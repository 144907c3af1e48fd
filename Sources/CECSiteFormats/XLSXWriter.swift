import CECSiteCore
import Foundation

/// Writes a dataset as an Office Open XML workbook: a `data` sheet with the records (text as
/// inline strings, so Excel never reads `1.1` as a date or `=…` as a formula; numbers as
/// numbers; dates as ISO 8601 text) and a `fields` sheet describing each column in both
/// languages. Any Excel or LibreOffice opens it with Cyrillic intact, whatever the locale.
public enum XLSXWriter {
    private static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    private static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    private static let packageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships"
    private static let header = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

    /// A cell of a sheet.
    enum Cell {
        case text(String)
        case number(String)
        case boolean(Bool)
        case empty
    }

    /// - Throws: `ZIPArchive.Failure` when the workbook is too large for a ZIP archive.
    public static func workbook(_ dataset: Dataset) throws -> Data {
        let data: [[Cell]] =
            [dataset.fields.map { .text($0.name) }]
            + dataset.rows.map { row in
                row.map { value -> Cell in
                    if value.isMissing { return .empty }
                    switch value {
                    case .text(let s): return .text(s)
                    case .integer(let n): return .number(String(n))
                    case .decimal(let s): return .number(s)
                    case .date(let d): return .text(d.description)
                    case .boolean(let b): return .boolean(b)
                    case .missing: return .empty
                    }
                }
            }
        let fields: [[Cell]] =
            [["name", "type", "title_uk", "title_en", "description_uk", "description_en"].map(Cell.text)]
            + dataset.fields.map { field in
                [
                    .text(field.name), .text(field.type.rawValue),
                    .text(field.title.values[.uk] ?? ""), .text(field.title.values[.en] ?? ""),
                    .text(field.description.values[.uk] ?? ""), .text(field.description.values[.en] ?? ""),
                ]
            }
        return try workbook(sheets: [("data", data), ("fields", fields)])
    }

    /// A workbook of named sheets; the first row of each is bold, frozen and filterable.
    /// - Parameter limit: The largest size or offset the ZIP archive may hold (4 GiB - 1; lower in tests).
    /// - Throws: `ZIPArchive.Failure` when the workbook is too large for a ZIP archive.
    static func workbook(sheets: [(name: String, rows: [[Cell]])], limit: Int = Int(UInt32.max)) throws -> Data {
        var zip = ZIPArchive(limit: limit)
        var types =
            header + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
            + "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
        for i in sheets.indices {
            types +=
                "<Override PartName=\"/xl/worksheets/sheet\(i + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        types += "</Types>"
        try zip.add("[Content_Types].xml", Data(types.utf8))
        try zip.add(
            "_rels/.rels",
            Data(
                (header + "<Relationships xmlns=\"\(packageRelationships)\">"
                    + "<Relationship Id=\"rId1\" Type=\"\(relationships)/officeDocument\" Target=\"xl/workbook.xml\"/>"
                    + "</Relationships>").utf8))
        var book = header + "<workbook xmlns=\"\(main)\" xmlns:r=\"\(relationships)\"><sheets>"
        var rels = header + "<Relationships xmlns=\"\(packageRelationships)\">"
        for (i, sheet) in sheets.enumerated() {
            book += "<sheet name=\"\(XML.escape(sheet.name))\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"/>"
            rels += "<Relationship Id=\"rId\(i + 1)\" Type=\"\(relationships)/worksheet\" Target=\"worksheets/sheet\(i + 1).xml\"/>"
        }
        book += "</sheets></workbook>"
        rels += "<Relationship Id=\"rId\(sheets.count + 1)\" Type=\"\(relationships)/styles\" Target=\"styles.xml\"/></Relationships>"
        try zip.add("xl/workbook.xml", Data(book.utf8))
        try zip.add("xl/_rels/workbook.xml.rels", Data(rels.utf8))
        try zip.add(
            "xl/styles.xml",
            Data(
                (header + "<styleSheet xmlns=\"\(main)\">"
                    + "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font><font><b/><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>"
                    + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
                    + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
                    + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
                    + "<cellXfs count=\"2\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
                    + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/></cellXfs>"
                    + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
                    + "</styleSheet>").utf8))
        for (i, sheet) in sheets.enumerated() {
            try zip.add("xl/worksheets/sheet\(i + 1).xml", Data(worksheet(sheet.rows).utf8))
        }
        return try zip.data()
    }

    private static func worksheet(_ rows: [[Cell]]) -> String {
        let columns = rows.map(\.count).max() ?? 0
        var xml = header + "<worksheet xmlns=\"\(main)\">"
        xml +=
            "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>"
        if columns > 0 {
            xml += "<cols>"
            for c in 0..<columns {
                let longest =
                    rows.map { row -> Int in
                        guard c < row.count else { return 0 }
                        switch row[c] {
                        case .text(let s), .number(let s): return s.count
                        case .boolean: return 5
                        case .empty: return 0
                        }
                    }.max() ?? 0
                xml += "<col min=\"\(c + 1)\" max=\"\(c + 1)\" width=\"\(min(60, max(10, longest + 2)))\" customWidth=\"1\"/>"
            }
            xml += "</cols>"
        }
        xml += "<sheetData>"
        for (r, row) in rows.enumerated() {
            xml += "<row r=\"\(r + 1)\">"
            for (c, cell) in row.enumerated() {
                let ref = column(c) + String(r + 1)
                let style = r == 0 ? " s=\"1\"" : ""
                switch cell {
                case .text(let s):
                    let space = s.first?.isWhitespace == true || s.last?.isWhitespace == true ? " xml:space=\"preserve\"" : ""
                    xml += "<c r=\"\(ref)\" t=\"inlineStr\"\(style)><is><t\(space)>\(XML.escape(s))</t></is></c>"
                case .number(let s): xml += "<c r=\"\(ref)\"\(style)><v>\(s)</v></c>"
                case .boolean(let b): xml += "<c r=\"\(ref)\" t=\"b\"\(style)><v>\(b ? 1 : 0)</v></c>"
                case .empty: break
                }
            }
            xml += "</row>"
        }
        xml += "</sheetData>"
        if columns > 0, rows.count > 0 { xml += "<autoFilter ref=\"A1:\(column(columns - 1))\(rows.count)\"/>" }
        xml += "</worksheet>"
        return xml
    }

    /// The column letters of a zero-based index: A…Z, AA….
    public static func column(_ index: Int) -> String {
        var n = index + 1, letters = ""
        while n > 0 {
            let rest = (n - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + rest))) + letters
            n = (n - 1) / 26
        }
        return letters
    }
}
