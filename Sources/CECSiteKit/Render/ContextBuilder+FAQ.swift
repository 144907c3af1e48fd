import CECSiteContent
import CECSiteCore
import CECSiteFormats

/// Contexts of the FAQ: all questions grouped by topic, and one page per audience. Every page
/// opens with the list of its questions (grouped as the page is) and shows each answer folded in
/// a `<details>`; its twin (`faq/answers/`, `faq/<audience>/answers/`) shows every answer open,
/// for print and search engines. Every question has a stable anchor (`#q-<id>`) and a permalink
/// (on the open twin of the page of all questions) and names its source. Only the page of all
/// questions (`/faq/`, `/en/faq/`, standard edition) carries schema.org `FAQPage` JSON-LD: a
/// question is marked up once, on its one canonical page, as Google's rules for FAQ markup ask;
/// the audience pages, the open twins and the low-vision edition link to it.
extension ContextBuilder {
    /// The answer as HTML, its site-root links following the page's language and edition.
    func answerHTML(_ entry: FAQEntry) -> (html: String, attr: String)? {
        guard let (markdown, actual) = entry.answer(language) else { return nil }
        // Several answers share a page: their footnotes' ids start with the question's anchor.
        let media = content.media
        let html = markdown.html(words: markdownWords(actual), anchorPrefix: "q-\(entry.id.value)-", media: mediaMarkup()) { url in
            Self.contentLink(url, base: nil, media: media, prefix: urlPrefix)
        }
        return (html, actual == language ? "" : " lang=\"\(actual.rawValue)\"")
    }

    /// A FAQ page: all questions (`audience` nil) or one audience's, with the answers folded or,
    /// when `open`, every answer open.
    func faqContext(_ audience: FAQAudience?, open: Bool = false) -> [String: Any] {
        let folded = audience.map(Routes.faq) ?? Routes.faq
        let path = open ? Routes.faqOpen(audience) : folded
        let name = audience.map { string("faq_title_" + $0.rawValue) } ?? string("faq_title")
        let title = open ? string("faq_title_open").replacingOccurrences(of: "{title}", with: name) : name
        var crumbs: [(String, [String: Any])] = [(Routes.home, plain(string("nav_home")))]
        if audience != nil { crumbs.append((Routes.faq, plain(string("faq_title")))) }
        if open { crumbs.append((folded, plain(name))) }
        var context = page(path: path, title: plain(title), description: string("faq_intro"), breadcrumbs: crumbs, section: "faq")
        let entries = content.faq.filter { entry in audience.map { entry.audiences.contains($0) } ?? true }
        var jsonld: [JSONValue] = []
        let topics = content.faqTopics.terms.map { FAQTopic(rawValue: $0.id.value) }.compactMap { topic -> [String: Any]? in
            let these = entries.filter { $0.topic == topic }
            guard !these.isEmpty else { return nil }
            return [
                "anchor": "topic-" + topic.rawValue, "label": termName(content.faqTopics, topic.rawValue),
                "questions": these.map { entry -> [String: Any] in
                    let answer = answerHTML(entry)
                    let question = text(entry.question)
                    jsonld.append(
                        .object([
                            ("@type", .string("Question")), ("name", .string(entry.question.text(language))),
                            ("acceptedAnswer", .object([("@type", .string("Answer")), ("text", .string(answer?.html ?? ""))])),
                        ]))
                    return [
                        "anchor": "q-" + entry.id.value, "question": question,
                        "permalink": url(Routes.faqOpen(nil)) + "#q-" + entry.id.value,
                        "answer": answer?.html ?? "", "answerAttr": answer?.attr ?? "",
                        "source": text(entry.source),
                        "audiences": entry.audiences.map { ["label": termName(content.faqAudiences, $0.rawValue), "url": url(Routes.faq($0))] },
                        "related": entry.related.enumerated().map { index, path in
                            var item = pageTitle(path.value)
                            item["url"] = link(path.value)
                            item["separator"] = index + 1 < entry.related.count ? "; " : ""
                            return item
                        },
                        "hasRelated": !entry.related.isEmpty,
                    ]
                },
            ]
        }
        context["faq"] =
            [
                "topics": topics,
                "audiences": content.faqAudiences.terms.map { FAQAudience(rawValue: $0.id.value) }.filter { a in
                    content.faq.contains { $0.audiences.contains(a) }
                }.map {
                    ["label": termName(content.faqAudiences, $0.rawValue), "url": url(open ? Routes.faqOpen($0) : Routes.faq($0)), "current": $0 == audience]
                },
                "allURL": url(open ? Routes.faqOpen(nil) : Routes.faq), "isAll": audience == nil,
                "open": open, "openURL": url(Routes.faqOpen(audience)), "foldedURL": url(folded),
            ] as [String: Any]
        guard audience == nil, !open, edition == .standard else { return context }
        context["jsonld"] = JSONValue.object([
            ("@context", .string("https://schema.org")), ("@type", .string("FAQPage")),
            ("inLanguage", .string(language.rawValue)), ("mainEntity", .array(jsonld)),
        ]).serialized(pretty: false, scriptSafe: true)
        return context
    }

    /// The title of the page at the site-root path `path` (`/plan/timeline/`, with or without a
    /// fragment) in the page's language, as `{text, attr}`, for links that name the page they
    /// lead to; the readable path (`plan/timeline`) for a file or a page without a title here.
    func pageTitle(_ path: String) -> [String: Any] {
        var route = String(path.prefix { $0 != "#" && $0 != "?" })
        while route.hasPrefix("/") { route.removeFirst() }
        if !route.isEmpty && !route.hasSuffix("/") && !route.contains(".") { route += "/" }
        let fixed: [String: String] = [
            Routes.home: "nav_home", Routes.units: "units_title", Routes.timeline: "timeline_title", Routes.news: "nav_news",
            Routes.data: "data_title", Routes.statistics: "statistics_title", Routes.faq: "faq_title", Routes.calendar: "calendar_title",
            Routes.search: "search_title", Routes.calendarMonths: "calendar_months",
            Routes.calendarElectoral: "calendar_title_electoral", Routes.calendarMilestones: "calendar_title_milestones",
        ]
        if let key = fixed[route] { return plain(string(key)) }
        if route == Routes.plan { return quiet(content.plan.title) }
        for pillar in content.plan.pillars {
            if route == Routes.pillar(pillar) { return quiet(pillar.title) }
            for goal in pillar.goals where route == Routes.goal(goal) {
                var title = quiet(goal.title)
                title["text"] = goal.id.value + " " + (title["text"] as? String ?? "")
                return title
            }
        }
        if let unit = content.plan.units.first(where: { route == Routes.unit($0.slug.value) }) { return quiet(unit.name) }
        if let table = content.statistics.first(where: { route == Routes.statisticsTable($0.id.value) }) { return quiet(table.title) }
        if let set = content.records.first(where: { route == Routes.records($0.id.value) }) { return quiet(set.title) }
        if let meta = content.datasetMetadata.first(where: { route == Routes.dataset($0.id.value) }) { return quiet(meta.title) }
        if let audience = content.faqAudiences.ids.first(where: { route == Routes.faq(FAQAudience(rawValue: $0)) }) {
            return plain(string("faq_title_" + audience))
        }
        if let election = content.calendar.elections.first(where: { route == Routes.calendarElection($0.id.value) }) { return quiet(election.title) }
        if let term = content.calendarCategories.terms.first(where: { route == Routes.calendarCategory(EventCategory(rawValue: $0.id.value)) }) {
            return quiet(term.name)
        }
        for document in content.pages + content.news where route == Routes.document(document) {
            if let (variant, actual) = document.variant(language) { return plain(variant.title.value, in: actual) }
        }
        return plain(relatedLabel(path))
    }

    /// A localized text as `{text, attr}`, without telling the page's notes: a link's name is
    /// not a text of the page.
    private func quiet(_ value: LocalizedText) -> [String: Any] {
        let resolved = value.resolve(language)
        return plain(resolved.text, in: resolved.language)
    }

    /// A related page's name: the site-root path, readable (`/plan/goals/4-1/` → `plan/goals/4-1`).
    private func relatedLabel(_ path: String) -> String {
        var label = path
        while label.hasPrefix("/") { label.removeFirst() }
        while label.hasSuffix("/") { label.removeLast() }
        return label.isEmpty ? string("nav_home") : label
    }
}
