import CECSiteContent
import CECSiteCore
import CECSiteFormats
import Foundation

/// What lets people and machines find the site: `sitemap.xml` (with hreflang alternates, split
/// into several files past 50,000 addresses), `robots.txt`, the Atom feed of the news in each
/// language, and the 404 page. Sitemaps and feeds need absolute addresses, so they are written
/// only when the site has a base URL; without one the build says so in a warning.
struct Discovery {
    let content: SiteContent
    let theme: Theme
    let buildDate: Day
    /// Addresses per sitemap file; the protocol's limit is 50,000.
    var sitemapLimit = 50_000
    /// The previous build's record: a sitemap or feed whose inputs are unchanged is taken from
    /// the previous output instead of being made (``BuildRecord/output(_:key:make:)``).
    var record = BuildRecord()
    /// The key of everything the feeds are made of (see ``Renderer``); nil when unknown, and
    /// then the feeds are made.
    var feedKey: String?

    static let sitemap = "sitemap.xml"
    static let robots = "robots.txt"
    static let notFound = "404.html"
    /// The newest news items a feed carries; the news page lists them all.
    static let feedEntries = 50

    /// The sitemap(s), robots.txt and the Atom feeds, for a site whose rendered HTML pages are
    /// `pages` (output paths, all languages and editions).
    func files(pages: [String], sink: DiagnosticSink) -> [OutputFile] {
        guard let base = content.config.baseURL else {
            sink.warning(
                SourceLocation(file: content.config.file),
                "No base_url: sitemap.xml and the Atom feeds need absolute addresses, so they were not written, and pages have no og:url; set base_url in site.yaml (e.g. https://example.org) or pass --base-url"
            )
            return [OutputFile(path: Self.robots, data: Data(robots(base: nil).utf8))]
        }
        var files = keyedSitemaps(pages: pages, base: base)
        files.append(OutputFile(path: Self.robots, data: Data(robots(base: base).utf8)))
        return files + feeds(base: base)
    }

    /// The Atom feeds of every language, through the record under ``feedKey``.
    func feeds(base: String) -> [OutputFile] {
        Language.allCases.map { language in
            let path = String((language.urlPrefix + Routes.newsFeed).dropFirst())
            return record.output(path, key: feedKey) { Data(atom(language, base: base).utf8) }
        }
    }

    /// ``sitemaps(pages:base:)`` through the record: they are a function of the pages' paths,
    /// the base URL and the limit, so an unchanged set of pages reuses them unread.
    func keyedSitemaps(pages: [String], base: String) -> [OutputFile] {
        guard record.recording else { return sitemaps(pages: pages, base: base) }
        // One pass over the pages' bytes (44,000 at 10,000 pages): the addressed pages hashed,
        // the standard edition's counted.
        var hasher = Fingerprint()
        hasher.add("sitemap")
        hasher.add(base)
        hasher.add(word: UInt64(sitemapLimit))
        var addressed = 0, addresses = 0
        for page in pages where Self.isAddressed(page) {
            hasher.add(page)
            addressed += 1
            if !Self.isLowVision(page) { addresses += 1 }
        }
        hasher.add(word: UInt64(addressed))
        let key = hasher.hex
        // How many files there are, from the number of addresses, without making them.
        let names =
            addresses > sitemapLimit
            ? [Self.sitemap] + (1...(addresses + sitemapLimit - 1) / sitemapLimit).map { "sitemap-\($0).xml" } : [Self.sitemap]
        var made: [String: Data]?
        return names.map { name in
            record.output(name, key: key) {
                if made == nil {
                    made = Dictionary(uniqueKeysWithValues: sitemaps(pages: pages, base: base).map { ($0.path, $0.data) })
                }
                return made?[name] ?? Data()
            }
        }
    }

    /// True for a page of the low-vision edition (any language), which the sitemap leaves out:
    /// one whose path, after its language's folder (`en/`; none for the main language), starts
    /// with the edition's folder. Compared as bytes: every page of the build passes here.
    static func isLowVision(_ page: String) -> Bool {
        let path = page.utf8
        for prefix in languageFolders where path.starts(with: prefix) {
            return path.dropFirst(prefix.count).starts(with: lowVisionFolder)
        }
        return path.starts(with: lowVisionFolder)
    }

    /// The folders of the languages other than the main one (`en/`), last language first.
    private static let languageFolders = Language.allCases.reversed().filter { $0 != .main }.map { Array(String($0.urlPrefix.dropFirst()).utf8) }
    /// The folder of the low-vision edition below a language's.
    private static let lowVisionFolder = Array(Edition.lowVision.pathPrefix.utf8)
    private static let indexFile = Array("index.html".utf8)

    /// True for a page with an address of its own (a folder's `index.html`), which a sitemap lists.
    static func isAddressed(_ page: String) -> Bool {
        let path = page.utf8
        return path.count >= indexFile.count && path.suffix(indexFile.count).elementsEqual(indexFile)
    }

    // MARK: Sitemap

    /// The standard-edition pages, each once, with its language twins as alternates. The
    /// low-vision edition names the standard page as canonical, so it is not listed.
    func sitemaps(pages: [String], base: String) -> [OutputFile] {
        var neutral: [String: Set<Language>] = [:]
        for page in pages where page.hasSuffix("index.html") && !Self.isLowVision(page) {
            let url = "/" + page.dropLast("index.html".count)
            let language = Language.allCases.reversed().first { url.hasPrefix($0.urlPrefix) } ?? .main
            neutral[String(url.dropFirst(language.urlPrefix.count)), default: []].insert(language)
        }
        var entries: [String] = []
        for path in neutral.keys.sorted() {
            let languages = Language.allCases.filter { neutral[path]!.contains($0) }
            let links =
                languages.count < 2
                ? []
                : languages.map { other in
                    "<xhtml:link rel=\"alternate\" hreflang=\"\(other.rawValue)\" href=\"\(xml(base + Routes.url(path, other)))\"/>"
                } + ["<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"\(xml(base + Routes.url(path, languages[0])))\"/>"]
            for language in languages {
                entries.append("<url><loc>\(xml(base + Routes.url(path, language)))</loc>" + links.joined() + "</url>")
            }
        }
        let head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        func urlset(_ slice: ArraySlice<String>) -> Data {
            Data(
                (head + "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n"
                    + slice.map { $0 + "\n" }.joined() + "</urlset>\n").utf8)
        }
        guard entries.count > sitemapLimit else { return [OutputFile(path: Self.sitemap, data: urlset(entries[...]))] }
        var files: [OutputFile] = []
        for (n, start) in stride(from: 0, to: entries.count, by: sitemapLimit).enumerated() {
            files.append(OutputFile(path: "sitemap-\(n + 1).xml", data: urlset(entries[start..<min(start + sitemapLimit, entries.count)])))
        }
        let index =
            head + "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
            + files.map { "<sitemap><loc>\(xml(base + "/" + $0.path))</loc></sitemap>\n" }.joined() + "</sitemapindex>\n"
        return [OutputFile(path: Self.sitemap, data: Data(index.utf8))] + files
    }

    func robots(base: String?) -> String {
        var text = "# Every page of this site may be crawled.\nUser-agent: *\nAllow: /\n"
        if let base { text += "\nSitemap: \(base)/\(Self.sitemap)\n" }
        return text
    }

    // MARK: Atom

    /// The news in `language` as an Atom 1.0 feed (RFC 4287), the newest ``feedEntries`` first. Entries are dated
    /// at midnight in Kyiv; the feed's `updated` is its newest entry's date (the build date
    /// when there is no news), so the same content gives the same bytes.
    func atom(_ language: Language, base: String) -> String {
        let builder = ContextBuilder(content: content, theme: theme, language: language, buildDate: buildDate)
        let news = Self.sortedNews(content.news).prefix(Self.feedEntries)
        let page = base + Routes.url(Routes.news, language)
        let title = OpenData.string(theme, "news_title", language) + " — " + content.config.title.text(language)
        var lines = [
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>",
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"\(language.rawValue)\">",
            "<title>\(xml(title))</title>",
            "<id>\(xml(page))</id>",
            "<link rel=\"self\" type=\"application/atom+xml\" href=\"\(xml(base + language.urlPrefix + Routes.newsFeed))\"/>",
            "<link rel=\"alternate\" type=\"text/html\" href=\"\(xml(page))\"/>",
            "<updated>\(timestamp(news.compactMap { $0.date?.value }.max() ?? buildDate))</updated>",
            "<author><name>\(xml(content.config.title.text(language)))</name></author>",
            "<generator>cecsite</generator>",
        ]
        for document in news {
            guard let (variant, actual) = document.variant(language) else { continue }
            let url = base + Routes.url(Routes.document(document), language)
            // An undated item has no `published`; `updated` (required) is then the build date.
            let day = timestamp(document.date?.value ?? buildDate)
            let body = variant.markdown.html(
                words: builder.markdownWords(actual), media: ContextBuilder.mediaMarkup(content.media, language: language)
            ) { link in
                let link = ContextBuilder.contentLink(link, base: Routes.document(document), media: content.media, prefix: builder.urlPrefix)
                return link.hasPrefix("/") && !link.hasPrefix("//") ? base + link : link
            }
            let lang = actual == language ? "" : " xml:lang=\"\(actual.rawValue)\""
            lines += [
                "<entry\(lang)>",
                "<title type=\"text\">\(xml(variant.title.value))</title>",
                "<id>\(xml(url))</id>",
                "<link rel=\"alternate\" type=\"text/html\" href=\"\(xml(url))\"/>",
            ]
            if document.date != nil { lines.append("<published>\(day)</published>") }
            lines += [
                "<updated>\(day)</updated>"
            ]
            if let summary = variant.summary ?? variant.description { lines.append("<summary type=\"text\">\(xml(summary))</summary>") }
            lines += ["<content type=\"html\">\(xml(body))</content>", "</entry>"]
        }
        lines.append("</feed>")
        return lines.joined(separator: "\n") + "\n"
    }

    /// News in the order the news list shows it (``NewsArchive/ordered(_:in:)``, in the main
    /// language for both feeds, so that both carry the same items): newest first, undated last.
    static func sortedNews(_ news: [Document]) -> [Document] {
        NewsArchive.ordered(news, in: .main)
    }

    /// Midnight of `day` in Kyiv as an RFC 3339 timestamp: `2020-09-05T00:00:00+03:00`.
    func timestamp(_ day: Day) -> String {
        var calendar = Calendar(identifier: .gregorian)
        let zone = TimeZone(identifier: "Europe/Kyiv") ?? TimeZone(identifier: "Europe/Kiev") ?? TimeZone(secondsFromGMT: 7200)!
        calendar.timeZone = zone
        let date = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day)) ?? Date(timeIntervalSince1970: 0)
        let offset = zone.secondsFromGMT(for: date) / 60
        let sign = offset < 0 ? "-" : "+"
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(day)T00:00:00\(sign)\(two(abs(offset) / 60)):\(two(abs(offset) % 60))"
    }

    /// XML text and attribute escaping (``XML/escape(_:)``).
    func xml(_ s: String) -> String { XML.escape(s) }
}
