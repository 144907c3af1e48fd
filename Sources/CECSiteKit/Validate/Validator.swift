import CECSiteContent
import CECSiteCore

/// The validate stage: every cross-check of the loaded content and theme, run before any output.
/// All problems are collected; none stops the others from being found.
struct Validator {
    let content: SiteContent
    let theme: Theme
    let templatesDirectory: String
    /// Every page the render stage will render: the addresses content may link to.
    let registry: PageRegistry
    let sink = DiagnosticSink(stage: .validate)
    /// What the previous validation of a ``BuildSession`` found per document, and which
    /// documents were loaded again since; nil: every document is checked.
    var previous: Previous?
    /// Where this validation records what it finds per document, for the next one; nil: nothing
    /// is recorded.
    var recording: Memory?

    /// The previous validation's findings for a rebuild that loaded again only some Markdown
    /// documents, every other input being as that validation saw it (``ContentLoader/reload(_:diagnostics:changed:)``).
    struct Previous {
        var memory: Memory
        /// True for a document loaded again since (or that may have been): it is checked again.
        var reloaded: (Document) -> Bool
    }

    /// What a validation found per document, kept by a ``BuildSession`` for its next rebuild:
    /// a document not loaded again has the same findings when what they depend on besides the
    /// document is the same (the addresses links are checked against, the plan's SWOT); the
    /// document's own checks and its links' checks are made again only for the documents loaded
    /// again, and the diagnostics are the same, in the same order, as a full validation's.
    final class Memory: @unchecked Sendable {
        /// Each document's own diagnostics (``checkDocuments()``), by ``key(_:)``.
        var documents: [String: [Diagnostic]] = [:]
        /// Each document's link diagnostics (``checkRoutes()``), by ``key(_:)``, found against ``routes``.
        var links: [String: [Diagnostic]] = [:]
        /// The addresses the links were checked against, with what owns each.
        var routes: [String: String] = [:]
        /// Whether the plan had a SWOT analysis (the `swot` include needs one).
        var swot = false
    }

    init(content: SiteContent, theme: Theme, templatesDirectory: String) {
        self.content = content
        self.theme = theme
        self.templatesDirectory = templatesDirectory
        registry = PageRegistry(content: content, theme: theme)
    }

    /// A document's key in a ``Memory``: its first file, which is no other document's.
    static func key(_ document: Document) -> String { document.variants.values.lazy.map(\.file).min() ?? document.slug }

    func run() -> [Diagnostic] {
        checkPlan()
        checkUnits()
        Trace.mark("validate: plan")
        checkDocuments()
        Trace.mark("validate: documents")
        checkFrame()
        checkRoutes()
        Trace.mark("validate: routes")
        checkAliases()
        checkTheme()
        Trace.mark("validate: aliases, theme")
        checkStatistics()
        checkRecords()
        checkCalendar()
        checkFAQ()
        checkOpenData()
        Trace.mark("validate: the rest")
        return sink.diagnostics
    }

    /// The diagnostics of `document` that `found` (in the previous memory, when still valid)
    /// holds; otherwise those `check` reports, recorded. Either way they go to ``sink``.
    func perDocument(
        _ document: Document, _ table: ReferenceWritableKeyPath<Memory, [String: [Diagnostic]]>, valid: Bool,
        _ check: (DiagnosticSink) -> Void
    ) {
        guard let recording else { return check(sink) }
        let key = Self.key(document)
        if valid, let previous, !previous.reloaded(document), let found = previous.memory[keyPath: table][key] {
            if previous.memory !== recording { recording[keyPath: table][key] = found }
            sink.append(contentsOf: found)
            return
        }
        let local = DiagnosticSink(stage: .validate)
        check(local)
        let found = local.diagnostics
        recording[keyPath: table][key] = found
        sink.append(contentsOf: found)
    }
}
