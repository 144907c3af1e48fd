import CECSiteContent
import CECSiteCore
import CECSiteSearch
import Foundation

/// What the search index is made of: every searchable thing of the site (FAQ answers, pages,
/// the plan's pillars, goals, actions and results, units, statistics, datasets, calendar
/// events, news), each with its route, section, title, text and keywords.
struct SearchDocuments {
    let content: SiteContent
    /// The keys of the build's inputs: a page's or news item's terms are keyed by its source
    /// files; nil: by their text.
    var keys: BuildKeys?
    /// Given a page or news item and how to make its search document, gives its search document
    /// (``Renderer/Memory``); nil: it is made.
    var memo: (@Sendable (Document, () -> SearchDocument) -> SearchDocument)?

    /// Every searchable thing, in the order results tie-break by.
    func all(_ published: [PublishedDataset], _ events: [CalendarEvent]) -> [SearchDocument] {
        var docs: [SearchDocument] = []
        for entry in content.faq {
            var text: [Language: String] = [:]
            for language in Language.allCases { if let answer = entry.answers[language] { text[language] = answer.plainText } }
            docs.append(
                SearchDocument(
                    path: Routes.faqOpen(nil) + "#q-" + entry.id.value, section: "faq", title: entry.question,
                    text: LocalizedText(text), keywords: entry.tags))
        }
        // A page's or news item's document is made with its key (10,000 news items): in parallel.
        let pages = content.pages
        docs += parallelMap(pages.count) { self.document(pages[$0], section: "page") }
        for pillar in content.plan.pillars {
            docs.append(
                SearchDocument(
                    path: Routes.pillar(pillar), section: "pillar", title: numbered(pillar.id.value, pillar.title),
                    text: LocalizedText([:]), keywords: [pillar.id.value]))
            for goal in pillar.goals {
                docs.append(
                    SearchDocument(
                        path: Routes.goal(goal), section: "goal", title: numbered(goal.id.value, goal.title),
                        text: pillar.title, keywords: [goal.id.value]))
                for action in goal.actions {
                    docs.append(
                        SearchDocument(
                            path: Routes.goal(goal) + "#action-" + Routes.anchor(action.id.value), section: "action",
                            title: numbered(action.id.value, action.title), text: goal.title, keywords: [action.id.value]))
                    for result in action.results {
                        let units = result.units.compactMap { slug in content.plan.units.first { $0.slug.value == slug.value }?.name }
                        docs.append(
                            SearchDocument(
                                path: Routes.goal(goal) + "#result-" + Routes.anchor(result.id.value), section: "result",
                                title: numbered(result.id.value, result.title), text: joined(units),
                                keywords: [result.id.value]))
                    }
                }
            }
        }
        for unit in content.plan.units {
            docs.append(SearchDocument(path: Routes.unit(unit.slug.value), section: "unit", title: unit.name, text: LocalizedText([:])))
        }
        for table in content.statistics {
            docs.append(
                SearchDocument(
                    path: Routes.statisticsTable(table.id.value), section: "statistics", title: table.title,
                    text: joined([table.description, table.counted] + (table.caption.map { [$0] } ?? []))))
        }
        for set in content.records {
            docs.append(SearchDocument(path: Routes.records(set.id.value), section: "statistics", title: set.title, text: set.description))
        }
        for item in published {
            let metadata = item.dataset.metadata
            docs.append(
                SearchDocument(
                    path: Routes.dataset(item.dataset.id), section: "dataset", title: metadata.title,
                    text: metadata.description, keywords: Language.allCases.flatMap { metadata.keywords[$0] ?? [] }))
        }
        for event in events {
            let election = event.election.flatMap { id in content.calendar.elections.first { $0.id.value == id.value }?.title }
            docs.append(
                SearchDocument(
                    path: Routes.calendar + "#event-" + event.id.value, section: "event", title: event.title,
                    text: joined([event.description, event.location, election].compactMap { $0 })))
        }
        let news = content.news
        docs += parallelMap(news.count) { self.document(news[$0], section: "news") }
        return docs
    }

    /// A page or news item: its title, and its description and body as plain text. It is keyed
    /// by its source files' stamps (``BuildKeys/sources(of:)``), which stand for everything it
    /// is made of.
    func document(_ document: Document, section: String) -> SearchDocument {
        guard let memo else { return made(document, section: section) }
        return memo(document) { made(document, section: section) }
    }

    /// ``document(_:section:)``, made.
    private func made(_ document: Document, section: String) -> SearchDocument {
        var title: [Language: String] = [:], tags: [String] = []
        // In language order, without sorting each document's variants.
        for language in Language.allCases {
            guard let variant = document.variants[language] else { continue }
            tags += variant.tags
            title[language] = variant.title.value
        }
        return SearchDocument(
            path: Routes.document(document), section: section, title: LocalizedText(title), document: document,
            keywords: tags, key: keys?.sources(of: document).map { Fingerprint.of([section, $0]) })
    }

    /// `2.1.3.1 Title` in every language of the title.
    private func numbered(_ id: String, _ title: LocalizedText) -> LocalizedText {
        LocalizedText(title.values.mapValues { id + " " + $0 })
    }

    /// Texts joined per language (each falling back as on a page) with `; `, as the snippet shows them.
    private func joined(_ texts: [LocalizedText]) -> LocalizedText {
        guard !texts.isEmpty else { return LocalizedText([:]) }
        return LocalizedText(
            Dictionary(
                uniqueKeysWithValues: Language.allCases.map { language in
                    (language, texts.map { $0.text(language) }.joined(separator: "; "))
                }))
    }
}

/// The build record keeps the search index's files as it keeps every keyed file: reused when
/// what it is made of is as the last build recorded.
extension BuildRecord: SearchIndexOutput {
    func file(_ path: String, key: ((inout Fingerprint) -> Void)?, make: () -> Data) -> OutputFile {
        guard recording, let key else { return OutputFile(path: path, data: make()) }
        var hasher = Fingerprint()
        key(&hasher)
        return output(path, key: hasher.hex, make: make)
    }
}

extension SearchIndex {
    /// The index of `theme`'s site: results labelled with its interface strings, document
    /// chunks keyed by its fingerprint when files are reused (`recording`).
    init(theme: Theme, recording: Bool) {
        self.init(
            sectionLabel: { OpenData.string(theme, "search_section_" + $0, $1) },
            themeKey: recording ? theme.fingerprint : "")
    }
}
