import CECSiteContent
import CECSiteCore
import Foundation

/// What to build and where: the folders, the build date and how strict to be.
public struct BuildOptions: Sendable {
    public var content: String
    public var templates: String
    public var output: String
    /// The date the build counts as "today": timeline statuses are relative to it.
    public var date: Day
    /// When true, warnings fail the build too.
    public var strict: Bool
    /// When true (the default), pages whose inputs did not change since the last build into
    /// `output` are not rendered again (see ``BuildRecord``).
    public var incremental = true
    /// The site's absolute address (`https://example.org` or `https://example.org/site`); when
    /// set it overrides `base_url` of `site.yaml`, as `cecsite serve` does with its own address.
    public var baseURL: String?
    /// When true, an output folder holding files cecsite did not make is replaced all the same,
    /// and those files are deleted (`--force-replace`). The folders no build may replace (see
    /// ``OutputTarget``) are refused even so.
    public var forceReplace = false
    /// When true, the build's model and files are not freed when it returns: for a process that
    /// exits right after the build, as the command line does (freeing them is wasted time).
    public var keepsMemoryAtExit = false

    /// Creates options; `date` defaults to today in Europe/Kyiv.
    public init(
        content: String = "content", templates: String = "templates", output: String = "public",
        date: Day? = nil, strict: Bool = false, baseURL: String? = nil
    ) {
        self.content = content
        self.templates = templates
        self.output = output
        self.date = date ?? Day.today()
        self.strict = strict
        self.baseURL = baseURL
    }

    /// Where a build into `output` keeps its record for incremental builds: beside it.
    static func cacheDirectory(for output: String) -> String { BuildRecord.directory(for: output) }

    /// Where the site a build into `output` replaced is kept, for the next build to start from.
    static func spareDirectory(for output: String) -> String { OutputWriter.spare(of: output) }

    /// The key of what the options change in the output, with the program: part of every
    /// page's key (``SourceStamps/sharedKey(content:options:)``).
    var key: String {
        var hasher = Fingerprint()
        hasher.add(ProgramStamp.current)
        hasher.add(date)
        hasher.add(optional: baseURL)
        hasher.add(content)
        hasher.add(templates)
        return hasher.hex
    }
}

/// The outcome of a build: what was produced and every problem found.
public struct BuildReport: Sendable {
    /// All diagnostics of all stages, sorted by location.
    public var diagnostics: [Diagnostic]
    /// Number of HTML pages rendered (all languages).
    public var pages: Int
    /// Number of files in the output folder.
    public var files: Int
    /// Wall-clock seconds the build took.
    public var seconds: Double
    /// True when the output folder was replaced by the new site.
    public var succeeded: Bool
    /// Pages taken unchanged from the previous build instead of being rendered.
    public var reused = 0
    /// Of the reused pages, those whose sources had not changed at all, so that not even their
    /// template context was built.
    var unbuilt = 0
    /// Files other than pages that are each a function of known inputs (search index chunks,
    /// sitemaps, feeds) and were made in this build, in path order; the others of them were
    /// taken from the previous build without being made.
    var madeProducts: [String] = []
    /// How many such files were taken from the previous build unmade.
    var reusedProducts = 0
    /// With ``buildData(_:progress:)``: the files whose bytes differ from those the output folder
    /// held before (new files included), in path order; nil for ``build(_:progress:)``.
    public var changed: [String]?
    /// With ``buildData(_:progress:)``: the files the output folder held that the new site has
    /// not, in path order.
    public var removed: [String] = []
    /// One line per language that lacks texts or pages (see `cecsite i18n`); empty when all is translated.
    public var untranslated: [String] = []

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
}

/// Builds the site: load → validate → render → write. The output folder is replaced only when
/// no stage reported an error (or, with `strict`, a warning); otherwise it is left as it was.
///
/// - Parameters:
///   - options: The folders, build date and strictness.
///   - progress: Called with `[n/4] stage` lines as the stages start.
/// - Returns: The report; it never throws; every problem is a diagnostic.
public func build(_ options: BuildOptions, progress: (String) -> Void = { _ in }) -> BuildReport {
    run(options, .build, progress: progress)
}

/// Brings a built site up to date after its data changed (`cecsite data`): the same stages over
/// the same pages (``PageRegistry``) as ``build(_:progress:)``, so the output is byte for byte
/// what a full build would write, but it refuses to run without a built site in the output
/// folder or without open data, and its report lists the files that changed. Pages and files
/// whose inputs did not change are taken from the existing output without being rendered (the
/// incremental record, see ``BuildRecord``), so after a data edit it costs what an incremental
/// build costs: it re-renders the dataset files, the Data Package and DCAT catalog, the catalog
/// and dataset pages, and every page, chart, feed and search-index file that shows the edited
/// values (statistics tables, plan pages, calendar, home, …), and nothing else.
///
/// - Returns: The report; ``BuildReport/changed`` and ``BuildReport/removed`` say what it changed.
public func buildData(_ options: BuildOptions, progress: (String) -> Void = { _ in }) -> BuildReport {
    run(options, .data, progress: progress)
}

/// What a command runs around the four stages: its checks before anything is read, its checks
/// of the validated content, and whether it reports what changed. The stages, and the pages
/// they render (``PageRegistry``), are the same for every command.
struct Pipeline: Sendable {
    /// Checks made before loading, each an error or nil; an error stops the run.
    var preconditions: [@Sendable (BuildOptions) -> Diagnostic?] = []
    /// Checks of the content once it loaded and validated without an error.
    var requirements: [@Sendable (BuildOptions, SiteContent) -> Diagnostic?] = []
    /// When true, the report lists the files that differ from the output folder's.
    var reportsChanges = false

    /// `cecsite build`: the four stages.
    static let build = Pipeline()
    /// `cecsite data`: the four stages on a built site that publishes open data, reporting changes.
    static let data = Pipeline(preconditions: [builtSite], requirements: [publishesOpenData], reportsChanges: true)

    /// The output folder holds a built site.
    @Sendable static func builtSite(_ options: BuildOptions) -> Diagnostic? {
        if FileManager.default.fileExists(atPath: join(options.output, "index.html")) { return nil }
        return Diagnostic(
            .error, SourceLocation(file: options.output),
            "No built site in this folder; run `cecsite build` first: `cecsite data` updates a built site after its data changed",
            stage: .write)
    }

    /// The content describes its open data.
    @Sendable static func publishesOpenData(_ options: BuildOptions, _ content: SiteContent) -> Diagnostic? {
        guard content.datasetMetadata.isEmpty else { return nil }
        return Diagnostic(
            .error, SourceLocation(file: join(options.content, "data/datasets.yaml")),
            "The site publishes no open data: this file is missing; describe the datasets in it (see docs/OPEN-DATA.md)",
            stage: .load)
    }
}

/// The four stages. `rendered`, when given, is called once the site rendered without an error
/// (the report so far: the diagnostics, page and file counts, no changes), with the files about
/// to be written: a ``BuildSession`` answers requests from them while the write stage runs. The
/// pages are then held with their bytes until the write stage, not written as they render.
///
/// `session`, when given, is what a ``BuildSession`` kept of its last rebuild (see
/// ``SessionMemory``), and `changed` the files changed since, as far as they are known (nil: not
/// known); the load then reads again only what changed when it can, and the session's own
/// output folder is not checked again.
func run(
    _ options: BuildOptions, _ pipeline: Pipeline, progress: (String) -> Void,
    session: SessionMemory? = nil, changed: [String]? = nil,
    rendered hook: ((BuildReport, [OutputFile]) -> Void)? = nil
) -> BuildReport {
    let start = DispatchTime.now()
    func seconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9 }
    func failed(_ diagnostics: [Diagnostic], strict: Bool) -> Bool {
        diagnostics.contains { $0.severity == .error || (strict && $0.severity == .warning) }
    }
    func stop(_ diagnostics: [Diagnostic]) -> BuildReport {
        BuildReport(diagnostics: diagnostics.sortedAndCapped(), pages: 0, files: 0, seconds: seconds(), succeeded: false)
    }

    // The output folder: the quick checks first; whether it holds anything cecsite did not make
    // is found while the content loads, and a build replaces only a folder it made.
    var options = options
    let given: OutputTarget
    switch OutputTarget.resolve(options.output, content: options.content, templates: options.templates) {
    case .failure(let refusal): return stop([refusal])
    case .success(let target): given = target
    }
    options.output = given.path
    // What the session kept of its last load, taken: a rebuild that stops before its load ends
    // leaves nothing, so that the next one loads everything again.
    let kept = session?.takeLoad()
    // What the last rebuild kept for a delta render, taken likewise: a rebuild keeps one only
    // when it succeeds (see ``runDelta(_:)``).
    let delta = session?.takeDelta()
    let owned: Future<Result<OutputTarget, Diagnostic>>
    let trusted = session?.trustsOutput == true
    if trusted {
        // The session's own private folder, which only its rebuilds write: as its last write left it.
        var target = given
        target.verified = true
        owned = Future { [target] in .success(target) }
    } else {
        owned = Future { [forceReplace = options.forceReplace] in given.checkOwnership(forceReplace: forceReplace) }
    }
    let unmet = pipeline.preconditions.compactMap { $0(options) }
    if !unmet.isEmpty { return stop(unmet) }
    progress("[1/4] Loading \(options.content) and \(options.templates)")
    Trace.mark("build: start")
    if options.incremental {
        // Hashed once per process (the executable's bytes); here, so that its cost is traced.
        _ = ProgramStamp.current
        Trace.mark("program stamp")
    }
    var loader = ContentLoader(contentDirectory: options.content, templatesDirectory: options.templates)
    loader.baseURL = options.baseURL
    loader.buildDate = options.date
    // Only the documents changed since the session's last load, when only documents changed:
    // the other files are as that load stamped them (the shared key is theirs alone).
    var reloaded: (SiteContent, [Diagnostic])?
    if options.incremental, let kept, let changed {
        loader.stamps = kept.reads
        Trace.mark("load: start, changed documents only")
        reloaded = loader.reload(kept.content, diagnostics: kept.diagnostics, changed: changed)
    }
    // Stamped before anything is read: a file edited during the build is seen by the next one.
    let stamps = !options.incremental ? nil : reloaded != nil ? kept?.stamps : SourceStamps([options.content, options.templates])
    // The record of the previous build is read while the content loads: neither needs the other.
    let previous = Future { [options] in options.incremental ? BuildRecord(outputDirectory: options.output) : BuildRecord() }
    let content: SiteContent, theme: Theme, loadDiagnostics: [Diagnostic]
    if let (partial, diagnostics) = reloaded, let kept {
        (content, theme, loadDiagnostics) = (partial, kept.theme, diagnostics)
        session?.partialLoads += 1
    } else {
        loader.cache = stamps == nil ? nil : DocumentCache(outputDirectory: options.output)
        loader.stamps = stamps == nil ? nil : ReadStamps()
        loader.knownStamps = stamps?.markdown ?? [:]
        Trace.mark("load: start")
        (content, theme, loadDiagnostics) = loader.load()
    }
    if let session, let stamps, let reads = loader.stamps {
        session.keepLoad(.init(content: content, theme: theme, diagnostics: loadDiagnostics, stamps: stamps, reads: reads))
    }
    Trace.mark("load: done")
    var writer: OutputWriter
    switch owned.value {
    case .failure(let refusal): return stop([refusal] + loadDiagnostics)
    case .success(let target):
        writer = OutputWriter(output: target.path, adoptsUnmarkedSpare: target.adoptsUnmarkedSpare, liveVerified: target.verified)
    }
    Trace.mark("output checked")
    progress("[2/4] Validating")
    var diagnostics = loadDiagnostics
    var validator = Validator(content: content, theme: theme, templatesDirectory: options.templates)
    // Loaded again only in part: a document not among the files read again is the kept load's,
    // and what its validation found of it, and what its render made of it, are kept.
    let wasReloaded: (@Sendable (Document) -> Bool)? = reloaded.flatMap { _ in changed }.map { changed in
        let files = SessionMemory.reloadedFiles(changed)
        return { document in document.variants.values.contains { files.contains($0.file) } }
    }
    // Only documents loaded again, after a rebuild without a diagnostic: the delta render,
    // when it can be made (else, with a new record, the full path).
    var deltaTried = false
    if let session, let delta, let kept, let wasReloaded, let changed, let reads = loader.stamps, let hook, options.incremental,
        !options.strict,
        pipeline.requirements.isEmpty, !pipeline.reportsChanges
    {
        deltaTried = true
        let record = previous.value
        // The session's own folder, as its last write (whose record this is) left it.
        record.trustsOutput = trusted
        let run = DeltaRun(
            options: options, session: session, state: delta, kept: kept, content: content, theme: theme,
            loadDiagnostics: loadDiagnostics, reads: reads, reloaded: wasReloaded, files: SessionMemory.reloadedFiles(changed),
            record: record, writer: writer,
            rendered: hook, seconds: seconds)
        if let report = runDelta(run) { return report }
        Trace.mark("delta: not taken")
    }
    if session != nil, options.incremental {
        if let wasReloaded, let memory = kept?.validation { validator.previous = .init(memory: memory, reloaded: wasReloaded) }
        validator.recording = validator.previous?.memory ?? Validator.Memory()
    }
    diagnostics += validator.run()
    if let memory = validator.recording { session?.keepValidation(memory) }
    // What is not translated: a summary line of the report; an error in a strict build.
    let untranslated = failed(diagnostics, strict: false) ? [] : Translations.summary(content)
    if options.strict {
        diagnostics += untranslated.map { Diagnostic(.error, SourceLocation(file: options.content), $0 + " (--strict)", stage: .validate) }
        diagnostics += PassportGaps.warnings(content, theme: theme, siteFile: join(options.content, "site.yaml"))
    }
    Trace.mark("validate: done")
    if !failed(diagnostics, strict: false) { diagnostics += pipeline.requirements.compactMap { $0(options, content) } }
    if failed(diagnostics, strict: options.strict) { return stop(diagnostics) }
    progress("[3/4] Rendering")
    var renderer = Renderer(content: content, theme: theme, buildDate: options.date)
    // Resized images are kept between builds, `--clean` or not: a copy is named by its image's bytes.
    renderer.mediaCache = BuildOptions.cacheDirectory(for: options.output)
    if let stamps, let reads = loader.stamps {
        renderer.keys = BuildKeys(shared: stamps.sharedKey(content: options.content, options: options.key), reads: reads, content: content)
    }
    if session != nil, options.incremental {
        if let wasReloaded, let memory = kept?.render { renderer.previous = (memory, wasReloaded) }
        renderer.recording = renderer.previous?.memory ?? Renderer.Memory()
    }
    Trace.mark("render: keys")
    let record = deltaTried ? BuildRecord(outputDirectory: options.output) : previous.value
    // The session's own folder, as its last write (whose record this is) left it.
    record.trustsOutput = trusted
    if record.trustsOutput { session?.trustedRenders += 1 }
    Trace.mark("render: record read")
    // The write stage's staging folder, taken now: each page goes into it as soon as it is
    // rendered, instead of being held until all are (when it cannot be taken, the write stage
    // tries again and says why). Not when a session answers requests from the rendered files
    // during the write (`hook`): it needs their bytes, and the staging folder's files change
    // places with the output folder's at the swap.
    let staging = hook != nil ? nil : writer.stage(comparesLive: pipeline.reportsChanges, sink: DiagnosticSink(stage: .write))
    if let staging { renderer.pageSink = Renderer.PageSink(place: staging.place, read: staging.read) }
    Trace.mark("render: staging folder taken")
    let rendered = renderer.render(record: record)
    if let memory = renderer.recording { session?.keepRender(memory) }
    diagnostics += rendered.diagnostics
    if failed(diagnostics, strict: options.strict) {
        staging?.abandon()
        return stop(diagnostics)
    }
    let changes = pipeline.reportsChanges ? OutputWriter(output: options.output).changes(rendered.files) : nil
    if let hook {
        hook(
            BuildReport(
                diagnostics: diagnostics.sortedAndCapped(), pages: rendered.pages, files: rendered.files.count,
                seconds: seconds(), succeeded: true),
            rendered.files)
    }
    progress("[4/4] Writing \(rendered.files.count) files to \(options.output)")
    Trace.mark("write: start")
    writer.linked = record.linked
    let written = writer.write(rendered.files, staging: staging)
    Trace.mark("write: done")
    diagnostics += written
    let ok = !failed(written, strict: false)
    session?.trustsOutput = ok && session?.ownsOutput == true
    if ok {
        record.save(files: rendered.files.map(\.path))
        loader.cache?.save()
        Trace.mark("records saved")
    }
    // What the next rebuild's delta render starts from: this build, when it had no diagnostic.
    if let session, ok, session.ownsOutput, hook != nil, diagnostics.isEmpty, !options.strict, pipeline.requirements.isEmpty,
        !pipeline.reportsChanges, let keys = renderer.keys, let made = renderer.recording?.rendered
    {
        session.keepDelta(
            Renderer.Delta.State(
                files: rendered.files, rendered: made, pages: rendered.pages, keys: keys, content: content, untranslated: untranslated))
        Trace.mark("delta state kept")
    }
    // Held by the state kept, or by nothing.
    renderer.recording?.rendered = nil
    var report = BuildReport(
        diagnostics: diagnostics.sortedAndCapped(), pages: ok ? rendered.pages : 0,
        files: ok ? rendered.files.count : 0, seconds: seconds(), succeeded: ok)
    report.untranslated = untranslated
    report.reused = record.reused
    report.unbuilt = record.unbuilt
    report.madeProducts = record.madeFiles.sorted()
    report.reusedProducts = record.reusedFiles
    if let changes, ok { (report.changed, report.removed) = changes }
    if options.keepsMemoryAtExit { Abandoned.keep([content, theme, rendered.files, record, loader, renderer]) }
    return report
}

/// The values of builds made with ``BuildOptions/keepsMemoryAtExit``: held, never freed, since
/// the process is about to exit and freeing a large site's model and files one object at a
/// time takes a tenth of a rebuild.
enum Abandoned {
    nonisolated(unsafe) private static var values: [Any] = []
    private static let lock = NSLock()

    static func keep(_ more: [Any]) {
        lock.lock()
        values += more
        lock.unlock()
    }
}
