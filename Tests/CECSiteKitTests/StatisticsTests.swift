import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteFormats
@testable import CECSiteKit
@testable import CECSiteMarkdown
@testable import CECSiteTemplates

/// Gender statistics: counts as content, percentages computed exactly, the source's stated
/// values checked, numbers formatted per language, charts as accessible inline SVG.
@Suite struct StatisticsTests {
    static let table = """
        id: leaders
        title: {uk: "Керівники", en: "Leaders"}
        counted: {en: "Chairs"}
        description: {en: "Chairs by gender."}
        footnotes:
          - mark: "*"
            text: {en: "No deputies in the runoff."}
        source: {en: "Test source"}
        rows:
          - id: first-round
            label: {en: "First round"}
            as_of: 2019-03-31
            women: 327
            men: 270
            stated: {total: 597, women_percent: "54.77", men_percent: "45.23"}
          - id: runoff
            label: {en: "Runoff"}
            as_of: 2020-02
            women: 248
            men: 150
            stated: {total: 398, women_percent: "62.31"}
            footnote: "*"
        """
    let file = "content/statistics/gender/leaders.yaml"

    func build(_ text: String) throws -> (TempSite, BuildReport) {
        let site = try TempSite.minimal([file: text])
        return (site, site.build())
    }

    @Test func percentagesAreExactAndRoundHalfAwayFromZero() {
        #expect(Percent.format(327, of: 597, decimals: 2) == "54.77")
        #expect(Percent.format(270, of: 597, decimals: 2) == "45.23")
        #expect(Percent.format(2, of: 3, decimals: 2) == "66.67")
        #expect(Percent.format(1, of: 8, decimals: 0) == "13")
        #expect(Percent.format(1, of: 8, decimals: 1) == "12.5")
        #expect(Percent.format(1, of: 200, decimals: 2) == "0.50")
        #expect(Percent.format(5, of: 5, decimals: 2) == "100.00")
        #expect(Percent.decimals(of: "54.77") == 2)
        #expect(Percent.decimals(of: "54") == 0)
        #expect(AsOf(iso: "2020-02")?.range?.end == Day(iso: "2020-02-29"))
        #expect(AsOf(iso: "2020-13") == nil)
    }

    @Test func statedValuesAreCheckedAgainstTheCounts() throws {
        let wrong = Self.table.replacingOccurrences(of: "women_percent: \"54.77\"", with: "women_percent: \"54.78\"")
            .replacingOccurrences(of: "total: 398", with: "total: 389")
        let (site, report) = try build(wrong)
        defer { site.remove() }
        #expect(!report.succeeded)
        #expect(
            site.lines(report) == [
                "\(file):15:41: error: The stated share of women '54.78' % in row 'first-round' differs from the one computed from the counts: 327 of 597 = 54.77 %; check the source and correct the count or the stated value",
                "\(file):21:21: error: The stated total '389' of row 'runoff' is not the sum of its parts: 248 + 150 = 398; check the source and correct the count or the total (record the correction beside it)",
            ])
    }

    @Test func badCountsDatesAndFootnotesAreLocated() throws {
        let bad = Self.table.replacingOccurrences(of: "women: 248", with: "women: -3")
            .replacingOccurrences(of: "as_of: 2020-02", with: "as_of: 2020-02-30")
            .replacingOccurrences(of: "footnote: \"*\"", with: "footnote: \"**\"")
        let (site, report) = try build(bad)
        defer { site.remove() }
        let lines = site.lines(report)
        #expect(lines.contains("\(file):18:12: error: Invalid as_of '2020-02-30'; write a day as YYYY-MM-DD or, when the source names only the month, YYYY-MM"))
        #expect(lines.contains("\(file):19:12: error: Expected a count (a whole number, 0 or more) for 'women', found '-3'"))
        #expect(lines.contains("\(file):16:9: error: Row 'runoff' refers to footnote '**', but the table has no such footnote; add it under 'footnotes:'"))

        let ids = Self.table.replacingOccurrences(of: "id: runoff", with: "id: first-round").replacingOccurrences(of: "id: leaders", with: "id: Leaders")
        let (other, idReport) = try build(ids)
        defer { other.remove() }
        let more = other.lines(idReport)
        #expect(more.contains("\(file):1:5: error: Table id 'Leaders' is not a plain identifier; use lowercase ASCII letters, digits and '-' (e.g. 'leaders')"))
        #expect(more.contains("\(file):16:9: error: Duplicate row id 'first-round' in table 'Leaders'; it is already used at \(file):10:9"))
    }

    @Test func pagesShowCountsSharesAndAnAccessibleChart() throws {
        let (site, report) = try build(Self.table)
        defer { site.remove() }
        #expect(report.succeeded, "\(site.lines(report))")
        let uk = site.read("statistics/gender/leaders/index.html")
        #expect(uk.contains("<td data-label=\"Частка жінок\" class=\"num\">54,77\u{a0}%</td>"))
        #expect(uk.contains("<time datetime=\"2020-02\">лютий 2020</time>"))
        #expect(uk.contains("<span lang=\"en\">Runoff</span><sup class=\"footnote-ref\">*</sup>"))
        #expect(uk.contains("role=\"img\" aria-labelledby=\"chart-leaders-title chart-leaders-desc\""))
        #expect(uk.contains("<p class=\"visually-hidden\" id=\"chart-leaders-title\">Керівники</p>"))
        #expect(
            uk.contains(
                "<p class=\"visually-hidden\" id=\"chart-leaders-desc\">Кількість і частка жінок і чоловіків. First round: жінки 327 (54,77\u{a0}%), чоловіки 270 (45,23\u{a0}%); Runoff: жінки 248 (62,31\u{a0}%), чоловіки 150 (37,69\u{a0}%).</p>"
            ))
        // Each bar's name and value on a line of its own above the bar, as text in the body's size.
        #expect(
            uk.contains(
                "<p class=\"bar-label\"><span class=\"series-label\">Жінки</span>: <span class=\"value-label\">327 (54,77\u{a0}%)</span></p><svg class=\"bar-track\" aria-hidden=\"true\" focusable=\"false\"><rect width=\"54.8%\" height=\"100%\" class=\"bar bar-women\"/></svg>"
            ))
        let en = site.read("en/statistics/gender/leaders/index.html")
        #expect(en.contains("<td data-label=\"Women&#39;s share\" class=\"num\">54.77%</td>"))
        #expect(en.contains("<time datetime=\"2019-03-31\">31\u{00A0}March 2019</time>"))
        // The data table comes before the chart, in both editions.
        for page in [uk, site.read("low-vision/statistics/gender/leaders/index.html")] {
            let table = try #require(page.range(of: "<table"))
            let chart = try #require(page.range(of: "<div class=\"chart\""))
            #expect(table.lowerBound < chart.lowerBound)
        }
        #expect(site.read("statistics/gender/index.html").contains("<a href=\"/statistics/gender/leaders/\">Керівники</a>"))
        #expect(site.read("index.html").contains("<a href=\"/statistics/gender/\">Гендерна статистика</a>"))
    }

    @Test func chartEscapesTextAndScalesBars() {
        let chart = BarChart(
            id: "c", title: "A <b> & \"c\"", description: "d", series: [.init(key: "women", name: "W"), .init(key: "men", name: "M")],
            groups: [.init(label: "<g>", bars: [.init(series: 0, value: 50, label: "1"), .init(series: 1, value: 100, label: "2")])])
        let html = chart.html()
        #expect(html.hasPrefix("<div class=\"chart\" role=\"img\" aria-labelledby=\"c-title c-desc\">"))
        #expect(html.contains("<p class=\"visually-hidden\" id=\"c-title\">A &lt;b&gt; &amp; &quot;c&quot;</p>"))
        #expect(html.contains("<p class=\"group-label\">&lt;g&gt;</p>"))
        #expect(html.contains("<rect width=\"50%\" height=\"100%\" class=\"bar bar-women\"/>"))
        #expect(html.contains("<rect width=\"100%\" height=\"100%\" class=\"bar bar-men\" fill=\"url(#c-hatch)\"/>"))
        #expect(!html.contains("<script") && !html.contains("<text") && !html.contains("viewBox"))
    }

    @Test func numbersFollowTheLanguage() throws {
        let (site, _) = try build(Self.table)
        defer { site.remove() }
        let (content, theme, _) = ContentLoader(contentDirectory: site.content, templatesDirectory: site.templates).load()
        let uk = ContextBuilder(content: content, theme: theme, language: .uk, buildDate: Day(iso: "2021-01-01")!)
        let en = ContextBuilder(content: content, theme: theme, language: .en, buildDate: Day(iso: "2021-01-01")!)
        #expect(uk.number(35_477_188) == "35\u{a0}477\u{a0}188")
        #expect(en.number(35_477_188) == "35,477,188")
        #expect(uk.number(597) == "597")
        #expect(uk.percent("54.77") == "54,77\u{a0}%")
        #expect(en.percent("54.77") == "54.77%")
    }
}
