import CECSiteCore
import Foundation

/// SARIF and EARL output of `cecsite audit --format sarif|earl`.
extension Auditor.Result {
    /// A SARIF 2.1.0 log (the format code hosts read to show findings inline): one run whose
    /// driver lists every rule with its WCAG criterion, and one result per finding, located by
    /// the page's path (relative to the audited folder), line and column.
    public func sarif(rules: [AuditRule] = AuditRules.all) -> String {
        struct Log: Encodable {
            var schema = "https://json.schemastore.org/sarif-2.1.0.json"
            var version = "2.1.0"
            var runs: [Run]
            enum CodingKeys: String, CodingKey {
                case schema = "$schema"
                case version, runs
            }
        }
        struct Run: Encodable {
            var tool: Tool
            var results: [Result]
        }
        struct Tool: Encodable { var driver: Driver }
        struct Driver: Encodable {
            var name = "cecsite audit"
            var rules: [Rule]
        }
        struct Text: Encodable { var text: String }
        struct Rule: Encodable {
            var id: String
            var shortDescription: Text
            var defaultConfiguration: Configuration
            var properties: Properties
        }
        struct Configuration: Encodable { var level: String }
        struct Properties: Encodable { var tags: [String] }
        struct Result: Encodable {
            var ruleId: String
            var ruleIndex: Int?
            var level: String
            var message: Text
            var locations: [Location]
        }
        struct Location: Encodable { var physicalLocation: Physical }
        struct Physical: Encodable {
            var artifactLocation: Artifact
            var region: Region
        }
        struct Artifact: Encodable { var uri: String }
        struct Region: Encodable {
            var startLine: Int
            var startColumn: Int
        }
        let index = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($0.element.id, $0.offset) })
        let log = Log(runs: [
            Run(
                tool: Tool(
                    driver: Driver(
                        rules: rules.map { rule in
                            Rule(
                                id: rule.id, shortDescription: Text(text: rule.summary),
                                defaultConfiguration: Configuration(level: rule.severity.rawValue),
                                properties: Properties(tags: ["accessibility", "WCAG \(rule.criterion)"]))
                        })),
                results: findings.map { finding in
                    Result(
                        ruleId: finding.rule, ruleIndex: index[finding.rule], level: finding.severity.rawValue,
                        message: Text(text: finding.message + (finding.criterion.isEmpty ? "" : " (WCAG \(finding.criterion))")),
                        locations: [
                            Location(
                                physicalLocation: Physical(
                                    artifactLocation: Artifact(uri: Self.uri(finding.location.file)),
                                    region: Region(startLine: max(1, finding.location.line), startColumn: max(1, finding.location.column))))
                        ])
                })
        ])
        return Self.encode(log)
    }

    /// A W3C EARL report in JSON-LD, the format ACT Rules implementation reports use: one test
    /// subject per page with findings, one assertion per finding (`earl:failed` for an error,
    /// `earl:cantTell` for a warning that needs review), pointing at the line and column. The
    /// JSON-LD context is inline, so the report is read without fetching anything.
    public func earl() -> String {
        struct Report: Encodable {
            var context = Context()
            var graph: [Subject]
            enum CodingKeys: String, CodingKey {
                case context = "@context"
                case graph = "@graph"
            }
        }
        struct Context: Encodable {
            var vocab = "http://www.w3.org/ns/earl#"
            var earl = "http://www.w3.org/ns/earl#"
            var dct = "http://purl.org/dc/terms/"
            var ptr = "http://www.w3.org/2009/pointers#"
            var source = "dct:source"
            var title = "dct:title"
            var description = "dct:description"
            var outcome = TypedID(id: "earl:outcome")
            var mode = TypedID(id: "earl:mode")
            var lineNumber = "ptr:lineNumber"
            var charNumber = "ptr:charNumber"
            /// A subject's assertions are the assertions whose earl:subject it is.
            var assertions = Reverse(reverse: "earl:subject")
            enum CodingKeys: String, CodingKey {
                case vocab = "@vocab"
                case earl, dct, ptr, source, title, description, outcome, mode, lineNumber, charNumber, assertions
            }
        }
        struct Reverse: Encodable {
            var reverse: String
            enum CodingKeys: String, CodingKey { case reverse = "@reverse" }
        }
        struct TypedID: Encodable {
            var id: String
            var type = "@id"
            enum CodingKeys: String, CodingKey {
                case id = "@id"
                case type = "@type"
            }
        }
        struct Subject: Encodable {
            var type = "TestSubject"
            var source: String
            var assertions: [Assertion]
            enum CodingKeys: String, CodingKey {
                case type = "@type"
                case source, assertions
            }
        }
        struct Assertion: Encodable {
            var type = "Assertion"
            var mode = "earl:automatic"
            var test: Test
            var result: Outcome
            enum CodingKeys: String, CodingKey {
                case type = "@type"
                case mode, test, result
            }
        }
        struct Test: Encodable {
            var id: String
            var type = "TestCase"
            var title: String
            var description: String
            enum CodingKeys: String, CodingKey {
                case id = "@id"
                case type = "@type"
                case title, description
            }
        }
        struct Outcome: Encodable {
            var type = "TestResult"
            var outcome: String
            var description: String
            var pointer: Pointer
            enum CodingKeys: String, CodingKey {
                case type = "@type"
                case outcome, description, pointer
            }
        }
        struct Pointer: Encodable {
            var type = "ptr:LineCharPointer"
            var lineNumber: Int
            var charNumber: Int
            enum CodingKeys: String, CodingKey {
                case type = "@type"
                case lineNumber, charNumber
            }
        }
        var byPage: [String: [AuditFinding]] = [:]
        for finding in findings { byPage[finding.location.file, default: []].append(finding) }
        let subjects = byPage.keys.sorted().map { page in
            Subject(
                source: Self.uri(page),
                assertions: byPage[page]!.map { finding in
                    Assertion(
                        test: Test(
                            id: "urn:cecsite:audit:" + finding.rule, title: finding.rule,
                            description: finding.criterion.isEmpty ? "audit limit" : "WCAG 2.2 success criterion \(finding.criterion)"),
                        result: Outcome(
                            outcome: finding.severity == .error ? "earl:failed" : "earl:cantTell", description: finding.message,
                            pointer: Pointer(lineNumber: finding.location.line, charNumber: finding.location.column)))
                })
        }
        return Self.encode(Report(graph: subjects))
    }

    /// A relative URI reference for a page path (spaces and other characters percent-encoded).
    static func uri(_ path: String) -> String {
        path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
    }

    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
