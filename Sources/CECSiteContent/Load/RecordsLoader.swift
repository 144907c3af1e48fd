import CECSiteCore
import Foundation

/// Loads person-level records from `statistics/records/`: each `<id>.csv` with its `<id>.yaml`
/// (kind, title, description, source, sample). The CSV is streamed and aggregated as it is read,
/// so memory grows with the number of distinct keys, never with the number of rows; no column
/// other than the aggregation keys leaves this loader.
package struct RecordsLoader {
    package let directory: String
    package let sink: DiagnosticSink
    /// At most this many bad rows are reported per file; the rest are counted.
    package var reportLimit = 20
    /// How many parts a file is read in at once; nil for one per processor, as the file's size
    /// allows (see ``minimumPartBytes``).
    package var parts: Int?
    /// A file is not split into parts smaller than this.
    package var minimumPartBytes = 8 << 20

    /// A loader of the records files in `directory`, reporting to `sink`.
    package init(directory: String, sink: DiagnosticSink) {
        self.directory = directory
        self.sink = sink
    }

    package func load() -> [RecordSet] {
        guard FileManager.default.fileExists(atPath: directory) else { return [] }
        let files = SourceFiles(sink: sink)
        return files.list(directory, extensions: ["yaml", "yml"]).compactMap(load).sorted { $0.id.value < $1.id.value }
    }

    private func load(_ metaFile: String) -> RecordSet? {
        guard let text = SourceFiles(sink: sink).text(metaFile) else { return nil }
        let reader = YAMLReader(file: metaFile, sink: sink)
        guard let f = reader.root(text, what: "a records file's description") else { return nil }
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
        return RecordSet(
            id: Located(stem, at: SourceLocation(file: metaFile, line: 1, column: 1)), kind: kind, title: title,
            description: description, source: source, sample: sample?.value == true, note: note,
            records: records, groups: groups)
    }
}
