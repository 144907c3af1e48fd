import CECSiteContent
import CECSiteCore
import CECSiteSearch
import Foundation

extension Renderer {
    /// The delta render of a ``BuildSession``'s rebuild after only Markdown documents were
    /// loaded again, each with its front matter, addresses and aliases as they were (the usual
    /// edit: a body), following a build without a diagnostic into the session's own folder.
    ///
    /// Every page but the reloaded documents' has the key it had in that build: its key derives
    /// from the list and shared keys (``BuildKeys``), which front matter and shared files make,
    /// or from an unreloaded document's own files. So the previous build's file list, kept in
    /// memory (paths only: the files are on disk in the session's folder,
    /// ``OutputFile/Previous/same``), stands for every one of them, and only the reloaded
    /// documents' pages (every language and edition), the search index and the Atom feeds
    /// (keyed on the feed key, which the newest items' files make) go through the build record
    /// as a full render sends them; the sitemaps, a function of the pages' paths, are the
    /// previous build's. Besides the search index (incremental, but over every search
    /// document), nothing walks the 10,000 documents or the 44,000 files of a site of 10,000
    /// pages.
    enum Delta {
        /// What a full render made as a whole, recorded into its ``Memory`` for a delta render.
        struct Rendered: @unchecked Sendable {
            /// Every search document, in the render's order: the FAQ's, the pages' from
            /// `pagesStart`, the plan's and others', the news items' from `newsStart`.
            var searchable: [SearchDocument]
            var pagesStart: Int, newsStart: Int
            /// The pages chosen for the theme check (``ThemeCheck/samples(count:page:path:)``).
            var samples: [ThemeCheck.Sample]
            /// The pages and 404 pages, as the discovery files were made of them.
            var pagePaths: [String]
            /// How many of them went through the build record (all but the 404 pages).
            var recordedPages: Int
            /// The search index's files.
            var searchPaths: Set<String>
            /// The search index as made, for a delta render to update; nil: made in full.
            var search: SearchIndexState? = nil
        }

        /// What a ``BuildSession`` keeps of its last build for a delta render of the next: kept
        /// only after a build that wrote the session's own folder without any diagnostic. A
        /// class: a delta render changes its sets and arrays in place (44,000 paths), and a
        /// render that cannot be made leaves it changed, to be dropped.
        final class State: @unchecked Sendable {
            var rendered: Rendered
            /// Every file of the build in path order, as the output folder holds it: without bytes.
            var files: [OutputFile]
            /// The paths of `files`: the link targets a page may have.
            var paths: Set<String>
            /// How many pages the build rendered (its report's count).
            var pages: Int
            /// The build's shared and list keys (``BuildKeys``).
            var shared: String, list: String
            /// The Atom feeds' items, by index in the content's news.
            var feedItems: [Int]
            /// The report's lines about untranslated pages and texts (``Translations/summary(_:)``),
            /// which only the documents' front matter and the shared files make.
            var untranslated: [String]
            /// The stylesheets of the site, for the theme check of a changed sample.
            var stylesheets: [String]
            /// Those stylesheets as the last delta render's theme check parsed them: kept while
            /// their bytes are the same.
            var parsed: ThemeCheck.Stylesheets?
            /// Each document's files, with its place: in the news (or the pages) and its index.
            var places: [String: (news: Bool, index: Int)] = [:]

            /// The state after a full build's `files` were written, made of what its render recorded.
            init(files: [OutputFile], rendered: Rendered, pages: Int, keys: BuildKeys, content: SiteContent, untranslated: [String]) {
                self.rendered = rendered
                self.files = Self.settled(files)
                paths = Set(files.map(\.path))
                self.pages = pages
                shared = keys.shared
                list = keys.list
                var index: [String: Int] = [:]
                for (i, item) in content.news.enumerated() { index[Validator.key(item)] = i }
                feedItems = Discovery.sortedNews(content.news).prefix(Discovery.feedEntries).compactMap { index[Validator.key($0)] }
                self.untranslated = untranslated
                stylesheets = files.map(\.path).filter { $0.hasSuffix(".css") }
                for (news, documents) in [(false, content.pages), (true, content.news)] {
                    for (i, document) in documents.enumerated() {
                        for variant in document.variants.values { places[variant.file] = (news, i) }
                    }
                }
            }

            /// `files` as the output folder holds them once written: without bytes.
            static func settled(_ files: [OutputFile]) -> [OutputFile] {
                files.map { file in
                    file.data.isEmpty && file.previous == .same && file.placed == nil
                        ? file : OutputFile(path: file.path, data: Data(), previous: .same)
                }
            }
        }

        /// What a document carries besides its bodies that any page but its own may show or
        /// that decides where pages are: its front matter (``Fingerprint/add(frontMatter:)``),
        /// its bundle and its aliases. A reloaded document whose signature is the one it had
        /// allows a delta render.
        static func signature(_ document: Document) -> String {
            var hasher = Fingerprint()
            hasher.add(frontMatter: document)
            hasher.add(optional: document.bundle)
            hasher.add(word: UInt64(document.aliases.count))
            for (language, aliases) in document.aliases.sorted(by: { $0.key < $1.key }) {
                hasher.add(language.rawValue)
                hasher.add(word: UInt64(aliases.count))
                for alias in aliases { hasher.add(alias.value) }
            }
            return hasher.hex
        }

        /// A reloaded document, with its search document's place (``Rendered/searchable``).
        struct Reloaded {
            var document: Document
            var section: String
            var position: Int
        }
    }

    /// The files of a delta render (see ``Delta``) and its problems, in the order of
    /// ``render(record:)``'s; `state` is brought up to date but for ``Delta/State/files``
    /// (given by the caller once the files are written). `targets` are the made pages' link
    /// targets; `carried` counts the pages taken from the previous build unmade. Nil when the delta cannot say what a full render says (a page that could not
    /// be made, a changed theme sample that fails, a file gone that a page may link to): the
    /// caller renders in full, with a new record.
    func renderDelta(record: BuildRecord, state: Delta.State, reloaded: [Delta.Reloaded])
        -> (files: [OutputFile], diagnostics: [Diagnostic], targets: Set<String>, carried: Int)?
    {
        guard let keys, let recording, recording.shared == keys.shared else { return nil }
        Trace.mark("delta: start")
        let sink = DiagnosticSink(stage: .render)
        // The search documents: the previous render's, the reloaded documents' made again (in
        // place: the state is the only holder of the array).
        var documents = SearchDocuments(content: content, keys: keys)
        documents.memo = { document, make in
            let made = make()
            recording.keep(made, as: Validator.key(document))
            return made
        }
        for item in reloaded {
            guard item.position < state.rendered.searchable.count,
                state.rendered.searchable[item.position].path == Routes.document(item.document)
            else { return nil }
            state.rendered.searchable[item.position] = documents.document(item.document, section: item.section)
        }
        let searchable = state.rendered.searchable
        let search = SearchIndex(theme: theme, recording: record.terms != nil)
        // The index: the kept one updated with the reloaded documents' terms (only the files
        // they change made), or made in full when none is kept; with every file's path.
        let kept = state.rendered.search
        let changed = reloaded.map(\.position)
        let index = Future { [searchable] () -> (files: [OutputFile], paths: [String], kept: Bool) in
            if let kept, let updated = search.update(kept, documents: searchable, changed: changed, terms: record.terms, output: record) {
                return (updated.files, updated.paths, true)
            }
            let files = search.files(searchable, terms: record.terms, output: record)
            return (files, files.map(\.path), false)
        }
        // The reloaded documents' pages, keyed as ``jobs(_:_:)`` keys them.
        var work: [(Job, Language, Edition)] = []
        for item in reloaded {
            let page = PageRegistry.documentPage(item.document)
            let dependency = keys.dependency(of: item.document)
            let key = dependency.map { Fingerprint.of([$0, page.template]) }
            recording.keys[Validator.key(item.document)] = (dependency, key)
            let job = Job(
                path: page.path, template: page.template, context: { page.context($0, PageRegistry.Inputs()) }, dependency: dependency,
                key: key)
            for language in Language.allCases { for edition in Edition.allCases { work.append((job, language, edition)) } }
        }
        let memo = ContextMemo()
        let jobs = work
        let templates = theme.templates
        let made = parallelMap(jobs.count) { i -> OutputFile? in
            let (job, language, edition) = jobs[i]
            return page(job, language, edition, record: record, memo: memo, templates: templates)
        }
        Trace.mark("delta: pages")
        var pages: [OutputFile] = []
        for file in made {
            // A page not made: the full render says why.
            guard let file else { return nil }
            pages.append(file)
        }
        // The theme check of the changed samples, against the stylesheets as they are, while
        // the feeds are made (each edition's samples on their own, as ``ThemeCheck`` checks them).
        let samplePaths = Set(state.rendered.samples.map(\.path))
        let changedSamples = Dictionary(
            pages.filter { samplePaths.contains($0.path) && $0.previous != .same && !$0.data.isEmpty }.map { ($0.path, $0.data) },
            uniquingKeysWith: { a, _ in a })
        var stylesheets: [String: Data] = [:]
        if !changedSamples.isEmpty {
            for path in state.stylesheets {
                guard let data = FileManager.default.contents(atPath: record.outputDirectory + "/" + path) else { return nil }
                stylesheets[path] = data
            }
        }
        let samples = state.rendered.samples.filter { changedSamples[$0.path] != nil }
        // Parsed once for the session: every delta render has the previous build's stylesheets
        // (a change to one is not a document's), checked byte for byte all the same.
        let parsed = state.parsed?.texts == stylesheets ? state.parsed! : ThemeCheck.Stylesheets(stylesheets)
        if !changedSamples.isEmpty { state.parsed = parsed }
        let themeChecked = Future { [parsed] in
            parallelMap(Edition.allCases.count) { e -> Bool in
                let chosen = samples.filter { $0.edition == Edition.allCases[e] }
                guard !chosen.isEmpty else { return true }
                let checked = DiagnosticSink(stage: .render)
                ThemeCheck.run(
                    chosen, html: { changedSamples[$0] }, stylesheets: parsed,
                    templateFile: { theme.sources[$0]?.file ?? $0 + ".mustache" },
                    assetFile: { path in theme.assets.first { "assets/" + $0.path == path }?.source }, sink: checked)
                return !checked.hasErrors
            }.allSatisfy { $0 }
        }
        // The discovery files: the sitemaps and robots.txt are a function of the pages' paths
        // and the base URL, both the previous build's (carried); the Atom feeds are made
        // through the record under the feed key.
        guard let base = content.config.baseURL else { return nil }
        var discovery = Discovery(content: content, theme: theme, buildDate: buildDate)
        discovery.record = record
        discovery.feedKey = keys.feed
        let feeds = discovery.feeds(base: base)
        Trace.mark("delta: feeds")
        // Failing, every sample is checked: the full render says what.
        guard themeChecked.value else { return nil }
        Trace.mark("delta: theme checked")
        let (indexFiles, indexPaths, updated) = index.value
        if !updated { state.rendered.search = nil }
        Trace.mark("delta: search index joined")
        // The files: the previous build's, the made ones in their place.
        let products = feeds + indexFiles
        let searchPaths = Set(indexPaths)
        let newPaths = Set(feeds.map(\.path)).union(searchPaths)
        let gone = state.rendered.searchPaths.subtracting(searchPaths)
        if !gone.isEmpty {
            // A page of the previous build may link to a file gone: the full render reads them.
            guard let targets = record.previousLinkTargets(), targets.isDisjoint(with: gone) else { return nil }
        }
        let added = (pages + products).sorted { $0.path < $1.path }
        let places = added.map { Self.position(of: $0.path, in: state.files) }
        var files: [OutputFile]
        if gone.isEmpty, !places.contains(nil) {
            // The same files (the usual edit): each made one in its place.
            for (file, place) in zip(added, places) { state.files[place!] = file }
            files = state.files
        } else {
            var removed = places.compactMap { $0 }
            for path in gone { if let i = Self.position(of: path, in: state.files) { removed.append(i) } }
            removed.sort()
            files = []
            files.reserveCapacity(state.files.count + added.count)
            var next = 0, skip = 0
            for (i, file) in state.files.enumerated() {
                while next < added.count, added[next].path < file.path {
                    files.append(added[next])
                    next += 1
                }
                if skip < removed.count, removed[skip] == i {
                    skip += 1
                    continue
                }
                files.append(file)
            }
            files += added[next...]
        }
        for path in gone { state.paths.remove(path) }
        state.paths.formUnion(newPaths)
        // The made pages' links; every other page's were checked by a build whose file set
        // this one has, but for files no page links to.
        var targets: Set<String> = []
        for page in pages where !page.data.isEmpty {
            var reported: Set<String> = []
            for (url, line) in LinkChecker.links(in: page.data, rootRelativeOnly: true) {
                let target = LinkChecker.target(of: url)
                targets.insert(target)
                if !state.paths.contains(target), reported.insert(url).inserted {
                    sink.error(
                        SourceLocation(file: page.path, line: line, column: 1),
                        "Broken internal link '\(url)': the build has no file '\(target)'; fix the link in the template or content that produced it"
                    )
                }
            }
        }
        Trace.mark("delta: links checked")
        state.rendered.searchPaths = searchPaths
        return (files, sink.diagnostics, targets, state.rendered.recordedPages - pages.count)
    }

    /// The index of the file at `path` in `files` (in path order); nil when there is none.
    static func position(of path: String, in files: [OutputFile]) -> Int? {
        var low = 0, high = files.count
        while low < high {
            let middle = (low + high) / 2
            if files[middle].path < path { low = middle + 1 } else { high = middle }
        }
        return low < files.count && files[low].path == path ? low : nil
    }
}
