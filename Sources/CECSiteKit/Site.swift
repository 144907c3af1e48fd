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
    /// `output` are not rendered again (see ``RenderCache``).
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
    public init(content: String = "content", templates: String = "templates", output: String = "public",
                date: Day? = nil, strict: Bool = false, baseURL: String? = nil) {
        self.content = content
        self.templates = templates
        self.output = output
        self.date = date ?? Day.today()
        self.strict = strict
        self.baseURL = baseURL
    }

    /// Where a build into `output` keeps its record for incremental builds: beside it.
    public static func cacheDirectory(for output: String) -> String { RenderCache.directory(for: output) }

    /// Where the site a build into `output` replaced is kept, for the next build to start from.
    public static func spareDirectory(for output: String) -> String { OutputWriter.spare(of: output) }
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
    public var unbuilt = 0
    /// Files other than pages that are each a function of known inputs (search index chunks,
    /// sitemaps, feeds) and were made in this build, in path order; the others of them were
    /// taken from the previous build without being made.
    public var madeProducts: [String] = []
    /// How many such files were taken from the previous build unmade.
    public var reusedProducts = 0

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
    run(options, onlyData: false, progress: progress)
}

/// Regenerates only the open data of a built site: the dataset files, `datapackage.json`, the
/// DCAT catalog and the catalog pages in every language and edition. Pages and news are not
/// read; every other file of the output folder is kept as it is. The output folder must hold
/// a site built by ``build(_:progress:)`` (the catalog pages link into it).
///
/// - Returns: The report; `pages` counts the catalog pages rendered.
public func buildData(_ options: BuildOptions, progress: (String) -> Void = { _ in }) -> BuildReport {
    run(options, onlyData: true, progress: progress)
}

/// The paths `cecsite data` owns: everything below `data/` in every language and edition.
func isOpenDataPath(_ path: String) -> Bool {
    Language.allCases.contains { language in
        Edition.allCases.contains { edition in
            path.hasPrefix(String(Routes.url(DataFiles.directory, language, edition).dropFirst()))
        }
    }
}

private func run(_ options: BuildOptions, onlyData: Bool, progress: (String) -> Void) -> BuildReport {
    let start = DispatchTime.now()
    func seconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9 }
    func failed(_ diagnostics: [Diagnostic], strict: Bool) -> Bool {
        diagnostics.contains { $0.severity == .error || (strict && $0.severity == .warning) }
    }
    func stop(_ diagnostics: [Diagnostic]) -> BuildReport {
        BuildReport(diagnostics: diagnostics.sortedAndCapped(), pages: 0, files: 0, seconds: seconds(), succeeded: false)
    }

    // The output folder, checked before anything is read: a build replaces only a folder it made.
    var options = options
    Trace.mark("output check: start")
    var writer = OutputWriter(output: options.output)
    switch OutputTarget.resolve(options.output, content: options.content, templates: options.templates,
                                forceReplace: options.forceReplace) {
    case .failure(let refusal): return stop([refusal])
    case .success(let target):
        options.output = target.path
        writer = OutputWriter(output: target.path, adoptsUnmarkedSpare: target.adoptsUnmarkedSpare)
    }
    Trace.mark("output checked")
    var existing: [String] = []
    if onlyData {
        existing = OutputWriter.existingFiles(in: options.output)
        if !existing.contains("index.html") {
            return stop([Diagnostic(.error, SourceLocation(file: options.output),
                                    "No built site in this folder; run `cecsite build` first: `cecsite data` replaces only the open data of a built site",
                                    stage: .write)])
        }
    }
    progress("[1/4] Loading \(options.content) and \(options.templates)")
    Trace.mark("build: start")
    // Stamped before anything is read: a file edited during the build is seen by the next one.
    let stamps = options.incremental && !onlyData ? SourceStamps([options.content, options.templates]) : nil
    // The record of the previous build is read while the content loads: neither needs the other.
    let record = Future { options.incremental && !onlyData ? RenderCache(outputDirectory: options.output) : nil }
    var loader = ContentLoader(contentDirectory: options.content, templatesDirectory: options.templates)
    loader.documents = !onlyData
    loader.baseURL = options.baseURL
    loader.cache = stamps == nil ? nil : DocumentCache(outputDirectory: options.output)
    Trace.mark("load: start")
    let (content, theme, loadDiagnostics) = loader.load()
    Trace.mark("load: done")
    progress("[2/4] Validating")
    var diagnostics = loadDiagnostics
    diagnostics += Validator(content: content, theme: theme, templatesDirectory: options.templates).run()
    Trace.mark("validate: done")
    if onlyData, content.datasetMetadata.isEmpty, !failed(diagnostics, strict: false) {
        diagnostics.append(Diagnostic(.error, SourceLocation(file: join(options.content, "data/datasets.yaml")),
                                      "The site publishes no open data: this file is missing; describe the datasets in it (see docs/OPEN-DATA.md)",
                                      stage: .load))
    }
    if failed(diagnostics, strict: options.strict) { return stop(diagnostics) }
    progress("[3/4] Rendering")
    var renderer = Renderer(content: content, theme: theme, buildDate: options.date)
    renderer.sharedKey = stamps?.sharedKey(content: options.content, extra: [
        SourceStamps.program, options.date.description, options.baseURL ?? "", options.content, options.templates,
    ])
    let kept = existing.filter { !isOpenDataPath($0) }
    let cache = record.value
    Trace.mark("render: record read")
    let rendered = renderer.render(onlyData: onlyData, existing: Set(kept), cache: cache)
    diagnostics += rendered.diagnostics
    if failed(diagnostics, strict: options.strict) { return stop(diagnostics) }
    progress("[4/4] Writing \(rendered.files.count) files to \(options.output)")
    Trace.mark("write: start")
    let written = writer.write(rendered.files, keeping: kept)
    Trace.mark("write: done")
    diagnostics += written
    let ok = !failed(written, strict: false)
    if ok {
        cache?.save(files: rendered.files.map(\.path))
        loader.cache?.save()
        Trace.mark("records saved")
    }
    var report = BuildReport(diagnostics: diagnostics.sortedAndCapped(), pages: ok ? rendered.pages : 0,
                             files: ok ? rendered.files.count : 0, seconds: seconds(), succeeded: ok)
    report.reused = cache?.reused ?? 0
    report.unbuilt = cache?.unbuilt ?? 0
    report.madeProducts = cache?.madeProducts.sorted() ?? []
    report.reusedProducts = cache?.reusedProducts ?? 0
    if options.keepsMemoryAtExit { Abandoned.keep([content, theme, rendered.files, cache as Any, loader, renderer]) }
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

extension Day {
    /// Today's date in Europe/Kyiv.
    public static func today(now: Date = Date()) -> Day {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Kyiv") ?? TimeZone(identifier: "Europe/Kiev") ?? .current
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        return Day(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1) ?? .distantFuture
    }
}
