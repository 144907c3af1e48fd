import CECSiteCore
import CECSiteMarkdown

/// A Markdown document: a narrative page or a news article, in one or more languages.
package struct Document: Sendable {
    /// Whether the document is a page or a news article.
    package enum Kind: String, Sendable { case page, news }

    /// One language's file of the document.
    package struct Variant: Sendable {
        public var file: String
        public var title: Located<String>
        public var description: String?
        public var summary: String?
        /// The language this file was translated from (`translated_from:`), when its text is a
        /// translation made for the site rather than the source document's own.
        public var translatedFrom: Language? = nil
        /// Keywords from the front matter's `tags`, in this variant's language.
        package var tags: [String] = []
        /// The body rendered to HTML by libcmark (raw HTML dropped), with internal links still language-neutral.
        public var markdown: MarkdownDocument
    }

    public var kind: Kind
    /// The URL segment, from the file name.
    package var slug: String
    /// `plan` or nil: where a page is listed and its URL.
    package var section: String?
    public var order: Int
    public var date: Located<Day>?
    /// The latest `lastmod` of its files.
    public var lastModified: Day?
    public var source: String?
    /// Named data blocks rendered after the body (`swot`).
    package var includes: [Located<String>]
    package var corrections: [Correction]
    package var variants: [Language: Variant]
    /// The folder of a page bundle (`news/<slug>/` holding `index.uk.md`), whose other files
    /// are the document's media; nil for a document in a file of its own.
    package var bundle: String? = nil
    /// Old addresses of the document (`aliases:`), by language: each gets a page that redirects
    /// to the document's page in that language.
    package var aliases: [Language: [Located<String>]] = [:]

    /// The variant to show on a page in `language`, falling back to another language.
    /// The loader never creates a document without a variant, so nil means an empty value built by hand.
    package func variant(_ language: Language) -> (variant: Variant, language: Language)? {
        if let v = variants[language] { return (v, language) }
        for other in language.fallbacks { if let v = variants[other] { return (v, other) } }
        return nil
    }
}

/// The site's configuration from `site.yaml`.
package struct SiteConfig: Sendable {
    public var title: LocalizedText
    public var description: LocalizedText?
    /// The absolute base URL, used for canonical links when set.
    public var baseURL: String?
    /// The file the configuration was read from, for messages about it.
    public var file = "site.yaml"
    /// The open-data settings (`open_data:`).
    package var openData = OpenDataConfig()
    /// How many news items the home page and each page of the news list show.
    package var news = NewsSettings()
    /// The frame every page shows: logo, contacts, main site, accessibility statement.
    package var frame = SiteFrame()
}

/// Everything loaded from `content/` and `templates/`, before validation.
package struct SiteContent: Sendable {
    package var config: SiteConfig
    public var plan: Plan
    public var pages: [Document]
    package var news: [Document]
    /// The published gender tables of `statistics/gender/`, in their order.
    package var statistics: [StatisticsTable] = []
    /// The questions of `faq/`, by topic and order.
    package var faq: [FAQEntry] = []
    /// The FAQ's topics (`faq/topics.yaml`) and audiences (`faq/audiences.yaml`), in order.
    public var faqTopics = Taxonomy(), faqAudiences = Taxonomy()
    /// The calendar's categories (`calendar/categories.yaml`), in order, the plan's milestones included.
    public var calendarCategories = Taxonomy()
    /// The elections and events of `calendar/` (plan milestones are derived when rendering).
    public var calendar = ElectoralCalendar()
    /// Person-level records of `statistics/records/`, aggregated as they were read.
    public var records: [RecordSet] = []
    /// What `data/datasets.yaml` says about each open dataset.
    package var datasetMetadata: [DatasetMetadata] = []
    /// The images and documents of `media/` and of the page bundles.
    package var media = MediaLibrary()
    /// The commit days of the content's files when it is in a git work tree (``GitDates``).
    package var gitDates = GitDates()
}
