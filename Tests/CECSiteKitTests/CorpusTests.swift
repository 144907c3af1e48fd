import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteFormats
@testable import CECSiteKit
@testable import CECSiteMarkdown
@testable import CECSiteSearch
@testable import CECSiteTemplates

/// Content moved in from other generators: Hugo-style `<slug>.md` files with `tags` and
/// `draft`, and person-level records aggregated without a site.
@Suite struct CorpusTests {
    static let hugoStyle = """
        ---
        title: "Вибори і виборці"
        date: 2021-03-01
        tags: ["вибори", "реєстр"]
        summary: "Короткий зміст."
        ---
        Текст новини про **виборців**.
        """

    @Test func aFileWithoutLanguageIsInTheMainLanguage() throws {
        let site = try TempSite.minimal(["content/news/hugo-post.md": Self.hugoStyle])
        defer { site.remove() }
        let report = site.build()
        #expect(report.succeeded, "\(site.lines(report))")
        let page = site.read("news/hugo-post/index.html")
        #expect(page.contains("<h1>Вибори і виборці</h1>"))
        #expect(page.contains("<p class=\"meta\">Теги: <span>вибори, реєстр</span></p>"))
        // The English page falls back to the Ukrainian text and marks it.
        #expect(site.read("en/news/hugo-post/index.html").contains("<h1 lang=\"uk\">Вибори і виборці</h1>"))
        // Tags are searchable.
        let chunk = site.read("search/index/t-\(SearchText.chunkKey("реєстр")).json")
        #expect(chunk.contains("\"реєстр\""))
    }

    @Test func twoFilesForOneLanguageAreAnError() throws {
        let site = try TempSite.minimal(["content/news/post.md": Self.hugoStyle, "content/news/post.uk.md": Self.hugoStyle])
        defer { site.remove() }
        let report = site.build()
        #expect(!report.succeeded)
        #expect(site.lines(report).contains { $0.contains("are both the uk text of 'post'; keep one") }, "\(site.lines(report))")
    }

    @Test func draftsAreNotPublishedAndFlagsAreChecked() throws {
        let draft = Self.hugoStyle.replacingOccurrences(of: "summary:", with: "draft: true\nsummary:")
        let site = try TempSite.minimal(["content/news/draft.md": draft])
        defer { site.remove() }
        #expect(site.build().succeeded)
        #expect(site.readIfPresent("news/draft/index.html") == nil)
        let bad = try TempSite.minimal(["content/news/draft.md": draft.replacingOccurrences(of: "draft: true", with: "draft: maybe")])
        defer { bad.remove() }
        let report = bad.build()
        #expect(
            bad.lines(report).contains("content/news/draft.md:5:8: error: Expected true or false for 'draft', found 'maybe'"),
            "\(bad.lines(report))")
    }

    @Test func recordsAggregateWithoutASite() throws {
        let site = try TempSite([
            "members.csv": """
            election,level,commission_id,region,position,gender
            E,district,C1,Київ,chair,ж
            E,district,C2,Київ,chair,m
            E,district,C3,Київ,chair,female

            """
        ])
        defer { site.remove() }
        let report = aggregateRecords(file: site.root.appendingPathComponent("members.csv").path, kind: .members)
        #expect(report.diagnostics.isEmpty)
        #expect(report.records == 3 && report.groups == 1)
        #expect(report.csv == "election,level,position,region,women,men,other,unknown,total,women_percent\r\nE,district,chair,Київ,2,1,0,0,3,66.67\r\n")
        let missing = aggregateRecords(file: site.root.appendingPathComponent("none.csv").path, kind: .members)
        #expect(missing.csv == nil && missing.diagnostics.count == 1)
    }
}
