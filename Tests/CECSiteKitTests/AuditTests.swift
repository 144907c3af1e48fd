import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteAudit
@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteFormats
@testable import CECSiteKit
@testable import CECSiteMarkdown
@testable import CECSiteTemplates

/// Audits pages given as text: `files` maps paths to HTML; other files (stylesheets) may be included.
func audit(_ files: [String: String], rules: [AuditRule] = AuditRules.all) throws -> Auditor.Result {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("cecsite-audit-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    for (path, text) in files {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }
    return try Auditor(rules: rules).audit(folder: root.path)
}

/// Splits a rule example into its pages: `<!-- file: name -->` lines start a new file.
func examplePages(_ example: String) -> [String: String] {
    var files: [String: String] = [:]
    var current = "index.html"
    for line in example.split(separator: "\n", omittingEmptySubsequences: false) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("<!-- file:"), trimmed.hasSuffix("-->") {
            current = trimmed.dropFirst("<!-- file:".count).dropLast(3).trimmingCharacters(in: .whitespaces)
            files[current] = ""
            continue
        }
        files[current, default: ""] += line + "\n"
    }
    return files.filter { !$0.value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
}

@Suite struct AuditRuleTests {
    @Test func rulesHaveUniqueIdsAndRealCriteria() {
        let ids = AuditRules.all.map(\.id)
        #expect(Set(ids).count == ids.count, "duplicate rule ids: \(ids)")
        for rule in AuditRules.all {
            #expect(rule.id.range(of: #"^[a-z0-9]+(-[a-z0-9]+)*$"#, options: .regularExpression) != nil, "\(rule.id)")
            #expect(
                rule.criterion.range(of: #"^[1-4]\.[1-9]\.[1-9][0-9]?$"#, options: .regularExpression) != nil,
                "\(rule.id): \(rule.criterion)")
            #expect(!rule.summary.isEmpty)
        }
    }

    /// The documentation is executable: each rule's failing example fails it, its passing one passes.
    @Test(arguments: AuditRules.all.map(\.id))
    func examplesBehaveAsDocumented(id: String) throws {
        let rule = try #require(AuditRules.named(id))
        let failing = try audit(examplePages(rule.failingExample))
        #expect(failing.findings.contains { $0.rule == id }, "failing example of \(id) gave \(failing.findings)")
        let passing = try audit(examplePages(rule.passingExample))
        #expect(!passing.findings.contains { $0.rule == id }, "passing example of \(id) gave \(passing.findings)")
    }
}

/// The corpus in `AuditCorpus/`: pages with seeded failures marked `<!-- expect: rule (x.y.z) -->`
/// on the failing line, clean controls, and pages that look suspicious but are fine.
/// The auditor must report exactly the marked failures.
@Suite struct AuditCorpusTests {
    static let folder = repositoryRoot.appendingPathComponent("Tests/CECSiteKitTests/AuditCorpus")

    struct Expectation: Hashable, CustomStringConvertible {
        var file: String
        var line: Int
        var rule: String
        var criterion: String
        var description: String { "\(file):\(line): [\(rule)] (WCAG \(criterion))" }
    }

    static func expectations() throws -> Set<Expectation> {
        var result: Set<Expectation> = []
        let pattern = try NSRegularExpression(pattern: #"<!-- expect: ([a-z0-9-]+) \(([0-9.]+)\) -->"#)
        // Findings inside stylesheets (a focus style, say) are marked in CSS comments.
        let cssPattern = try NSRegularExpression(pattern: #"/\* expect: ([a-z0-9-]+) \(([0-9.]+)\) \*/"#)
        for path in Auditor.files(below: folder) where path.hasSuffix(".html") || path.hasSuffix(".css") {
            let pattern = path.hasSuffix(".css") ? cssPattern : pattern
            let text = try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = String(line)
                for match in pattern.matches(in: line, range: NSRange(line.startIndex..., in: line)) {
                    result.insert(
                        Expectation(
                            file: path, line: index + 1,
                            rule: String(line[Range(match.range(at: 1), in: line)!]),
                            criterion: String(line[Range(match.range(at: 2), in: line)!])))
                }
            }
        }
        return result
    }

    @Test func findsExactlyTheSeededFailures() throws {
        let result = try Auditor().audit(folder: Self.folder.path)
        let found = Set(
            result.findings.map {
                Expectation(file: $0.location.file, line: $0.location.line, rule: $0.rule, criterion: $0.criterion)
            })
        let expected = try Self.expectations()
        let missed = expected.subtracting(found).sorted { $0.description < $1.description }
        let spurious = found.subtracting(expected).sorted { $0.description < $1.description }
        #expect(missed.isEmpty, "seeded failures not found:\n\(missed.map(\.description).joined(separator: "\n"))")
        #expect(spurious.isEmpty, "findings not seeded:\n\(spurious.map(\.description).joined(separator: "\n"))")
    }

    @Test func everyRuleIsSeededInTheCorpus() throws {
        let seeded = Set(try Self.expectations().map(\.rule))
        let missing = AuditRules.all.map(\.id).filter { !seeded.contains($0) }
        #expect(missing.isEmpty, "rules without a seeded failure in the corpus: \(missing)")
    }

    /// docs/AUDIT.md's table has one row per rule, with the rule's criterion and severity.
    @Test func documentationListsEveryRule() throws {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/AUDIT.md"), encoding: .utf8)
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("| `") }
        var documented: [String: String] = [:]
        for row in rows {
            let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            documented[cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))] = "\(cells[1]) \(cells[2])"
        }
        let expected = Dictionary(uniqueKeysWithValues: AuditRules.all.map { ($0.id, "\($0.criterion) \($0.severity.rawValue)") })
        #expect(documented == expected, "docs/AUDIT.md's rule table differs from the rules; regenerate it from `cecsite audit --list-rules`")
    }
}

@Suite struct AuditOutputTests {
    @Test func textLineNamesPlaceRuleAndCriterion() throws {
        let result = try audit(
            ["a/index.html": "<!DOCTYPE html>\n<html>\n<head><title>T</title></head><body></body></html>\n"],
            rules: [AuditRules.named("html-lang")!])
        #expect(
            result.findings.map(\.description) == [
                "a/index.html:2:1: error: [html-lang] <html> has no lang attribute; add the page's language, e.g. <html lang=\"uk\"> (WCAG 3.1.1)"
            ])
        #expect(!result.passed(strict: false))
    }

    @Test func jsonListsEveryFinding() throws {
        let result = try audit(
            ["index.html": "<!DOCTYPE html>\n<html lang=ua><title>T</title>\n<img src=x.png>"],
            rules: [AuditRules.named("html-lang")!, AuditRules.named("image-alt")!])
        let json = try JSONSerialization.jsonObject(with: Data(result.json().utf8)) as? [String: Any]
        #expect(json?["errors"] as? Int == 2)
        let findings = json?["findings"] as? [[String: Any]] ?? []
        #expect(findings.map { $0["rule"] as? String } == ["html-lang", "image-alt"])
        #expect(findings.first?["line"] as? Int == 2 && findings.first?["column"] as? Int == 7)
        #expect(findings.last?["criterion"] as? String == "1.1.1")
    }

    @Test func missingFolderIsAClearError() {
        #expect(throws: Auditor.Failure.self) { try Auditor().audit(folder: "/nonexistent-\(UUID().uuidString)") }
    }

    @Test func linkResolutionFollowsURLRules() {
        #expect(AuditPage.resolve("/plan/", from: "en/index.html")! == ("plan/index.html", nil))
        #expect(AuditPage.resolve("../x.css", from: "en/plan/index.html")! == ("en/x.css", nil))
        #expect(AuditPage.resolve("#top", from: "a/b.html")! == ("a/b.html", "top"))
        #expect(AuditPage.resolve("./", from: "a/b.html")! == ("a/index.html", nil))
        #expect(AuditPage.resolve("goal%201.html?x=1#res-2", from: "index.html")! == ("goal 1.html", "res-2"))
        #expect(AuditPage.resolve("https://cvk.gov.ua/", from: "index.html") == nil)
        #expect(AuditPage.resolve("mailto:x@y", from: "index.html") == nil)
        #expect(AuditPage.resolve("//cdn.example/x.js", from: "index.html") == nil)
        #expect(AuditPage.resolve("../../x", from: "a/index.html") == nil)
    }
}

/// The shipped site passes its own auditor, strictly.
@Suite struct ShippedSiteAuditTests {
    @Test func shippedSiteHasNoFindings() throws {
        #expect(ShippedContentTests.report.succeeded)
        let result = try Auditor().audit(folder: ShippedContentTests.output)
        #expect(result.pages > 100)
        #expect(result.findings.isEmpty, "\(result.findings.prefix(30).map(\.description).joined(separator: "\n"))")
    }
}
