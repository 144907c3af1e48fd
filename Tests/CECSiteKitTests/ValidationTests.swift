import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteFormats
@testable import CECSiteKit
@testable import CECSiteMarkdown
@testable import CECSiteTemplates

/// Validation: cross-checks run before any output, each with its message and location.
@Suite struct ValidationTests {
    let pillar = "content/plan/pillars/1-capacity.yaml"

    func lines(_ changes: [String: String?]) throws -> (lines: [String], report: BuildReport) {
        let site = try TempSite.minimal(changes)
        defer { site.remove() }
        let report = site.build()
        return (site.lines(report), report)
    }

    func pillarReplacing(_ pairs: (String, String)...) -> [String: String?] {
        var text = Minimal.files[pillar]!
        for (old, new) in pairs { text = text.replacingOccurrences(of: old, with: new) }
        return [pillar: text]
    }

    @Test func resultMustBelongToItsAction() throws {
        let (lines, report) = try lines(pillarReplacing(("id: \"1.1.2.1\"", "id: \"1.1.3.1\"")))
        #expect(!report.succeeded)
        #expect(
            lines == [
                "\(pillar):19:17: error: The result '1.1.3.1' does not belong to action '1.1.2'; its id must start with '1.1.2.' — renumber it or move it under the action its id names"
            ])
    }

    @Test func goalMustBelongToItsPillar() throws {
        let (lines, _) = try lines(pillarReplacing(("id: \"1.1\"", "id: \"2.1\"")))
        #expect(
            lines.contains(
                "\(pillar):5:9: error: The goal '2.1' does not belong to pillar '1'; its id must start with '1.' — renumber it or move it under the pillar its id names"
            ))
    }

    @Test func duplicateIdsAreReported() throws {
        let (lines, _) = try lines(pillarReplacing(("id: \"1.1.2.1\"", "id: \"1.1.1.1\""), ("id: \"1.1.2\"", "id: \"1.1.1\"")))
        #expect(
            lines.contains {
                $0.hasPrefix("\(pillar):16:13: error: Duplicate id '1.1.1' (a strategic action); it is already used at ")
                    && $0.hasSuffix("\(pillar):8:13; renumber one of them")
            })
    }

    @Test func tillBeforeFromIsAnError() throws {
        let (lines, _) = try lines(pillarReplacing(("till: 2021-04-01", "till: 2019-04-01")))
        #expect(
            lines == [
                "\(pillar):15:19: error: 'till' 2019-04-01 is before 'from' 2020-09-15 in result '1.1.1.1'; check the source and swap or correct the dates"
            ])
    }

    @Test func unknownUnitSuggestsTheNearestKnownName() throws {
        let (lines, _) = try lines(pillarReplacing(("units: [department-of-human-resources]", "units: [departmnet-of-human-resource]")))
        #expect(
            lines == [
                "\(pillar):21:21: error: Unknown unit 'departmnet-of-human-resource' in result '1.1.2.1'; did you mean 'department-of-human-resources' (Department of Human Resources)?"
            ])
    }

    @Test func brokenLinkInMarkdownIsLocated() throws {
        let page = Minimal.files["content/pages/about.en.md"]!.replacingOccurrences(of: "/plan/goals/1-1/", with: "/plan/goal/1-1/")
        let (lines, _) = try lines(["content/pages/about.en.md": page])
        #expect(
            lines == [
                "content/pages/about.en.md:7:14: error: Broken internal link '/plan/goal/1-1/': no page has this address; did you mean '/plan/goals/1-1/'?"
            ])
    }

    @Test func headingsMustNotSkipLevels() throws {
        let page = Minimal.files["content/pages/about.en.md"]!.replacingOccurrences(of: "## Background", with: "#### Background\n\n# Big")
        let (lines, _) = try lines(["content/pages/about.en.md": page])
        #expect(
            lines == [
                "content/pages/about.en.md:9:1: error: Heading level 4 skips level 2; use ## here",
                "content/pages/about.en.md:11:1: error: Level-1 heading in the body; the title is the page's only h1, so start body headings at '##'",
            ])
    }

    @Test func missingInterfaceTranslationIsAnError() throws {
        let english = try String(contentsOf: repositoryRoot.appendingPathComponent("templates/i18n/en.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "nav_news: \"News\"\n", with: "")
        let (lines, _) = try lines(["templates/i18n/en.yaml": english])
        #expect(lines.contains { $0.hasPrefix("templates/i18n/en.yaml: error: Missing en translation of interface string 'nav_news' (defined at ") })
    }

    @Test func templatesMustExistAndUseKnownPartialsAndStrings() throws {
        let (lines, _) = try lines([
            "templates/timeline.mustache": nil,
            "templates/units.mustache": "{{<layout}}{{$main}}{{> partials/missing}} {{t.no_such_string}}{{/main}}{{/layout}}",
        ])
        #expect(lines.contains { $0.hasPrefix("templates/timeline.mustache: error: Missing template 'timeline.mustache'") })
        #expect(lines.contains("templates/units.mustache:1:21: error: Template 'units' uses the missing partial 'partials/missing'"))
        #expect(
            lines.contains { $0.hasPrefix("templates/units.mustache:1:44: error: Template 'units' uses the undefined interface string 't.no_such_string'") })
    }

    @Test func everyErrorIsReportedTogether() throws {
        var changes = pillarReplacing(("till: 2021-04-01", "till: 2019-04-01"), ("units: [department-of-human-resources]", "units: [nobody]"))
        changes["content/pages/about.en.md"] = "---\ntitle: \"x\"\nsection: nowhere\n---\n[a](/nope/)\n"
        let (lines, report) = try lines(changes)
        #expect(report.errors.count == 4)
        #expect(lines.allSatisfy { $0.contains(": error: ") || $0.contains(": warning: ") })
        #expect(lines.contains { $0.contains("Unknown section 'nowhere'") })
        #expect(lines.contains { $0.contains("Broken internal link '/nope/'") })
    }
}
