import CECSiteContent
import CECSiteCore

/// Contexts of the home page, narrative pages and news.
extension ContextBuilder {
    func homeContext() -> [String: Any] {
        var context = page(
            path: Routes.home, title: text(content.config.title),
            description: content.config.description?.text(language), breadcrumbs: [], section: "home")
        if let description = content.config.description { context["intro"] = text(description) }
        context["plan"] =
            [
                "title": text(plan.title), "url": url(Routes.plan), "startYear": plan.startYear, "endYear": plan.endYear,
                "pillars": plan.pillars.map(pillarEntry), "totals": counts(plan.pillars.flatMap(\.goals)),
                "unitsURL": url(Routes.units), "timelineURL": url(Routes.timeline),
            ] as [String: Any]
        context["documents"] = planDocuments()
        let news = homeNews()
        context["news"] = news.items
        context.set("newsAll", news.all)
        context["newsURL"] = url(Routes.news)
        return context
    }

    /// A page's or news item's context. It may show this document and data shared by every
    /// page (the site's settings, the plan, the theme), never another document: an incremental
    /// build reuses a document's pages without building this context when only other documents
    /// changed (see ``BuildRecord``).
    func documentContext(_ document: Document) -> [String: Any]? {
        guard let (variant, actual) = document.variant(language) else { return nil }
        let title = plain(variant.title.value, in: actual)
        var breadcrumbs: [(String, [String: Any])] = [(Routes.home, plain(string("nav_home")))]
        // A page outside the plan belongs to no section of the menu.
        var section = "page"
        if document.kind == .news {
            breadcrumbs.append((Routes.news, plain(string("nav_news"))))
            section = "news"
        } else if document.section == "plan" {
            breadcrumbs.append((Routes.plan, text(plan.title)))
            section = "plan"
        }
        let path = Routes.document(document)
        var context = editionEntries(path: path, title: title, breadcrumbs: breadcrumbs, section: section)
        context["t"] = strings
        // The low-vision edition of a page whose body is the same in both editions takes every
        // other entry from its standard edition, made just before on this thread.
        if edition == .lowVision, let made = twin?.document, made.path == path {
            context.merge(made.shared) { _, new in new }
            notes.adopt(made.notes)
            frameKey.shared = made.sums
            if let key = made.bodyKey { memo?.release(key) }
            return context
        }
        var shared = commonEntries(
            path: path, title: title, description: variant.description ?? variant.summary,
            siteTitle: (context["site"] as? [String: Any])?["title"])
        if document.kind == .news, var og = shared["og"] as? [String: Any] {
            og["type"] = "article"
            shared["og"] = og
        }
        // Site-root links in content are language- and edition-neutral: /plan/ becomes /en/plan/
        // on English pages and /low-vision/plan/ on low-vision ones.
        // Media have one address on every page: `photo.jpg` in a bundle is `/news/<slug>/photo.jpg`.
        let base = path
        let media = content.media
        func rewrite(_ prefix: String) -> (String) -> String {
            { link in Self.contentLink(link, base: base, media: media, prefix: prefix) }
        }
        let markup = mediaMarkup()
        notes.sawBody(in: actual, translatedFrom: variant.translatedFrom, on: language)
        let markdown = variant.markdown
        let body: String
        var bodyKey: String?
        if let memo, !markdown.rewrites(rewrite(urlPrefix)) {
            // The pages that show this body with its links as written share one rendering, kept
            // until the last of them takes it.
            // A document's format and size are written in the page's language: with media, only
            // the pages of one language share a body.
            let sharing = (markup == nil ? Language.allCases : [language]).filter { document.variant($0)?.language == actual }.flatMap { other in
                Edition.allCases.map { other.urlPrefix + $0.pathPrefix }
            }.filter { !markdown.rewrites(rewrite($0)) }.count
            let key = "body " + variant.file + (markup == nil ? "" : " " + language.rawValue)
            body = memo.take(key, uses: sharing) {
                markdown.html(words: markdownWords(actual), media: markup) { $0 }
            }
            bodyKey = key
        } else {
            body = markdown.html(words: markdownWords(actual), media: markup, rewritingLinks: rewrite(urlPrefix))
        }
        var entry: [String: Any] = [
            "title": title, "body": body, "bodyAttr": title["attr"] ?? "",
        ]
        entry.set("tags", variant.tags.isEmpty ? nil : variant.tags.joined(separator: ", "))
        entry.set("corrections", corrections(document.corrections))
        entry.set("date", date(document.date?.value))
        entry.set("lastModified", date(document.lastModified))
        entry.set("source", document.source.map { plain($0, in: actual) })
        entry.set("summary", variant.summary.map { plain($0, in: actual) })
        if document.includes.contains(where: { $0.value == "swot" }), let swot = plan.swot {
            let block: [String: Any] = [
                "caption": text(swot.caption),
                "rows": [
                    ("swot_strengths", swot.strengths), ("swot_weaknesses", swot.weaknesses),
                    ("swot_opportunities", swot.opportunities), ("swot_threats", swot.threats),
                ].map { key, items -> [String: Any] in ["label": string(key), "items": items.map(text)] },
            ]
            entry["swot"] = block
            // One section of corrections per page: the page's and its SWOT table's together.
            entry.set("corrections", corrections(document.corrections + swot.corrections))
        }
        if document.includes.contains(where: { $0.value == "contacts" }) {
            entry["contacts"] = contacts() ?? ["notStated": true]
        }
        shared["document"] = entry
        // The body as written is the body of both editions when neither rewrites a link of it:
        // the low-vision edition then takes these entries, with their sums, from here.
        if edition == .standard, let twin, bodyKey != nil,
            !markdown.rewrites(rewrite(language.urlPrefix + Edition.lowVision.pathPrefix))
        {
            let sums = Fingerprint.entrySums(shared)
            frameKey.shared = sums
            twin.document = EditionTwin.Document(path: path, shared: shared, notes: notes, sums: sums, bodyKey: bodyKey)
        }
        context.merge(shared) { _, new in new }
        return context
    }

    /// The 404 page: what happened and where to go, in this language with the other language
    /// beside it, every link root-relative so it works at any address.
    func notFoundContext() -> [String: Any] {
        var context = page(path: Routes.notFound, title: plain(string("not_found_title")), description: nil, breadcrumbs: [], section: "")
        context["canonical"] = false
        context["alternates"] = [[String: Any]]()
        context["robots"] = "noindex"
        context["og"] = false
        context["twins"] = Language.allCases.filter { $0 != language }.map { other -> [String: Any] in
            [
                "lang": other.rawValue, "url": Routes.url(Routes.home, other),
                "label": theme.strings[other]?["language_name"]?.value ?? other.rawValue,
            ]
        }
        if var edition = context["edition"] as? [String: Any] {
            edition["switchURL"] = Routes.url(Routes.home, language, .lowVision)
            context["edition"] = edition
        }
        context["notFound"] = Language.allCases.map { other -> [String: Any] in
            func s(_ key: String) -> String { theme.strings[other]?[key]?.value ?? key }
            return [
                "lang": other.rawValue, "isPage": other == language, "title": s("not_found_title"), "text": s("not_found_text"),
                "next": s("not_found_next"),
                "links": [
                    ["url": Routes.url(Routes.home, other), "label": s("not_found_home")],
                    ["url": Routes.url(Routes.search, other), "label": s("not_found_search")],
                    ["url": Routes.url(Routes.home, other, .lowVision), "label": s("not_found_low_vision")],
                ],
            ]
        }
        return context
    }
}
