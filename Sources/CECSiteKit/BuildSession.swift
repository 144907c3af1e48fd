import CECSiteContent
import CECSiteCore
import Foundation

/// A site built again and again into one output folder, as `cecsite serve` does: each rebuild is
/// ``build(_:progress:)`` (the same stages, the same incremental record, the same bytes), but the
/// new site can be answered from memory as soon as it rendered, while the write stage puts it
/// into the output folder.
///
/// Between the render and the end of a successful write, ``lookup(_:)`` answers from the files
/// the build holds anyway: those made in this build from their bytes, those taken unchanged from
/// the previous build (``OutputFile/Previous/same``) from the output folder, which holds exactly
/// those bytes before the swap and after it. Once the write succeeded the files are let go and
/// everything is read from the output folder again, so the session holds no more than a build
/// holds. A build that fails before its write leaves the last site answered as it was; a
/// failed write keeps the rendered site answered from memory (its record is not saved, so the
/// next rebuild starts again from what the output folder holds).
///
/// The session keeps, between rebuilds, what each rebuild would read again from the
/// incremental-build folder: its stores (``StoreMemory``: the page record, the search terms,
/// the parsed documents, each as this process last read or appended to it, used only while the
/// file is as it was then) and the parsed Markdown files of the last saved build
/// (``DocumentCache``), each taken only for a file whose stamp is the one it was parsed with.
/// The rebuild is the same build with the same bytes; only the reading is spared.
///
/// It also keeps its last load (``SessionMemory``): told which files changed
/// (``rebuild(changed:progress:servable:)``), a rebuild reads again only the Markdown documents
/// among them when nothing else changed (``ContentLoader/reload(_:diagnostics:changed:)``), and
/// loads everything otherwise. An output folder the session owns (a private folder nobody else
/// writes, ``ownsOutput``) is not checked for others' files again after its own successful write.
///
/// Rebuilds must not overlap: ``rebuild(changed:progress:servable:)`` is called from one queue.
public final class BuildSession: @unchecked Sendable {
    /// Where a file of the newest site is to be read.
    public enum Answer: Equatable, Sendable {
        /// These bytes: the file was made by a rebuild whose write has not finished.
        case memory(Data)
        /// The output folder's file at that path.
        case disk
        /// The newest site has no such file (the output folder may still hold it).
        case missing
    }

    /// What to build; its output is the folder written.
    public let options: BuildOptions
    private let lock = NSLock()
    /// The newest site's files in path order while they are not all written; nil once they are.
    private var pending: [OutputFile]?

    /// What the rebuilds keep for the next one.
    let memory: SessionMemory

    /// - Parameters:
    ///   - options: What to build and where.
    ///   - ownsOutput: True when the output folder is the session's own, one no other program
    ///     writes (serve's private folder): after the session wrote it, it is not checked again
    ///     for files cecsite did not make.
    public init(options: BuildOptions, ownsOutput: Bool = false) {
        self.options = options
        memory = SessionMemory(ownsOutput: ownsOutput)
        StoreMemory.shared.enable()
    }

    /// True while the newest site is answered from memory (its write has not finished).
    public var isPending: Bool { lock.withLock { pending != nil } }

    /// Builds the site again. `servable` is called, on the calling thread, as soon as the new
    /// site rendered without an error and ``lookup(_:)`` answers from it, with the report so far;
    /// the write stage follows before this returns.
    ///
    /// - Parameter changed: The files changed since the last rebuild (paths as the content and
    ///   templates folders are given, `content/news/a.md`), every one of them; nil when they are
    ///   not known: then everything is loaded again.
    /// - Returns: The build's report, as ``build(_:progress:)`` gives it.
    public func rebuild(
        changed: [String]? = nil, progress: (String) -> Void = { _ in }, servable: (BuildReport) -> Void = { _ in }
    ) -> BuildReport {
        // The hook runs before `run` returns: it escapes in type only.
        let report = withoutActuallyEscaping(servable) { servable in
            run(options, .build, progress: progress, session: memory, changed: changed) { [self] partial, files in
                lock.withLock { pending = files }
                servable(partial)
            }
        }
        if report.succeeded { lock.withLock { pending = nil } }
        return report
    }

    /// Where the newest site's file `path` (relative to the output folder, `en/plan/index.html`)
    /// is read from.
    public func lookup(_ path: String) -> Answer {
        lock.lock()
        defer { lock.unlock() }
        guard let files = pending else { return .disk }
        // The files are in path order (``Renderer/render(record:)``): a binary search, nothing built.
        var low = 0, high = files.count
        while low < high {
            let middle = (low + high) / 2
            if files[middle].path < path { low = middle + 1 } else { high = middle }
        }
        guard low < files.count, files[low].path == path else { return .missing }
        let file = files[low]
        return file.previous == .same && file.data.isEmpty ? .disk : .memory(file.data)
    }
}

/// What a ``BuildSession`` keeps between its rebuilds (see ``run(_:_:progress:session:changed:rendered:)``).
final class SessionMemory: @unchecked Sendable {
    /// One load's result, with the stamps it was taken with.
    struct Load {
        var content: SiteContent
        var theme: Theme
        var diagnostics: [Diagnostic]
        /// Every source file's stamp, taken before the load (the shared key's).
        var stamps: SourceStamps
        /// The stamps of the documents' files as they were read.
        var reads: ReadStamps
        /// What the validation of this load found per document; nil when it did not finish.
        var validation: Validator.Memory? = nil
        /// What the render of this load made per document; nil when it did not run.
        var render: Renderer.Memory? = nil
    }

    /// True when the output folder is the session's own (``BuildSession/init(options:ownsOutput:)``).
    let ownsOutput: Bool
    /// True when the session's last write into its own folder succeeded: its ownership is known.
    var trustsOutput: Bool {
        get { lock.withLock { trusted } }
        set { lock.withLock { trusted = newValue } }
    }
    private var trusted = false
    private var load: Load?
    /// How many rebuilds loaded only the documents changed (tests count them).
    var partialLoads = 0
    /// How many rebuilds rendered with their record trusting the output folder, no file of it
    /// looked at (``BuildRecord/trustsOutput``; tests count them).
    var trustedRenders = 0
    /// How many rebuilds took the delta render (``Renderer/Delta``; tests count them).
    var deltaRenders = 0
    /// What the last rebuild kept for a delta render of the next; nil after any other.
    private var delta: Renderer.Delta.State?
    private let lock = NSLock()

    init(ownsOutput: Bool) { self.ownsOutput = ownsOutput }

    /// The state of the last rebuild for a delta render, taken away: only a rebuild that
    /// succeeds keeps one for the next.
    func takeDelta() -> Renderer.Delta.State? {
        lock.withLock {
            defer { delta = nil }
            return delta
        }
    }

    /// Keeps `state` for the next rebuild's delta render.
    func keepDelta(_ state: Renderer.Delta.State) { lock.withLock { delta = state } }

    /// The last load, taken away: a rebuild that does not load keeps nothing for the next one.
    func takeLoad() -> Load? {
        lock.withLock {
            defer { load = nil }
            return load
        }
    }

    /// Keeps `load` for the next rebuild.
    func keepLoad(_ load: Load) { lock.withLock { self.load = load } }

    /// Keeps with the load kept for the next rebuild what its validation found per document.
    func keepValidation(_ memory: Validator.Memory) { lock.withLock { load?.validation = memory } }

    /// Keeps with the load kept for the next rebuild what its render made per document.
    func keepRender(_ memory: Renderer.Memory) { lock.withLock { load?.render = memory } }

    /// The files ``ContentLoader/reload(_:diagnostics:changed:)`` reads again for `changed`, or
    /// takes away: every language's file of each changed file's slug, in its folder. A document
    /// with none of these files is the previous load's, unchanged.
    static func reloadedFiles(_ changed: [String]) -> Set<String> {
        var files: Set<String> = []
        for path in changed {
            let folder = (path as NSString).deletingLastPathComponent
            let slug = String((path as NSString).lastPathComponent.prefix { $0 != "." })
            files.insert(join(folder, slug + ".md"))
            for language in Language.allCases { files.insert(join(folder, slug + "." + language.rawValue + ".md")) }
        }
        return files
    }
}
