import Foundation

/// Loads person-level records from `statistics/records/`: each `<id>.csv` with its `<id>.yaml`
/// (kind, title, description, source, sample). The CSV is streamed and aggregated as it is read,
/// so memory grows with the number of distinct keys, never with the number of rows; no column
/// other than the aggregation keys leaves this loader.
struct RecordsLoader {
    let directory: String
    let sink: DiagnosticSink
    /// At most this many bad rows are reported per file; the rest are counted.
    var reportLimit = 20

    func load() -> [RecordSet] {
        guard FileManager.default.fileExists(atPath: directory) else { return [] }
        let files = SourceFiles(sink: sink)
        return files.list(directory, extensions: ["yaml", "yml"]).compactMap(load).sorted { $0.id.value < $1.id.value }
    }

    private func load(_ metaFile: String) -> RecordSet? {
        guard let text = SourceFiles(sink: sink).text(metaFile) else { return nil }
        let reader = YAMLReader(file: metaFile, sink: sink)
        guard let root = reader.parse(text), let f = reader.mapping(root, what: "a records file's description") else { return nil }
        var kind: RecordKind?
        if let value = f.string("kind", what: "the kind of records (members or candidates)") {
            kind = RecordKind(rawValue: value.value)
            if kind == nil {
                sink.error(value.location, "Unknown kind '\(value.value)'; write members (election commission members) or candidates")
            }
        }
        let title = f.localized("title", what: "the records' title")
        let description = f.localized("description", what: "what the records are")
        let source = f.localized("source", what: "where the records come from")
        let sample = f.bool("sample", required: false, what: "true for illustrative sample data")
        let note = f.localized("note", required: false, what: "a note shown with the data")
        f.finish("a records description (keys: kind, title, description, source, sample, note)")
        let stem = ((metaFile as NSString).lastPathComponent as NSString).deletingPathExtension
        let csv = join(directory, stem + ".csv")
        guard let kind, let title, let description, let source else { return nil }
        guard FileManager.default.fileExists(atPath: csv) else {
            sink.error(SourceLocation(file: metaFile), "No records file '\(stem).csv' beside this description; add it or remove the description")
            return nil
        }
        guard let (records, groups) = aggregate(csv, kind) else { return nil }
        return RecordSet(id: Located(stem, at: SourceLocation(file: metaFile, line: 1, column: 1)), kind: kind, title: title,
                         description: description, source: source, sample: sample?.value == true, note: note,
                         records: records, groups: groups)
    }

    /// Streams `file` and counts its records per key.
    func aggregate(_ file: String, _ kind: RecordKind) -> (Int, [(key: [String], counts: [Int])])? {
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
        let opened = CSVStream(path: file).forEach(problem: { report($0, $1, "Malformed CSV: \($2)") }) { record in
            if !headerSeen {
                headerSeen = true
                headerFields = record.fields.count
                for (i, name) in record.fields.enumerated() {
                    let name = name.trimmingCharacters(in: .whitespaces)
                    if !kind.columns.contains(name) {
                        let hint = Suggest.didYouMean(name, in: Set(kind.columns))
                        sink.error(SourceLocation(file: file, line: record.line, column: 1), "Unknown column '\(name)' for \(kind.rawValue) records; \(hint)the columns are: \(kind.columns.joined(separator: ", "))")
                    } else if columns[name] != nil {
                        sink.error(SourceLocation(file: file, line: record.line, column: 1), "Column '\(name)' appears twice in the header; keep one")
                    }
                    columns[name] = columns[name] ?? i
                }
                let missing = kind.columns.filter { columns[$0] == nil }
                if !missing.isEmpty {
                    sink.error(SourceLocation(file: file, line: record.line, column: 1), "The header lacks the column(s) \(missing.joined(separator: ", ")); \(kind.rawValue) records need: \(kind.columns.joined(separator: ", "))")
                } else {
                    headerOK = true
                    keyIndexes = kind.keys.compactMap { columns[$0] }
                    genderIndex = columns["gender"] ?? 0
                }
                return
            }
            guard headerOK else { return }
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
                report(record.line, genderIndex + 1, "Unknown gender code '\(record.fields[genderIndex])'; write female or male (also f/m, ж/ч), other, or leave it empty when unknown")
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
