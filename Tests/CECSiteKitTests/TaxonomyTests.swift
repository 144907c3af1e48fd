import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteKit

/// FAQ topics and audiences and calendar categories are content (issue 24, item 3): an editor adds
/// one by editing YAML, and a wrong name is a located error that names the file to declare it in.
@Suite struct TaxonomyTests {
    static let voting = """
        ---
        id: how-to-vote
        question: {uk: "Як проголосувати?", en: "How do I vote?"}
        topic: voting
        audiences: [first-time-voters]
        source: {uk: "Виборчий кодекс", en: "Electoral Code"}
        ---
        <!-- uk -->
        Прийдіть на свою дільницю.

        <!-- en -->
        Go to your polling station.
        """

    @Test func aTopicAnAudienceAndACategoryAddedInYAMLOnly() throws {
        let site = try TempSite.minimal([
            "content/faq/topics.yaml": Minimal.taxonomies["content/faq/topics.yaml"]! + """
                  - id: voting
                    name: {uk: "Голосування", en: "Voting"}

                """,
            "content/faq/audiences.yaml": Minimal.taxonomies["content/faq/audiences.yaml"]! + """
                  - id: first-time-voters
                    name: {uk: "Тим, хто голосує вперше", en: "First-time voters"}

                """,
            "content/calendar/categories.yaml": """
            categories:
              - id: debate
                name: {uk: "Дебати", en: "Debates"}
            """,
            "content/faq/how-to-vote.md": Self.voting,
            "content/calendar/events.yaml": """
            events:
              - id: tv-debate
                title: {uk: "Дебати на телебаченні", en: "TV debate"}
                start: 2020-10-20
                category: debate
            """,
        ])
        defer { site.remove() }
        let report = site.build(date: "2020-10-01")
        #expect(report.succeeded, "\(report.diagnostics)")
        let faq = site.read("faq/index.html")
        #expect(faq.contains("Голосування"))
        #expect(site.read("faq/first-time-voters/index.html").contains("Як проголосувати?"))
        #expect(site.read("en/faq/first-time-voters/index.html").contains("First-time voters"))
        let category = site.read("calendar/categories/debate/index.html")
        #expect(category.contains("Дебати") && category.contains("Дебати на телебаченні"))
        #expect(site.read("calendar/categories/debate.ics").contains("SUMMARY:Дебати на телебаченні\r\n"))
        // The plan's milestones keep their built-in category although the file does not declare it.
        #expect(site.readIfPresent("calendar/categories/plan-milestone/index.html") != nil)
    }

    @Test func wrongNamesAndBadDeclarationsAreLocatedErrors() throws {
        let site = try TempSite.minimal([
            "content/faq/topics.yaml": """
            topics:
              - id: voting
                name: {uk: "Голосування", en: "Voting"}
              - id: voting
                name: {uk: "Ще раз", en: "Again"}
              - id: Bad Topic
                name: {en: "Bad"}
              - id: nameless
            """,
            "content/faq/how-to-vote.md": Self.voting.replacingOccurrences(of: "topic: voting", with: "topic: votng"),
        ])
        defer { site.remove() }
        #expect(
            site.lines(site.build()) == [
                "content/faq/how-to-vote.md:4:8: error: Unknown topic 'votng'; did you mean 'voting'? write one of: voting, or declare it in content/faq/topics.yaml",
                "content/faq/how-to-vote.md:5:13: error: Unknown audience 'first-time-voters'; write one of: voters, candidates, parties, cso, journalists, or declare it in content/faq/audiences.yaml",
                "content/faq/topics.yaml:4:9: error: 'voting' is declared twice (first at line 2); keep one",
                "content/faq/topics.yaml:6:9: error: Identifier 'Bad Topic' is not a plain URL segment; use lowercase ASCII letters, digits and '-' (e.g. 'bad-topic')",
                "content/faq/topics.yaml:8:5: error: Missing value for key 'name' (a topic's name); add 'name:' to this mapping",
            ])
    }
}
