import ArgumentParser
import CECSiteCore
import CECSiteKit
import Foundation

extension RecordKind: ExpressibleByArgument {}

/// `cecsite aggregate`: one person-level records file → its aggregate CSV, without a site.
struct AggregateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aggregate",
        abstract: "Count a person-level records file by gender, as the build does, and print the aggregate CSV.",
        discussion: """
            Members are counted by election × level × position × region, candidates by \
            election × nomination × region, with a column per gender (female, male, other, \
            unknown), the total and the women's share: the rows of the dataset the build \
            publishes. The file is streamed; no column other than the keys is kept. The output file \
            is never the records file itself, and an existing one is replaced only with \
            --overwrite. Errors are printed as path:line:column: error: message, and the exit \
            status is then 1.
            """
    )

    @Option(help: "What the records are: members or candidates.")
    var kind: RecordKind

    @Option(name: .shortAndLong, help: "Write the CSV to this file instead of standard output.")
    var output: String?

    @Flag(help: "Replace the output file when it exists (never the records file itself).")
    var overwrite = false

    @Argument(help: "The records file (CSV with a header row).")
    var file: String

    func run() throws {
        if let output, let refusal = checkAggregateOutput(output, input: file, overwrite: overwrite) {
            FileHandle.standardError.write(Data((refusal.description + "\n").utf8))
            throw ExitCode(1)
        }
        let report = aggregateRecords(file: file, kind: kind)
        for diagnostic in report.diagnostics {
            FileHandle.standardError.write(Data((diagnostic.description + "\n").utf8))
        }
        guard let csv = report.csv else {
            FileHandle.standardError.write(Data("Aggregation failed: \(report.diagnostics.count) problem(s)\n".utf8))
            throw ExitCode(1)
        }
        if let output {
            do {
                try writeAggregate(csv, to: output)
            } catch {
                FileHandle.standardError.write(Data("\(output): error: cannot write the CSV: \(error.localizedDescription)\n".utf8))
                throw ExitCode(1)
            }
            FileHandle.standardError.write(Data("Aggregated \(report.records) records into \(report.groups) rows in \(output)\n".utf8))
        } else {
            FileHandle.standardOutput.write(Data(csv.utf8))
        }
    }
}
