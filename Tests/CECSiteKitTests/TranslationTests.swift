import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteKit

/// What a reader and an editor learn of untranslated texts (issue 23): the page says so in its
/// language, the build summarises, `--strict` fails, and `cecsite i18n` lists each text.
@Suite struct TranslationTests {
    /// A Ukrainian-first site: everything translated but what a case leaves out.
    static let translated: [String: String?] = [
        "content/site.yaml": """
        title: {uk: "Тестовий сайт", en: "Test site"}
        description: {uk: "Сайт для тестів.", en: "A site for tests."}
        base_url: "https://example.org"
        """,
        "content/plan/units.yaml": """
        translated_from: {uk: en}
        units:
          - slug: office-of-informatization
            name: {uk: "Управління інформатизації", en: "Office of Informatization"}
          - slug: department-of-human-resources
            name: {uk: "Департамент кадрів", en: "Department of Human Resources"}
        """,
        "content/plan/pillars/1-capacity.yaml": """
        id: "1"
        slug: capacity
        title: {uk: "Інституційна спроможність", en: "Institutional Capacity"}
        goals:
          - id: "1.1"
            title: {uk: "Розвиток управління персоналом", en: "Human resource management development"}
            actions:
              - id: "1.1.1"
                title: {uk: "Підвищення кваліфікації працівників ЦВК", en: "CEC staff advanced training"}
                results:
                  - id: "1.1.1.1"
                    title: {uk: "Проведено оцінювання", en: "Conducted comprehensive HR assessment"}
                    units: [department-of-human-resources, office-of-informatization]
                    from: 2020-09-15
                    till: 2021-04-01
                    corrections:
                      - {field: title, source: "Conducted HR asessment", reason: {uk: "Описка; виправлено на «Conducted HR assessment».", en: "A typo."}}
              - id: "1.1.2"
                title: {uk: "Запровадження внутрішнього оцінювання", en: "Introducing internal performance assessment"}
                results:
                  - id: "1.1.2.1"
                    title: {uk: "Опитування працівників", en: "Conducting staff surveys"}
                    units: [department-of-human-resources]
                    from: 2021-06-01
                    till: 2025-06-01
        """,
        "content/pages/about.uk.md": """
        ---
        title: "Про план"
        section: plan
        order: 1
        description: "Що таке план."
        translated_from: en
        ---
        План має [цілі](/plan/goals/1-1/).
        """,
        "content/news/first.uk.md": """
        ---
        title: "Перша новина"
        date: 2020-09-05
        source: "Тест"
        summary: "Щось сталося."
        ---
        Текст новини.
        """,
    ]

    static func site(_ changes: [String: String?] = [:]) throws -> TempSite {
        var files = translated
        for (path, text) in changes { files[path] = text }
        return try TempSite.minimal(files)
    }

    @Test func aFullyTranslatedSiteHasNoGapsAndBuildsStrictly() throws {
        let site = try Self.site()
        let report = site.build(strict: true)
        #expect(report.succeeded, "\(report.diagnostics)")
        #expect(translationReport(content: site.content, templates: site.templates).gaps.isEmpty)
        // The translated goal page says once that it is a translation, and nothing else.
        let goal = site.read("plan/goals/1-1/index.html")
        #expect(goal.components(separatedBy: "Переклад з англійської редакції документа.").count == 2)
        #expect(!goal.contains("доступн"))
        // The corrections: labelled plainly, the reason in the page's language, the source quoted as English.
        #expect(goal.contains("<summary>Виправлення у джерелі</summary>"))
        #expect(
            goal.contains(
                "<span class=\"field\">Назва</span>: у джерелі «<span lang=\"en\">Conducted HR asessment</span>». <span>Описка; виправлено на «<span lang=\"en\">Conducted HR assessment</span>».</span>"
            ))
        #expect(
            site.read("en/plan/goals/1-1/index.html").contains(
                "<span class=\"field\">Title</span>: the source said «<span>Conducted HR asessment</span>». <span>A typo.</span>"))
        // The page translated from English says so; the news item written in Ukrainian does not.
        #expect(site.read("plan/about/index.html").contains("Переклад з англійської редакції документа."))
        #expect(!site.read("news/first/index.html").contains("language-note"))
    }

    @Test func oneMissingTextIsShownNotedReportedAndFailsStrict() throws {
        let pillar = Self.translated["content/plan/pillars/1-capacity.yaml"]!!
            .replacingOccurrences(
                of: "title: {uk: \"Опитування працівників\", en: \"Conducting staff surveys\"}",
                with: "title: {en: \"Conducting staff surveys\"}")
        let site = try Self.site(["content/plan/pillars/1-capacity.yaml": pillar])
        // The page shows the English text, marked, with a note a sighted reader sees.
        let report = site.build()
        #expect(report.succeeded, "\(report.diagnostics)")
        let goal = site.read("plan/goals/1-1/index.html")
        #expect(goal.contains("<span lang=\"en\">Conducting staff surveys</span>"))
        #expect(goal.contains("<p class=\"language-note language-note-other-language\">Частина текстів цієї сторінки доступна лише англійською.</p>"))
        #expect(!site.read("en/plan/goals/1-1/index.html").contains("language-note-other-language"))
        // The build's one-line summary…
        #expect(
            report.untranslated == [
                "Not translated into Ukrainian: 1 text(s) and 0 page(s), shown in another language with a note; run `cecsite i18n` for the list"
            ])
        // …and a strict build fails on it and leaves no site.
        let strict = site.build(output: site.root.appendingPathComponent("strict").path, strict: true)
        #expect(!strict.succeeded)
        #expect(strict.errors.map(\.message) == [report.untranslated[0] + " (--strict)"])
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("strict").path))
        // `cecsite i18n` names the text at its place.
        let gaps = translationReport(content: site.content, templates: site.templates).gaps
        #expect(gaps.map(\.description) == [site.content + "/plan/pillars/1-capacity.yaml:22:20: no uk translation of \"Conducting staff surveys\""])
    }

    @Test func aPageOnlyInEnglishSaysSoInUkrainian() throws {
        let site = try Self.site(["content/pages/about.uk.md": nil])
        let report = site.build()
        #expect(report.succeeded, "\(report.diagnostics)")
        let page = site.read("plan/about/index.html")
        #expect(page.contains("<p class=\"language-note language-note-other-language\">Цей текст доступний лише англійською.</p>"))
        let gaps = translationReport(content: site.content, templates: site.templates).gaps
        #expect(gaps.map(\.description) == [site.content + "/pages/about.en.md:1:1: no uk version of " + site.content + "/pages/about.en.md"])
    }

    @Test func translatedFromMustNameAnotherLanguage() throws {
        let site = try Self.site([
            "content/plan/units.yaml": "translated_from: {uk: uk}\nunits: []\n",
            "content/pages/about.uk.md": "---\ntitle: \"Про план\"\ntranslated_from: fr\n---\nТекст.\n",
        ])
        let messages = site.build().errors.map(\.description)
        #expect(messages.contains { $0.contains("units.yaml:1:23: error: 'uk' is not another language of the site for 'translated_from'") })
        #expect(messages.contains { $0.contains("about.uk.md:3:18: error: Unknown language 'fr' for 'translated_from'") })
    }
}

/// The shipped content in Ukrainian: nothing missing, and one Ukrainian name per pillar and unit.
@Suite struct ShippedTranslationTests {
    @Test func noUkrainianTextOrPageIsMissing() {
        let gaps = Translations.gaps(ShippedContentTests.content).filter { $0.missing == .uk }
        #expect(gaps.isEmpty, "\(gaps.prefix(10).map(\.description))")
    }

    /// The build's summary lines, counted without listing each page's gaps, are those of the listed gaps.
    @Test func theCountedSummaryIsTheListedGapsSummary() {
        let content = ShippedContentTests.content
        #expect(Translations.summary(content) == Translations.summary(Translations.gaps(content)))
    }

    /// Where an English FAQ answer names a pillar or a unit as the plan does, its Ukrainian answer
    /// names it as the Ukrainian plan does, and a link to a pillar's page is labelled with its name.
    @Test func faqAnswersNamePillarsAndUnitsAsThePlanDoes() throws {
        let plan = ShippedContentTests.content.plan
        let names = plan.pillars.map { ($0.title, "pillar \($0.id.value)") } + plan.units.map { ($0.name, "unit \($0.slug.value)") }
        var checked = 0
        for entry in ShippedContentTests.content.faq {
            // English names as the plan writes them (case matters: "cooperation" is a word, "Cooperation" a pillar).
            let english = try #require(entry.answers[.en]?.source)
            let ukrainian = try #require(entry.answers[.uk]?.source.lowercased())
            for (name, what) in names {
                guard let en = name.values[.en], english.contains(en), let uk = name.values[.uk] else { continue }
                checked += 1
                #expect(Self.names(ukrainian, uk.lowercased()), "\(entry.file): the English answer names \(what) '\(en)', the Ukrainian one not as '\(uk)'")
            }
            for language in Language.allCases {
                let source = try #require(entry.answers[language]?.source)
                let link = try Regex(#"\[([^\]]+)\]\(/plan/pillars/([a-z0-9-]+)/\)"#, as: (Substring, Substring, Substring).self)
                for match in source.matches(of: link) {
                    let pillar = try #require(plan.pillars.first { $0.slug.value == match.output.2 }, "\(entry.file): no pillar \(match.output.2)")
                    let label = match.output.1.trimmingCharacters(in: CharacterSet(charactersIn: "«»\""))
                    #expect(label == pillar.title.values[language], "\(entry.file): the link to pillar \(match.output.2) reads '\(label)'")
                    checked += 1
                }
            }
        }
        #expect(checked >= 20)
    }

    /// Whether `text` holds `name` as consecutive words, each word in any of its Ukrainian case
    /// forms: equal, or sharing all but its last three letters (at least four): «члени ЦВК» and
    /// «членів ЦВК», «Державний реєстр виборців» and «Державного реєстру виборців».
    static func names(_ text: String, _ name: String) -> Bool {
        func words(_ s: String) -> [Substring] { s.split { !$0.isLetter && !$0.isNumber && $0 != "’" && $0 != "'" } }
        let wanted = words(name), have = words(text)
        guard !wanted.isEmpty, have.count >= wanted.count else { return false }
        func same(_ a: Substring, _ b: Substring) -> Bool {
            if a == b { return true }
            let stem = max(4, a.count - 3)
            return a.count >= 5 && b.count >= stem && a.prefix(stem) == b.prefix(stem)
        }
        return (0...(have.count - wanted.count)).contains { start in
            wanted.indices.allSatisfy { same(wanted[$0], have[start + $0]) }
        }
    }
}

extension ShippedTranslationTests {
    /// A dataset page previews the text columns in the reader's language; the other language's
    /// are in the downloads, and the caption says so.
    @Test func datasetPreviewsShowThePageLanguagesColumns() {
        #expect(ShippedContentTests.report.succeeded)
        func columns(_ path: String) -> [String] {
            let page = (try? String(contentsOfFile: ShippedContentTests.output + "/" + path, encoding: .utf8)) ?? ""
            return page.matches(of: #/<th scope="col"><code>([a-z_]+)</code></th>/#).map { String($0.output.1) }
        }
        #expect(columns("data/plan-pillars/index.html") == ["pillar_id", "slug", "title_uk"])
        #expect(columns("en/data/plan-pillars/index.html") == ["pillar_id", "slug", "title_en"])
        let caption = (try? String(contentsOfFile: ShippedContentTests.output + "/data/plan-pillars/index.html", encoding: .utf8)) ?? ""
        #expect(caption.contains("; стовпці англійською — у файлах для завантаження"))
    }
}
