import CECSiteCore

/// The site's URL scheme. Paths are language- and edition-neutral (`plan/goals/1-1/`); a
/// language's prefix (`/` or `/en/`) and an edition's (`""` or `low-vision/`) are put in front
/// when a page is written or linked.
package enum Routes {
    package static let home = ""
    public static let plan = "plan/"
    package static let units = "plan/units/"
    public static let timeline = "plan/timeline/"
    package static let news = "news/"
    /// Page `number` of the news list: `news/` for the first, `news/page/2/` after it.
    package static func newsPage(_ number: Int) -> String { number <= 1 ? news : "news/page/\(number)/" }
    /// The news of one year: `news/2020/`.
    package static func newsYear(_ year: Int) -> String { "news/\(year)/" }
    public static let data = "data/"
    package static let statistics = "statistics/gender/"
    package static let faq = "faq/"
    /// The questions for one audience.
    package static func faq(_ audience: FAQAudience) -> String { "faq/\(audience.rawValue)/" }
    /// A FAQ page (all questions, or one audience's) with every answer open, for print and
    /// search engines: `faq/answers/`, `faq/voters/answers/`.
    package static func faqOpen(_ audience: FAQAudience?) -> String { (audience.map(faq) ?? faq) + "answers/" }
    public static let calendar = "calendar/"
    public static let search = "search/"
    /// The Atom feed of the news, below the language's prefix.
    package static let newsFeed = "news/atom.xml"
    /// Not a page's path: the 404 page is written once per language as `404.html`.
    package static let notFound = "404/"
    package static let calendarMonths = "calendar/months/"
    /// The calendar's filtered views: the electoral events only, the plan's milestones only.
    package static let calendarElectoral = "calendar/electoral/", calendarMilestones = "calendar/milestones/"

    /// A month of the calendar: `calendar/months/2020-09/`.
    package static func calendarMonth(_ year: Int, _ month: Int) -> String { "calendar/months/\(year)-\(month < 10 ? "0" : "")\(month)/" }
    /// An election's events.
    package static func calendarElection(_ id: String) -> String { "calendar/elections/\(id)/" }
    /// A category's events.
    package static func calendarCategory(_ category: EventCategory) -> String { "calendar/categories/\(category.rawValue)/" }
    /// The "add to calendar" file of one event, below the language's prefix.
    package static func eventFile(_ id: String) -> String { "calendar/events/\(id).ics" }
    /// The iCalendar feed of a calendar page (`calendar/` → `calendar/calendar.ics`,
    /// `calendar/elections/x/` → `calendar/elections/x.ics`), below the language's prefix.
    public static func feed(_ page: String) -> String {
        page == calendar ? "calendar/calendar.ics" : String(page.dropLast()) + ".ics"
    }

    /// A gender table's page.
    package static func statisticsTable(_ id: String) -> String { "statistics/gender/\(id)/" }
    /// The page of a records file's aggregates.
    public static func records(_ id: String) -> String { "statistics/gender/records/\(id)/" }
    /// The page of one election of a records file (`slug`: the election's transliterated name).
    package static func recordsElection(_ id: String, _ slug: String) -> String { "statistics/gender/records/\(id)/\(slug)/" }

    /// A dataset's catalog page; its files sit beside it in `data/`.
    public static func dataset(_ id: String) -> String { "data/\(id)/" }

    /// Where the pillars' and the goals' pages are.
    package static let pillars = "plan/pillars/", goals = "plan/goals/"
    package static func pillar(_ pillar: Pillar) -> String { pillars + "\(pillar.slug.value)/" }
    package static func goal(_ goal: PlanGoal) -> String { goals + "\(goal.slug)/" }
    package static func goal(id: String) -> String { goals + "\(id.replacingOccurrences(of: ".", with: "-"))/" }
    package static func unit(_ slug: String) -> String { "plan/units/\(slug)/" }

    /// A page's path: under `plan/` for the plan's narrative, at the root otherwise.
    public static func document(_ document: Document) -> String {
        switch document.kind {
        case .news: return "news/\(document.slug)/"
        case .page: return document.section == "plan" ? "plan/\(document.slug)/" : "\(document.slug)/"
        }
    }

    /// Anchors of actions and results on their goal page.
    package static func anchor(_ id: String) -> String { id.replacingOccurrences(of: ".", with: "-") }

    /// The absolute URL path of `path` in `language` and `edition`:
    /// `/plan/`, `/en/plan/`, `/low-vision/plan/` or `/en/low-vision/plan/`.
    public static func url(_ path: String, _ language: Language, _ edition: Edition = .standard) -> String {
        language.urlPrefix + edition.pathPrefix + path
    }

    /// The output file for `path` in `language` and `edition`: `en/low-vision/plan/index.html`.
    public static func file(_ path: String, _ language: Language, _ edition: Edition = .standard) -> String {
        String(url(path, language, edition).dropFirst()) + "index.html"
    }
}
