import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteFormats
@testable import CECSiteKit
@testable import CECSiteMarkdown

/// The data as spreadsheets and other sites take it: the spreadsheet CSV (`<id>.excel.csv`),
/// absolute links in the data, the dataset pages' schema.org JSON-LD and `same_as`.
/// (Tests/data/check_spreadsheet.py opens the shipped site's spreadsheet CSV files in LibreOffice
/// under uk_UA and en_US in `make test`.)
@Suite struct SpreadsheetDataTests {
    /// The shipped dataset metadata of the minimal site's datasets and the FAQ's.
    static var metadata: String {
        let shipped =
            (try? String(contentsOf: repositoryRoot.appendingPathComponent("content/data/datasets.yaml"), encoding: .utf8)) ?? ""
        var kept: [Substring] = []
        var skipping = false
        for line in shipped.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  "), !line.hasPrefix("   "), line.hasSuffix(":") { skipping = line.hasPrefix("  gender-") }
            if !skipping { kept.append(line) }
        }
        return kept.joined(separator: "\n")
    }

    func site(baseURL: String?, _ changes: [String: String?] = [:]) throws -> TempSite {
        var config = Minimal.files["content/site.yaml"]!
        if let baseURL { config += "\nbase_url: \(baseURL)\n" }
        var files: [String: String?] = [
            "content/data/datasets.yaml": Self.metadata, "content/site.yaml": config,
            "content/faq/what-is-the-plan.md": FAQTests.plan.replacingOccurrences(
                of: "План має [цілі](/plan/goals/1-1/).",
                with: "План має [цілі](/plan/goals/1-1/), [хронологію](</plan/timeline/> \"Хронологія\") і [дані][d].\n\n[d]: /data/"),
        ]
        for (path, text) in changes { files[path] = text }
        return try TempSite.minimal(files)
    }

    static func dataset(_ fields: [DataField], _ rows: [[DataValue]]) -> Dataset {
        Dataset(
            id: "t", fields: fields, primaryKey: [fields[0].name], foreignKeys: [], rows: rows, origins: [],
            metadata: DatasetMetadata(
                id: Located("t", at: SourceLocation(file: "f")), title: LocalizedText([.en: "T"]),
                description: LocalizedText([.en: "D"]), keywords: [:], themes: [], frequency: .yearly, fields: [:]),
            temporal: nil, sources: [])
    }

    @Test func spreadsheetCSVKeepsIdsAsTextFormulasAndNothingElseChanges() {
        let dataset = Self.dataset(
            [
                DataField("goal_id", .string, pattern: "[0-9.]+"), DataField("unit_ids", .string), DataField("title", .string),
                DataField("start_time", .string), DataField("share", .number), DataField("n", .integer), DataField("day", .date),
                DataField("note", .string),
            ],
            [
                [
                    .text("1.10"), .text("a; b"), .text("Ціль; \"лапки\""), .text("10:00"), .decimal("54.70"), .integer(-5),
                    .date(Day(iso: "2020-06-15")), .text("=SUM(A1)"),
                ],
                [
                    .text("2.1"), .missing, .text("two\nlines"), .missing, .missing, .missing, .missing,
                    .text("-" + String(repeating: "x", count: 255)),
                ],
            ])
        let text = DataFiles.spreadsheetCSV(dataset)
        let long = "'-" + String(repeating: "x", count: 255)
        #expect(
            text
                == "\u{FEFF}goal_id;unit_ids;title;start_time;share;n;day;note\r\n"
                + "=\"1.10\";\"=\"\"a; b\"\"\";\"Ціль; \"\"лапки\"\"\";=\"10:00\";54.70;-5;2020-06-15;=\"=SUM(A1)\"\r\n"
                + "=\"2.1\";;\"two\nlines\";;;;;\(long)\r\n")
        // The plain CSV is unchanged: RFC 4180, no BOM, ids as written.
        #expect(DataFiles.csv(dataset).hasPrefix("goal_id,unit_ids,title,start_time,share,n,day,note\r\n1.10,a; b,"))
        #expect(DataFiles.name("plan-goals", .spreadsheetCSV) == "plan-goals.excel.csv")
    }

    @Test func linksInTheDataAreAbsoluteWithABaseURL() throws {
        let site = try site(baseURL: "https://example.org")
        defer { site.remove() }
        let report = site.build()
        #expect(report.succeeded, "\(site.lines(report))")
        let faq = try #require(
            try JSONSerialization.jsonObject(with: Data(site.read("data/faq.json").utf8)) as? [[String: Any]])
        let plan = try #require(faq.first { $0["question_id"] as? String == "what-is-the-plan" })
        #expect(
            plan["answer_uk"] as? String
                == "План має [цілі](https://example.org/plan/goals/1-1/), [хронологію](<https://example.org/plan/timeline/> \"Хронологія\") і [дані][d].\n\n[d]: https://example.org/data/"
        )
        // An English answer links to the English pages.
        #expect(plan["answer_en"] as? String == "The plan has [goals](https://example.org/en/plan/goals/1-1/).")
        let events = try #require(
            try JSONSerialization.jsonObject(with: Data(site.read("data/calendar-events.json").utf8)) as? [[String: Any]])
        let links = events.compactMap { $0["link"] as? String }
        #expect(!links.isEmpty)
        #expect(links.allSatisfy { $0.hasPrefix("https://example.org/") }, "\(links)")
        #expect(site.read("data/faq.csv").contains("[цілі](https://example.org/plan/goals/1-1/)"))
        // The pages still link within the site.
        #expect(site.read("faq/index.html").contains("<a href=\"/plan/goals/1-1/\">цілі</a>"))
    }

    @Test func withoutABaseURLLinksInTheDataStaySiteRelative() throws {
        let site = try site(baseURL: nil)
        defer { site.remove() }
        #expect(site.build().succeeded)
        let csv = site.read("data/faq.csv")
        #expect(csv.contains("[цілі](/plan/goals/1-1/)"))
        #expect(csv.contains("[goals](/en/plan/goals/1-1/)"))
    }

    @Test func datasetJSONLDNamesAreaPeriodOrganisationAndSameAs() throws {
        let metadata = Self.metadata.replacingOccurrences(
            of: "  plan-goals:\n", with: "  plan-goals:\n    same_as: [\"https://data.gov.ua/dataset/example\"]\n")
        let site = try site(baseURL: "https://example.org", ["content/data/datasets.yaml": metadata])
        defer { site.remove() }
        let report = site.build()
        #expect(report.succeeded, "\(site.lines(report))")
        func jsonLD(_ path: String) throws -> [String: Any] {
            let page = site.read(path)
            let script = try #require(
                page.components(separatedBy: "<script type=\"application/ld+json\">").dropFirst().first?
                    .components(separatedBy: "</script>").first)
            return try #require(try JSONSerialization.jsonObject(with: Data(script.utf8)) as? [String: Any])
        }
        let goals = try jsonLD("data/plan-goals/index.html")
        #expect(goals["sameAs"] as? [String] == ["https://data.gov.ua/dataset/example"])
        let place = try #require(goals["spatialCoverage"] as? [String: Any])
        #expect(place["@type"] as? String == "Place" && place["name"] as? String == "Україна")
        #expect(place["sameAs"] as? String == "http://publications.europa.eu/resource/authority/country/UKR")
        #expect(goals["temporalCoverage"] as? String == "2020-01-01/2025-12-31")
        for role in ["publisher", "creator"] {
            let organization = try #require(goals[role] as? [String: Any])
            #expect(organization["@type"] as? String == "Organization")
            #expect(organization["name"] as? String == "Тестовий сайт")
            #expect(organization["url"] as? String == "https://example.org/")
        }
        let english = try jsonLD("en/data/plan-units/index.html")
        #expect((english["spatialCoverage"] as? [String: Any])?["name"] as? String == "Ukraine")
        #expect((english["publisher"] as? [String: Any])?["url"] as? String == "https://example.org/en/")
        #expect(english["sameAs"] == nil)
        // publisher_url is the organisation's URL.
        let named = try self.site(
            baseURL: "https://example.org",
            ["content/site.yaml": Minimal.files["content/site.yaml"]! + "\nbase_url: https://example.org\npublisher_url: https://cvk.example/\n"])
        defer { named.remove() }
        #expect(named.build().succeeded)
        let data = named.read("data/plan-goals/index.html")
        #expect(data.contains("\"publisher\":{\"@type\":\"Organization\",\"name\":\"Тестовий сайт\",\"url\":\"https://cvk.example/\"}"))
    }

    @Test func aSameAsThatIsNotAnAddressIsALocatedError() throws {
        let metadata = Self.metadata.replacingOccurrences(of: "  plan-goals:\n", with: "  plan-goals:\n    same_as: [data.gov.ua/x]\n")
        let site = try site(baseURL: nil, ["content/data/datasets.yaml": metadata])
        defer { site.remove() }
        let lines = site.lines(site.build())
        #expect(
            lines.contains {
                $0.hasPrefix("content/data/datasets.yaml:")
                    && $0.hasSuffix(
                        "error: Invalid same_as address 'data.gov.ua/x'; write the full address of the same dataset on another site, e.g. https://data.gov.ua/dataset/…"
                    )
            }, "\(lines)")
    }
}
