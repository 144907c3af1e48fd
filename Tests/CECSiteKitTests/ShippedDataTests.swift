import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteFormats
@testable import CECSiteKit
@testable import CECSiteMarkdown
@testable import CECSiteTemplates

/// `cecsite data` on the shipped site (a copy of content/ and templates/): it runs without an
/// error, and after a gender count changes it leaves the output folder byte for byte as a fresh
/// full build of the changed content would.
@Suite struct ShippedDataTests {
    static let date = Day(iso: "2026-11-22")
    static let baseURL = "http://localhost:8000"
    static let table = "content/statistics/gender/3-cec-members.yaml"

    /// A copy of the shipped content and templates in a fresh temporary folder.
    struct Copy {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cecsite-shipped-data-\(UUID().uuidString)")
        var content: String { root.appendingPathComponent("content").path }
        var templates: String { root.appendingPathComponent("templates").path }

        init() throws {
            for folder in ["content", "templates"] {
                try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent(folder), to: root.appendingPathComponent(folder))
            }
        }

        func output(_ name: String) -> String { root.appendingPathComponent(name).path }

        func options(_ output: String) -> BuildOptions {
            BuildOptions(
                content: content, templates: templates, output: self.output(output), date: ShippedDataTests.date,
                baseURL: ShippedDataTests.baseURL)
        }

        /// A built file's text; a missing file fails the calling test (and gives "").
        func read(_ path: String, in output: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
            guard let text = try? String(contentsOfFile: self.output(output) + "/" + path, encoding: .utf8) else {
                Issue.record("\(path) was not built (no such file in \(self.output(output)))", sourceLocation: sourceLocation)
                return ""
            }
            return text
        }

        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    @Test func dataRunsWithoutAnErrorAndChangesNothingOnAFreshBuild() throws {
        let copy = try Copy()
        defer { copy.remove() }
        let built = CECSiteKit.build(copy.options("public"))
        #expect(built.succeeded && built.diagnostics.isEmpty, "\(built.diagnostics)")
        let data = CECSiteKit.buildData(copy.options("public"))
        #expect(data.succeeded, "\(data.diagnostics)")
        #expect(data.diagnostics.isEmpty, "\(data.diagnostics)")
        #expect(data.changed == [])
        #expect(data.removed == [])
        #expect(data.pages == built.pages && data.files == built.files)
    }

    @Test func dataAfterAGenderCountChangeEqualsAFreshFullBuild() throws {
        let copy = try Copy()
        defer { copy.remove() }
        #expect(CECSiteKit.build(copy.options("a")).succeeded)
        #expect(copy.read("statistics/gender/cec-members/index.html", in: "a").contains("чоловіки 12 (70,59\u{A0}%)"), "the chart states the shipped count")

        // The Commission's members: 5 women and 12 men become 5 and 7 (the table states no
        // total or percentage for the validator to hold the counts to).
        let path = copy.root.appendingPathComponent(Self.table)
        let yaml = try String(contentsOf: path, encoding: .utf8)
        #expect(yaml.contains("    men: 12\n") && !yaml.contains("stated"))
        try Data(yaml.replacingOccurrences(of: "    men: 12\n", with: "    men: 7\n").utf8).write(to: path)

        let data = CECSiteKit.buildData(copy.options("a"))
        #expect(data.succeeded, "\(data.diagnostics)")
        let changed = data.changed ?? []
        for file in [
            "data/gender-cec-members.csv", "data/gender-cec-members.json", "data/gender-cec-members.xlsx",
            "data/datapackage.json", "data/index.html", "data/gender-cec-members/index.html",
            "statistics/gender/index.html", "statistics/gender/cec-members/index.html",
            "en/low-vision/statistics/gender/cec-members/index.html",
        ] {
            #expect(changed.contains(file), "\(file) is not among the changed files \(changed)")
        }
        #expect(copy.read("statistics/gender/cec-members/index.html", in: "a").contains("чоловіки 7 (58,33\u{A0}%)"), "the chart states the new count")

        let fresh = CECSiteKit.build(copy.options("b"))
        #expect(fresh.succeeded, "\(fresh.diagnostics)")
        let a = OutputWriter.existingFiles(in: copy.output("a")), b = OutputWriter.existingFiles(in: copy.output("b"))
        #expect(a == b)
        #expect(a.count > 1000)
        var differ: [String] = []
        for file in b
        where FileManager.default.contents(atPath: copy.output("a") + "/" + file)
            != FileManager.default.contents(atPath: copy.output("b") + "/" + file)
        {
            differ.append(file)
        }
        #expect(differ == [], "cecsite data left these files unlike a fresh build's")
    }
}
