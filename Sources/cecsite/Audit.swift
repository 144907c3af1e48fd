import ArgumentParser
import CECSiteAudit
import CECSiteCore
import CECSiteKit
import Foundation

/// `cecsite audit`: checks any folder of HTML pages for accessibility failures.
struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check every HTML page of a folder for accessibility failures (WCAG 2.2).",
        discussion: """
            Prints one line per finding: path:line:column: error: [rule] message (WCAG x.y.z). \
            Exits with status 1 when any error is found (with --strict, any warning too). \
            `cecsite audit --list-rules` lists the rules; `--explain RULE` shows one with examples.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, sarif, earl
    }

    @Argument(help: "The folder to audit.")
    var folder = "public"

    @Option(help: "Output format: text, json, sarif (SARIF 2.1.0, for code hosts) or earl (W3C EARL in JSON-LD).")
    var format: Format = .text

    @Flag(help: "Fail on warnings too.")
    var strict = false

    @Flag(help: "List the rules with their WCAG success criteria, then exit.")
    var listRules = false

    @Option(help: "Describe one rule, with an example that fails it and one that passes.")
    var explain: String?

    func run() throws {
        if listRules {
            for rule in AuditRules.all {
                let severity = rule.severity == .warning ? " (warning)" : ""
                print(
                    "\(rule.id.padding(toLength: 28, withPad: " ", startingAt: 0)) WCAG \(rule.criterion.padding(toLength: 7, withPad: " ", startingAt: 0)) \(rule.summary)\(severity)"
                )
            }
            return
        }
        if let explain {
            guard let rule = AuditRules.named(explain) else {
                let known = AuditRules.all.map(\.id)
                let hint = Suggest.nearest(to: explain, in: known).map { " Did you mean '\($0)'?" } ?? ""
                throw ValidationError("No rule '\(explain)'.\(hint) `cecsite audit --list-rules` lists them.")
            }
            print(
                """
                \(rule.id) — WCAG \(rule.criterion)\(rule.severity == .warning ? " (warning)" : "")

                \(rule.summary)

                Fails:
                \(rule.failingExample)

                Passes:
                \(rule.passingExample)
                """)
            return
        }
        let result: Auditor.Result
        do {
            result = try Auditor().audit(folder: folder)
        } catch let failure as Auditor.Failure {
            FileHandle.standardError.write(Data((failure.description + "\n").utf8))
            throw ExitCode(2)
        }
        switch format {
        case .json:
            print(result.json())
        case .sarif:
            print(result.sarif())
        case .earl:
            print(result.earl())
        case .text:
            for finding in result.findings { print(finding) }
            let time = String(format: "%.2f", result.seconds)
            let summary = "Audited \(result.pages) pages in \(time) s: \(result.errors.count) error(s), \(result.warnings.count) warning(s)"
            FileHandle.standardError.write(Data((summary + "\n").utf8))
        }
        if !result.passed(strict: strict) { throw ExitCode(1) }
    }
}
