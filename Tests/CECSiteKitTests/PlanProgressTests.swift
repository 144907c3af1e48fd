import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteContent
@testable import CECSiteKit

/// A result's reported progress (`status:`) is shown beside its timing, summed up per action on
/// the timeline, and published in the plan's datasets; a bad one is a located error.
@Suite struct PlanProgressTests {
    static let file = "content/plan/pillars/1-capacity.yaml"

    /// The minimal site with `status` added to result 1.1.1.1.
    func site(status: String) throws -> TempSite {
        let pillar = Minimal.files[Self.file]!.replacingOccurrences(
            of: "            till: 2021-04-01\n", with: "            till: 2021-04-01\n" + status)
        return try TempSite.minimal([Self.file: pillar, "content/data/datasets.yaml": Minimal.datasetMetadata])
    }

    @Test func aReportedStateIsShownBesideTheTiming() throws {
        let site = try site(
            status: "            status: {state: done, date: 2021-03-20, note: {uk: \"Звіт схвалено.\", en: \"Report approved.\"}}\n")
        defer { site.remove() }
        let report = site.build()
        #expect(report.succeeded, "\(site.lines(report))")
        let page = site.read("plan/goals/1-1/index.html")
        let row = try #require(page.components(separatedBy: "<tr id=\"result-1-1-1-1\">").last?.components(separatedBy: "</tr>").first)
        #expect(
            row.contains(
                "<td data-label=\"Стан виконання\"><span class=\"progress progress-done\">Виконано</span> <span class=\"progress-date\">станом на "
                    + "<time datetime=\"2021-03-20\">20\u{00A0}березня 2021\u{00A0}р.</time></span><br><span>Звіт схвалено.</span></td>"),
            "\(row)")
        let timeline = site.read("en/plan/timeline/index.html")
        #expect(timeline.contains("<li><span class=\"progress progress-done\">Done</span>: 1</li>"))
        let csv = site.read("data/plan-results.csv")
        #expect(csv.components(separatedBy: "\r\n")[0].hasSuffix(",progress_state,progress_date,progress_note_uk,progress_note_en"))
        #expect(csv.contains(",done,2021-03-20,Звіт схвалено.,Report approved."), "\(csv)")
    }

    @Test func noReportSaysSo() throws {
        let site = try TempSite.minimal()
        defer { site.remove() }
        #expect(site.build().succeeded)
        #expect(site.read("en/plan/goals/1-1/index.html").contains("<span class=\"progress progress-not-reported\">Not reported</span>"))
    }

    @Test func anUnknownStateOrAMissingDateIsALocatedError() throws {
        let site = try site(status: "            status: {state: finished}\n")
        defer { site.remove() }
        let report = site.build()
        #expect(!report.succeeded)
        let lines = site.lines(report).filter { $0.contains("error:") }
        #expect(
            lines.contains {
                $0.contains("1-capacity.yaml:") && $0.contains("Unknown progress state 'finished'; write one of: not-started, in-progress, done, cancelled")
            },
            "\(lines)")
        #expect(lines.contains { $0.contains("1-capacity.yaml:") && $0.contains("'date'") }, "\(lines)")
    }
}
