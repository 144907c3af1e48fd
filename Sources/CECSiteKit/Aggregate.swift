import Foundation

/// The outcome of ``aggregateRecords(file:kind:)``.
public struct AggregateReport: Sendable {
    /// The aggregates as RFC 4180 CSV, as the dataset `gender-records-<id>` publishes them;
    /// nil when the file has errors.
    public var csv: String?
    /// Records read.
    public var records: Int
    /// Rows of the aggregate (distinct keys).
    public var groups: Int
    public var diagnostics: [Diagnostic]
}

/// Aggregates one person-level records file exactly as a build does (streamed, every bad row
/// reported with its line and column), without a site around it: `cecsite aggregate`.
public func aggregateRecords(file: String, kind: RecordKind) -> AggregateReport {
    let sink = DiagnosticSink(stage: .load)
    guard FileManager.default.fileExists(atPath: file) else {
        sink.error(SourceLocation(file: file), "No such records file; give the path of a CSV file of person-level records")
        return AggregateReport(csv: nil, records: 0, groups: 0, diagnostics: sink.diagnostics)
    }
    let loader = RecordsLoader(directory: (file as NSString).deletingLastPathComponent, sink: sink)
    guard let (records, groups) = loader.aggregate(file, kind), !sink.diagnostics.contains(where: { $0.severity == .error }) else {
        return AggregateReport(csv: nil, records: 0, groups: 0, diagnostics: sink.diagnostics.sortedByLocation())
    }
    let (fields, rows) = DatasetCatalog.recordsTable(kind, groups)
    return AggregateReport(csv: DataFiles.csv(fields: fields, rows: rows), records: records, groups: groups.count,
                           diagnostics: sink.diagnostics)
}
