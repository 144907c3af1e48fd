import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteFormats
@testable import CECSiteKit
@testable import CECSiteMarkdown
@testable import CECSiteTemplates

/// The FAQ: one Markdown file per question, pages by topic and by audience, checked links,
/// schema.org FAQPage.
@Suite struct FAQTests {
    static let plan = """
        ---
        id: what-is-the-plan
        question: {uk: "Що таке план?", en: "What is the plan?"}
        topic: plan
        audiences: [voters, journalists]
        order: 1
        related: ["/plan/"]
        source: {uk: "План, передмова", en: "The plan, foreword"}
        ---
        <!-- uk -->
        План має [цілі](/plan/goals/1-1/).

        <!-- en -->
        The plan has [goals](/plan/goals/1-1/).
        """
    static let data = """
        ---
        id: open-data
        question: {en: "Where are the data?"}
        topic: open-data
        audiences: [journalists]
        source: {en: "This site"}
        ---
        <!-- en -->
        See the [timeline](/plan/timeline/).
        """

    func site(_ extra: [String: String?] = [:]) throws -> TempSite {
        var files: [String: String?] = ["content/faq/what-is-the-plan.md": Self.plan, "content/faq/open-data.md": Self.data]
        for (k, v) in extra { files[k] = v }
        return try TempSite.minimal(files)
    }

    @Test func pagesGroupByTopicAndAudience() throws {
        let site = try site()
        defer { site.remove() }
        let report = site.build()
        #expect(report.succeeded, "\(site.lines(report))")
        let all = site.read("faq/index.html")
        let plan = try #require(all.range(of: "<h2 id=\"topic-plan\">Стратегічний план ЦВК</h2>"))
        let data = try #require(all.range(of: "<h2 id=\"topic-open-data\">Відкриті дані</h2>"))
        #expect(plan.lowerBound < data.lowerBound)
        #expect(all.contains("<details class=\"faq-entry\">\n<summary><h3 id=\"q-what-is-the-plan\">Що таке план?</h3></summary>"))
        #expect(all.contains("<p>План має <a href=\"/plan/goals/1-1/\">цілі</a>.</p>"))
        #expect(all.contains("<h3 id=\"q-open-data\" lang=\"en\">Where are the data?</h3>"))
        #expect(all.contains("<div class=\"prose\" lang=\"en\"><p>See the <a href=\"/plan/timeline/\">timeline</a>.</p>"))
        #expect(all.contains("<a href=\"/faq/answers/#q-what-is-the-plan\">Постійне посилання"))
        #expect(all.contains("Джерело: <span>План, передмова</span>."))
        let en = site.read("en/low-vision/faq/index.html")
        #expect(en.contains("<p>The plan has <a href=\"/en/low-vision/plan/goals/1-1/\">goals</a>.</p>"))
        let voters = site.read("faq/voters/index.html")
        #expect(voters.contains("id=\"q-what-is-the-plan\""))
        #expect(!voters.contains("id=\"q-open-data\""))
        #expect(!FileManager.default.fileExists(atPath: site.output + "/faq/parties/index.html"))
        // schema.org FAQPage with every question of the page.
        let script = try #require(
            all.components(separatedBy: "<script type=\"application/ld+json\">").dropFirst().first?
                .components(separatedBy: "</script>").first)
        let ld = try #require(try JSONSerialization.jsonObject(with: Data(script.utf8)) as? [String: Any])
        #expect(ld["@type"] as? String == "FAQPage")
        #expect((ld["mainEntity"] as? [[String: Any]])?.count == 2)
        #expect(site.read("en/faq/index.html").contains("\"@type\":\"FAQPage\""))
        // Each question is marked up once: only on the canonical page of all questions.
        for page in ["faq/voters/", "faq/answers/", "faq/voters/answers/", "low-vision/faq/", "en/low-vision/faq/", "en/faq/voters/"] {
            #expect(!site.read(page + "index.html").contains("FAQPage"), "\(page)")
        }
        #expect(site.read("index.html").contains("<a href=\"/faq/\">Питання і відповіді</a>"))
    }

    /// The page opens with its questions, grouped by topic as the page is, each linking to its
    /// anchor; answers fold in `<details>` and the open twin shows them all, without a script.
    @Test func indexFoldedAnswersAndOpenTwin() throws {
        let site = try site()
        defer { site.remove() }
        let report = site.build()
        #expect(report.succeeded, "\(site.lines(report))")
        let all = site.read("faq/index.html")
        let index = try #require(all.range(of: "<h2 id=\"faq-questions\">Питання на цій сторінці</h2>"))
        let topic = try #require(
            all.range(of: "<li><a href=\"#topic-plan\">Стратегічний план ЦВК</a>\n<ul>\n<li><a href=\"#q-what-is-the-plan\">Що таке план?</a></li>"))
        let other = try #require(
            all.range(of: "<li><a href=\"#topic-open-data\">Відкриті дані</a>\n<ul>\n<li><a href=\"#q-open-data\" lang=\"en\">Where are the data?</a></li>"))
        let firstAnswer = try #require(all.range(of: "<details class=\"faq-entry\">"))
        #expect(index.lowerBound < topic.lowerBound && topic.lowerBound < other.lowerBound && other.lowerBound < firstAnswer.lowerBound)
        #expect(!all.contains(" open>"))
        #expect(all.contains("<a href=\"/faq/answers/\">Показати всі відповіді (для друку і пошуку)</a>"))
        let open = site.read("faq/answers/index.html")
        #expect(open.contains("<title>Питання і відповіді: усі відповіді"))
        #expect(open.contains("<details class=\"faq-entry\" open>\n<summary><h3 id=\"q-what-is-the-plan\">"))
        #expect(open.contains("<a href=\"/faq/\">Згорнути відповіді</a>"))
        let voters = site.read("en/low-vision/faq/voters/answers/index.html")
        #expect(voters.contains("<details class=\"faq-entry\" open>"))
        #expect(voters.contains("<a href=\"/en/low-vision/faq/voters/\">Fold the answers</a>"))
        #expect(voters.contains("<a href=\"/en/low-vision/faq/voters/answers/\" aria-current=\"page\">Voters</a>"))
        #expect(site.read("faq/voters/index.html").contains("<a href=\"/faq/voters/\" aria-current=\"page\">Виборцям</a>"))
        #expect(site.read("faq/voters/index.html").contains("<a href=\"/faq/\">Усі питання</a>"))
        #expect(all.contains("<a href=\"/faq/\" aria-current=\"page\">Усі питання</a>"))
    }

    /// "See also" names the page a link leads to, never its path.
    @Test func relatedLinksShowTitles() throws {
        let plan = Self.plan.replacingOccurrences(
            of: "related: [\"/plan/\"]", with: "related: [\"/plan/timeline/\", \"/plan/goals/1-1/\", \"/faq/voters/\", \"/calendar/electoral/\"]")
        let site = try site(["content/faq/what-is-the-plan.md": plan])
        defer { site.remove() }
        let report = site.build()
        #expect(report.succeeded, "\(site.lines(report))")
        let all = site.read("faq/index.html")
        #expect(
            all.contains(
                "Див. також: <a href=\"/plan/timeline/\">Графік виконання</a>; <a href=\"/plan/goals/1-1/\" lang=\"en\">1.1 Human resource management development</a>; "
            ))
        #expect(
            all.contains(
                "; <a href=\"/faq/voters/\">Питання і відповіді для виборців</a>; <a href=\"/calendar/electoral/\">Виборчий календар: виборчі події</a></p>"))
        #expect(!all.contains("<code>plan/timeline</code>"))
        #expect(site.read("en/faq/index.html").contains("See also: <a href=\"/en/plan/timeline/\">"))
    }

    /// Front-matter keys are read without regard to case, as in news and pages (Hugo's rule).
    @Test func questionKeysInAnyCase() throws {
        let capitalised = Self.plan.replacingOccurrences(of: "topic: plan", with: "Topic: plan").replacingOccurrences(of: "order: 1", with: "ORDER: 1")
        let site = try site(["content/faq/what-is-the-plan.md": capitalised])
        defer { site.remove() }
        let report = site.build()
        #expect(report.succeeded, "\(site.lines(report))")
        #expect(site.read("faq/index.html").contains("<h3 id=\"q-what-is-the-plan\">Що таке план?</h3>"))
    }

    @Test func badQuestionsAreLocatedErrors() throws {
        let bad = Self.plan.replacingOccurrences(of: "topic: plan", with: "topic: plna")
            .replacingOccurrences(of: "audiences: [voters, journalists]", with: "audiences: [voter]")
        let broken = Self.data.replacingOccurrences(of: "(/plan/timeline/)", with: "(/plan/timelin/)")
            .replacingOccurrences(of: "See the", with: "## Heading\n\nSee the")
        let site = try site(["content/faq/what-is-the-plan.md": bad, "content/faq/open-data.md": broken])
        defer { site.remove() }
        let lines = site.lines(site.build())
        #expect(
            lines.contains(
                "content/faq/what-is-the-plan.md:4:8: error: Unknown topic 'plna'; did you mean 'plan'? write one of: plan, commission, register, open-data, gender, accessibility, integrity, site, or declare it in content/faq/topics.yaml"
            ))
        #expect(
            lines.contains(
                "content/faq/what-is-the-plan.md:5:13: error: Unknown audience 'voter'; did you mean 'voters'? write one of: voters, candidates, parties, cso, journalists, or declare it in content/faq/audiences.yaml"
            ))
        #expect(
            lines.contains(
                "content/faq/open-data.md:9:1: error: A heading in an answer; the question is the answer's heading, so write the answer as paragraphs and lists"
            ))
        #expect(
            lines.contains(
                "content/faq/open-data.md:11:9: error: Broken internal link '/plan/timelin/': no page has this address; did you mean '/plan/timeline/'?"))
        let stray = try TempSite.minimal([
            "content/faq/x.md": "---\nid: x\nquestion: {en: \"Q\"}\ntopic: plan\naudiences: [voters]\nsource: {en: \"S\"}\n---\nNo marker.\n"
        ])
        defer { stray.remove() }
        #expect(
            stray.lines(stray.build()).contains(
                "content/faq/x.md:8:1: error: Text before the first language marker; start each answer with a line '<!-- uk -->' or '<!-- en -->'"))
    }

    /// Answers on one page keep their footnotes apart (ids after the question's anchor), name
    /// their back-links in the answer's language, and raw HTML in an answer is a located warning.
    @Test func answersWithFootnotesShareAPageAndRawHTMLIsAWarning() throws {
        let plan = Self.plan.replacingOccurrences(of: "План має [цілі](/plan/goals/1-1/).", with: "План має цілі[^1].\n\n[^1]: Чотири напрями.")
        let data = Self.data.replacingOccurrences(
            of: "See the [timeline](/plan/timeline/).", with: "See the <b>timeline</b>[^1].\n\n[^1]: On the plan's pages.")
        let site = try site(["content/faq/what-is-the-plan.md": plan, "content/faq/open-data.md": data])
        defer { site.remove() }
        let report = site.build()
        #expect(report.succeeded)
        #expect(
            site.lines(report).contains(
                "content/faq/open-data.md:9:9: warning: Raw HTML '<b>' … '</b>' is dropped from the page (raw HTML is off); in Markdown, write **bold text**"))
        let all = site.read("faq/index.html")
        #expect(all.contains(##"<li id="q-what-is-the-plan-fn-1">"##) && all.contains(##"<li id="q-open-data-fn-1">"##))
        #expect(
            all.contains(
                ##"<a href="#q-what-is-the-plan-fnref-1" class="footnote-backref" data-footnote-backref aria-label="Назад до посилання на виноску 1">"##))
        // The English answer on the Ukrainian page is English, its back-link too.
        #expect(all.contains(##"<a href="#q-open-data-fnref-1" class="footnote-backref" data-footnote-backref aria-label="Back to reference 1">"##))
    }

    /// Found by the frontmatter fuzz target: a question whose file ends with its closing `---`
    /// has no body line; the error points at the closing line, not past the end of the file.
    @Test func aQuestionWithoutAnAnswerLineIsLocatedInsideTheFile() {
        let sink = DiagnosticSink(stage: .load)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cecsite-faq-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: folder + "/q.md", contents: Data("---\nid: q\n---".utf8))
        _ = FAQLoader(directory: folder, sink: sink).load()
        let noAnswer = sink.diagnostics.filter { $0.message.hasPrefix("No answer") }
        #expect(noAnswer.map(\.location.line) == [3], "\(sink.diagnostics)")
    }
}
