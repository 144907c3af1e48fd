import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteFormats
@testable import CECSiteKit
@testable import CECSiteMarkdown
@testable import CECSiteTemplates

/// Output safety (issue 9, point 3): hostile values in every kind of content reach each output
/// escaped for its context — HTML text and attributes, JSON-LD inside `<script>`, SVG, XML
/// feeds, iCalendar TEXT and CSV — and every page carries a Content-Security-Policy.
@Suite struct OutputSafetyTests {
    /// A value that breaks out of HTML text, attributes and script elements if not escaped.
    static let hostile = #"</script><script>alert(1)</script>"'><img src=x onerror=alert(2)>&"#
    /// The same in a YAML double-quoted scalar, with U+2028 and a control character (U+0001).
    static let yaml = #""</script><script>alert(1)</script>\"'><img src=x onerror=alert(2)>&\u2028\x01""#
    static let live = ["<script>alert(1)", "<img src=x", "onerror=alert(2)>"]

    static let csp =
        #"<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'">"#

    /// The minimal site with `changes`, built; with `openData` it publishes the datasets of the
    /// minimal site (the metadata lacks those of gender tables and the FAQ).
    func built(_ changes: [String: String?], openData: Bool = false) throws -> TempSite {
        var files: [String: String?] = openData ? ["content/data/datasets.yaml": Minimal.datasetMetadata] : [:]
        for (path, text) in changes { files[path] = text }
        let site = try TempSite.minimal(files)
        let report = site.build()
        #expect(report.succeeded, "\(site.lines(report))")
        return site
    }

    /// Every built file whose extension is one of `extensions`, path → text.
    func files(_ site: TempSite, _ extensions: Set<String>) -> [String: String] {
        let all = (FileManager.default.enumerator(atPath: site.output)?.allObjects as? [String]) ?? []
        return Dictionary(uniqueKeysWithValues: all.filter { extensions.contains(($0 as NSString).pathExtension) }.map { ($0, site.read($0)) })
    }

    @Test func hostileTitlesAndNamesAreEscapedInEveryPage() throws {
        let pillar = Minimal.files["content/plan/pillars/1-capacity.yaml"]!
            .replacingOccurrences(of: "{en: \"Conducting staff surveys\"}", with: "{en: \(Self.yaml)}")
        let units = Minimal.files["content/plan/units.yaml"]!.replacingOccurrences(of: "{en: \"Office of Informatization\"}", with: "{en: \(Self.yaml)}")
        let site = try built([
            "content/plan/pillars/1-capacity.yaml": pillar, "content/plan/units.yaml": units,
            "content/pages/about.en.md": "---\ntitle: \(Self.yaml)\nsection: plan\ndescription: \(Self.yaml)\n---\nText.\n",
        ])
        defer { site.remove() }
        let pages = files(site, ["html"])
        #expect(pages.count > 20)
        for (path, text) in pages {
            for bad in Self.live { #expect(!text.contains(bad), "\(bad) in \(path)") }
        }
        let about = site.read("en/plan/about/index.html")
        #expect(
            about.contains("<h1>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&gt;&lt;img src=x onerror=alert(2)&gt;&amp;\u{2028}\u{1}</h1>")
                || about.contains("<h1>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&gt;&lt;img src=x onerror=alert(2)&gt;&amp;"))
        #expect(about.contains("<meta name=\"description\" content=\"&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&gt;"))
        #expect(site.read("en/plan/units/index.html").contains("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&gt;&lt;img src=x"))
    }

    @Test func jsonLDInsideScriptCannotCloseIt() throws {
        let question = """
            ---
            id: hostile
            question: {en: \(Self.yaml)}
            topic: plan
            audiences: [voters]
            source: {en: \(Self.yaml)}
            ---
            <!-- en -->
            An answer with \(Self.hostile) in it.
            """
        let site = try built(["content/faq/hostile.md": question])
        defer { site.remove() }
        for path in ["en/faq/index.html"] {
            let page = site.read(path)
            let script = try #require(
                page.components(separatedBy: "<script type=\"application/ld+json\">").dropFirst().first?
                    .components(separatedBy: "</script>").first, "\(path) has JSON-LD")
            #expect(!script.contains("<") && !script.contains(">") && !script.contains("\u{2028}"), "\(path)")
            #expect(try JSONSerialization.jsonObject(with: Data(script.utf8)) is [String: Any], "\(path) holds valid JSON")
        }
        let faq = site.read("en/faq/index.html")
        #expect(
            faq.contains(#"\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e\"'\u003e\u003cimg src=x onerror=alert(2)\u003e\u0026\u2028\u0001"#))
    }

    @Test func feedsChartsAndCalendarsEscapeForTheirFormat() throws {
        let table = StatisticsTests.table.replacingOccurrences(of: "label: {en: \"First round\"}", with: "label: {en: \(Self.yaml)}")
        let calendar = CalendarTests.calendar.replacingOccurrences(of: "{uk: \"Початок процесу\", en: \"Start of the process\"}", with: "{en: \(Self.yaml)}")
        let news = Minimal.files["content/news/first.en.md"]!.replacingOccurrences(of: "\"First news\"", with: Self.yaml)
        let site = try built([
            "content/statistics/gender/leaders.yaml": table, "content/calendar/events.yaml": calendar, "content/news/first.en.md": news,
            "content/site.yaml": Minimal.files["content/site.yaml"]! + "\nbase_url: https://example.org\n",
        ])
        defer { site.remove() }
        for (path, text) in files(site, ["xml", "svg", "html"]) {
            for bad in Self.live { #expect(!text.contains(bad), "\(bad) in \(path)") }
            #expect(!text.contains("\u{1}"), "a control character in \(path)")
        }
        #expect(
            site.read("en/news/atom.xml").contains("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;'&gt;&lt;img src=x onerror=alert(2)&gt;&amp;"))
        #expect(site.read("en/statistics/gender/leaders/index.html").contains("&lt;/script&gt;&lt;script&gt;alert(1)"))
        // iCalendar TEXT: commas, semicolons and backslashes escaped; control characters dropped.
        let feed = site.read("en/calendar/calendar.ics").replacingOccurrences(of: "\r\n ", with: "")
        #expect(feed.contains("SUMMARY:</script><script>alert(1)</script>\"'><img src=x onerror=alert(2)>&\u{2028}"))
        let comma = CalendarTests.calendar.replacingOccurrences(of: "en: \"Start of the process\"", with: "en: \"A, b; c\\\\ d\"")
        let second = try built(["content/calendar/events.yaml": comma])
        defer { second.remove() }
        #expect(second.read("en/calendar/calendar.ics").contains("SUMMARY:A\\, b\\; c\\\\ d\r\n"))
    }

    @Test func csvCellsThatLookLikeFormulasAreNeutralisedInTheCSVOnly() throws {
        let units = Minimal.files["content/plan/units.yaml"]!
            .replacingOccurrences(of: "{en: \"Office of Informatization\"}", with: "{en: \"=HYPERLINK(\\\"http://x\\\",\\\"y\\\")\"}")
            .replacingOccurrences(of: "{uk: \"Департамент кадрів\", en: \"Department of Human Resources\"}", with: "{en: \"@SUM(1+1)\", uk: \"-2+3\"}")
        let site = try built(["content/plan/units.yaml": units], openData: true)
        defer { site.remove() }
        let dataset = site.read("en/data/plan-units/index.html")
        let script = try #require(
            dataset.components(separatedBy: "<script type=\"application/ld+json\">").dropFirst().first?
                .components(separatedBy: "</script>").first)
        #expect(try JSONSerialization.jsonObject(with: Data(script.utf8)) is [String: Any])
        let csv = site.read("data/plan-units.csv")
        #expect(csv.contains(#""'=HYPERLINK(""http://x"",""y"")""#), "\(csv)")
        #expect(csv.contains("'@SUM(1+1)") && csv.contains("'-2+3"))
        let json = site.read("data/plan-units.json")
        #expect(json.contains(#""=HYPERLINK(\"http://x\",\"y\")""#) && json.contains("\"@SUM(1+1)\"") && !json.contains("'@"))
        #expect(DataFiles.cellText(.text("+380")) == "'+380")
        #expect(DataFiles.cellText(.text("\tx")) == "'\tx")
        #expect(DataFiles.cellText(.text("a=b")) == "a=b")
        #expect(DataFiles.cellText(.integer(-5)) == "-5")
        #expect(DataFiles.cellText(.decimal("-1.5")) == "-1.5")
    }

    @Test func unsafeMarkdownIsNeutralisedWhenRendered() {
        // The validator rejects these links; the renderer drops them even without it.
        let markdown = MarkdownDocument(
            source:
                "[a](javascript:alert(1)) [b](data:text/html,x) [c](VBScript:x) ![d](data:image/png;base64,AAAA)\n\n<script>alert(1)</script>\n\n<a href=\"javascript:x\">e</a>\n",
            file: "t.md")
        let html = markdown.html(words: .english) { $0 }
        #expect(
            html
                == "<p><a href=\"\">a</a> <a href=\"\">b</a> <a href=\"\">c</a> <img src=\"data:image/png;base64,AAAA\" alt=\"d\" /></p>\n<!-- raw HTML omitted -->\n<p><!-- raw HTML omitted -->e<!-- raw HTML omitted --></p>\n"
        )
    }

    @Test func everyPageCarriesTheContentSecurityPolicy() throws {
        let site = try built([:], openData: true)
        defer { site.remove() }
        let pages = files(site, ["html"])
        for path in ["index.html", "en/index.html", "low-vision/index.html", "en/low-vision/plan/index.html", "404.html", "en/404.html"] {
            #expect(pages[path] != nil, "\(path) exists")
        }
        for (path, text) in pages {
            #expect(text.contains(Self.csp), "\(path)")
            // Nothing the policy would block: no inline style attributes or elements, no inline
            // scripts other than JSON-LD data, no event-handler attributes.
            #expect(!text.contains(" style=") && !text.contains("<style"), "\(path)")
            #expect(!text.contains("<script>") && !text.contains(" onload=") && !text.contains(" onclick="), "\(path)")
        }
    }
}
