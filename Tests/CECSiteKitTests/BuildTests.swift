import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteFormats
@testable import CECSiteKit
@testable import CECSiteMarkdown
@testable import CECSiteTemplates

/// Whole builds of small sites: what users see in public/.
@Suite struct BuildTests {
    @Test func buildsEveryPageInBothLanguages() throws {
        let site = try TempSite.minimal()
        defer { site.remove() }
        let report = site.build()
        #expect(report.succeeded, "\(site.lines(report))")
        for path in [
            "", "plan/", "plan/pillars/capacity/", "plan/goals/1-1/", "plan/units/",
            "plan/units/office-of-informatization/", "plan/timeline/", "plan/about/", "news/", "news/2020/", "news/first/",
        ] {
            #expect(!site.read(path + "index.html").isEmpty, "missing /\(path)")
            #expect(!site.read("en/" + path + "index.html").isEmpty, "missing /en/\(path)")
            #expect(!site.read("low-vision/" + path + "index.html").isEmpty, "missing /low-vision/\(path)")
            #expect(!site.read("en/low-vision/" + path + "index.html").isEmpty, "missing /en/low-vision/\(path)")
        }
        #expect(!site.read("assets/site.css").isEmpty)
        #expect(!site.read("assets/low-vision.css").isEmpty)
        #expect(report.pages == 90)
    }

    @Test func pagesLinkTheirTwinsAndDeclareTheirLanguage() throws {
        let site = try TempSite.minimal()
        defer { site.remove() }
        _ = site.build()
        let uk = site.read("plan/goals/1-1/index.html")
        let en = site.read("en/plan/goals/1-1/index.html")
        #expect(uk.contains("<html lang=\"uk\">"))
        #expect(en.contains("<html lang=\"en\">"))
        #expect(uk.contains("<link rel=\"alternate\" hreflang=\"en\" href=\"/en/plan/goals/1-1/\">"))
        #expect(uk.contains("<a href=\"/en/plan/goals/1-1/\" hreflang=\"en\" lang=\"en\">English</a>"))
        #expect(en.contains("<a href=\"/plan/goals/1-1/\" hreflang=\"uk\" lang=\"uk\">Українська</a>"))
    }

    @Test func missingUkrainianTextFallsBackToEnglishMarkedAsEnglish() throws {
        let site = try TempSite.minimal()
        defer { site.remove() }
        _ = site.build()
        let uk = site.read("plan/goals/1-1/index.html")
        #expect(uk.contains("<h1 lang=\"en\">Human resource management development</h1>"))
        #expect(uk.contains("<li><a href=\"/plan/pillars/capacity/\" lang=\"en\">Institutional Capacity</a></li>"))
        #expect(uk.contains("<span aria-current=\"page\" lang=\"en\">Human resource management development</span>"))
        // A unit translated into Ukrainian is shown in Ukrainian, without a language switch.
        #expect(uk.contains(">Департамент кадрів</a>"))
        #expect(uk.contains("<a href=\"/plan/units/office-of-informatization/\" lang=\"en\">Office of Informatization</a>"))
        // Interface text is Ukrainian; dates are in Ukrainian form with ISO machine values.
        #expect(uk.contains("<th scope=\"col\">Відповідальні підрозділи</th>"))
        #expect(uk.contains("<time datetime=\"2020-09-15\">15\u{00A0}вересня 2020\u{00A0}р.</time>"))
        let en = site.read("en/plan/goals/1-1/index.html")
        #expect(en.contains("<h1>Human resource management development</h1>"))
        #expect(en.contains("<time datetime=\"2020-09-15\">15\u{00A0}September 2020</time>"))
    }

    @Test func markupInTitlesIsEscaped() throws {
        let pillar = Minimal.files["content/plan/pillars/1-capacity.yaml"]!
            .replacingOccurrences(of: "Conducting staff surveys", with: "<script>alert('x')</script> & \\\"quotes\\\"")
        let site = try TempSite.minimal([
            "content/plan/pillars/1-capacity.yaml": pillar,
            "content/pages/about.en.md": "---\ntitle: \"<script>alert(1)</script>\"\nsection: plan\n---\n<script>alert(2)</script>\n",
        ])
        defer { site.remove() }
        let report = site.build()
        #expect(report.succeeded, "\(site.lines(report))")
        let goal = site.read("en/plan/goals/1-1/index.html")
        let page = site.read("en/plan/about/index.html")
        #expect(!goal.contains("<script>") && !page.contains("<script>"))
        #expect(goal.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;"))
        #expect(page.contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>"))
        #expect(page.contains("<!-- raw HTML omitted -->"))
    }

    @Test func scriptLinksInContentAreRejected() throws {
        let site = try TempSite.minimal(["content/pages/about.en.md": "---\ntitle: \"About\"\n---\n[x](javascript:alert(3))\n"])
        defer { site.remove() }
        let report = site.build()
        #expect(
            site.lines(report) == ["content/pages/about.en.md:4:1: error: Unsafe link 'javascript:alert(3)'; scripts and data URLs are not allowed in content"])
    }

    @Test func correctionsShowBesideTheirOwnItemOnly() throws {
        let pillar = Minimal.files["content/plan/pillars/1-capacity.yaml"]!.replacingOccurrences(
            of: "    title: {en: \"Human resource management development\"}\n",
            with:
                "    title: {en: \"Human resource management development\"}\n    corrections:\n      - {field: title, source: \"Human resource manage- ment\", reason: {uk: \"Слово, перенесене через рядок, з’єднано.\", en: \"Joined a word hyphenated across lines.\"}}\n"
        )
        let site = try TempSite.minimal(["content/plan/pillars/1-capacity.yaml": pillar])
        defer { site.remove() }
        #expect(site.build().succeeded)
        let page = site.read("en/plan/goals/1-1/index.html")
        #expect(page.components(separatedBy: "<details class=\"corrections\">").count == 2)
        #expect(
            page.contains(
                "<li><span class=\"field\">Title</span>: the source said «<span>Human resource manage- ment</span>». <span>Joined a word hyphenated across lines.</span></li>"
            ))
        // On the Ukrainian page the field is named and the reason given in Ukrainian; only the
        // quote of the English source is marked as English.
        #expect(
            site.read("plan/goals/1-1/index.html").contains(
                "<li><span class=\"field\">Назва</span>: у джерелі «<span lang=\"en\">Human resource manage- ment</span>». <span>Слово, перенесене через рядок, з’єднано.</span></li>"
            ))
    }

    @Test func anUnstatedDateIsNotTakenFromTheEnclosingAction() throws {
        // Action 1.1.1 gets a second result whose start the source does not state.
        let pillar = Minimal.files["content/plan/pillars/1-capacity.yaml"]!.replacingOccurrences(
            of: "            till: 2021-04-01\n",
            with:
                "            till: 2021-04-01\n          - id: \"1.1.1.2\"\n            title: {en: \"Undated\"}\n            units: [office-of-informatization]\n            from: null\n            till: 2021-05-01\n"
        )
        let site = try TempSite.minimal(["content/plan/pillars/1-capacity.yaml": pillar])
        defer { site.remove() }
        let report = site.build()
        #expect(report.succeeded, "\(site.lines(report))")
        let page = site.read("en/plan/goals/1-1/index.html")
        let row = try #require(page.components(separatedBy: "<tr id=\"result-1-1-1-2\">").last?.components(separatedBy: "</tr>").first)
        #expect(row.contains("<td data-label=\"From\">not stated</td>"))
        #expect(row.contains("<td data-label=\"Till\"><time datetime=\"2021-05-01\">1\u{00A0}May 2021</time></td>"))
    }

    @Test func internalLinksInContentFollowThePageLanguage() throws {
        let site = try TempSite.minimal()
        defer { site.remove() }
        _ = site.build()
        #expect(site.read("plan/about/index.html").contains("<a href=\"/plan/goals/1-1/\">goals</a>"))
        #expect(site.read("en/plan/about/index.html").contains("<a href=\"/en/plan/goals/1-1/\">goals</a>"))
    }

    @Test func timelineStatusesAreRelativeToTheBuildDate() throws {
        let site = try TempSite.minimal()
        defer { site.remove() }
        _ = site.build(date: "2021-05-01")
        let timeline = site.read("en/plan/timeline/index.html")
        // 1.1.1 ran 2020-09-15…2021-04-01; 1.1.2 runs 2021-06-01…2025-06-01.
        let first = try #require(timeline.range(of: "1.1.1"))
        let second = try #require(timeline.range(of: "1.1.2"))
        #expect(first.lowerBound < second.lowerBound)
        let row1 = String(timeline[first.lowerBound..<second.lowerBound])
        #expect(row1.contains("status-period-ended\">Period ended"))
        #expect(timeline[second.lowerBound...].contains("status-not-started\">Not started"))
        #expect(TimingStatus(from: Day(iso: "2020-01-01"), till: Day(iso: "2020-12-31"), on: Day(iso: "2020-12-31")!) == .underWay)
        #expect(TimingStatus(from: nil, till: nil, on: Day(iso: "2020-12-31")!) == .unknown)
    }

    @Test func failedBuildLeavesThePreviousSiteUntouched() throws {
        let site = try TempSite.minimal()
        defer { site.remove() }
        #expect(site.build().succeeded)
        let before = try snapshot(site.output)
        let broken = try TempSite.minimal(["content/plan/plan.yaml": "title: [unclosed"])
        defer { broken.remove() }
        let report = broken.build(output: site.output)
        #expect(!report.succeeded)
        #expect(report.errors.count == 1)
        #expect(try snapshot(site.output) == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: site.root.path).filter { $0.contains(".tmp-") || $0.contains(".old-") }
        #expect(leftovers.isEmpty)
    }

    @Test func sameInputGivesByteIdenticalOutput() throws {
        let site = try TempSite.minimal()
        defer { site.remove() }
        let other = site.root.appendingPathComponent("public2").path
        #expect(site.build().succeeded)
        #expect(site.build(output: other).succeeded)
        #expect(try snapshot(site.output) == snapshot(other))
    }

    @Test func unchangedFilesKeepTheirTimestamps() throws {
        let site = try TempSite.minimal()
        defer { site.remove() }
        #expect(site.build().succeeded)
        let css = site.root.appendingPathComponent("public/assets/site.css").path
        let home = site.root.appendingPathComponent("public/en/index.html").path
        let old = Date(timeIntervalSince1970: 1_000_000_000)
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: css)
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: home)
        try Data(Minimal.files["content/site.yaml"]!.replacingOccurrences(of: "Test site", with: "Renamed site").utf8)
            .write(to: site.root.appendingPathComponent("content/site.yaml"))
        #expect(site.build().succeeded)
        let cssDate = try FileManager.default.attributesOfItem(atPath: css)[.modificationDate] as? Date
        let homeDate = try FileManager.default.attributesOfItem(atPath: home)[.modificationDate] as? Date
        #expect(cssDate == old)
        #expect(homeDate != old)
        #expect(site.read("en/index.html").contains("Renamed site"))
    }

    @Test func everyPageHasOneH1AndLandmarks() throws {
        let site = try TempSite.minimal()
        defer { site.remove() }
        _ = site.build()
        for file in try htmlFiles(site.output) {
            let html = try String(contentsOfFile: file, encoding: .utf8)
            #expect(html.components(separatedBy: "<h1").count == 2, "\(file)")
            for landmark in ["<header", "<nav", "<main id=\"main\"", "<footer", "class=\"skip-link\" href=\"#main\""] {
                #expect(html.contains(landmark), "\(file) lacks \(landmark)")
            }
        }
    }
}

/// Every file under `directory`, relative path → bytes.
func snapshot(_ directory: String) throws -> [String: Data] {
    var result: [String: Data] = [:]
    let enumerator = FileManager.default.enumerator(atPath: directory)
    while let path = enumerator?.nextObject() as? String {
        var isDirectory: ObjCBool = false
        let full = directory + "/" + path
        if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
            result[path] = FileManager.default.contents(atPath: full)
        }
    }
    return result
}

func htmlFiles(_ directory: String) throws -> [String] {
    try snapshot(directory).keys.filter { $0.hasSuffix(".html") }.sorted().map { directory + "/" + $0 }
}
