import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteAudit
@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteKit
@testable import CECSiteMarkdown

/// News at scale: the home page's newest items, the news list in pages, the years, undated items.
@Suite(.serialized) struct NewsTests {
    /// The minimal site (its item `first`, 2020-09-05) with 996 dated items, one a day from
    /// 2017-01-02 (`item-0001`) to 2019-12-17 (`item-0996`), and three undated ones: 1,000 items.
    static let site: TempSite = {
        var files: [String: String?] = [:]
        for i in 1...996 {
            let date = String(format: "%04d-%02d-%02d", 2017 + i / 336, (i / 28) % 12 + 1, i % 28 + 1)
            files[String(format: "content/news/item-%04d.en.md", i)] =
                "---\ntitle: \"Item \(i)\"\ndate: \(date)\nsummary: \"Summary \(i).\"\n---\nBody \(i).\n"
        }
        // Undated, named against their titles' order: by title, then by slug.
        files["content/news/undated-b.en.md"] = "---\ntitle: \"Alpha undated\"\n---\nText.\n"
        files["content/news/undated-a.en.md"] = "---\ntitle: \"Beta undated\"\n---\nText.\n"
        files["content/news/undated-c.en.md"] = "---\ntitle: \"Alpha undated\"\n---\nText.\n"
        let site = try! TempSite.minimal(files)
        let report = site.build()
        precondition(report.succeeded, "\(site.lines(report))")
        return site
    }()

    /// The links to news items in `html` between `start` and `end`, in order.
    static func items(_ html: String, from start: String = "<ul class=\"news-list\">", to end: String = "</ul>") -> [String] {
        guard let from = html.range(of: start), let to = html.range(of: end, range: from.upperBound..<html.endIndex) else { return [] }
        let part = html[from.upperBound..<to.lowerBound]
        return part.components(separatedBy: "<a href=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    @Test func homePageShowsTheNewestFiveAndLinksToAll() {
        let home = Self.site.read("index.html")
        let items = Self.items(home, from: "<h2 id=\"home-news\">", to: "</section>")
        // The section's heading links to the list, then the five newest items, then "all news".
        #expect(items == ["/news/", "/news/first/", "/news/item-0996/", "/news/item-0995/", "/news/item-0994/", "/news/item-0993/", "/news/"])
        #expect(home.contains("<p><a href=\"/news/\">Усі новини (1\u{00A0}000)</a></p>"))
        let english = Self.site.read("en/low-vision/index.html")
        #expect(english.contains("<p><a href=\"/en/low-vision/news/\">All news (1,000)</a></p>"))
    }

    @Test func firstPageListsTenAndLinksToTheNext() {
        let page = Self.site.read("news/index.html")
        #expect(Self.items(page) == ["/news/first/"] + (988...996).reversed().map { "/news/item-0\($0)/" })
        #expect(page.contains("<link rel=\"next\" href=\"/news/page/2/\">"))
        #expect(!page.contains("rel=\"prev\""))
        #expect(page.contains("<nav class=\"pagination\" aria-label=\"Сторінки списку новин\">"))
        #expect(page.contains("<a href=\"/news/\" aria-current=\"page\"><span class=\"visually-hidden\">Сторінка </span>1</a>"))
        #expect(page.contains("<a href=\"/news/page/100/\"><span class=\"visually-hidden\">Сторінка </span>100</a>"))
        #expect(page.contains("<title>Новини — "))
    }

    @Test func middlePagesLinkBothWaysInEveryLanguageAndEdition() {
        for (prefix, label) in [
            ("", "Сторінки списку новин"), ("en/", "Pages of the news list"),
            ("low-vision/", "Сторінки списку новин"), ("en/low-vision/", "Pages of the news list"),
        ] {
            let page = Self.site.read(prefix + "news/page/2/index.html")
            #expect(Self.items(page).count == 10)
            #expect(page.contains("<link rel=\"prev\" href=\"/\(prefix)news/\">"), "\(prefix)")
            #expect(page.contains("<link rel=\"next\" href=\"/\(prefix)news/page/3/\">"), "\(prefix)")
            #expect(page.contains("<nav class=\"pagination\" aria-label=\"\(label)\">"))
            #expect(page.contains("<a href=\"/\(prefix)news/page/2/\" aria-current=\"page\">"))
        }
        #expect(Self.site.read("en/news/page/2/index.html").contains("<h1>News, page 2 of 100</h1>"))
        let fifty = Self.site.read("news/page/50/index.html")
        #expect(
            Self.items(fifty, from: "<nav class=\"pagination\"", to: "</nav>")
                == ["/news/page/49/", "/news/", "/news/page/49/", "/news/page/50/", "/news/page/51/", "/news/page/100/", "/news/page/51/"])
        #expect(fifty.components(separatedBy: "<li class=\"pagination-gap\">…</li>").count == 3)
    }

    @Test func lastPageLinksBackOnlyAndListsTheUndatedLast() {
        let last = Self.site.read("news/page/100/index.html")
        #expect(last.contains("<link rel=\"prev\" href=\"/news/page/99/\">"))
        #expect(!last.contains("rel=\"next\""))
        // The oldest dated items, then the undated ones by title, the same title by slug.
        #expect(
            Self.items(last) == (1...7).reversed().map { "/news/item-000\($0)/" }
                + ["/news/undated-b/", "/news/undated-c/", "/news/undated-a/"])
        #expect(Self.site.readIfPresent("news/page/101/index.html") == nil)
        #expect(Self.site.readIfPresent("news/page/1/index.html") == nil)
    }

    @Test func yearPagesListTheirYearAndAreLinkedFromTheList() {
        let year = Self.site.read("news/2018/index.html")
        let items = Self.items(year)
        #expect(items.count == 336)
        #expect(items.first == "/news/item-0671/" && items.last == "/news/item-0336/")
        #expect(year.contains("<h1>Новини 2018 року</h1>"))
        #expect(year.contains("<a href=\"/news/2018/\" aria-current=\"page\">2018</a>"))
        #expect(!year.contains("rel=\"next\"") && !year.contains("class=\"pagination\""))
        #expect(Self.items(Self.site.read("en/news/2020/index.html")) == ["/en/news/first/"])
        let list = Self.site.read("news/page/7/index.html")
        #expect(Self.items(list, from: "<nav class=\"news-years\"", to: "</nav>") == ["/news/2020/", "/news/2019/", "/news/2018/", "/news/2017/"])
        #expect(Self.site.readIfPresent("news/2016/index.html") == nil)
    }

    /// The new pages pass the auditor: the pages of the list at its start, middle and end, a
    /// year, the home page, in both languages and editions (with the stylesheets, for contrast).
    @Test func pagesPassTheAudit() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cecsite-news-audit-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var paths = ["assets/site.css", "assets/low-vision.css"]
        for prefix in ["", "en/", "low-vision/", "en/low-vision/"] {
            paths += ["", "news/", "news/page/2/", "news/page/50/", "news/page/100/", "news/2018/"].map { prefix + $0 + "index.html" }
        }
        for path in paths {
            let target = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: URL(fileURLWithPath: Self.site.output).appendingPathComponent(path).path, toPath: target.path)
        }
        // Every rule but link-target, which requires every linked page in the folder; the build's
        // link checker has checked the links.
        let result = try Auditor(rules: AuditRules.all.filter { $0.id != "link-target" }).audit(folder: folder.path)
        #expect(result.pages == 24)
        #expect(result.findings.isEmpty, "\(result.findings.prefix(20).map(\.description).joined(separator: "\n"))")
    }

    @Test func settingsChooseHowManyAndAreDocumented() throws {
        var files: [String: String?] = ["content/site.yaml": Minimal.files["content/site.yaml"]! + "\nnews_on_home: 2\nnews_per_page: 3\n"]
        for i in 1...6 { files["content/news/n\(i).en.md"] = "---\ntitle: \"N\(i)\"\ndate: 2021-01-0\(i)\n---\nText.\n" }
        let site = try TempSite.minimal(files)
        defer { site.remove() }
        #expect(site.build().succeeded)
        #expect(Self.items(site.read("index.html"), from: "<h2 id=\"home-news\">", to: "</section>") == ["/news/", "/news/n6/", "/news/n5/", "/news/"])
        #expect(Self.items(site.read("news/index.html")) == ["/news/n6/", "/news/n5/", "/news/n4/"])
        #expect(Self.items(site.read("news/page/3/index.html")) == ["/news/first/"])
        // The documentation's example is the settings' real syntax, with the defaults.
        let docs = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/CONTENT.md"), encoding: .utf8)
        #expect(docs.contains("news_on_home: 5") && docs.contains("news_per_page: 10"))
        #expect(NewsSettings() == NewsSettings(onHome: 5, perPage: 10))
    }

    @Test func undatedTitlesFollowTheAlphabet() {
        // Code points put ґ, є, і, ї after я; the Ukrainian alphabet puts them after г, е, и, і.
        let titles = ["Яма", "Їжак", "Ґава", "дім", "Гора", "Іній", "Ива", "Zebra", "apple", "2020"]
        let ordered = NewsArchive.ordered(titles.enumerated().map { i, title in news("n\(i)", title) }, in: .uk)
        #expect(ordered.map { $0.variants[.uk]!.title.value } == ["2020", "apple", "Zebra", "Гора", "Ґава", "дім", "Ива", "Іній", "Їжак", "Яма"])
    }

    @Test func pageNumbersShowTheEndsAndTheNeighbours() {
        #expect(NewsArchive.window(1, of: 1) == [1])
        #expect(NewsArchive.window(1, of: 3) == [1, 2, 3])
        #expect(NewsArchive.window(1, of: 10) == [1, 2, nil, 10])
        #expect(NewsArchive.window(3, of: 10) == [1, 2, 3, 4, nil, 10])
        #expect(NewsArchive.window(5, of: 10) == [1, nil, 4, 5, 6, nil, 10])
        #expect(NewsArchive.window(10, of: 10) == [1, nil, 9, 10])
    }

    private func news(_ slug: String, _ title: String) -> Document {
        let variant = Document.Variant(file: slug, title: Located(title, at: SourceLocation(file: slug)), markdown: MarkdownDocument(source: "", file: slug))
        return Document(kind: .news, slug: slug, order: 0, date: nil, includes: [], corrections: [], variants: [.uk: variant])
    }
}
