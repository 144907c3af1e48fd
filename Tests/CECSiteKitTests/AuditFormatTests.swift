import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteAudit
@testable import CECSiteCore

/// `cecsite audit --format sarif` and `--format earl`.
@Suite struct AuditFormatTests {
    private func corpusResult() throws -> Auditor.Result {
        try Auditor().audit(folder: AuditCorpusTests.folder.path)
    }

    @Test func sarifNamesRuleLevelCriterionAndPlace() throws {
        let result = try audit(
            ["a b/index.html": "<!DOCTYPE html>\n<html lang=uk><title>T</title>\n<img src=x.png>\n<canvas id=c></canvas><script>c.getContext('2d')</script>"])
        let log = try #require(try JSONSerialization.jsonObject(with: Data(result.sarif().utf8)) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.count == AuditRules.all.count)
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.map { $0["ruleId"] as? String } == ["image-alt", "canvas-alt"])
        #expect(results.map { $0["level"] as? String } == ["error", "warning"])
        let first = try #require(results.first)
        #expect((rules[first["ruleIndex"] as! Int]["id"] as? String) == "image-alt")
        #expect(((first["message"] as? [String: Any])?["text"] as? String)?.hasSuffix("(WCAG 1.1.1)") == true)
        let physical = try #require(((first["locations"] as? [[String: Any]])?.first)?["physicalLocation"] as? [String: Any])
        #expect((physical["artifactLocation"] as? [String: Any])?["uri"] as? String == "a%20b/index.html")
        #expect((physical["region"] as? [String: Any])?["startLine"] as? Int == 3)
    }

    @Test func earlHasOneAssertionPerFinding() throws {
        let result = try audit(["index.html": "<!DOCTYPE html>\n<html lang=uk><title>T</title>\n<img src=x.png>"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.earl().utf8)) as? [String: Any])
        let subjects = try #require(report["@graph"] as? [[String: Any]])
        #expect(subjects.map { $0["source"] as? String } == ["index.html"])
        let assertion = try #require((subjects.first?["assertions"] as? [[String: Any]])?.first)
        #expect((assertion["test"] as? [String: Any])?["@id"] as? String == "urn:cecsite:audit:image-alt")
        let outcome = try #require(assertion["result"] as? [String: Any])
        #expect(outcome["outcome"] as? String == "earl:failed")
        #expect((outcome["pointer"] as? [String: Any])?["lineNumber"] as? Int == 3)
    }

    /// The corpus's reports judged by independent tools in the test environment (.venv, made by
    /// `make data-deps`): the SARIF 2.1.0 JSON schema through jsonschema, EARL through rdflib.
    @Test func reportsPassTheirValidators() throws {
        let python = repositoryRoot.appendingPathComponent(".venv/bin/python")
        try #require(
            FileManager.default.isExecutableFile(atPath: python.path),
            "no test environment at \(python.path): run `make data-deps` (make test does)")
        let result = try corpusResult()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cecsite-formats-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let sarif = folder.appendingPathComponent("audit.sarif")
        let earl = folder.appendingPathComponent("audit.earl.json")
        try Data(result.sarif().utf8).write(to: sarif)
        try Data(result.earl().utf8).write(to: earl)
        let process = Process()
        process.executableURL = python
        process.arguments = [
            repositoryRoot.appendingPathComponent("Tests/audit/check_formats.py").path, sarif.path, earl.path,
            String(result.findings.count),
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(result.findings.count > 50)
    }
}
