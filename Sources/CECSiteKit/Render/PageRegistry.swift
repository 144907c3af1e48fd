import CECSiteContent
import CECSiteCore
import CECSiteSearch

/// Every page of the site, listed once: its language- and edition-neutral path, its template,
/// what it stands for, and how its context is made. The render stage renders exactly these
/// pages (in every language and edition); the validator checks content links and URL clashes
/// against exactly these paths and requires exactly their templates. `cecsite build` and
/// `cecsite data` both go through it, so neither can know a page the other does not.
///
/// The 404 page is ``notFound``: one per language, in no edition's folder. The files that are
/// not pages (the open data, feeds, sitemaps, robots.txt, the logo; the search index and the
/// assets, which content does not link to) are not rendered from templates; ``files()`` names
/// those content may link to.
struct PageRegistry {
    /// What page contexts are made from besides the model: made once by the render stage.
    struct Inputs: Sendable {
        /// The published datasets, in catalog order.
        var published: [PublishedDataset] = []
        /// Every search document as the search page lists it.
        var searchable: [SearchDocument] = []
        /// Every unit's results (see ``ContextBuilder/unitResults()``).
        var unitResults: [String: [(PlanGoal, PlanAction, PlanResult)]] = [:]
    }

    /// One page.
    struct Page: Sendable {
        var path: String
        var template: String
        /// What the page stands for, as the validator names it: "the home page", "goal 1.1".
        var owner: String
        /// The page or news item the page shows, for a document page.
        var document: Document? = nil
        var context: @Sendable (ContextBuilder, Inputs) -> [String: Any]?
    }

    let content: SiteContent
    let theme: Theme
    /// Every calendar event, the plan's milestones included (see ``CalendarEvents``).
    let events: [CalendarEvent]
    /// The ids of the published datasets, in catalog order (see ``DatasetCatalog``).
    let datasets: [String]

    /// The registry of `content`, its events and datasets derived as the render stage derives them.
    init(content: SiteContent, theme: Theme) {
        self.init(
            content: content, theme: theme, events: CalendarEvents(content: content, theme: theme).all(),
            datasets: DatasetCatalog(content: content, theme: theme).datasets().map(\.id))
    }

    init(content: SiteContent, theme: Theme, events: [CalendarEvent], datasets: [String]) {
        self.content = content
        self.theme = theme
        self.events = events
        self.datasets = datasets
    }

    /// Every page: the generated ones first, then every page and news item.
    var pages: [Page] { generatedPages + documentPages }

    /// Every page that is not a page or news item of `content/pages/` or `content/news/`.
    var generatedPages: [Page] {
        var pages: [Page] = [
            Page(path: Routes.search, template: "search", owner: "the search page") { $0.searchContext($1.searchable) },
            Page(path: Routes.home, template: "home", owner: "the home page") { b, _ in b.homeContext() },
            Page(path: Routes.plan, template: "plan", owner: "the plan overview") { b, _ in b.planContext() },
            Page(path: Routes.timeline, template: "timeline", owner: "the timeline") { b, _ in b.timelineContext() },
        ]
        pages += newsPages
        for pillar in content.plan.pillars {
            pages.append(Page(path: Routes.pillar(pillar), template: "pillar", owner: "pillar \(pillar.id.value)") { b, _ in b.pillarContext(pillar) })
            for goal in pillar.goals {
                pages.append(Page(path: Routes.goal(goal), template: "goal", owner: "goal \(goal.id.value)") { b, _ in b.goalContext(goal, in: pillar) })
            }
        }
        pages.append(Page(path: Routes.units, template: "units", owner: "the unit list") { $0.unitsContext($1.unitResults) })
        for unit in content.plan.units {
            pages.append(Page(path: Routes.unit(unit.slug.value), template: "unit", owner: "unit \(unit.slug.value)") { $0.unitContext(unit, $1.unitResults) })
        }
        pages += calendarPages
        if !content.faq.isEmpty {
            let audiences = content.faqAudiences.ids.map(FAQAudience.init(rawValue:)).filter { audience in
                content.faq.contains { $0.audiences.contains(audience) }
            }
            // Each FAQ page twice: answers folded (the index first), and every answer open.
            for audience in [nil] + audiences.map(Optional.some) {
                pages.append(Page(path: audience.map(Routes.faq) ?? Routes.faq, template: "faq", owner: "the FAQ") { b, _ in b.faqContext(audience) })
                pages.append(Page(path: Routes.faqOpen(audience), template: "faq", owner: "the FAQ") { b, _ in b.faqContext(audience, open: true) })
            }
        }
        for set in content.records {
            pages.append(Page(path: Routes.records(set.id.value), template: "records", owner: "records \(set.id.value)") { b, _ in b.recordsContext(set) })
            for election in set.elections {
                pages.append(
                    Page(
                        path: Routes.recordsElection(set.id.value, Slug.make(election)), template: "records-election",
                        owner: "records \(set.id.value)"
                    ) { b, _ in b.recordsElectionContext(set, election) })
            }
        }
        if !content.statistics.isEmpty || !content.records.isEmpty {
            pages.append(Page(path: Routes.statistics, template: "statistics", owner: "the statistics section") { b, _ in b.statisticsContext() })
            for table in content.statistics {
                pages.append(
                    Page(
                        path: Routes.statisticsTable(table.id.value), template: "statistics-table",
                        owner: "table \(table.id.value)"
                    ) { b, _ in b.statisticsTableContext(table) })
            }
        }
        if !datasets.isEmpty {
            pages.append(Page(path: Routes.data, template: "data-catalog", owner: "the open-data catalog") { $0.dataCatalogContext($1.published) })
            for id in datasets {
                pages.append(
                    Page(path: Routes.dataset(id), template: "dataset", owner: "dataset \(id)") { builder, inputs in
                        inputs.published.first { $0.dataset.id == id }.map(builder.datasetContext)
                    })
            }
        }
        return pages
    }

    /// The news list, one page per ``NewsSettings/perPage`` items (`news/`, `news/page/2/`, …),
    /// and the news of each year with dated news (`news/2020/`).
    var newsPages: [Page] {
        let archive = NewsArchive(content: content)
        var pages = (1...archive.pageCount).map { number in
            Page(path: Routes.newsPage(number), template: "news-list", owner: number == 1 ? "the news list" : "page \(number) of the news list") {
                b, _ in b.newsListContext(page: number)
            }
        }
        for year in archive.years {
            pages.append(Page(path: Routes.newsYear(year), template: "news-list", owner: "the news of \(year)") { b, _ in b.newsYearContext(year) })
        }
        return pages
    }

    /// One page per page and news item.
    var documentPages: [Page] {
        [content.pages, content.news].joined().map(Self.documentPage)
    }

    /// The page of `document` (one of ``documentPages``).
    static func documentPage(_ document: Document) -> Page {
        Page(
            path: Routes.document(document), template: document.kind == .news ? "news-article" : "page",
            owner: document.variants.values.lazy.map(\.file).min() ?? document.slug, document: document
        ) { b, _ in
            b.documentContext(document)
        }
    }

    /// The calendar: the main page, the months, each month, each election and each category.
    var calendarPages: [Page] {
        let events = events
        var pages = CalendarFilter.allCases.map { filter in
            Page(path: filter.path, template: "calendar", owner: "the calendar") { b, _ in b.calendarContext(events, filter: filter) }
        }
        pages += [
            Page(path: Routes.calendarMonths, template: "calendar-months", owner: "the calendar") { b, _ in b.calendarMonthsContext(events) }
        ]
        for (year, month) in ContextBuilder.months(events) {
            pages.append(
                Page(path: Routes.calendarMonth(year, month), template: "calendar-month", owner: "the calendar") { b, _ in
                    b.calendarMonthContext(events, year: year, month: month)
                })
        }
        for (path, title, list) in calendarLists {
            pages.append(
                Page(path: path, template: "calendar-list", owner: "the calendar") { b, _ in
                    b.calendarListContext(list, path: path, title: b.text(title))
                })
        }
        return pages
    }

    /// The calendar's filtered views, each with its own page and feed: per election, per category.
    var calendarLists: [(path: String, title: LocalizedText, events: [CalendarEvent])] {
        var lists = content.calendar.elections.map { election in
            (Routes.calendarElection(election.id.value), election.title, events.filter { $0.election?.value == election.id.value })
        }
        for term in content.calendarCategories.terms {
            let category = EventCategory(rawValue: term.id.value)
            let these = events.filter { $0.category == category }
            guard !these.isEmpty else { continue }
            lists.append((Routes.calendarCategory(category), term.name, these))
        }
        return lists
    }

    /// The page a server shows for an address that has none, `404.html` of each language's
    /// folder (standard edition only: a server has one such page per folder).
    var notFound: Page {
        Page(path: Discovery.notFound, template: "404", owner: "the 404 page") { b, _ in b.notFoundContext() }
    }

    /// The files that are not pages and that content may link to, with what each belongs to:
    /// the open-data files and catalogs (language-neutral paths), the calendar and news feeds
    /// (below each language's prefix), the sitemap and robots.txt.
    func files() -> [(path: String, owner: String)] {
        var files: [(String, String)] = []
        if !datasets.isEmpty {
            for file in [DataPackage.fileName, DCAT.fileName] { files.append((DataFiles.directory + file, "the open-data catalog")) }
            for id in datasets {
                for format in DataFiles.Format.allCases { files.append((DataFiles.directory + DataFiles.name(id, format), "dataset \(id)")) }
            }
        }
        for path in CalendarFilter.allCases.map(\.path) + calendarLists.map(\.path) {
            for language in Language.allCases { files.append((String((language.urlPrefix + Routes.feed(path)).dropFirst()), "a calendar feed")) }
        }
        for path in FrameFiles.paths(content.config.frame) { files.append((path, "the logo of site.yaml")) }
        files.append((Discovery.robots, "robots.txt"))
        if content.config.baseURL != nil {
            files.append((Discovery.sitemap, "the sitemap"))
            for language in Language.allCases { files.append((String((language.urlPrefix + Routes.newsFeed).dropFirst()), "the news feed")) }
        }
        for language in Language.allCases { files.append((String((language.urlPrefix + Discovery.notFound).dropFirst()), "the 404 page")) }
        return files
    }

    /// The templates every run needs: the layout, the 404 page's, and every page's.
    var templates: [String] {
        var seen: Set<String> = []
        // The document pages' templates, in their first pages' order, without making those pages.
        let documents = (content.pages.isEmpty ? [] : ["page"]) + (content.news.isEmpty ? [] : ["news-article"])
        return (["layout"] + generatedPages.map(\.template) + documents + [notFound.template]).filter { seen.insert($0).inserted }
    }
}
