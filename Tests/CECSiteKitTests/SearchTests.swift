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

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The search index and the discovery files: what a visitor's query and a crawler depend on.
/// The search script itself is checked in a browser by Tests/browser/search_check.py.
@Suite struct SearchTests {
    /// Tests/search/vectors.json, shared with the browser check of the script.
    @Test func indexerTermsMatchTheSharedExamples() throws {
        let data = try Data(contentsOf: repositoryRoot.appendingPathComponent("Tests/search/vectors.json"))
        let vectors = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(vectors.count >= 8)
        for vector in vectors {
            let text = try #require(vector["text"] as? String)
            #expect(SearchText.terms(text) == (vector["terms"] as? [String]), "\(text)")
        }
    }

    /// The scalar fast path of snippets gives what counting grapheme clusters gives, and steps
    /// aside for text it cannot count (combining marks, CR LF, emoji).
    @Test func snippetsCountCharactersOnEveryPath() {
        let pieces = [
            "Виборча", "комісія", "voters", "ЦВК", "2020–2025", "—", "«Ні»", "a\u{00A0}b", "\n", "\t", "  ",
            "e\u{301}", "й", "\r\n", "👩‍👩‍👧", "x", String(repeating: "д", count: 250), "м’яко", "ї",
        ]
        var generator = SplitMix(seed: 7)  // the same texts on every run
        var fast = 0
        for round in 0..<3_000 {
            var text = ""
            for _ in 0..<Int.random(in: 0...(round % 7 == 0 ? 200 : 60), using: &generator) {
                text += pieces.randomElement(using: &generator)! + (Bool.random(using: &generator) ? " " : "")
            }
            if let simple = SearchIndex.simpleSnippet(text) {
                fast += 1
                #expect(simple == SearchIndex.graphemeSnippet(text), "\(text.debugDescription)")
            }
        }
        #expect(fast > 100, "most texts take the fast path")
        #expect(SearchIndex.simpleSnippet("cafe\u{301}") == nil)
        #expect(SearchIndex.simpleSnippet("a\r\nb") == nil)
        #expect(SearchIndex.snippet("cafe\u{301} " + String(repeating: "w ", count: 200)).hasSuffix("…"))
    }

    @Test func chunkKeysNameTheFirstTwoCharacters() {
        #expect(SearchText.chunkKey("виборц") == "432-438")
        #expect(SearchText.chunkKey("2.1") == "32-2e")
    }

    /// Reads the built index as the script does: manifest, term chunk, document chunk.
    struct BuiltIndex {
        let site: TempSite
        let manifest: [String: Any]

        init(_ site: TempSite) throws {
            self.site = site
            manifest = try #require(try JSONSerialization.jsonObject(with: Data(site.read("search/index/manifest.json").utf8)) as? [String: Any])
        }

        var documents: Int { manifest["documents"] as? Int ?? -1 }

        /// Document numbers whose terms start with the stem of `word`, as the script matches.
        func find(_ word: String) throws -> Set<Int> {
            let stem = try #require(SearchText.terms(word).first)
            // No chunk file for the stem's key: no term starts with it.
            guard let text = site.readIfPresent("search/index/t-\(SearchText.chunkKey(stem)).json") else { return [] }
            let table = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: [Int]])
            var found: Set<Int> = []
            for (term, postings) in table where term.hasPrefix(stem) {
                for i in stride(from: 0, to: postings.count, by: 2) { found.insert(postings[i]) }
            }
            return found
        }

        /// `[path, title, titleLang, section, snippet, snippetLang]` of document `n` in `language`.
        func document(_ n: Int, _ language: String) throws -> [String] {
            let size = manifest["chunkSize"] as? Int ?? 1
            let chunk = try #require(
                try JSONSerialization.jsonObject(
                    with: Data(site.read("search/index/\(language)-\(n / size).json").utf8)) as? [[String]])
            return chunk[n % size]
        }
    }

    @Test func theIndexFindsPlanItemsPagesAndNewsInBothLanguages() throws {
        let site = try TempSite.minimal()
        defer { site.remove() }
        #expect(site.build().succeeded)
        let index = try BuiltIndex(site)
        #expect(index.documents > 5)
        let goal = try index.find("Human")
        let paths = try goal.map { try index.document($0, "en")[0] }
        #expect(paths.contains("plan/goals/1-1/"), "\(paths)")
        #expect(try index.find("1.1.1.1").map { try index.document($0, "uk")[0] }.contains("plan/goals/1-1/#result-1-1-1-1"))
        // A prefix: the start of a word finds it.
        #expect(!(try index.find("Hum")).isEmpty)
        // The news body is indexed; the section label is in the page's language.
        let news = try index.find("Body")
        #expect(try news.map { try index.document($0, "uk")[3] }.contains("Новина"))
        #expect(try news.map { try index.document($0, "en")[3] }.contains("News"))
        // English titles on the Ukrainian index are marked as English for the screen reader.
        let entry = try index.document(try #require(goal.min()), "uk")
        #expect(entry[2] == "en")
        #expect(try index.find("nonexistentword").isEmpty)
    }

    @Test func everyDocumentLeadsToAnExistingPageAndAnchor() throws {
        let site = try TempSite.minimal()
        defer { site.remove() }
        #expect(site.build().succeeded)
        let index = try BuiltIndex(site)
        for n in 0..<index.documents {
            let path = try index.document(n, "uk")[0]
            let parts = path.split(separator: "#", maxSplits: 1).map(String.init)
            let html = site.read(parts[0] + "index.html")
            #expect(!html.isEmpty, "no page for \(path)")
            if parts.count == 2 { #expect(html.contains("id=\"\(parts[1])\""), "no anchor for \(path)") }
        }
        // Without JavaScript the search page lists every document.
        let page = site.read("search/index.html")
        let listed = page.components(separatedBy: "<section id=\"search-all\"")[1].components(separatedBy: "<li><a href=").count - 1
        #expect(listed - 0 >= index.documents, "the full list has \(listed) links for \(index.documents) documents")
        #expect(page.contains("role=\"status\""))
        #expect(page.contains("<label for=\"search-q\">"))
        #expect(site.read("low-vision/search/index.html").contains("data-prefix=\"/low-vision/\""))
        // Results come 20 at a time (the browser check counts them): the script gets the
        // messages of the count shown and of the "more" button, and the button under the list.
        #expect(page.contains("data-shown=\"Показано {shown} з {count}.\" data-more=\"Показати ще {count}\""))
        #expect(
            page.contains(
                "<ol id=\"search-results\" class=\"search-results\"></ol>\n<p><button type=\"button\" id=\"search-more\" class=\"search-more\" hidden></button></p>"
            ))
        #expect(site.read("en/search/index.html").contains("data-more=\"Show {count} more\""))
    }

    @Test func sitemapListsEveryPageOnceWithItsTwins() throws {
        let site = try TempSite.minimal()
        defer { site.remove() }
        let report = CECSiteKit.build(
            BuildOptions(
                content: site.content, templates: site.templates, output: site.output,
                date: Day(iso: "2021-01-15"), baseURL: "https://example.org/"))
        #expect(report.succeeded)
        #expect(report.warnings.isEmpty, "\(report.warnings)")
        let sitemap = site.read("sitemap.xml")
        let locs = sitemap.components(separatedBy: "<loc>").dropFirst().map { $0.components(separatedBy: "</loc>")[0] }
        #expect(Set(locs).count == locs.count, "a page is listed twice")
        let pages = try FileManager.default.subpathsOfDirectory(atPath: site.output)
            .filter { $0.hasSuffix("index.html") && !$0.contains("low-vision/") }
            .map { "https://example.org/" + $0.dropLast("index.html".count) }
        #expect(Set(locs) == Set(pages))
        #expect(sitemap.contains("<xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/en/plan/\"/>"))
        #expect(sitemap.contains("<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"https://example.org/plan/\"/>"))
        #expect(site.read("robots.txt").contains("Sitemap: https://example.org/sitemap.xml"))
        let home = site.read("index.html")
        #expect(home.contains("<link rel=\"canonical\" href=\"https://example.org/\">"))
        #expect(home.contains("<meta property=\"og:url\" content=\"https://example.org/\">"))
        #expect(home.contains("<link rel=\"alternate\" type=\"application/atom+xml\""))
    }

    @Test func sitemapSplitsPastTheLimit() throws {
        let site = try TempSite.minimal()
        defer { site.remove() }
        let (content, theme, _) = ContentLoader(contentDirectory: site.content, templatesDirectory: site.templates).load()
        var discovery = Discovery(content: content, theme: theme, buildDate: Day(iso: "2021-01-15")!)
        discovery.sitemapLimit = 3
        let pages = ["index.html", "en/index.html", "plan/index.html", "en/plan/index.html", "news/index.html", "low-vision/index.html"]
        let files = discovery.sitemaps(pages: pages, base: "https://example.org")
        #expect(files.map(\.path) == ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml"])
        let index = String(decoding: files[0].data, as: UTF8.self)
        #expect(index.contains("<sitemapindex") && index.contains("<loc>https://example.org/sitemap-2.xml</loc>"))
        let urls = files.dropFirst().map { String(decoding: $0.data, as: UTF8.self).components(separatedBy: "<url>").count - 1 }
        #expect(urls == [3, 2])
    }

    @Test func withoutABaseURLTheBuildSaysWhatIsLeftOut() throws {
        let site = try TempSite.minimal()
        defer { site.remove() }
        let report = site.build()
        #expect(report.succeeded)
        #expect(
            site.lines(report) == [
                "content/site.yaml: warning: No base_url: sitemap.xml and the Atom feeds need absolute addresses, so they were not written, and pages have no og:url; set base_url in site.yaml (e.g. https://example.org) or pass --base-url"
            ])
        #expect(site.readIfPresent("sitemap.xml") == nil)
        #expect(site.read("robots.txt").contains("User-agent: *"))
        #expect(!site.read("robots.txt").contains("Sitemap:"))
        #expect(!site.read("index.html").contains("og:url"))
        #expect(!site.build(strict: true).succeeded)
    }

    @Test func notFoundPageSpeaksBothLanguagesAndIsNotIndexed() throws {
        let site = try TempSite.minimal()
        defer { site.remove() }
        #expect(site.build().succeeded)
        let page = site.read("404.html")
        #expect(page.contains("<html lang=\"uk\">"))
        #expect(page.contains("<meta name=\"robots\" content=\"noindex\">"))
        #expect(!page.contains("rel=\"canonical\""))
        #expect(page.contains("<h1>Сторінку не знайдено</h1>"))
        #expect(page.contains("<section lang=\"en\" aria-labelledby=\"not-found-en\">"))
        #expect(page.contains("<a href=\"/en/search/\">use the search</a>"))
        #expect(site.read("en/404.html").contains("<section lang=\"uk\""))
    }

    @Test func atomFeedIsWellFormedWithAbsoluteLinks() throws {
        let site = try TempSite.minimal()
        defer { site.remove() }
        let report = CECSiteKit.build(
            BuildOptions(
                content: site.content, templates: site.templates, output: site.output,
                date: Day(iso: "2021-01-15"), baseURL: "https://example.org"))
        #expect(report.succeeded)
        for path in ["news/atom.xml", "en/news/atom.xml"] {
            let feed = site.read(path)
            #expect(XMLParser(data: Data(feed.utf8)).parse(), "\(path) is not well-formed XML")
            #expect(feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""))
            #expect(feed.contains("<published>2020-09-05T00:00:00+03:00</published>"))
            #expect(feed.contains("<updated>2020-09-05T00:00:00+03:00</updated>"))
        }
        #expect(site.read("en/news/atom.xml").contains("<id>https://example.org/en/news/first/</id>"))
        #expect(site.read("news/atom.xml").contains("<link rel=\"self\" type=\"application/atom+xml\" href=\"https://example.org/news/atom.xml\"/>"))
    }
}

/// The fault tests' seeded generator (SplitMix64) as a standard one: the same texts on every run.
extension SplitMix: RandomNumberGenerator {}
