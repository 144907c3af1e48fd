import CECSiteCore
import Foundation

/// The load stage: reads `content/` into a ``SiteContent`` and `templates/` into a ``Theme``,
/// reporting every problem it meets.
package struct ContentLoader {
    package let contentDirectory: String
    package let templatesDirectory: String
    /// Overrides `base_url` of `site.yaml` when set (`--base-url`, `cecsite serve`).
    package var baseURL: String?
    /// The Markdown files the last build parsed (incremental builds); nil: parse every file.
    package var cache: DocumentCache?
    /// The build date, which decides what `publishDate` and `expiryDate` keep out; nil: nothing.
    package var buildDate: Day?
    /// Where the stamps of the Markdown files read go (``DocumentLoader/stamps``).
    package var stamps: ReadStamps?
    /// The stamps of the Markdown files taken before loading (``DocumentLoader/knownStamps``).
    package var knownStamps: [String: FileStamp] = [:]

    /// A loader of the site in `contentDirectory` with its theme in `templatesDirectory`.
    package init(contentDirectory: String, templatesDirectory: String) {
        self.contentDirectory = contentDirectory
        self.templatesDirectory = templatesDirectory
    }

    package func load() -> (SiteContent, Theme, [Diagnostic]) {
        let sink = DiagnosticSink(stage: .load)
        if !isDirectory(contentDirectory) {
            sink.error(SourceLocation(file: contentDirectory), "Content folder not found; pass --content DIR or create it")
        }
        if !isDirectory(templatesDirectory) {
            sink.error(SourceLocation(file: templatesDirectory), "Templates folder not found; pass --templates DIR or create it")
        }
        let links = linkedFolders(sink)
        // A folder reached through a linked folder is not read: its files may be anywhere.
        func folder(_ name: String) -> String? {
            links.contains { name == $0 || name.hasPrefix($0 + "/") } ? nil : join(contentDirectory, name)
        }
        let config = loadConfig(sink)
        // A plan folder that is not read (a link) has pages all the same, at unknown addresses.
        let plan =
            folder("plan").map { PlanLoader(directory: $0, sink: sink).load() }
            ?? Plan(
                title: LocalizedText([:]), startYear: 0, endYear: 0, adoptedBy: nil, source: nil, pillars: [], units: [], swot: nil,
                allGoalsRead: false, allResultsRead: false)
        let pages =
            folder("pages").map {
                DocumentLoader(directory: $0, kind: .page, sink: sink, cache: cache, buildDate: buildDate, stamps: stamps, knownStamps: knownStamps).load()
            } ?? []
        let news =
            folder("news").map {
                DocumentLoader(directory: $0, kind: .news, sink: sink, cache: cache, buildDate: buildDate, stamps: stamps, knownStamps: knownStamps).load()
            } ?? []
        cache?.releaseRecord()
        let theme = ThemeLoader(directory: templatesDirectory, sink: sink).load()
        var content = SiteContent(config: config, plan: plan, pages: pages, news: news)
        content.statistics = folder("statistics/gender").map { StatisticsLoader(directory: $0, sink: sink).load() } ?? []
        if let faq = folder("faq") {
            content.faqTopics = TaxonomyLoader(file: join(faq, "topics.yaml"), key: "topics", what: "a topic", sink: sink).load()
            content.faqAudiences = TaxonomyLoader(file: join(faq, "audiences.yaml"), key: "audiences", what: "an audience", sink: sink).load()
            content.faq = FAQLoader(directory: faq, sink: sink, topics: content.faqTopics, audiences: content.faqAudiences).load()
        }
        content.calendarCategories = Self.withPlanMilestones(
            folder("calendar").map {
                TaxonomyLoader(file: join($0, CalendarLoader.categoriesFile), key: "categories", what: "a category", sink: sink).load()
            } ?? Taxonomy(), theme: theme)
        content.calendar =
            folder("calendar").map {
                CalendarLoader(directory: $0, sink: sink, categories: content.calendarCategories).load()
            } ?? ElectoralCalendar()
        content.media = MediaLoader(sink: sink).load(mediaFolder: folder("media"), documents: pages + news)
        content.records = folder("statistics/records").map { RecordsLoader(directory: $0, sink: sink).load() } ?? []
        content.datasetMetadata = folder("data").map { DatasetMetadataLoader(file: join($0, "datasets.yaml"), sink: sink).load() } ?? []
        if !content.datasetMetadata.isEmpty { content.gitDates = GitDates.read(contentDirectory) }
        return (content, theme, sink.diagnostics)
    }

    /// The folders below `content/` that are symbolic links (relative paths), each reported: a
    /// link could bring in files from anywhere on the machine, so content stays inside its tree.
    /// Linked files are reported where they are listed (``SourceFiles/list(_:extensions:recursive:)``).
    private func linkedFolders(_ sink: DiagnosticSink) -> [String] {
        let fm = FileManager.default
        var found: [String] = []
        for name in Self.symbolicLinks(below: contentDirectory).sorted() {
            let path = join(contentDirectory, name)
            // Listing succeeds only through a link to a folder (`fileExists(isDirectory:)` does not follow it).
            guard (try? fm.contentsOfDirectory(atPath: path)) != nil else { continue }
            let target = (try? fm.destinationOfSymbolicLink(atPath: path)) ?? "?"
            sink.error(
                SourceLocation(file: path),
                "Symbolic link to the folder '\(target)' is not followed; content stays inside the content folder, so replace the link with the folder itself")
            found.append(name)
        }
        return found
    }

    /// The relative paths of the symbolic links below `root`, found as FileManager's enumerator
    /// finds them (hidden entries included, no link followed, nothing when `root` is a link) but
    /// reading only each entry's type from the directory.
    package static func symbolicLinks(below root: String) -> [String] {
        guard !isSymbolicLink(root) else { return [] }
        var links: [String] = []
        var pending = [""]
        while let relative = pending.popLast() {
            guard let directory = opendir(relative.isEmpty ? root : join(root, relative)) else { continue }
            defer { closedir(directory) }
            while let entry = readdir(directory) {
                let name = entryName(entry)
                if name == "." || name == ".." { continue }
                let path = relative.isEmpty ? name : relative + "/" + name
                var type = Int32(entry.pointee.d_type)
                if type == Int32(DT_UNKNOWN) {
                    var info = stat()
                    guard lstat(join(root, path), &info) == 0 else { continue }
                    type = (info.st_mode & S_IFMT) == S_IFLNK ? Int32(DT_LNK) : (info.st_mode & S_IFMT) == S_IFDIR ? Int32(DT_DIR) : Int32(DT_REG)
                }
                if type == Int32(DT_LNK) {
                    links.append(path)
                } else if type == Int32(DT_DIR) {
                    pending.append(path)
                }
            }
        }
        return links
    }

    /// The declared categories, and the plan's milestones last unless declared: the calendar
    /// derives them from the plan's timing, so they exist on every site, named by the interface
    /// string `category_plan-milestone`.
    package static func withPlanMilestones(_ categories: Taxonomy, theme: Theme) -> Taxonomy {
        guard categories.term(EventCategory.planMilestone.rawValue) == nil else { return categories }
        var categories = categories
        let names = Dictionary(
            uniqueKeysWithValues: Language.allCases.compactMap { language in
                theme.strings[language]?["category_" + EventCategory.planMilestone.rawValue].map { (language, $0.value) }
            })
        categories.terms.append(
            Term(
                id: Located(EventCategory.planMilestone.rawValue, at: SourceLocation(file: categories.file)),
                name: LocalizedText(names.isEmpty ? [.en: "Plan milestones"] : names)))
        return categories
    }

    private func loadConfig(_ sink: DiagnosticSink) -> SiteConfig {
        var config = SiteConfig(title: LocalizedText([:]), description: nil, baseURL: nil)
        let file = join(contentDirectory, "site.yaml")
        config.file = file
        guard isDirectory(contentDirectory), let text = SourceFiles(sink: sink).text(file) else { return config }
        let reader = YAMLReader(file: file, sink: sink)
        guard let f = reader.root(text, what: "the site configuration") else { return config }
        config.title = f.localized("title", what: "the site's title") ?? config.title
        config.description = f.localized("description", required: false, what: "the site's description")
        if let override = baseURL {
            if let normalized = Self.normalizedBaseURL(override) {
                config.baseURL = normalized
            } else {
                sink.error(
                    SourceLocation(file: "--base-url"),
                    "Invalid base URL '\(override)'; write an absolute http(s) URL such as https://example.org")
            }
        } else if let base = f.string("base_url", required: false, what: "the site's absolute base URL") {
            if let normalized = Self.normalizedBaseURL(base.value) {
                config.baseURL = normalized
            } else {
                sink.error(base.location, "Invalid base_url '\(base.value)'; write an absolute http(s) URL such as https://example.org")
            }
        }
        if let node = f.node("open_data", required: false, what: "the open-data settings"),
            let settings = reader.mapping(node, what: "the open-data settings")
        {
            config.openData = DatasetMetadataLoader.openData(settings, reader: reader)
        }
        config.news = Self.newsSettings(f)
        config.frame = frame(f)
        f.finish(
            "the site configuration (keys: title, description, base_url, open_data, news_on_home, news_per_page, logo, publisher_url, contact, accessibility_statement)"
        )
        return config
    }

    /// `url` without its trailing slash when it is an absolute http(s) URL with a host and no
    /// query or fragment; nil otherwise.
    package static func normalizedBaseURL(_ url: String) -> String? {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), ["http", "https"].contains(scheme),
            parsed.host?.isEmpty == false, parsed.query == nil, parsed.fragment == nil
        else { return nil }
        var text = url
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }

    private func isDirectory(_ path: String) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
    }
}

package func join(_ directory: String, _ name: String) -> String {
    (directory as NSString).appendingPathComponent(name)
}
