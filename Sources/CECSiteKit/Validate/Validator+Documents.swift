import CECSiteContent
import CECSiteCore
import Foundation

extension Validator {
    static let knownSections: Set<String> = ["plan"]
    static let knownIncludes: Set<String> = ["swot", "contacts"]

    /// Sections and includes are known; headings start at level 2 and never skip a level.
    func checkDocuments() {
        let swot = content.plan.swot != nil
        let valid = previous?.memory.swot == swot
        for document in [content.pages, content.news].joined() {
            perDocument(document, \.documents, valid: valid) { checkDocument(document, into: $0) }
        }
        recording?.swot = swot
    }

    /// ``checkDocuments()`` of one document.
    func checkDocument(_ document: Document, into sink: DiagnosticSink) {
        if let section = document.section, !Self.knownSections.contains(section) {
            let location = document.variants.values.first.map { SourceLocation(file: $0.file) } ?? SourceLocation(file: document.slug)
            sink.error(
                location, "Unknown section '\(section)'; known sections: \(Self.knownSections.sorted().joined(separator: ", ")), or leave 'section' out")
        }
        for include in document.includes {
            if !Self.knownIncludes.contains(include.value) {
                var message = "Unknown include '\(include.value)'"
                if let near = Suggest.nearest(to: include.value, in: Self.knownIncludes) { message += "; did you mean '\(near)'?" }
                sink.error(include.location, message + " (known: \(Self.knownIncludes.sorted().joined(separator: ", ")))")
            } else if include.value == "swot", content.plan.swot == nil {
                sink.error(include.location, "Include 'swot' needs content/plan/swot.yaml; create it or remove the include")
            }
        }
        for language in Language.allCases {
            guard let variant = document.variants[language] else { continue }
            var level = 1
            for heading in variant.markdown.headings {
                if heading.level == 1 {
                    sink.error(heading.location, "Level-1 heading in the body; the title is the page's only h1, so start body headings at '##'")
                } else if heading.level > level + 1 {
                    sink.error(
                        heading.location,
                        "Heading level \(heading.level) skips level \(level + 1); use \(String(repeating: "#", count: level + 1)) here")
                }
                level = heading.level
            }
        }
    }

    /// The accessibility statement of `site.yaml` names a page of `pages/`.
    func checkFrame() {
        guard let slug = content.config.frame.accessibilityStatement else { return }
        let slugs = Set(content.pages.map(\.slug))
        if !slugs.contains(slug.value) {
            var message = "accessibility_statement '\(slug.value)' names no page of pages/"
            if let near = Suggest.nearest(to: slug.value, in: slugs) { message += "; did you mean '\(near)'?" }
            sink.error(slug.location, message + " (write the slug of pages/<slug>.uk.md, or create that page)")
        }
    }

    /// No two pages share a URL; every site-root link in Markdown leads to a page of the site
    /// (one of ``PageRegistry``) or a file content may link to.
    func checkRoutes() {
        var taken: [String: String] = [:]
        for language in Language.allCases where language != .main { taken[language.rawValue + "/"] = "the \(language.rawValue) site" }
        for edition in Edition.allCases where edition != .standard { taken[edition.pathPrefix] = "the \(edition.rawValue) edition" }
        for page in registry.generatedPages where taken[page.path] == nil { taken[page.path] = page.owner }
        for page in registry.documentPages {
            if let owner = taken[page.path] {
                sink.error(SourceLocation(file: page.owner), "The page's URL /\(page.path) is already used by \(owner); rename the file")
            } else {
                taken[page.path] = page.owner
            }
        }
        for (path, owner) in registry.files() where taken[path] == nil { taken[path] = owner }
        // A document's links, when neither it nor the addresses changed, are as the previous
        // validation found them.
        let valid = previous?.memory.routes == taken
        for document in [content.pages, content.news].joined() {
            perDocument(document, \.links, valid: valid) { sink in checkLinks(of: document, routes: taken, into: sink) }
        }
        recording?.routes = taken
        for entry in content.faq {
            for (_, answer) in entry.answers.sorted(by: { $0.key < $1.key }) {
                for link in answer.links { checkLink(link, routes: taken, into: sink) }
            }
            for link in entry.related { checkLink(link, routes: taken, into: sink) }
        }
        for event in content.calendar.events {
            if let link = event.link { checkLink(link, routes: taken, into: sink) }
        }
    }

    /// Every link in the Markdown of `document`, in each of its languages in the order of their
    /// tags, checked by ``checkLink(_:routes:page:into:)`` against `routes`.
    func checkLinks(of document: Document, routes: [String: String], into sink: DiagnosticSink) {
        for language in Language.allCases {
            guard let variant = document.variants[language] else { continue }
            for link in variant.markdown.links { checkLink(link, routes: routes, page: document, into: sink) }
        }
    }

    /// `link` leads somewhere: a media file (relative to `page`'s address, or from the root), a
    /// page or file of the site, or outside it by a safe scheme.
    func checkLink(_ link: Located<String>, routes: [String: String], page: Document? = nil, into sink: DiagnosticSink) {
        let url = link.value
        // A raw space or control character is no part of a URL, and a line break in one would
        // start a new property in an iCalendar feed.
        // ASCII by value (its white space is U+0009–U+000D and U+0020), the rest by property.
        if let bad = url.unicodeScalars.first(where: { $0.value < 0x80 ? $0.value <= 0x20 || $0.value == 0x7F : $0.properties.isWhitespace }) {
            let shown = bad == " " ? "a space" : "the character U+" + String(format: "%04X", bad.value)
            sink.error(link.location, "Link '\(url.debugDescription.dropFirst().dropLast())' holds \(shown); percent-encode it (a space is %20) or remove it")
            return
        }
        if url.isEmpty || url.hasPrefix("#") || url.hasPrefix("mailto:") || url.hasPrefix("tel:") { return }
        if url.hasPrefix("http://") || url.hasPrefix("https://") { return }
        if url.hasPrefix("//") || url.contains(":") {
            if url.lowercased().hasPrefix("javascript:") || url.lowercased().hasPrefix("data:") || url.lowercased().hasPrefix("vbscript:") {
                sink.error(link.location, "Unsafe link '\(url)'; scripts and data URLs are not allowed in content")
            }
            return
        }
        let base = page.map(Routes.document)
        if content.media.file(linkedAs: url, base: base) != nil { return }
        let named = MediaLibrary.sitePath(of: url, base: base ?? "") ?? url
        if !url.hasPrefix("/"), MediaFormat.of(named) != nil {
            if let page, let bundle = page.bundle {
                sink.error(
                    link.location, "Missing file '\(url)': no such file in \(bundle)/; put it there beside the Markdown file, or correct the name")
            } else {
                let name = (named as NSString).lastPathComponent
                let folder = page.map { $0.kind == .news ? "news" : "pages" } ?? "pages"
                sink.error(
                    link.location,
                    "Missing file '\(url)': a relative link names a file beside the page, and this page is not a bundle; make it one (\(folder)/<slug>/index.uk.md with \(name) beside it), or put the file in content/media/ and link to '/media/\(name)'"
                )
            }
            return
        }
        guard url.hasPrefix("/") else {
            sink.error(link.location, "Relative link '\(url)'; write internal links from the site root, e.g. '/plan/'")
            return
        }
        var path = String(url.dropFirst())
        if let cut = path.firstIndex(where: { $0 == "#" || $0 == "?" }) { path = String(path[..<cut]) }
        if path.isEmpty || routes[path] != nil || path.hasPrefix("assets/") { return }
        if MediaFormat.of(path) != nil {
            let hint = path.hasPrefix("media/") ? "content/\(path)" : "the page bundle of /\((path as NSString).deletingLastPathComponent)/"
            sink.error(link.location, "Missing file '\(url)': no such file in \(hint); add it there, or correct the link")
            return
        }
        // A pillar or goal that could not be read has pages at addresses no one knows.
        if !content.plan.allGoalsRead, path.hasPrefix(Routes.pillars) || path.hasPrefix(Routes.goals) { return }
        if routes[path + "/"] != nil {
            sink.error(link.location, "Broken internal link '\(url)'; write '/\(path)/' with the closing slash")
            return
        }
        var message = "Broken internal link '\(url)': no page has this address"
        if let near = Suggest.nearest(to: path, in: routes.keys) { message += "; did you mean '/\(near)'?" }
        sink.error(link.location, message)
    }
}

extension Validator {
    /// No old address (`aliases:`) is the file of a page, of another file the site writes, or
    /// of another alias.
    func checkAliases() {
        let documents = [content.pages, content.news].joined()
        guard documents.contains(where: { !$0.aliases.isEmpty }) else { return }
        var files: [String: String] = [:]
        for page in registry.pages {
            for language in Language.allCases {
                for edition in Edition.allCases {
                    files[Routes.file(page.path, language, edition)] = "the page /\(Routes.url(page.path, language, edition).dropFirst())"
                }
            }
        }
        for language in Language.allCases { files[String((language.urlPrefix + Discovery.notFound).dropFirst())] = "the 404 page" }
        for (path, owner) in registry.files() { files[path] = owner }
        for file in content.media.files { files[file.path] = "the media file \(file.source)" }
        var aliases: [String: Located<String>] = [:]
        for document in documents {
            for (_, list) in document.aliases.sorted(by: { $0.key < $1.key }) {
                for alias in list {
                    let file = Alias.file(alias.value)
                    if let owner = files[file] {
                        sink.error(
                            alias.location, "Alias '\(alias.value)' is the address of \(owner); remove the alias, or the page would be replaced by a redirect")
                    } else if let first = aliases[file] {
                        sink.error(
                            alias.location,
                            "Alias '\(alias.value)' is already an alias at \(first.location); an old address can lead to one page only — remove one of them")
                    } else {
                        aliases[file] = alias
                    }
                }
            }
        }
    }
}
