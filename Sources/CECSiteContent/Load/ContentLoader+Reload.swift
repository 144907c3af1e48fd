import CECSiteCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension ContentLoader {
    /// The content `previous` (loaded by this loader, with its load diagnostics) brought up to
    /// date after the files `changed` changed, by reading again only the documents they belong
    /// to; nil when that cannot be done, and the whole content must be loaded again.
    ///
    /// Only a Markdown file directly in `pages/` or `news/` with a plain name (`<slug>.md`,
    /// `<slug>.<language>.md`) is reloaded on its own: its document is read again from every
    /// language's file (`<slug>.md`, `<slug>.uk.md`, `<slug>.en.md`), parsed anew (no
    /// ``DocumentCache``), and takes the place of the document those files made, in the order
    /// ``load()`` gives (by the files' slug), or is removed when none of them is published any
    /// more. The diagnostics of those files are replaced by the new ones. Any other change (a
    /// data file, a folder, a page bundle, a template, `site.yaml`, a name ``load()`` would
    /// refuse, a link) gives nil. The rest of the content (plan, data, media, calendar) is
    /// `previous`'s: no document outside a bundle contributes to it.
    ///
    /// - Returns: The content and all its load diagnostics, as ``load()`` would give them.
    package func reload(_ previous: SiteContent, diagnostics: [Diagnostic], changed: [String]) -> (SiteContent, [Diagnostic])? {
        let folders: [(Document.Kind, String)] = [(.page, join(contentDirectory, "pages")), (.news, join(contentDirectory, "news"))]
        // The documents to read again: kind, folder, slug; each once.
        var groups: [(kind: Document.Kind, folder: String, slug: String)] = []
        for path in changed {
            let folder = (path as NSString).deletingLastPathComponent
            guard let kind = folders.first(where: { $0.1 == folder })?.0, !isSymbolicLink(folder) else { return nil }
            let name = (path as NSString).lastPathComponent
            guard name.hasSuffix(".md") else { return nil }
            let parts = name.dropLast(3).split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 1 || (parts.count == 2 && Language(rawValue: String(parts[1])) != nil) else { return nil }
            let slug = String(parts[0])
            // `_index`, hidden files and other names that ``load()`` reports are not plain slugs.
            guard Slug.isValid(slug), slug != "index" else { return nil }
            if !groups.contains(where: { $0.folder == folder && $0.slug == slug }) { groups.append((kind, folder, slug)) }
        }
        guard !groups.isEmpty else { return nil }
        var content = previous
        var kept = diagnostics
        let sink = DiagnosticSink(stage: .load)
        for group in groups {
            // A page bundle of the same slug would join these files: its folder is read only by `load()`.
            var info = stat()
            if lstat(join(group.folder, group.slug), &info) == 0 { return nil }
            let candidates =
                [(Language.main, join(group.folder, group.slug + ".md"))]
                + Language.allCases.map { ($0, join(group.folder, group.slug + "." + $0.rawValue + ".md")) }
            var files: [(Language, String)] = []
            for (language, file) in candidates where lstat(file, &info) == 0 {
                // A link, a folder named like a file, or two files of one language: `load()` reports them.
                guard (info.st_mode & S_IFMT) == S_IFREG, !files.contains(where: { $0.0 == language }) else { return nil }
                files.append((language, file))
            }
            let paths = Set(candidates.map(\.1))
            kept.removeAll { paths.contains($0.location.file) }
            let loader = DocumentLoader(directory: group.folder, kind: group.kind, sink: sink, cache: nil, buildDate: buildDate, stamps: stamps)
            let document = files.isEmpty ? nil : loader.loadDocument(slug: group.slug, files: files)
            func replace(_ documents: inout [Document]) {
                documents.removeAll { $0.variants.values.contains { paths.contains($0.file) } }
                guard let document else { return }
                let at = documents.firstIndex { Self.fileSlug(of: $0) > group.slug } ?? documents.endIndex
                documents.insert(document, at: at)
            }
            if group.kind == .page { replace(&content.pages) } else { replace(&content.news) }
        }
        return (content, kept + sink.diagnostics)
    }

    /// The slug a document's files are named by (``load()`` orders documents by it): the file's
    /// name up to its first dot, or a bundle's folder name.
    static func fileSlug(of document: Document) -> String {
        guard let file = document.variants.values.first?.file else { return "" }
        var name = (file as NSString).lastPathComponent
        if name == "index.md" || name.hasPrefix("index.") {
            name = ((file as NSString).deletingLastPathComponent as NSString).lastPathComponent
        }
        return String(name.prefix { $0 != "." })
    }
}
