import CECSiteCore
import CECSiteFormats

/// Contexts of the FAQ: all questions grouped by topic, and one page per audience. Every
/// question has a stable anchor (`#q-<id>`) and a permalink, names its source, and the page
/// carries schema.org `FAQPage` JSON-LD.
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

    func faqContext(_ audience: FAQAudience?) -> [String: Any] {
        let path = audience.map(Routes.faq) ?? Routes.faq
        let title = audience.map { string("faq_title_" + $0.rawValue) } ?? string("faq_title")
        var crumbs: [(String, [String: Any])] = [(Routes.home, plain(string("nav_home")))]
        if audience != nil { crumbs.append((Routes.faq, plain(string("faq_title")))) }
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
                        "permalink": url(Routes.faq) + "#q-" + entry.id.value,
                        "answer": answer?.html ?? "", "answerAttr": answer?.attr ?? "",
                        "source": text(entry.source),
                        "audiences": entry.audiences.map { ["label": termName(content.faqAudiences, $0.rawValue), "url": url(Routes.faq($0))] },
                        "related": entry.related.map { ["url": link($0.value), "label": relatedLabel($0.value)] },
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
                    ["label": termName(content.faqAudiences, $0.rawValue), "url": url(Routes.faq($0)), "current": $0 == audience]
                },
                "allURL": url(Routes.faq), "isAll": audience == nil,
            ] as [String: Any]
        context["jsonld"] = JSONValue.object([
            ("@context", .string("https://schema.org")), ("@type", .string("FAQPage")),
            ("inLanguage", .string(language.rawValue)), ("mainEntity", .array(jsonld)),
        ]).serialized(pretty: false, scriptSafe: true)
        return context
    }

    /// A related page's name: the site-root path, readable (`/plan/goals/4-1/` → `plan/goals/4-1`).
    private func relatedLabel(_ path: String) -> String {
        var label = path
        while label.hasPrefix("/") { label.removeFirst() }
        while label.hasSuffix("/") { label.removeLast() }
        return label.isEmpty ? string("nav_home") : label
    }
}
