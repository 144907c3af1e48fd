import CECSiteContent
import CECSiteCore
import CECSiteMarkdown
import Foundation

/// Builders of the plain dictionaries templates read. Escaping is left to Mustache's HTML
/// escaping (`{{…}}`); the few values inserted raw (`{{{…}}}`) are built here from fixed text
/// or by libcmark's safe renderer.
struct ContextBuilder {
    let content: SiteContent
    let theme: Theme
    let language: Language
    let buildDate: Day
    /// The edition being rendered; every link the builder makes stays within it.
    var edition: Edition = .standard
    /// Parts several pages of one build share (the news list is on the home page and the news
    /// page), made once per language and edition; nil: made for each page.
    var memo: ContextMemo?
    /// The other edition of this page in this language, made on this thread just before or
    /// after this one: what a document page's editions show alike is made once for both
    /// (``EditionTwin``); nil: made for each.
    var twin: EditionTwin?

    var strings: [String: String] { theme.contextStrings[language] ?? [:] }

    func string(_ key: String) -> String { theme.strings[language]?[key]?.value ?? key }

    /// The words a Markdown body written in `language` needs in its HTML (a table's name, a
    /// footnote's back-link, a task without text), from the interface strings of that language.
    func markdownWords(_ language: Language) -> MarkdownWords {
        let strings = theme.strings[language]
        return MarkdownWords(
            table: strings?["markdown_table"]?.value ?? MarkdownWords.english.table,
            footnoteBack: strings?["markdown_footnote_back"]?.value ?? MarkdownWords.english.footnoteBack,
            task: strings?["markdown_task"]?.value ?? MarkdownWords.english.task)
    }

    /// What this page's texts turned out to be (translations, texts in another language), for the
    /// notes under its heading. A builder makes one page.
    let notes = PageNotes()

    /// The frame this page's context was given (see ``contextKey(_:salt:)``).
    let frameKey = FrameKey()

    /// A localized text as `{text, lang?, attr}`: `attr` is ` lang="en"` when the text had to
    /// fall back to another language, so the element that holds it switches the screen reader's voice.
    /// The page's ``notes`` learn of a fallback or a translation.
    func text(_ value: LocalizedText) -> [String: Any] {
        let resolved = value.resolve(language)
        notes.saw(value, shownIn: resolved.language, on: language)
        return plain(resolved.text, in: resolved.language)
    }

    /// A plain string written in `actual` (default: the page's language), as `{text, lang?, attr}`.
    func plain(_ value: String, in actual: Language? = nil) -> [String: Any] {
        let actual = actual ?? language
        var result: [String: Any] = ["text": value, "attr": ""]
        if actual != language {
            result["lang"] = actual.rawValue
            result["attr"] = " lang=\"\(actual.rawValue)\""
        }
        return result
    }

    func url(_ path: String) -> String { Routes.url(path, language, edition) }

    /// The name of the term `id` of `taxonomy` in the page's language (its text), or the id when
    /// it is not declared.
    func termName(_ taxonomy: Taxonomy, _ id: String) -> String {
        taxonomy.term(id).map { text($0.name)["text"] as? String ?? id } ?? id
    }

    /// The prefix site-root links written in content get on this page: `/`, `/en/`, `/low-vision/`…
    var urlPrefix: String { language.urlPrefix + edition.pathPrefix }

    /// A date as `{iso, text}` in the language's format (`15 червня 2020`, `15 June 2020`).
    func date(_ day: Day?) -> [String: Any]? {
        guard let day else { return nil }
        // Made once per language and day: the Foundation replacements below were 5 % of a
        // build's CPU time when every page made its dates anew (BENCHMARKS.md, 2026-12-07).
        guard let memo else { return makeDate(day) }
        return memo.value("date " + language.rawValue + " " + day.description) { makeDate(day) }
    }

    private func makeDate(_ day: Day) -> [String: Any] {
        // A small scan instead of three Foundation replacements: dates are on every table row.
        var text = ""
        var rest = Substring(string("date_format"))
        while let open = rest.firstIndex(of: "{") {
            text += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            switch rest[rest.index(after: open)..<close] {
            case "day": text += String(day.day)
            case "month": text += string("month_\(day.month)")
            case "year": text += String(day.year)
            default: text += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        text += rest
        // A date breaks only between its month and its year: no-break spaces join the day to
        // its month and the year to "р." (Ukrainian typography), and a line can still break
        // once inside a date, so that a date in the low-vision edition's large type fits a
        // 320 px screen. `period` ends a sentence after it unless the date's own format
        // already ends with a full stop ("6 грудня 2026 р.").
        text = text.replacingOccurrences(of: " ", with: "\u{00A0}")
        let month = string("month_\(day.month)")
        if let joined = text.range(of: month + "\u{00A0}") { text.replaceSubrange(joined, with: month + " ") }
        return ["iso": day.description, "text": text, "period": text.hasSuffix(".") ? "" : "."]
    }

    /// The context every page shares: language, strings, navigation, twins, breadcrumbs.
    func page(path: String, title: [String: Any], description: String?, breadcrumbs: [(String, [String: Any])], section: String) -> [String: Any] {
        var context = editionEntries(path: path, title: title, breadcrumbs: breadcrumbs, section: section)
        context["t"] = strings
        let common = commonEntries(path: path, title: title, description: description, siteTitle: (context["site"] as? [String: Any])?["title"])
        context.merge(common) { _, new in new }
        return context
    }

    /// The entries of ``page(path:title:description:breadcrumbs:section:)`` that are the same in
    /// both editions, but the interface strings (`t`): `title`, `canonical`, `description` and
    /// `og`; `siteTitle` is the frame's `site.title`.
    func commonEntries(path: String, title: [String: Any], description: String?, siteTitle: Any?) -> [String: Any] {
        var context: [String: Any] = ["title": title, "canonical": absolute(Routes.url(path, language))]
        if let description { context["description"] = description }
        var og: [String: Any] = [
            "type": "website", "locale": language.openGraphLocale,
            "alternateLocales": Language.allCases.filter { $0 != language }.map(\.openGraphLocale),
        ]
        og.set("url", content.config.baseURL.map { $0 + Routes.url(path, language) })
        addFrameImage(to: &og, siteTitle: siteTitle)
        context["og"] = og
        return context
    }

    /// The entries of ``page(path:title:description:breadcrumbs:section:)`` that name this
    /// edition (its links, its switch, its head title): the shared frame, `twins`,
    /// `alternates`, `edition`, `headTitle` and `breadcrumbs`. The page's other entries are the
    /// same in both editions.
    func editionEntries(path: String, title: [String: Any], breadcrumbs: [(String, [String: Any])], section: String) -> [String: Any] {
        let twins: [[String: Any]] = Language.allCases.filter { $0 != language }.map { other in
            [
                "lang": other.rawValue, "url": Routes.url(path, other, edition),
                "label": theme.strings[other]?["language_name"]?.value ?? other.rawValue,
            ]
        }
        // Search engines get the standard edition: the low-vision page names it as canonical
        // and lists no language alternates of its own.
        let alternates: [[String: Any]] =
            edition == .standard
            ? Language.allCases.map { other in
                ["lang": other.rawValue, "url": absolute(Routes.url(path, other))]
            } : []
        var crumbs: [[String: Any]] = breadcrumbs.map { ["url": url($0.0), "label": $0.1] }
        if !crumbs.isEmpty { crumbs.append(["label": title, "current": true]) }
        var context = sharedFrame(path: path, section: section)
        context["twins"] = twins
        context["alternates"] = alternates
        context["edition"] =
            [
                "lowVision": edition == .lowVision,
                "switchURL": Routes.url(path, language, edition.other),
                "switchLabel": string(edition == .standard ? "edition_low_vision" : "edition_standard"),
            ] as [String: Any]
        // The document's <title>: the page's title, then the site's, never the same name twice.
        let siteTitle = text(content.config.title)["text"] as? String ?? ""
        let pageTitle = title["text"] as? String ?? ""
        var headTitle = pageTitle == siteTitle || pageTitle.isEmpty ? siteTitle : pageTitle + " — " + siteTitle
        if edition == .lowVision { headTitle += " (" + string("edition_title_suffix") + ")" }
        context["headTitle"] = headTitle
        if !crumbs.isEmpty { context["breadcrumbs"] = ["items": crumbs] }
        return context
    }

    /// The menu's sections: each one's path, the string of its label and its id.
    private var menuSections: [(path: String, label: String, id: String)] {
        var sections = [
            (Routes.home, "nav_home", "home"), (Routes.plan, "nav_plan", "plan"),
            (Routes.calendar, "nav_calendar", "calendar"), (Routes.news, "nav_news", "news"),
        ]
        if !content.faq.isEmpty { sections.append((Routes.faq, "nav_faq", "faq")) }
        if !content.statistics.isEmpty || !content.records.isEmpty { sections.append((Routes.statistics, "nav_statistics", "statistics")) }
        if !content.datasetMetadata.isEmpty { sections.append((Routes.data, "nav_data", "data")) }
        return sections
    }

    /// The entries of a page's context that every page of one language, edition and section
    /// shares (the menu, the site, the footer, the build date, the search links). With a
    /// ``memo`` they are made once for all of those pages, with the sums of their entries'
    /// fingerprints, which ``contextKey(_:salt:)`` adds to each page's key instead of hashing
    /// the entries again.
    private func sharedFrame(path: String, section: String) -> [String: Any] {
        let sections = menuSections
        frameKey.pages += 1
        guard let memo else { return makeSharedFrame(sections, path: path, section: section) }
        // The menu marks the page it links to: a page in the menu has a frame of its own.
        let key = "frame \(language.rawValue) \(edition.rawValue) \(section) " + (sections.contains { $0.path == path } ? path : "")
        let frame = memo.value(key) { () -> (entries: [String: Any], sums: Fingerprint.EntrySums?) in
            let entries = makeSharedFrame(sections, path: path, section: section)
            return (entries, Fingerprint.entrySums(entries))
        }
        // The texts the frame shows, noted on this page as making them would note them.
        _ = text(content.config.title)
        _ = footerTexts()
        frameKey.sums = frame.sums
        return frame.entries
    }

    private func makeSharedFrame(_ sections: [(path: String, label: String, id: String)], path: String, section: String) -> [String: Any] {
        // The units and the timeline are parts of the plan: reached from its page, marked by its link.
        let navSection = section == "units" || section == "timeline" ? "plan" : section
        let nav: [[String: Any]] = sections.map { target, key, id in
            var item: [String: Any] = ["url": url(target), "label": string(key)]
            if id == navSection { item["current"] = true }
            if target == path { item["currentPage"] = true }
            return item
        }
        var context: [String: Any] = [
            "lang": language.rawValue,
            "site": ["title": text(content.config.title), "home": url(Routes.home)],
            "nav": nav,
            "buildDate": date(buildDate) ?? [:],
        ]
        context["siteSearch"] = section == "search" ? false : ["url": url(Routes.search)]
        context["searchURL"] = url(Routes.search)
        context.set("atomFeed", content.config.baseURL == nil ? nil : language.urlPrefix + Routes.newsFeed)
        addFrame(to: &context, section: section)
        return context
    }

    /// The page's key: the fingerprint of its context without the interface strings (`t`, in
    /// the theme's fingerprint), salted; the frame's entries (``sharedFrame(path:section:)``)
    /// by the sums made with them when the context holds one frame. The same key either way.
    /// The entries the page shares with its other edition (``EditionTwin``) by the sums made
    /// with them, when ``frameKey`` holds those.
    func contextKey(_ context: [String: Any], salt: String) -> String? {
        var known = frameKey.pages == 1 ? frameKey.sums : nil
        if let shared = frameKey.shared { known = known.map { $0.adding(shared) } ?? shared }
        if let known {
            return Fingerprint.of(context: context, skipping: "t", known: known, salt: salt)
        }
        return Fingerprint.of(context: context, skipping: "t", salt: salt)
    }

    /// A page's meta description from the string `key`, its `{name}` placeholders filled.
    func describe(_ key: String, _ values: [String: String]) -> String {
        // In key order, so the result never depends on the dictionary's order.
        values.keys.sorted().reduce(string(key)) { text, name in text.replacingOccurrences(of: "{\(name)}", with: values[name]!) }
    }

    /// An absolute URL when the site has a base URL, else the root-relative path.
    func absolute(_ path: String) -> String { (content.config.baseURL ?? "") + path }
}

/// The frame a page's context holds: how many frames its builder made, and the sums of the
/// fingerprints of the last one's entries (nil: made without a memo, or not encodable).
final class FrameKey {
    var pages = 0
    var sums: Fingerprint.EntrySums?
    /// The sums of the page's entries that both its editions show alike, made once for the two
    /// (``EditionTwin``); nil: none were.
    var shared: Fingerprint.EntrySums?
}

/// What the standard edition of one page in one language made that its low-vision edition
/// shows alike, so that the low-vision edition takes it instead of making it again: the two
/// editions differ only in their links, their switch and their head title
/// (``ContextBuilder/editionEntries(path:title:breadcrumbs:section:)``), and, when a body's
/// site-root links are rewritten, in the body. One page's two editions are made one after the
/// other on one thread with one twin (``Renderer``); a twin is never shared between threads.
///
/// This halves the cost of a document page's context and key (BENCHMARKS.md, 2026-12-07,
/// seventh session): the document's entry (its body among them) is made and hashed once for
/// the two editions, not once for each.
final class EditionTwin {
    /// A document page's standard edition, as ``ContextBuilder/documentContext(_:)`` made it.
    struct Document {
        /// The page's path (``Routes/document(_:)``): a twin serves one page.
        var path: String
        /// Every entry but the edition's (``ContextBuilder/editionEntries(path:title:breadcrumbs:section:)``)
        /// and the interface strings (`t`).
        var shared: [String: Any]
        /// The notes its texts gave, which the other edition's texts give alike.
        var notes: PageNotes
        /// The sums of `shared`'s entries (nil: a value has no encoding).
        var sums: Fingerprint.EntrySums?
        /// Under which key of the build's ``ContextMemo`` the body is shared.
        var bodyKey: String?
    }

    /// The standard edition's document context, when its low-vision edition may take it: its
    /// body is the same in both editions (no site-root link rewritten in either).
    var document: Document?
}

/// What one page shows besides texts in its own language: texts translated for the site, and
/// texts that exist only in another language. The page says so once, under its heading, in
/// its own language; the `lang` attribute alone is never seen by sighted readers.
final class PageNotes {
    /// The languages this page's translated texts were translated from.
    private(set) var translatedFrom: Set<Language> = []
    /// The languages texts of this page are shown in because its own language lacks them.
    private(set) var shownIn: Set<Language> = []
    /// True when the page's main text (a page's or news item's body) is in another language.
    var mainTextElsewhere: Language?

    /// Takes `other`'s notes as this page's: the other edition of the same page, whose texts
    /// this one shows alike (``EditionTwin``).
    func adopt(_ other: PageNotes) {
        translatedFrom = other.translatedFrom
        shownIn = other.shownIn
        mainTextElsewhere = other.mainTextElsewhere
    }

    /// Notes one text shown on a page in `page`'s language.
    func saw(_ text: LocalizedText, shownIn actual: Language, on page: Language) {
        if actual != page {
            shownIn.insert(actual)
        } else if text.translated.contains(page) {
            translatedFrom.formUnion(text.values.keys.filter { $0 != page && !text.translated.contains($0) })
        }
    }

    /// Notes a Markdown body shown on a page in `page`'s language.
    func sawBody(in actual: Language, translatedFrom source: Language?, on page: Language) {
        if actual != page {
            mainTextElsewhere = actual
        } else if let source {
            translatedFrom.insert(source)
        }
    }

    /// The notes as a list of `{text, kind}` in the page's language, or nil when there are none:
    /// the strings `note_translated_from_<code>`, `note_only_in_<code>` (the main text is in
    /// another language) and `note_partly_in_<code>` (some texts are).
    func context(_ string: (String) -> String) -> [[String: Any]]? {
        var notes: [[String: Any]] = []
        for source in translatedFrom.sorted() {
            notes.append(["kind": "translated", "text": string("note_translated_from_" + source.rawValue)])
        }
        if let other = mainTextElsewhere {
            notes.append(["kind": "other-language", "text": string("note_only_in_" + other.rawValue)])
        }
        for other in shownIn.sorted() where other != mainTextElsewhere {
            notes.append(["kind": "other-language", "text": string("note_partly_in_" + other.rawValue)])
        }
        return notes.isEmpty ? nil : notes
    }
}

extension Dictionary where Key == String, Value == Any {
    /// Sets an optional value, or `false` when it is absent: Mustache looks a missing name up the
    /// context stack, so a result without a date would otherwise show its action's date.
    mutating func set(_ key: String, _ value: Any?) { self[key] = value ?? false }
}

/// Context parts shared by several pages of one build, made once: a thread-safe table by name.
final class ContextMemo: @unchecked Sendable {
    private var values: [String: Any] = [:]
    private var remaining: [String: Int] = [:]
    private let lock = NSLock()

    /// The value under `key`, made by `make` for the first of `uses` callers and forgotten when
    /// the last has taken it (a rendered body is shared by its pages, not kept for the build).
    /// Two first callers at once may both make it; either is kept.
    func take<T>(_ key: String, uses: Int, _ make: () -> T) -> T {
        guard uses > 1 else { return make() }
        /// Counts one use of the stored value; the last use forgets it. Called with the lock held.
        func use() {
            remaining[key, default: uses] -= 1
            if remaining[key]! <= 0 {
                values[key] = nil
                remaining[key] = nil
            }
        }
        lock.lock()
        if let known = values[key] as? T {
            use()
            lock.unlock()
            return known
        }
        lock.unlock()
        let made = make()
        lock.lock()
        if values[key] == nil {
            values[key] = made
            remaining[key] = uses - 1
        } else {
            use()  // another caller made and stored it meanwhile
        }
        lock.unlock()
        return made
    }

    /// Counts one use of the value ``take(_:uses:_:)`` stores under `key` by a caller that got
    /// it another way (the low-vision edition of a page, from its standard edition's context:
    /// ``EditionTwin``); forgets it when that was the last use, as `take` would. Nothing when
    /// nothing is stored under `key`.
    func release(_ key: String) {
        lock.lock()
        defer { lock.unlock() }
        guard values[key] != nil, let left = remaining[key] else { return }
        if left <= 1 {
            values[key] = nil
            remaining[key] = nil
        } else {
            remaining[key] = left - 1
        }
    }

    /// The value stored under `key`, made by `make` the first time. Two threads asking at once
    /// may both make it; the same inputs give the same value, so either is kept.
    func value<T>(_ key: String, _ make: () -> T) -> T {
        lock.lock()
        if let known = values[key] as? T {
            lock.unlock()
            return known
        }
        lock.unlock()
        let made = make()
        lock.lock()
        values[key] = made
        lock.unlock()
        return made
    }
}
