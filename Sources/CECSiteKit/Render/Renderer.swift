import CECSiteContent
import CECSiteCore
import CECSiteFormats
import CECSiteSearch
import CECSiteTemplates
import Foundation

/// The render stage: every page of the site in every language, rendered in parallel through the
/// theme's Mustache templates, then checked for broken internal links before anything is written.
struct Renderer {
    let content: SiteContent
    let theme: Theme
    let buildDate: Day
    /// The keys of the build's inputs (``BuildKeys``); nil when unknown (a build that is not
    /// incremental), and then every page is made.
    var keys: BuildKeys?
    /// The incremental-build folder, where resized images are kept between builds
    /// (``MediaOutput``); nil: every copy is made.
    var mediaCache: String?
    /// Where each page goes as soon as it is rendered (the write stage's staging folder), so
    /// that its bytes are not held; nil: the pages are returned with their bytes.
    var pageSink: PageSink?
    /// What the previous render of a ``BuildSession`` made per document, and which documents
    /// were loaded again since; nil: every document's job and search document is made.
    var previous: (memory: Memory, reloaded: @Sendable (Document) -> Bool)?
    /// Where this render records what it makes per document, for the next one; nil: nothing is.
    var recording: Memory?

    /// What a render made per document that depends only on the document and the shared key:
    /// its page's dependency and first key, its search document. A document not loaded again
    /// since (its files and their stamps as they were) has the same, while the shared key is.
    final class Memory: @unchecked Sendable {
        /// The shared key (``BuildKeys/shared``) the keys were made with.
        var shared: String?
        /// Each document page's dependency and first key, by ``Validator/key(_:)``.
        var keys: [String: (dependency: String?, key: String?)] = [:]
        /// Each document's search document, by ``Validator/key(_:)``. The search documents are
        /// made in parallel and a render may record into the memory it reads from: read and
        /// written under `lock`, through ``searchDocument(_:)`` and ``keep(_:as:)``.
        private var search: [String: SearchDocument] = [:]
        private let lock = NSLock()
        /// What the last render that recorded into this memory made as a whole, for a delta
        /// render of the next rebuild (``Renderer/Delta``); nil when it did not finish.
        var rendered: Delta.Rendered?

        /// The search document recorded under `name`; safe from any thread.
        func searchDocument(_ name: String) -> SearchDocument? {
            lock.withLock { search[name] }
        }

        /// Records a search document under `name`; safe from any thread.
        func keep(_ document: SearchDocument, as name: String) {
            lock.withLock { search[name] = document }
        }
    }

    /// The memory of the previous render when it holds `document`'s values: it was not loaded
    /// again and the shared key is the same.
    private func kept(_ document: Document) -> Memory? {
        guard let previous, previous.memory.shared == keys?.shared, !previous.reloaded(document) else { return nil }
        return previous.memory
    }

    /// Takes each page as it is rendered, and gives it back as the write stage is to see it
    /// (``OutputWriter/Staging``).
    struct PageSink: Sendable {
        /// Puts a page where it goes; the page returned need not hold its bytes.
        var place: @Sendable (OutputFile) -> OutputFile
        /// The bytes of a page `place` returned without them; nil when they cannot be read.
        var read: @Sendable (OutputFile) -> Data?
    }

    /// One page to render: its language-neutral path, template and context factory.
    struct Job: Sendable {
        var path: String
        var template: String
        var context: @Sendable (ContextBuilder) -> [String: Any]?
        /// The key of every input the page's context is made from: a document page's
        /// ``BuildKeys/dependency(of:)``, any other page's ``BuildKeys/list``; nil when unknown.
        var dependency: String? = nil
        /// The page's first key in the build record (``BuildRecord/output(_:key:counted:refine:)``):
        /// its dependency with its template, the same in every language and edition (made once
        /// per job, not once per file: 40,000 hashes at 10,000 pages); nil when unknown.
        var key: String? = nil
    }

    /// The pages of `registry` as jobs, each with its key.
    func jobs(_ registry: PageRegistry, _ inputs: PageRegistry.Inputs) -> [Job] {
        defer { recording?.shared = keys?.shared }
        let pages = registry.pages
        // The document pages' keys (10,000 documents' front matter and stamps hashed) are made
        // on every core: each reads only its document, the stamps (under their lock) and the
        // previous render's memory, which nothing changes until they are all made.
        let documentKeys = parallelMap(pages.count) { i -> (name: String, dependency: String?, key: String?)? in
            guard let document = pages[i].document else { return nil }
            let name = recording == nil ? "" : Validator.key(document)
            if let found = kept(document)?.keys[name] { return (name, found.dependency, found.key) }
            let dependency = keys?.dependency(of: document)
            return (name, dependency, dependency.map { Fingerprint.of([$0, pages[i].template]) })
        }
        return zip(pages, documentKeys).map { page, documentKey in
            var dependency = keys?.list, key = dependency.map { Fingerprint.of([$0, page.template]) }
            if let documentKey {
                (dependency, key) = (documentKey.dependency, documentKey.key)
                recording?.keys[documentKey.name] = (dependency, key)
            }
            return Job(path: page.path, template: page.template, context: { page.context($0, inputs) }, dependency: dependency, key: key)
        }
    }

    /// The file of `job` in `language` and `edition`, through `record`: the previous build's
    /// when its keys are, else its context made and rendered by `templates`; nil when its
    /// context cannot be made, or when `templates` has no such template (`missing` is called).
    /// The one way a page is made, by the full render and by a session's delta render alike.
    func page(
        _ job: Job, _ language: Language, _ edition: Edition, record: BuildRecord, memo: ContextMemo,
        templates: some PageTemplates, missing: @escaping () -> Void = {}
    ) -> OutputFile? {
        page(job, language, edition, record: record, memo: memo, twin: nil, templates: templates, missing: missing)
    }

    /// ``page(_:_:_:record:memo:templates:missing:)`` with `twin` shared by the page's two
    /// editions in `language`, made one after the other on one thread, the standard first:
    /// what they show alike is made once (``EditionTwin``).
    func page(
        _ job: Job, _ language: Language, _ edition: Edition, record: BuildRecord, memo: ContextMemo, twin: EditionTwin?,
        templates: some PageTemplates, missing: @escaping () -> Void = {}
    ) -> OutputFile? {
        record.output(Routes.file(job.path, language, edition), key: job.key, counted: .page) {
            var builder = ContextBuilder(
                content: content, theme: theme, language: language, buildDate: buildDate, edition: edition, memo: memo)
            builder.twin = twin
            guard var context = job.context(builder) else { return nil }
            context.set("languageNotes", builder.notes.context(builder.string))
            return BuildRecord.Refined(
                key: {
                    // The interface strings (`t`) are in the theme's fingerprint, not hashed per page.
                    builder.contextKey(context, salt: Fingerprint.of([theme.fingerprint, job.template]))
                },
                make: {
                    guard let html = templates.bytes(context, withTemplate: job.template) else {
                        missing()
                        return nil
                    }
                    return Data(html)
                })
        }
    }

    /// The iCalendar feeds of every calendar view, and one "add to calendar" file per event, in
    /// every language; through `record`, under the list key (``BuildKeys/list``, with the
    /// theme's fingerprint): like the calendar's pages, they show the events, the site's shared
    /// data, never a document's body, so an edit to a body reuses them unmade.
    func feeds(_ registry: PageRegistry, record: BuildRecord = BuildRecord()) -> [OutputFile] {
        let key = keys.map { Fingerprint.of(["calendar feeds", $0.list, theme.fingerprint]) }
        let events = registry.events
        let views =
            CalendarFilter.allCases.map { filter in
                (
                    filter.path,
                    LocalizedText(
                        Dictionary(
                            uniqueKeysWithValues: Language.allCases.map {
                                ($0, OpenData.string(theme, filter.titleKey, $0))
                            })), events.filter(filter.includes)
                )
            } + registry.calendarLists
        return Language.allCases.flatMap { language in
            func calendar(_ name: String) -> ICalendar {
                ICalendar(
                    name: content.config.title.text(language) + " — " + name, language: language, buildDate: buildDate,
                    absolute: { path in content.config.baseURL.map { $0 + path } })
            }
            let feeds = views.map { path, title, list in
                record.output(String((language.urlPrefix + Routes.feed(path)).dropFirst()), key: key) {
                    Data(calendar(title.text(language)).feed(list).utf8)
                }
            }
            let single = events.map { event in
                record.output(String((language.urlPrefix + Routes.eventFile(event.id.value)).dropFirst()), key: key) {
                    Data(calendar(event.title.text(language)).feed([event]).utf8)
                }
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
    ///   - record: The record of the previous build, which decides which pages, search index
    ///     files, sitemaps and feeds are taken from the previous output instead of being made
    ///     (``BuildRecord``), and which search documents are not tokenised again.
    func render(record: BuildRecord = BuildRecord())
        -> (files: [OutputFile], pages: Int, diagnostics: [Diagnostic])
    {
        render(record: record, templates: theme.templates)
    }

    /// ``render(record:)`` with the pages rendered by `templates` rather than the theme's
    /// compiled templates (feeds, search index and open-data files are the same either way). A
    /// record records what these templates render: give one only with the theme's templates.
    func render(record: BuildRecord, templates: some PageTemplates)
        -> (files: [OutputFile], pages: Int, diagnostics: [Diagnostic])
    {
        let sink = DiagnosticSink(stage: .render)
        Trace.mark("render: start")
        let openData = OpenData(content: content, theme: theme, buildDate: buildDate)
        let published = openData.publish(sink: sink)
        Trace.mark("render: open data published")
        let events = CalendarEvents(content: content, theme: theme).all()
        let registry = PageRegistry(content: content, theme: theme, events: events, datasets: published.map(\.dataset.id))
        Trace.mark("render: events")
        let search = SearchIndex(theme: theme, recording: record.terms != nil)
        // The feeds, the search index and the open-data files do not depend on the pages: they
        // are made on another thread while the pages render.
        let side: Future<(files: [OutputFile], index: [OutputFile], kept: SearchIndexState?)>
        let work: [(Job, Language, Edition)]
        do {
            // The search documents hold the text of every page: only the side thread keeps them,
            // so they are freed once the index is made; the search page lists titles.
            var documents = SearchDocuments(content: content, keys: keys)
            if let recording {
                documents.memo = { document, make in
                    let name = Validator.key(document)
                    let made = kept(document)?.searchDocument(name) ?? make()
                    recording.keep(made, as: name)
                    return made
                }
            }
            let searchable = documents.all(published, events)
            recording?.rendered = nil
            if let recording {
                // A delta render takes the search documents from here (the pages' and news
                // items' are among them in content order, after the FAQ's and before the rest).
                let faq = content.faq.count
                recording.rendered = .init(
                    searchable: searchable, pagesStart: faq, newsStart: searchable.count - content.news.count, samples: [],
                    pagePaths: [], recordedPages: 0, searchPaths: [])
            }
            Trace.mark("render: search documents")
            let inputs = PageRegistry.Inputs(
                published: published, searchable: searchable.map(\.listed),
                unitResults: ContextBuilder(content: content, theme: theme, language: .main, buildDate: buildDate).unitResults())
            Trace.mark("render: listed, unit results")
            // A session's delta render updates the index kept from here (``SearchIndexState``).
            // Started before the jobs are made: it needs none of them.
            let keeping = recording != nil
            side = Future {
                let feeds = feeds(registry, record: record)
                Trace.mark("side: feeds")
                let (index, kept) = search.files(searchable, terms: record.terms, output: record, keeping: keeping)
                Trace.mark("side: search index")
                defer { Trace.mark("side: open data") }
                return (feeds + index + openData.files(published), index, kept)
            }
            // The editions of one job and language next to each other, the standard first.
            work = jobs(registry, inputs).flatMap { job in
                Language.allCases.flatMap { language in Edition.allCases.map { (job, language, $0) } }
            }
            Trace.mark("render: jobs and search documents made")
        }
        @Sendable func render(_ context: [String: Any], _ template: String) -> Data? {
            templates.bytes(context, withTemplate: template).map { Data($0) }
        }
        // One page per template, language and edition, for the contrast and focus checks; a
        // reused page is read back from the previous output.
        let samples = ThemeCheck.samples(
            count: work.count, page: { (work[$0].0.template, work[$0].1, work[$0].2) },
            path: { Routes.file(work[$0].0.path, work[$0].1, work[$0].2) })
        let samplePaths = Set(samples.map(\.path))
        // Each page's links are scanned as it is made, so that its bytes can go at once.
        let links = LinkChecker.Collector(pages: Set(work.map { Routes.file($0.0.path, $0.1, $0.2) }))
        let pageSink = pageSink
        // The memo (the news lists, the bodies shared by their pages) is freed with this closure.
        // Each page goes to its own slot: no lock.
        var rendered: [Made]
        do {
            let memo = ContextMemo()
            // A page's editions in one language are made together, the standard first, so that
            // the low-vision edition takes what they show alike from it (``EditionTwin``).
            let editions = Edition.allCases.count
            rendered = parallelMap(work.count / editions) { group in
                let twin = EditionTwin()
                return (group * editions..<(group + 1) * editions).map { i in
                    let (job, language, edition) = work[i]
                    let file = Routes.file(job.path, language, edition)
                    let made = page(job, language, edition, record: record, memo: memo, twin: twin, templates: templates) {
                        sink.error(SourceLocation(file: job.template + ".mustache"), "Missing template '\(job.template)' for \(file)")
                    }
                    return Made(made, links: links, sampled: samplePaths.contains(file), recording: record.recording, sink: pageSink)
                }
            }.flatMap { $0 }
        }
        Trace.mark("render: pages")
        var sampled: [String: Data] = [:]
        // The sampled pages whose bytes are not the previous build's.
        var changedSamples: Set<String> = []
        for page in rendered {
            guard let file = page.file, samplePaths.contains(file.path) else { continue }
            if page.changed { changedSamples.insert(file.path) }
            sampled[file.path] =
                page.sample
                ?? (file.data.isEmpty && file.previous == .same && !record.outputDirectory.isEmpty
                    ? FileManager.default.contents(atPath: record.outputDirectory + "/" + file.path) : file.data)
        }
        var files = rendered.compactMap(\.file)
        recording?.rendered?.recordedPages = files.count
        // The pages' scans, by index in `files`; all of them read again when a page was not
        // made, since a link to it was taken to be right.
        let scanned = rendered.contains { $0.file == nil } ? [] : rendered.map(\.links)
        rendered = []
        let notFound = registry.notFound
        for language in Language.allCases {
            let builder = ContextBuilder(content: content, theme: theme, language: language, buildDate: buildDate)
            if let context = notFound.context(builder, PageRegistry.Inputs()), let html = render(context, notFound.template) {
                files.append(OutputFile(path: String((language.urlPrefix + notFound.path).dropFirst()), data: html))
            }
        }
        let pages = files.count
        var discovery = Discovery(content: content, theme: theme, buildDate: buildDate)
        discovery.record = record
        discovery.feedKey = keys?.feed
        let pagePaths = files.map(\.path)
        files += discovery.files(pages: pagePaths, sink: sink)
        recording?.rendered?.pagePaths = pagePaths
        recording?.rendered?.samples = samples
        Trace.mark("render: 404 and discovery")
        files += FrameFiles.files(content.config.frame)
        for asset in theme.assets {
            if let data = FileManager.default.contents(atPath: asset.source) {
                files.append(OutputFile(path: "assets/" + asset.path, data: data))
            } else {
                sink.error(SourceLocation(file: asset.source), "Cannot read the asset; check that it is readable")
            }
        }
        files += AliasPages(content: content, theme: theme).files()
        files += MediaOutput(library: content.media, cache: mediaCache).files(sink: sink)
        Trace.mark("render: media")
        files += side.value.files
        if recording?.rendered != nil {
            recording?.rendered?.searchPaths = Set(side.value.index.map(\.path))
            recording?.rendered?.search = side.value.kept
        }
        Trace.mark("render: side thread joined")
        let stylesheets = Dictionary(files.filter { $0.path.hasSuffix(".css") }.map { ($0.path, $0.data) }, uniquingKeysWith: { a, _ in a })
        // A sampled page that is the previous build's, checked against the previous build's
        // stylesheets, passed: that build succeeded. With the stylesheets unchanged only the
        // other samples are checked (an edit to the first news item changes one sample of a
        // hundred); when one of them fails, every sample is checked, so that the errors say
        // what a full check says.
        let stylesheetsUnchanged =
            record.recording
            && stylesheets.allSatisfy { path, data in FileManager.default.contents(atPath: record.outputDirectory + "/" + path) == data }
        func check(_ chosen: [ThemeCheck.Sample], into sink: DiagnosticSink) {
            ThemeCheck.run(
                chosen, html: { sampled[$0] }, stylesheets: stylesheets,
                templateFile: { theme.sources[$0]?.file ?? $0 + ".mustache" },
                assetFile: { path in theme.assets.first { "assets/" + $0.path == path }?.source }, sink: sink)
        }
        if !stylesheetsUnchanged {
            check(samples, into: sink)
        } else if !changedSamples.isEmpty {
            let changed = DiagnosticSink(stage: .render)
            check(samples.filter { changedSamples.contains($0.path) }, into: changed)
            if changed.hasErrors { check(samples, into: sink) }
        }
        Trace.mark("render: theme checked")
        // A reused page's links were checked when it was written; they can break only if a file
        // of that build is gone that a page of it links to (a search index file is no page's
        // link target: its going, after most edits, costs no reading of every page).
        // The previous build's link targets are read only when a file of it is gone (a page
        // removed, the usual edit removes none) or when this build's pages link to a file they
        // may not hold (``BuildRecord/previousLinkTargetsHold(_:)``).
        let gone = record.previousFiles.map { LinkChecker.gone(from: $0, files) }
        let known = record.recording && gone?.isEmpty != true ? record.previousLinkTargets() : nil
        let recheck = gone.map { gone in !gone.isEmpty && (known.map { !gone.isDisjoint(with: $0) } ?? true) } ?? true
        var checker = LinkChecker(files: files, sink: sink, reusedFolder: record.recording && recheck ? record.outputDirectory : nil)
        if !scanned.isEmpty {
            checker.scanned = scanned
            checker.collector = links
            // Every page was made: the files are its pages and those after them.
            checker.extraFiles = scanned.count
        }
        if let pageSink {
            // A page the record reused is read only when the reused pages are checked again.
            let reusedFolder = checker.reusedFolder
            checker.read = { file in
                // (A reused page linked into the staging folder is placed too, but not read there.)
                if (file.placed != nil && file.previous != .same) || !record.recording { return pageSink.read(file) }
                return reusedFolder.flatMap { FileManager.default.contents(atPath: $0 + "/" + file.path) }
            }
        }
        let checked = checker.run()
        // Every page read: exactly their targets; else the reused pages' are among the known ones.
        if checked.complete {
            record.linkTargets = checked.targets
        } else if known == nil, gone != nil, record.previousLinkTargetsHold(checked.targets) {
            record.keepLinkTargets()
        } else {
            record.linkTargets = (known ?? (gone != nil ? record.previousLinkTargets() : nil))?.union(checked.targets)
        }
        Trace.mark("render: links checked")
        files.sort { $0.path < $1.path }
        return (files, pages, sink.diagnostics)
    }
}

extension Renderer {
    /// A page as the render stage keeps it once it is made: the file (without its bytes when a
    /// ``PageSink`` took them), what its links need checked, its bytes when it is a sample of
    /// the theme check.
    struct Made: Sendable {
        var file: OutputFile?
        /// Its links not to pages, when its bytes were scanned as it was made.
        var links: LinkChecker.Scan?
        /// Its bytes, when it is a sampled page that holds them.
        var sample: Data?
        /// True when its bytes may not be the previous build's.
        var changed = false

        init(_ file: OutputFile?, links collector: LinkChecker.Collector, sampled: Bool, recording: Bool, sink: PageSink?) {
            guard var file else { return }
            changed = !recording || file.previous != .same
            if !file.data.isEmpty {
                links = collector.scan(file.data)
                if sampled { sample = file.data }
                if let sink { file = sink.place(file) }
            } else if file.previous == .same, let sink {
                // Reused: linked into a staging folder the build made (none to write).
                file = sink.place(file)
            }
            self.file = file
        }
    }
}
