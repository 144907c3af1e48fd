import CECSiteContent
import CECSiteCore

extension Validator {
    /// A validator for ``checkReloaded(_:memory:)`` only: its page registry has no events or
    /// datasets, and nothing walks it.
    init(reloadedOf content: SiteContent, theme: Theme, templatesDirectory: String) {
        self.content = content
        self.theme = theme
        self.templatesDirectory = templatesDirectory
        registry = PageRegistry(content: content, theme: theme, events: [], datasets: [])
    }

    /// The validation of a session's rebuild that loaded again only `documents`, each with the
    /// same front matter, addresses and aliases as in the previous validation (`memory`), every
    /// other input as it was: each of them checked as ``checkDocuments()`` and
    /// ``checkRoutes()`` check it (its links against the addresses `memory` found, which are
    /// the same), and `memory` brought up to date. Every other check gives what it gave, its
    /// inputs unchanged: the caller holds that to have been nothing (a delta render follows only
    /// a build without a diagnostic). Nil when `memory` cannot stand for the other checks (the
    /// plan's SWOT changed).
    func checkReloaded(_ documents: [Document], memory: Memory) -> [Diagnostic]? {
        guard memory.swot == (content.plan.swot != nil), !memory.routes.isEmpty else { return nil }
        var found: [Diagnostic] = []
        for document in documents {
            let key = Self.key(document)
            let own = DiagnosticSink(stage: .validate)
            checkDocument(document, into: own)
            memory.documents[key] = own.diagnostics
            let links = DiagnosticSink(stage: .validate)
            checkLinks(of: document, routes: memory.routes, into: links)
            memory.links[key] = links.diagnostics
            found += own.diagnostics + links.diagnostics
        }
        return found
    }
}
