import Foundation
import CECSiteCore
import CECSiteTemplates
import CECSiteFormats

/// The render stage: every page of the site in every language, rendered in parallel through the
/// theme's Mustache templates, then checked for broken internal links before anything is written.
struct Renderer {
    let content: SiteContent
    let theme: Theme
    let buildDate: Day
    /// The key of every input a document page shares with the others (see
    /// ``SourceStamps/sharedKey(content:extra:)``); nil when unknown, and then every page's
    /// context is built.
    var sharedKey: String?

    /// One page to render: its language-neutral path, template and context factory.
    struct Job {
        var path: String
        var template: String
        var context: (ContextBuilder) -> [String: Any]?
        /// The fingerprint of every input the page's context is made from (see ``RenderCache``):
        /// for a document page its own source files and the shared inputs
        /// (``dependency(of:)``), for any other page the shared inputs and every document's front
        /// matter (``listKey``); nil when unknown.
        var dependency: String? = nil
    }

    /// The dependency key of every page that is not a document page: the shared key and the
    /// front matter of every page and news item, but none of their bodies. Such pages (the home
    /// and news lists, the search page, the plan overview) show documents' titles, dates,
    /// summaries and descriptions, never their text; see ``ContextBuilder/newsEntries()``.
    /// Nil when the shared key is unknown.
    var listKey: String? {
        guard let sharedKey else { return nil }
        var hasher = Fingerprint()
        hasher.add(sharedKey)
        hasher.add("front matter")
        for document in content.pages + content.news { hasher.add(frontMatter: document) }
        return hasher.hex
    }

    /// The key of the Atom feeds: the front matter of every document (which news items are the
    /// newest) and the source files of the items a feed carries (their bodies are in it); nil
    /// when a key is unknown.
    var feedKey: String? {
        guard let listKey else { return nil }
        var hasher = Fingerprint()
        hasher.add(listKey)
        for item in Discovery.sortedNews(content.news).prefix(Discovery.feedEntries) {
            guard let key = dependency(of: item) else { return nil }
            hasher.add(key)
        }
        return hasher.hex
    }

    /// A document page's dependency key: the shared key and its source files' stamps; nil when
    /// a stamp is missing.
    func dependency(of document: Document) -> String? {
        guard let sharedKey else { return nil }
        var hasher = Fingerprint()
        hasher.add(sharedKey)
        for (language, variant) in document.variants.sorted(by: { $0.key < $1.key }) {
            guard let stamp = variant.stamp else { return nil }
            hasher.add(language.rawValue)
            hasher.add(variant.file)
            hasher.add(stamp)
        }
        return hasher.hex
    }

    /// The pages of `registry` as jobs, each with its dependency key: a document page's own
    /// (``dependency(of:)``), every other page's ``listKey``.
    func jobs(_ registry: PageRegistry, _ inputs: PageRegistry.Inputs) -> [Job] {
        let listKey = listKey
        return registry.pages.map { page in
            Job(path: page.path, template: page.template, context: { page.context($0, inputs) },
                dependency: page.document == nil ? listKey : page.document.flatMap(dependency(of:)))
        }
    }

    /// The iCalendar feeds of every calendar view, and one "add to calendar" file per event, in
    /// every language.
    func feeds(_ registry: PageRegistry) -> [OutputFile] {
        let events = registry.events
        let views = [(Routes.calendar, LocalizedText(Dictionary(uniqueKeysWithValues: Language.allCases.map {
            ($0, OpenData.string(theme, "calendar_title", $0))
        })), events)] + registry.calendarLists
        return Language.allCases.flatMap { language in
            func calendar(_ name: String) -> ICalendar {
                ICalendar(name: content.config.title.text(language) + " — " + name, language: language, buildDate: buildDate,
                          absolute: { path in content.config.baseURL.map { $0 + path } })
            }
            let feeds = views.map { path, title, list in
                OutputFile(path: String((language.urlPrefix + Routes.feed(path)).dropFirst()),
                           data: Data(calendar(title.text(language)).feed(list).utf8))
            }
            let single = events.map { event in
                OutputFile(path: String((language.urlPrefix + Routes.eventFile(event.id.value)).dropFirst()),
                           data: Data(calendar(event.title.text(language)).feed([event]).utf8))
            }
            return feeds + single
        }
    }

    /// Renders all pages (in parallel) and copies the assets; returns the files and any problems.
    ///
    /// Every page of ``PageRegistry`` is rendered in every language and edition, whichever
    /// command runs the stage.
    ///
    /// - Parameters:
    ///   - cache: When given, pages whose context and templates are unchanged since the build
    ///     it recorded are taken from the previous output instead of being rendered, and search
    ///     documents whose text is unchanged are not tokenised again.
    func render(cache: RenderCache? = nil)
        -> (files: [OutputFile], pages: Int, diagnostics: [Diagnostic])
    {
        render(cache: cache, templates: theme.templates)
    }

    /// ``render(cache:)`` with the pages rendered by `templates` rather than the theme's
    /// compiled templates (feeds, search index and open-data files are the same either way). A
    /// cache records what these templates render: give one only with the theme's templates.
    func render(cache: RenderCache?, templates: some PageTemplates)
        -> (files: [OutputFile], pages: Int, diagnostics: [Diagnostic])
    {
        let sink = DiagnosticSink(stage: .render)
        Trace.mark("render: start")
        let openData = OpenData(content: content, theme: theme, buildDate: buildDate)
        let published = openData.publish(sink: sink)
        let events = CalendarEvents(content: content, theme: theme).all()
        let registry = PageRegistry(content: content, theme: theme, events: events, datasets: published.map(\.dataset.id))
        let search = SearchIndex(content: content, theme: theme)
        // The feeds, the search index and the open-data files do not depend on the pages: they
        // are made on another thread while the pages render.
        let side: Future<[OutputFile]>
        let work: [(Job, Language, Edition)]
        do {
            // The search documents hold the text of every page: only the side thread keeps them,
            // so they are freed once the index is made; the search page lists titles.
            let searchable = search.documents(published, events)
            let inputs = PageRegistry.Inputs(
                published: published, searchable: searchable.map(\.listed),
                unitResults: ContextBuilder(content: content, theme: theme, language: .main, buildDate: buildDate).unitResults())
            work = jobs(registry, inputs).flatMap { job in
                Language.allCases.flatMap { language in Edition.allCases.map { (job, language, $0) } }
            }
            Trace.mark("render: jobs and search documents made")
            side = Future {
                let feeds = feeds(registry)
                Trace.mark("side: feeds")
                let index = search.files(searchable, cache: cache)
                Trace.mark("side: search index")
                defer { Trace.mark("side: open data") }
                return feeds + index + openData.files(published)
            }
        }
        var rendered = [OutputFile?](repeating: nil, count: work.count)
        let themeFingerprint = cache == nil ? "" : theme.fingerprint
        func render(_ context: [String: Any], _ template: String) -> Data? {
            templates.bytes(context, withTemplate: template).map { Data($0) }
        }
        // The memo (the news lists, the bodies shared by their pages) is freed with this closure.
        // Each page goes to its own slot: no lock.
        rendered.withUnsafeMutableBufferPointer { rendered in
            let memo = ContextMemo()
            DispatchQueue.concurrentPerform(iterations: work.count) { i in
                let (job, language, edition) = work[i]
                let file = Routes.file(job.path, language, edition)
                let dependency = job.dependency.map { Fingerprint.of([$0, job.template]) } ?? ""
                if let cache, cache.reuse(file, dependency: dependency), let input = cache.previousInput(file) {
                    cache.record(file, input: input, output: nil, dependency: dependency, built: false)
                    rendered[i] = cache.unchanged(file)
                    return
                }
                let builder = ContextBuilder(content: content, theme: theme, language: language, buildDate: buildDate,
                                             edition: edition, memo: memo)
                guard var context = job.context(builder) else { return }
                context.set("languageNotes", builder.notes.context(builder.string))
                // The interface strings (`t`) are in the theme's fingerprint, not hashed per page.
                let input = cache.flatMap { _ in
                    Fingerprint.of(context: context, skipping: "t", salt: Fingerprint.of([themeFingerprint, job.template]))
                }
                var output: OutputFile
                if let cache, let input, cache.reuse(file, input: input) {
                    output = cache.unchanged(file)
                    cache.record(file, input: input, output: nil, dependency: dependency)
                } else {
                    guard let html = render(context, job.template) else {
                        sink.error(SourceLocation(file: job.template + ".mustache"), "Missing template '\(job.template)' for \(file)")
                        return
                    }
                    output = OutputFile(path: file, data: html)
                    if let cache, let input {
                        let fingerprint = Fingerprint.of(output.data)
                        cache.record(file, input: input, output: fingerprint, dependency: dependency)
                        // The same bytes as an intact previous file: link it, no need to compare.
                        let same = cache.previousOutput(file) == fingerprint && cache.intact(file)
                        output = same ? cache.unchanged(file, output.data) : OutputFile(path: file, data: output.data, previous: .different)
                    }
                }
                rendered[i] = output
            }
        }
        Trace.mark("render: pages")
        var files = rendered.compactMap { $0 }
        rendered = []
        for language in Language.allCases {
            let builder = ContextBuilder(content: content, theme: theme, language: language, buildDate: buildDate)
            if let html = render(builder.notFoundContext(), "404") {
                files.append(OutputFile(path: String((language.urlPrefix + Discovery.notFound).dropFirst()), data: html))
            }
        }
        let pages = files.count
        var discovery = Discovery(content: content, theme: theme, buildDate: buildDate)
        discovery.cache = cache
        discovery.feedKey = feedKey
        files += discovery.files(pages: files.map(\.path), sink: sink)
        Trace.mark("render: 404 and discovery")
        for asset in theme.assets {
            if let data = FileManager.default.contents(atPath: asset.source) {
                files.append(OutputFile(path: "assets/" + asset.path, data: data))
            } else {
                sink.error(SourceLocation(file: asset.source), "Cannot read the asset; check that it is readable")
            }
        }
        files += side.value
        Trace.mark("render: side thread joined")
        // A reused page's links were checked when it was written; they can break only if a file
        // of that build is gone.
        let paths = Set(files.map(\.path))
        let recheck = cache.map { cache in cache.previousFiles.map { !$0.isSubset(of: paths) } ?? true } ?? true
        LinkChecker(files: files, sink: sink, reusedFolder: recheck ? cache?.outputDirectory : nil).run()
        Trace.mark("render: links checked")
        files.sort { $0.path < $1.path }
        return (files, pages, sink.diagnostics)
    }
}

extension Fingerprint {
    /// Adds everything of `document` but its bodies: what a page listing documents may show.
    mutating func add(frontMatter document: Document) {
        add(document.kind.rawValue)
        add(document.slug)
        add(optional: document.section)
        add(word: UInt64(bitPattern: Int64(document.order)))
        if let date = document.date {
            add(byte: 1)
            add(date.value)
        } else {
            add(byte: 0)
        }
        add(optional: document.source)
        add(word: UInt64(document.includes.count))
        for include in document.includes { add(include.value) }
        add(word: UInt64(document.corrections.count))
        for correction in document.corrections { add(correction) }
        add(word: UInt64(document.variants.count))
        for (language, variant) in document.variants.sorted(by: { $0.key < $1.key }) {
            add(language.rawValue)
            add(variant.file)
            add(variant.title.value)
            add(optional: variant.description)
            add(optional: variant.summary)
            add(optional: variant.translatedFrom?.rawValue)
            add(word: UInt64(variant.tags.count))
            for tag in variant.tags { add(tag) }
        }
    }
}
