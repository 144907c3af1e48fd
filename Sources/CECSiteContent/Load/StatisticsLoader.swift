import CECSiteCore
import Foundation
import Yams

/// Loads the published gender tables, one YAML file each in `statistics/gender/`. A site
/// without the folder has no statistics section.
package struct StatisticsLoader {
    package let directory: String
    package let sink: DiagnosticSink

    package func load() -> [StatisticsTable] {
        guard FileManager.default.fileExists(atPath: directory) else { return [] }
        let tables = SourceFiles(sink: sink).list(directory, extensions: ["yaml", "yml"]).compactMap(table)
        return tables.sorted { ($0.order, $0.id.value) < ($1.order, $1.id.value) }
    }

    private func table(_ file: String) -> StatisticsTable? {
        guard let text = SourceFiles(sink: sink).text(file) else { return nil }
        let reader = YAMLReader(file: file, sink: sink)
        guard let f = reader.root(text, what: "a gender statistics table") else { return nil }
        let id = f.string("id", what: "the table's identifier (its URL segment)")
        let order = f.int("order", required: false, what: "the table's place in the list")
        let title = f.localized("title", what: "the table's title")
        let caption = f.localized("caption", required: false, what: "the source's caption, verbatim")
        let counted = f.localized("counted", what: "who is counted")
        let description = f.localized("description", what: "what the table shows")
        let notes = f.list("notes", required: false, what: "notes").compactMap { reader.localized($0, key: "notes", what: "a note") }
        let footnotes = f.list("footnotes", required: false, what: "footnotes").compactMap { node -> Footnote? in
            guard let g = reader.mapping(node, what: "a footnote") else { return nil }
            let mark = g.string("mark", what: "the footnote's mark, such as *")
            let text = g.localized("text", what: "the footnote's text")
            g.finish("a footnote (keys: mark, text)")
            guard let mark, let text else { return nil }
            return Footnote(mark: mark.value, text: text)
        }
        let source = f.localized("source", what: "where the numbers come from")
        let rows = f.list("rows", what: "the table's rows").compactMap { row($0, reader) }
        f.finish("a gender statistics table (keys: id, order, title, caption, counted, description, notes, footnotes, source, rows)")
        guard let id, let title, let counted, let description, let source else { return nil }
        return StatisticsTable(
            id: id, file: file, title: title, caption: caption, counted: counted, description: description,
            notes: notes, footnotes: footnotes, source: source, order: order?.value ?? 0, rows: rows)
    }

    private func row(_ node: Node, _ reader: YAMLReader) -> StatisticsRow? {
        guard let f = reader.mapping(node, what: "a row") else { return nil }
        let id = f.string("id", what: "the row's identifier")
        let label = f.localized("label", what: "the row's label as the source words it")
        let short = f.localized("short_label", required: false, what: "a short label for the chart")
        var asOf: Located<AsOf>?
        if let text = f.string("as_of", required: false, what: "the date the counts hold for") {
            if let value = AsOf(iso: text.value) {
                asOf = Located(value, at: text.location)
            } else {
                sink.error(text.location, "Invalid as_of '\(text.value)'; write a day as YYYY-MM-DD or, when the source names only the month, YYYY-MM")
            }
        }
        var counts: [Gender: Located<Int>] = [:]
        for gender in Gender.allCases {
            guard let value = f.string(gender.rawValue, what: "the number of \(gender.rawValue)") else { continue }
            guard let n = Int(value.value), n >= 0 else {
                sink.error(value.location, "Expected a count (a whole number, 0 or more) for '\(gender.rawValue)', found '\(value.value)'")
                continue
            }
            counts[gender] = Located(n, at: value.location)
        }
        var total: StatedValue?
        var percent: [Gender: StatedValue] = [:]
        if let node = f.node("stated", required: false, what: "the source's stated total and percentages"),
            let g = reader.mapping(node, what: "'stated' (the source's total and percentages, to be checked)")
        {
            total = g.string("total", required: false, what: "the stated total").map { StatedValue(text: $0.value, location: $0.location) }
            for gender in Gender.allCases {
                if let value = g.string("\(gender.rawValue)_percent", required: false, what: "the stated share of \(gender.rawValue)") {
                    percent[gender] = StatedValue(text: value.value, location: value.location)
                }
            }
            g.finish("'stated' (keys: total, \(Gender.allCases.map { "\($0.rawValue)_percent" }.joined(separator: ", ")))")
        }
        let footnote = f.string("footnote", required: false, what: "the mark of the footnote that applies to the row")
        f.finish("a row (keys: id, label, short_label, as_of, \(Gender.allCases.map(\.rawValue).joined(separator: ", ")), stated, footnote)")
        guard let id, let label else { return nil }
        return StatisticsRow(
            id: id, label: label, shortLabel: short ?? label, asOf: asOf, counts: counts, statedTotal: total,
            statedPercent: percent, footnote: footnote?.value)
    }
}
