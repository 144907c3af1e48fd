import CECSiteContent
import CECSiteCore
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
        return AggregateReport(csv: nil, records: 0, groups: 0, diagnostics: sink.diagnostics.sortedAndCapped())
    }
    let (fields, rows) = DatasetCatalog.recordsTable(kind, groups)
    return AggregateReport(
        csv: DataFiles.csv(fields: fields, rows: rows), records: records, groups: groups.count,
        diagnostics: sink.diagnostics)
}

/// Checks that the aggregate of `input` may be written to `output` before anything is read:
/// never over the records themselves (the same file, by device and inode, however it is named),
/// never over a folder, device, pipe or socket, and over another existing file only when
/// `overwrite` is true.
///
/// - Returns: The error that refuses it, or nil.
public func checkAggregateOutput(_ output: String, input: String, overwrite: Bool) -> Diagnostic? {
    var target = stat(), source = stat()
    guard stat(output, &target) == 0 else { return nil }
    let location = SourceLocation(file: output)
    if stat(input, &source) == 0, target.st_dev == source.st_dev, target.st_ino == source.st_ino {
        return Diagnostic(
            .error, location,
            "This is the records file '\(input)' itself; writing the aggregate here would destroy the person-level records. Name another output file, e.g. -o aggregate.csv",
            stage: .write)
    }
    if target.st_mode & S_IFMT == S_IFDIR {
        return Diagnostic(
            .error, location, "This is a folder; name the CSV file to write, e.g. -o \(output.hasSuffix("/") ? output : output + "/")aggregate.csv",
            stage: .write)
    }
    if target.st_mode & S_IFMT != S_IFREG {
        // The CSV is written beside it and renamed over it: a device such as /dev/null would be
        // replaced by a regular file.
        return Diagnostic(
            .error, location, "This is not a regular file (a device, a pipe or a socket); name a CSV file to write, or leave out -o to print the CSV",
            stage: .write)
    }
    guard overwrite else {
        return Diagnostic(.error, location, "This file exists; pass --overwrite to replace it, or name another output file", stage: .write)
    }
    return nil
}

/// Writes `csv` as the file `output` through a temporary file beside it renamed over it, so that
/// a failure leaves any previous file whole.
///
/// - Throws: The system's error when the file cannot be written.
public func writeAggregate(_ csv: String, to output: String) throws {
    let url = URL(fileURLWithPath: output)
    try Data(csv.utf8).write(to: url, options: .atomic)
}
