import CECSiteContent
import CECSiteCore

/// Contexts of the news list, its pages and the news of each year (see ``NewsArchive``).
extension ContextBuilder {
    /// Every news item in the order this language lists them (``NewsArchive/ordered(_:in:)``),
    /// each with its year (nil: undated), as the home page, the news list's pages and the year
    /// pages show them.
    ///
    /// Like every context but a document's own, this shows documents' front matter only, never
    /// their bodies: an incremental build reuses such pages without building their context
    /// while no front matter and no shared input changed (``Renderer/listKey``).
    func newsEntries() -> [(year: Int?, entry: [String: Any])] {
        guard let memo else { return makeNewsEntries() }
        return memo.value("news \(language.rawValue) \(edition.rawValue)", makeNewsEntries)
    }

    private func makeNewsEntries() -> [(year: Int?, entry: [String: Any])] {
        NewsArchive.ordered(content.news, in: language).compactMap { document in
            guard let (variant, actual) = document.variant(language) else { return nil }
            var entry: [String: Any] = ["url": url(Routes.document(document)), "title": plain(variant.title.value, in: actual)]
            entry.set("date", date(document.date?.value))
            entry.set("summary", variant.summary.map { plain($0, in: actual) })
            entry.set("source", document.source.map { plain($0, in: actual) })
            return (document.date?.value.year, entry)
        }
    }

    /// Page `number` (from 1) of the news list: its items, the links to the other pages (also as
    /// `rel="prev"` and `rel="next"` in the head), and the links to the years.
    func newsListContext(page number: Int) -> [String: Any] {
        let archive = NewsArchive(content: content)
        let total = archive.pageCount
        let title = number == 1 ? string("news_title") : describe("news_page_title", ["page": String(number), "pages": String(total)])
        var description = string("news_meta")
        if number > 1 { description += " " + describe("news_page_meta", ["page": String(number), "pages": String(total)]) }
        var breadcrumbs: [(String, [String: Any])] = [(Routes.home, plain(string("nav_home")))]
        if number > 1 { breadcrumbs.append((Routes.news, plain(string("nav_news")))) }
        var context = page(
            path: Routes.newsPage(number), title: plain(title), description: description,
            breadcrumbs: breadcrumbs, section: "news")
        let entries = newsEntries()
        let range = archive.range(ofPage: number)
        context["news"] = entries[min(range.lowerBound, entries.count)..<min(range.upperBound, entries.count)].map(\.entry)
        context.set("pagination", total > 1 ? pagination(number, of: total) : nil)
        context.set("relPrev", number > 1 ? url(Routes.newsPage(number - 1)) : nil)
        context.set("relNext", number < total ? url(Routes.newsPage(number + 1)) : nil)
        context.set("newsYears", years(archive, current: nil))
        return context
    }

    /// The news of `year`, newest first.
    func newsYearContext(_ year: Int) -> [String: Any] {
        let title = describe("news_year_title", ["year": String(year)])
        var context = page(
            path: Routes.newsYear(year), title: plain(title), description: describe("news_year_meta", ["year": String(year)]),
            breadcrumbs: [(Routes.home, plain(string("nav_home"))), (Routes.news, plain(string("nav_news")))],
            section: "news")
        context["news"] = newsEntries().filter { $0.year == year }.map(\.entry)
        context.set("newsYears", years(NewsArchive(content: content), current: year))
        return context
    }

    /// The home page's part of the news: the newest ``NewsSettings/onHome`` items, and a link to
    /// all of them with their count when there are more (the section's heading links there too).
    func homeNews() -> (items: [[String: Any]], all: [String: Any]?) {
        let entries = newsEntries()
        var all: [String: Any]?
        if entries.count > content.config.news.onHome {
            all = ["url": url(Routes.news), "label": describe("news_all", ["count": number(entries.count)])]
        }
        return (entries.prefix(content.config.news.onHome).map(\.entry), all)
    }

    /// The links to the list's pages around `current`: previous, numbers (the current one marked,
    /// gaps as "…"), next.
    private func pagination(_ current: Int, of total: Int) -> [String: Any] {
        let pages: [[String: Any]] = NewsArchive.window(current, of: total).map { number in
            // Both keys on every entry: a name missing here would be looked up the context stack.
            guard let number else { return ["gap": true, "number": false] }
            return ["gap": false, "number": String(number), "url": url(Routes.newsPage(number)), "current": number == current]
        }
        var context: [String: Any] = ["pages": pages]
        context.set("previous", current > 1 ? ["url": url(Routes.newsPage(current - 1))] : nil)
        context.set("next", current < total ? ["url": url(Routes.newsPage(current + 1))] : nil)
        context["status"] = describe("pagination_status", ["page": String(current), "pages": String(total)])
        return context
    }

    /// The links to the years with news, newest first, as `{years}`; `current` is marked. Nil
    /// without dated news.
    private func years(_ archive: NewsArchive, current: Int?) -> [String: Any]? {
        // Once per build, not per list page: each page's scan of every item made the news
        // list's pages cost the square of the news' count.
        let years = memo?.value("news years") { archive.years } ?? archive.years
        guard !years.isEmpty else { return nil }
        return [
            "years": years.map { year -> [String: Any] in
                ["year": String(year), "url": url(Routes.newsYear(year)), "current": year == current]
            }
        ]
    }
}
