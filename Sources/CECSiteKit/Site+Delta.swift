import CECSiteContent
import CECSiteCore
import Foundation

/// What ``run(_:_:progress:session:changed:rendered:)`` gives ``runDelta(_:)``: a session's
/// rebuild that loaded again only some Markdown documents.
struct DeltaRun {
    var options: BuildOptions
    var session: SessionMemory
    /// What the previous rebuild kept for this one (its build had no diagnostic).
    var state: Renderer.Delta.State
    /// The previous rebuild's load, and this one's.
    var kept: SessionMemory.Load
    var content: SiteContent
    var theme: Theme
    var loadDiagnostics: [Diagnostic]
    var reads: ReadStamps
    /// True for a document loaded again.
    var reloaded: (Document) -> Bool
    /// The files read again (``SessionMemory/reloadedFiles(_:)``).
    var files: Set<String>
    var record: BuildRecord
    var writer: OutputWriter
    var rendered: (BuildReport, [OutputFile]) -> Void
    var seconds: () -> Double
}

/// The rebuild of `run` by a delta render (``Renderer/Delta``) when it can be made: every
/// document is the previous load's but those loaded again, each with the front matter,
/// addresses and aliases it had (``Renderer/Delta/signature(_:)``); the previous rebuild wrote
/// the session's own folder with no diagnostic. Its outputs are those of a full build, byte for
/// byte. Nil when it cannot be made: the caller builds in full (with a new record, since this
/// one may have been asked for some files).
func runDelta(_ run: DeltaRun) -> BuildReport? {
    let state = run.state
    let content = run.content, old = run.kept.content
    guard let validation = run.kept.validation, let memory = run.kept.render, memory.shared == state.shared,
        content.pages.count == old.pages.count, content.news.count == old.news.count, run.record.trustsOutput
    else { return nil }
    // The same documents in the same order, those loaded again with their signatures (their
    // files among them) as they were. The reload took away the documents of the files read
    // again and put in their place those it read: each of them, at its old place, holding the
    // same files, with as many documents as before, leaves every other document in its place.
    var reloaded: [Renderer.Delta.Reloaded] = []
    var places: [(news: Bool, index: Int)] = []
    for file in run.files {
        if let place = state.places[file], !places.contains(where: { $0 == place }) { places.append(place) }
    }
    for (news, i) in places.sorted(by: { ($0.news ? 1 : 0, $0.index) < ($1.news ? 1 : 0, $1.index) }) {
        let (documents, olds) = news ? (content.news, old.news) : (content.pages, old.pages)
        guard i < documents.count, run.reloaded(documents[i]),
            Renderer.Delta.signature(documents[i]) == Renderer.Delta.signature(olds[i])
        else { return nil }
        reloaded.append(
            .init(
                document: documents[i], section: news ? "news" : "page",
                position: (news ? state.rendered.newsStart : state.rendered.pagesStart) + i))
    }
    Trace.mark("delta: documents compared")
    let validator = Validator(reloadedOf: content, theme: run.theme, templatesDirectory: run.options.templates)
    guard let found = validator.checkReloaded(reloaded.map(\.document), memory: validation) else { return nil }
    run.session.keepValidation(validation)
    var diagnostics = run.loadDiagnostics + found
    func failed(_ diagnostics: [Diagnostic]) -> Bool { diagnostics.contains { $0.severity == .error } }
    func stop() -> BuildReport {
        BuildReport(diagnostics: diagnostics.sortedAndCapped(), pages: 0, files: 0, seconds: run.seconds(), succeeded: false)
    }
    Trace.mark("validate: done (delta)")
    if failed(diagnostics) { return stop() }
    guard state.feedItems.allSatisfy({ $0 < content.news.count }) else { return nil }
    var renderer = Renderer(content: content, theme: run.theme, buildDate: run.options.date)
    renderer.keys = BuildKeys(
        shared: state.shared, reads: run.reads, list: state.list, feedItems: state.feedItems.map { content.news[$0] })
    renderer.recording = memory
    let record = run.record
    guard let delta = renderer.renderDelta(record: record, state: state, reloaded: reloaded) else { return nil }
    diagnostics += delta.diagnostics
    if failed(diagnostics) { return stop() }
    run.session.keepRender(memory)
    run.session.deltaRenders += 1
    run.session.trustedRenders += 1
    let files = delta.files
    run.rendered(
        BuildReport(
            diagnostics: diagnostics.sortedAndCapped(), pages: state.pages, files: files.count, seconds: run.seconds(),
            succeeded: true), files)
    // Served: what follows is the write, as a full build's.
    record.carry(files.map(\.path))
    if record.previousLinkTargetsHold(delta.targets) {
        record.keepLinkTargets()
    } else {
        record.linkTargets = record.previousLinkTargets()?.union(delta.targets)
    }
    Trace.mark("write: start")
    var writer = run.writer
    writer.linked = record.linked
    let written = writer.write(files, staging: nil)
    Trace.mark("write: done")
    diagnostics += written
    let ok = !failed(written)
    run.session.trustsOutput = ok && run.session.ownsOutput
    if ok {
        record.save(files: files.map(\.path))
        Trace.mark("records saved")
        if diagnostics.isEmpty {
            state.files = Renderer.Delta.State.settled(files)
            run.session.keepDelta(state)
        }
    }
    var report = BuildReport(
        diagnostics: diagnostics.sortedAndCapped(), pages: ok ? state.pages : 0, files: ok ? files.count : 0,
        seconds: run.seconds(), succeeded: ok)
    report.untranslated = state.untranslated
    report.reused = record.reused + delta.carried
    report.unbuilt = record.unbuilt + delta.carried
    report.madeProducts = record.madeFiles.sorted()
    report.reusedProducts = record.reusedFiles
    return report
}
