import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteFormats
@testable import CECSiteKit
@testable import CECSiteMarkdown
@testable import CECSiteTemplates

/// The real site in content/: it builds cleanly, and every measured result of the source plan is
/// on its goal page, in both languages, with its units and dates.
@Suite(.serialized) struct ShippedContentTests {
    static let output = FileManager.default.temporaryDirectory.appendingPathComponent("cecsite-shipped-\(UUID().uuidString)").path

    static let report: BuildReport = CECSiteKit.build(
        BuildOptions(
            content: repositoryRoot.appendingPathComponent("content").path,
            templates: repositoryRoot.appendingPathComponent("templates").path,
            output: output, date: Day(iso: "2026-11-22"), strict: false, baseURL: baseURL))

    /// The address `make` builds for by default (the Makefile's `BASE_URL`).
    static let baseURL = "http://localhost:8000"

    static let content: SiteContent = {
        let loader = ContentLoader(
            contentDirectory: repositoryRoot.appendingPathComponent("content").path,
            templatesDirectory: repositoryRoot.appendingPathComponent("templates").path)
        return loader.load().0
    }()

    /// A built file's text; a missing file fails the calling test (and gives ""), so that no
    /// check passes on a page that was never written.
    func read(_ path: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
        guard let text = try? String(contentsOfFile: Self.output + "/" + path, encoding: .utf8) else {
            Issue.record(
                "\(path) \(FileManager.default.fileExists(atPath: Self.output + "/" + path) ? "is not UTF-8 text" : "was not built") (in \(Self.output))",
                sourceLocation: sourceLocation)
            return ""
        }
        return text
    }

    /// Text as Mustache's HTML escaping writes it.
    func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }

    @Test func buildsWithoutErrorsOrWarnings() {
        #expect(Self.report.succeeded)
        #expect(Self.report.diagnostics.isEmpty, "\(Self.report.diagnostics)")
        // What --strict adds besides the passport's unstated fields (which the seeds do not give,
        // so a strict build of the shipped site warns about them): nothing untranslated.
        #expect(Self.report.untranslated.isEmpty, "\(Self.report.untranslated)")
    }

    @Test func genderTablesHoldTheSourcesNumbers() throws {
        let tables = Dictionary(uniqueKeysWithValues: Self.content.statistics.map { ($0.id.value, $0) })
        func counts(_ id: String) throws -> [[Int?]] {
            try #require(tables[id]).rows.map { [$0.counts[.women]?.value, $0.counts[.men]?.value, $0.total] }
        }
        #expect(try counts("dec-leadership-2019") == [[327, 270, 597], [248, 150, 398], [345, 251, 596]])
        #expect(
            try #require(tables["dec-leadership-2019"]).rows.map { [$0.percent(.women), $0.percent(.men)] }
                == [["54.77", "45.23"], ["62.31", "37.69"], ["57.89", "42.11"]])
        #expect(try counts("cec-staff-2020") == [[146, 125, 271], [31, 30, 61]])
        #expect(try counts("cec-members") == [[5, 12, 17]])
        #expect(read("statistics/gender/dec-leadership-2019/index.html").contains("<td data-label=\"Частка жінок\" class=\"num\">54,77\u{a0}%</td>"))
        #expect(read("en/statistics/gender/dec-leadership-2019/index.html").contains("class=\"num\">54.77%</td>"))
        #expect(read("data/gender-cec-staff-2020.csv").contains("all-staff,Усі працівники,All staff,2020-02,146,125,271,53.87,46.13\r\n"))
    }

    @Test func faqAnswersEveryAudienceInBothLanguages() {
        let faq = Self.content.faq
        #expect(faq.count >= 20)
        #expect(faq.allSatisfy { $0.answers[.uk] != nil && $0.answers[.en] != nil && $0.question.values.count == 2 })
        #expect(faq.allSatisfy { $0.source.values[.uk] != nil && $0.source.values[.en] != nil })
        for audience in Self.content.faqAudiences.ids.map(FAQAudience.init(rawValue:)) {
            #expect(faq.filter { $0.audiences.contains(audience) }.count >= 5, "\(audience)")
        }
        let page = read("faq/index.html")
        #expect(faq.allSatisfy { page.contains("id=\"q-\($0.id.value)\"") })
        #expect(page.contains("35 477 188") || page.contains("35\u{a0}477\u{a0}188") || page.contains("35,477,188"))
        // Each audience page holds exactly the questions tagged for it, each anchor once.
        func anchors(_ html: String) -> [String] {
            html.components(separatedBy: "<h3 id=\"q-").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        }
        #expect(anchors(page).sorted() == faq.map(\.id.value).sorted())
        for audience in Self.content.faqAudiences.ids.map(FAQAudience.init(rawValue:)) {
            for prefix in ["", "en/", "low-vision/"] {
                let found = anchors(read(prefix + Routes.file(Routes.faq(audience), .main)))
                #expect(found.sorted() == faq.filter { $0.audiences.contains(audience) }.map(\.id.value).sorted(), "\(prefix)\(audience)")
                #expect(Set(found).count == found.count)
            }
        }
    }

    @Test func holdsTheWholePlanOfTheSource() {
        let plan = Self.content.plan
        #expect(plan.pillars.map(\.id.value) == ["1", "2", "3", "4", "5", "6"])
        #expect(plan.pillars.flatMap(\.goals).count == 23)
        #expect(plan.actions.count == 83)
        #expect(plan.results.count == 170)
        #expect(plan.results.allSatisfy { $0.from != nil && $0.till != nil && !$0.units.isEmpty })
    }

    @Test func everyResultIsOnItsGoalPageInBothLanguages() {
        let units = Dictionary(Self.content.plan.units.map { ($0.slug.value, $0) }, uniquingKeysWith: { a, _ in a })
        var checked = 0
        for goal in Self.content.plan.pillars.flatMap(\.goals) {
            for language in Language.allCases {
                let page = read(Routes.file(Routes.goal(goal), language))
                for result in goal.actions.flatMap(\.results) {
                    let anchor = "<tr id=\"result-\(Routes.anchor(result.id.value))\">"
                    guard let start = page.range(of: anchor) else {
                        Issue.record("result \(result.id.value) missing on \(language) page of goal \(goal.id.value)")
                        continue
                    }
                    let row = page[start.upperBound...].components(separatedBy: "</tr>")[0]
                    #expect(row.contains("<th scope=\"row\">\(result.id.value)</th>"))
                    #expect(row.contains(escaped(result.title.text(language))), "title of \(result.id.value)")
                    for slug in result.units {
                        let name = units[slug.value]?.name.text(language) ?? "?"
                        #expect(row.contains(">\(escaped(name))</a>"), "unit \(slug.value) of \(result.id.value)")
                    }
                    #expect(row.contains("<time datetime=\"\(result.from!.value)\">"))
                    #expect(row.contains("<time datetime=\"\(result.till!.value)\">"))
                    checked += 1
                }
            }
        }
        #expect(checked == 170 * Language.allCases.count)
    }

    @Test func hasEveryPageNamedInTheIssue() {
        for language in Language.allCases {
            for path in [
                Routes.home, Routes.plan, Routes.units, Routes.timeline, Routes.news,
                "plan/foreword/", "plan/background/", "plan/history/", "plan/legal-and-operational-framework/",
                "plan/mission-vision-and-guiding-principles/", "plan/institutional-assessment/",
                "news/opora-code-of-conduct/",
            ] {
                #expect(!read(Routes.file(path, language)).isEmpty, "\(language) \(path)")
            }
            for pillar in Self.content.plan.pillars { #expect(!read(Routes.file(Routes.pillar(pillar), language)).isEmpty) }
            for unit in Self.content.plan.units { #expect(!read(Routes.file(Routes.unit(unit.slug.value), language)).isEmpty) }
        }
        let swot = read("en/plan/institutional-assessment/index.html")
        #expect(swot.contains("<caption id=\"swot-caption\">CEC SWOT Analysis Matrix</caption>"))
        #expect(swot.contains("<th scope=\"row\">Strengths</th>"))
    }

    @Test func everyPageIsReachableFromHome() throws {
        var seen: Set<String> = []
        var queue = ["index.html"]
        while let file = queue.popLast() {
            guard seen.insert(file).inserted else { continue }
            // A linked file that is no page (a dataset, a feed) must exist; only pages link on.
            guard file.hasSuffix(".html") else {
                #expect(FileManager.default.fileExists(atPath: Self.output + "/" + file), "\(file) is linked but was not built")
                continue
            }
            for (url, _) in LinkChecker.links(in: read(file)) where url.hasPrefix("/") && !url.hasPrefix("/assets/") {
                var path = String(url.dropFirst())
                if let cut = path.firstIndex(of: "#") { path = String(path[..<cut]) }
                queue.append(path.isEmpty || path.hasSuffix("/") ? path + "index.html" : path)
            }
        }
        // The 404 pages are where broken links land, not linked themselves.
        let all = Set(try htmlFiles(Self.output).map { String($0.dropFirst(Self.output.count + 1)) }.filter { !$0.hasSuffix("404.html") })
        #expect(all.subtracting(seen).isEmpty, "unreachable: \(all.subtracting(seen).sorted())")
    }

    /// The low-vision edition: every page has a twin at its own URL, linked from the header both
    /// ways, with the same main content, and whose links all stay within the edition.
    @Test func everyPageHasALowVisionTwinWithTheSameContent() throws {
        let files = try htmlFiles(Self.output).map { String($0.dropFirst(Self.output.count + 1)) }.filter { !$0.hasSuffix("404.html") }
        let standard = files.filter { !$0.hasPrefix("low-vision/") && !$0.hasPrefix("en/low-vision/") }
        #expect(standard.count * 2 == files.count)
        for file in standard {
            let language: Language = file.hasPrefix("en/") ? .en : .uk
            let neutral = String(file.dropFirst(language == .main ? 0 : 3))
            let twinURL = language.urlPrefix + "low-vision/" + neutral.dropLast("index.html".count)
            let ownURL = language.urlPrefix + neutral.dropLast("index.html".count)
            let page = read(file), twin = read(String(twinURL.dropFirst()) + "index.html")
            #expect(page.contains("<p class=\"edition-switch\"><a href=\"\(twinURL)\">"), "\(file) links to \(twinURL)")
            #expect(twin.contains("<p class=\"edition-switch\"><a href=\"\(ownURL)\">"), "\(twinURL) links back")
            #expect(twin.contains("<link rel=\"stylesheet\" href=\"/assets/low-vision.css\">"))
            #expect(twin.contains("<link rel=\"canonical\" href=\"\(Self.baseURL + ownURL)\">"))
            #expect(!page.contains("low-vision.css"))
            // Same content: the main element differs only in the edition prefix of its links.
            let main = { (html: String) in
                html.components(separatedBy: "<main").dropFirst().first?.components(separatedBy: "</main>").first ?? ""
            }
            let lvPrefix = language.urlPrefix + "low-vision/"
            // (href, a form's action, the search script's data-prefix.)
            #expect(
                main(twin).replacingOccurrences(of: "=\"\(lvPrefix)", with: "=\"\(language.urlPrefix)") == main(page),
                "\(twinURL) has the content of \(ownURL)")
            // Every internal link of the twin stays in the edition, except the switch back and
            // downloads (data files are the same for both editions).
            for (url, _) in LinkChecker.links(in: twin)
            where url.hasPrefix("/") && !url.hasPrefix("/assets/") && url != ownURL
                && !(url.split(separator: "/").last?.contains(".") ?? false)
            {
                #expect(
                    url.hasPrefix(lvPrefix) || Language.allCases.contains { url.hasPrefix($0.urlPrefix + "low-vision/") },
                    "\(twinURL) links out of the edition to \(url)")
            }
        }
    }

    /// No value of a person-level column (anything but the counted keys: commission ids,
    /// districts) of the shipped records reaches any file of the site, in any form.
    @Test func noPersonLevelValueOfTheRecordsIsPublished() throws {
        #expect(Self.report.succeeded)
        let folder = repositoryRoot.appendingPathComponent("content/statistics/records").path
        var secrets: Set<String> = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".csv") {
            let lines = try String(contentsOfFile: folder + "/" + name, encoding: .utf8).split(whereSeparator: \.isNewline)
            let header = lines[0].split(separator: ",").map(String.init)
            for column in ["commission_id", "district"] {
                guard let index = header.firstIndex(of: column) else { continue }
                // The sample values have no quotes or commas; a plain split reads them.
                for line in lines.dropFirst() {
                    let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                    if index < fields.count, !line.contains("\"") { secrets.insert(String(fields[index])) }
                }
            }
        }
        #expect(secrets.count >= 3, "the sample records have person-level columns to look for")
        for path in OutputWriter.existingFiles(in: Self.output) {
            let data = FileManager.default.contents(atPath: Self.output + "/" + path) ?? Data()
            let text = String(decoding: data, as: UTF8.self)
            for secret in secrets where text.range(of: "\\b" + NSRegularExpression.escapedPattern(for: secret) + "\\b", options: .regularExpression) != nil {
                Issue.record("\(path) holds '\(secret)', a person-level value of the records")
            }
        }
    }
}
