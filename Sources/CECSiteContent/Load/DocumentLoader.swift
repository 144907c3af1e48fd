import CECSiteCore
import CECSiteMarkdown
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Loads the Markdown documents of one folder (`pages/` or `news/`): files named
/// `<slug>.<language>.md`, grouped by slug into one ``Document`` per page.
package struct DocumentLoader: Sendable {
    package let directory: String
    package let kind: Document.Kind
    package let sink: DiagnosticSink
    /// The files parsed by the last build; nil: parse every file.
    package var cache: DocumentCache? = nil
    /// The build date: a file whose `publishDate` is later or whose `expiryDate` is earlier is not
    /// published, as a draft is not; nil: every file is.
    package var buildDate: Day? = nil
    /// Where the stamps of the files read go, for the build's keys (``BuildKeys``); nil: nowhere.
    package var stamps: ReadStamps? = nil
    /// The stamps the build took of the Markdown files before loading (``SourceStamps/markdown``),
    /// by path: a file's stamp is taken from here rather than by another `lstat` (10,000 of
    /// them at 10,000 pages). A file edited since is then restored as it was when stamped, or
    /// read with its new stamp: either way its stamp is that of the text loaded, and the next
    /// build sees the edit.
    package var knownStamps: [String: FileStamp] = [:]

    package func load() -> [Document] {
        let entries = Self.entries(of: directory)
        let files = markdownFiles(directory, entries) + bundleFiles(entries)
        var bySlug: [String: [(Language, String)]] = [:]
        let codes = Language.allCases.map(\.rawValue).joined(separator: " or ")
        for file in files {
            if Self.lastComponent(file).utf8.starts(with: "_index.".utf8) {
                sink.error(
                    SourceLocation(file: file),
                    "Hugo's section page (_index.md) is not supported: the \(kind == .news ? "news list" : "section") is made by cecsite; move its text into a page of pages/ or remove the file"
                )
                continue
            }
            // The file's name without `.md`: `list` joined it to the folder and checked its extension.
            let bytes = file.utf8
            let start = bytes.lastIndex(of: UInt8(ascii: "/")).map(bytes.index(after:)) ?? bytes.startIndex
            var name = String(file[start..<bytes.index(bytes.endIndex, offsetBy: -3)])
            // A page bundle, Hugo's `<slug>/index.md` (`index.uk.md`, `index.en.md`): the folder names it.
            if name == "index" || name.hasPrefix("index.") {
                name = ((file as NSString).deletingLastPathComponent as NSString).lastPathComponent + name.dropFirst("index".count)
            }
            let parts = name.split(separator: ".", omittingEmptySubsequences: false)
            // `<slug>.md`, as Hugo and Jekyll corpora name files, is in the main language.
            guard parts.count == 1 || (parts.count == 2 && Language(rawValue: String(parts[1])) != nil),
                let language = parts.count == 1 ? Language.main : Language(rawValue: String(parts[1]))
            else {
                sink.error(
                    SourceLocation(file: file),
                    "File name '\(name).md' has an unknown language; name it '<slug>.md' (main language), '<slug>.uk.md' or '<slug>.en.md' (language \(codes))")
                continue
            }
            if let other = bySlug[String(parts[0])]?.first(where: { $0.0 == language }) {
                sink.error(
                    SourceLocation(file: file),
                    "'\(name).md' and '\((other.1 as NSString).lastPathComponent)' are both the \(language.rawValue) text of '\(parts[0])'; keep one")
                continue
            }
            let slug = String(parts[0])
            guard Slug.isValid(slug) else {
                sink.error(
                    SourceLocation(file: file),
                    "Slug '\(slug)' is not a plain URL segment; use lowercase ASCII letters, digits and '-' (e.g. '\(Slug.make(slug))')")
                continue
            }
            bySlug[slug, default: []].append((language, file))
        }
        // Each document is parsed on its own (front matter by libyaml, body by libcmark): in parallel.
        let slugs = bySlug.keys.sorted()
        let sources = bySlug
        return parallelMap(slugs.count) { i in loadDocument(slug: slugs[i], files: sources[slugs[i]] ?? []) }.compactMap { $0 }
    }

    /// The entries of `folder` (hidden ones included), sorted by name, each with its type as the
    /// folder gives it (`d_type`), else as `lstat` gives it; empty when it cannot be read. One
    /// read of the folder: listing 10,000 news files with FileManager and an `lstat` (two for a
    /// folder) per entry cost 30,000 calls of every rebuild at 10,000 pages.
    static func entries(of folder: String) -> [(name: String, type: UInt8)] {
        guard let directory = opendir(folder) else { return [] }
        defer { closedir(directory) }
        let fd = dirfd(directory)
        var found: [(name: String, type: UInt8)] = []
        while let entry = readdir(directory) {
            let name = entryName(entry)
            if name == "." || name == ".." { continue }
            var type = entry.pointee.d_type
            if type == UInt8(DT_UNKNOWN) {
                var info = stat()
                guard fstatat(fd, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR: type = UInt8(DT_DIR)
                case S_IFLNK: type = UInt8(DT_LNK)
                case S_IFREG: type = UInt8(DT_REG)
                default: type = UInt8(DT_UNKNOWN)
                }
            }
            found.append((name, type))
        }
        return found.sorted { $0.name < $1.name }
    }

    /// What follows the last slash of a path the loader joined (it ends in no slash), found by
    /// its bytes: `NSString`'s path methods cost a quarter of the load of 10,000 stored documents.
    static func lastComponent(_ path: String) -> Substring {
        path.utf8.lastIndex(of: UInt8(ascii: "/")).map { path[path.utf8.index(after: $0)...] } ?? path[...]
    }

    /// True when a folder entry's name has the extension `md`, as `NSString`'s `pathExtension`
    /// finds it (`.md` alone is a hidden file's name, without an extension).
    static func isMarkdown(_ name: String) -> Bool {
        name.utf8.count > 3 && name.utf8.reversed().starts(with: "dm.".utf8)
    }

    /// The Markdown files among the `entries` of `folder`, joined to it, as
    /// ``SourceFiles/list(_:extensions:recursive:)`` lists them: a symbolic link is reported and
    /// left out.
    private func markdownFiles(_ folder: String, _ entries: [(name: String, type: UInt8)]) -> [String] {
        var files: [String] = []
        for (name, type) in entries where Self.isMarkdown(name) {
            let path = join(folder, name)
            if type == UInt8(DT_LNK) {
                sink.error(SourceLocation(file: path), "Symbolic links are not followed; replace the link with the file itself")
                continue
            }
            files.append(path)
        }
        return files
    }

    /// The Markdown files of the page bundles: `<slug>/index.md`, `<slug>/index.uk.md`,
    /// `<slug>/index.en.md` in the folder's subfolders (Hugo's layout), the subfolders found
    /// among the folder's `entries`. Another Markdown file in a bundle is an error: it would be
    /// silently unpublished.
    private func bundleFiles(_ entries: [(name: String, type: UInt8)]) -> [String] {
        var files: [String] = []
        for (folder, type) in entries where !folder.hasPrefix(".") && type == UInt8(DT_DIR) {
            let bundle = join(directory, folder)
            for file in markdownFiles(bundle, Self.entries(of: bundle)) {
                let name = (file as NSString).lastPathComponent
                if name == "index.md" || Language.allCases.contains(where: { name == "index.\($0.rawValue).md" }) {
                    files.append(file)
                } else {
                    sink.error(
                        SourceLocation(file: file),
                        "A page bundle holds its text in index.md (or index.uk.md, index.en.md); '\(name)' would not be published — rename it or make it a page of its own"
                    )
                }
            }
        }
        return files
    }

    /// One document from its files (each language's), as ``load()`` assembles it; nil when none
    /// of them is published.
    func loadDocument(slug: String, files: [(Language, String)]) -> Document? {
        var document = Document(
            kind: kind, slug: slug, section: nil, order: 0, date: nil, source: nil,
            includes: [], corrections: [], variants: [:])
        var slugGiven: String?
        for (language, file) in files.sorted(by: { $0.0 < $1.0 }) {
            if Self.lastComponent(file).utf8.starts(with: "index.".utf8) {
                let folder = (file as NSString).deletingLastPathComponent
                if folder != directory { document.bundle = folder }
            }
            guard let (f, stamp) = parse(file) else { continue }
            // Fields shared by all languages: the first file that sets one wins; a conflicting
            // value in another language's file is an error.
            if let own = f.slug {
                // Like `section`: the first file's wins, another language's file must agree.
                if let earlier = slugGiven, earlier != own.value {
                    sink.error(own.location, "'slug' is '\(own.value)' here but '\(earlier)' in the other language's file; make them the same")
                } else {
                    slugGiven = own.value
                    document.slug = own.value
                }
            }
            if kind == .page {
                if let section = f.section { shared(&document.section, section, "section") }
                if let order = f.order { shared(&document.order, order, "order", default: 0) }
                if !f.includes.isEmpty { document.includes = f.includes }
            } else {
                if let date = f.date, document.date == nil { document.date = date }
                if let source = f.source { document.source = document.source ?? source }
            }
            document.corrections += f.corrections
            if let modified = f.lastModified?.value { document.lastModified = max(document.lastModified ?? modified, modified) }
            guard let title = f.title, !f.draft, isPublished(f) else { continue }
            if let from = f.translatedFrom, from.value == language {
                sink.error(
                    from.location,
                    "'translated_from: \(from.value.rawValue)' names the file's own language; name the language of the edition it was translated from, or remove the line"
                )
            }
            if !f.aliases.isEmpty { document.aliases[language] = f.aliases }
            document.variants[language] = Document.Variant(
                file: file, title: title, description: f.description, summary: f.summary,
                translatedFrom: f.translatedFrom?.value == language ? nil : f.translatedFrom?.value, tags: f.tags, markdown: f.markdown)
            stamps?.note(file, stamp)
        }
        return document.variants.isEmpty ? nil : document
    }

    /// Whether the build date is within the file's `publishDate`…`expiryDate` (both optional).
    private func isPublished(_ file: ParsedDocumentFile) -> Bool {
        guard let buildDate else { return true }
        if let from = file.publishDate?.value, buildDate < from { return false }
        if let until = file.expiryDate?.value, buildDate >= until { return false }
        return true
    }

    /// One file parsed, or taken from the cache when it is as the last build saw it; nil when
    /// it cannot be read or has no front matter. Problems go to the sink; a file with none is
    /// recorded in the cache.
    private func parse(_ file: String) -> (ParsedDocumentFile, FileStamp)? {
        if let cache, let stamp = knownStamps[file] ?? DocumentCache.stamp(file), let parsed = cache.lookup(file, stamp: stamp) {
            return (parsed, stamp)
        }
        // Its own sink, so that the cache knows whether this file had problems.
        let local = DiagnosticSink(stage: sink.stage)
        defer { sink.append(contentsOf: local.diagnostics) }
        // Stamped by the same `fstat` that opens the read: an edit during the read changes the
        // stamp, never the reverse.
        guard let (text, stamp) = SourceFiles(sink: local).read(file) else { return nil }
        let parts: FrontMatter
        switch FrontMatter.split(text) {
        case .success(let p): parts = p
        case .failure(.missing):
            local.error(
                SourceLocation(file: file, line: 1, column: 1),
                "Missing front matter; start the file with a '---' line, the title and other fields, then '---'")
            return nil
        case .failure(.unterminated):
            local.error(
                SourceLocation(file: file, line: 1, column: 1),
                "Unterminated front matter: no closing '---' line; add one after the last field")
            return nil
        }
        let reader = YAMLReader(file: file, lineOffset: 1, sink: local)
        let markdown = MarkdownDocument(source: parts.body, file: file, firstLine: parts.bodyFirstLine)
        if let error = markdown.nestingError { local.error(error.location, error.message) }
        for error in markdown.imageErrors { local.error(error.location, error.message) }
        for warning in markdown.rawHTMLWarnings { local.warning(warning.location, warning.message) }
        for error in Shortcodes.errors(in: parts.body, file: file, firstLine: parts.bodyFirstLine) { local.error(error.location, error.message) }
        var parsed = ParsedDocumentFile(markdown: markdown)
        guard let root = reader.parse(parts.yaml), let f = reader.mapping(root, what: "the front matter", ignoringCase: true) else { return nil }
        parsed.title = f.string("title", what: "the title")
        parsed.description = f.string("description", required: false, what: "a one-sentence description")?.value
        parsed.summary = f.string("summary", required: false, what: "a summary")?.value
        parsed.tags = f.list("tags", required: false, what: "tags").compactMap { reader.string($0, what: "a tag")?.value }
        // Hugo's default taxonomy and its keywords are tags here too: after the tags, the
        // categories, then the keywords, each tag once.
        for key in ["categories", "keywords"] {
            for tag in f.list(key, required: false, what: key).compactMap({ reader.string($0, what: "a tag")?.value }) where !parsed.tags.contains(tag) {
                parsed.tags.append(tag)
            }
        }
        // Hugo's short title for menus: accepted, and not needed (cecsite shows the title everywhere).
        _ = f.string("linkTitle", required: false, what: "a short title for menus")
        for (key, hint) in Self.hugoOnlyKeys {
            if let location = f.keyLocation(key) {
                local.error(location, "'\(key)' is a Hugo setting cecsite does not support: \(hint)")
            }
        }
        parsed.draft = f.bool("draft", required: false, what: "true for a draft, which is not published")?.value == true
        if kind == .page {
            parsed.section = f.string("section", required: false, what: "the section")
            parsed.order = f.int("order", required: false, what: "the position in the section")
            parsed.includes = f.list("includes", required: false, what: "data blocks").compactMap { reader.string($0, what: "an include") }
        } else {
            parsed.date = f.day("date", required: false, what: "the publication date")
            parsed.source = f.string("source", required: false, what: "the source")?.value
        }
        if let own = f.string("slug", required: false, what: "the page's URL segment, instead of its file's name") {
            if Slug.isValid(own.value) {
                parsed.slug = own
            } else {
                local.error(
                    own.location, "Slug '\(own.value)' is not a plain URL segment; use lowercase ASCII letters, digits and '-' (e.g. '\(Slug.make(own.value))')"
                )
            }
        }
        for alias in f.list("aliases", required: false, what: "old addresses of the page, each redirected to it").compactMap({
            reader.string($0, what: "an old address")
        }) {
            if let problem = Alias.problem(alias.value) {
                local.error(alias.location, "Alias '\(alias.value)' \(problem)")
            } else {
                parsed.aliases.append(alias)
            }
        }
        if let weight = f.int("weight", required: false, what: "the position in the section (Hugo's name for 'order')") {
            if parsed.order != nil {
                local.error(weight.location, "Both 'order' and 'weight' are given; they mean the same: keep one")
            } else if kind == .page {
                parsed.order = weight
            }
        }
        parsed.lastModified = f.day("lastmod", required: false, what: "the date of the last change")
        parsed.publishDate = f.day("publishDate", required: false, what: "the day from which it is published")
        parsed.expiryDate = f.day("expiryDate", required: false, what: "the day from which it is no longer published")
        if let from = parsed.publishDate, let until = parsed.expiryDate, until.value <= from.value {
            local.error(
                until.location, "expiryDate \(until.value) is not after publishDate \(from.value); the page would never be published — correct one of them")
        }
        parsed.corrections = reader.corrections(f)
        if let from = f.string("translated_from", required: false, what: "the language this file was translated from") {
            if let language = Language(rawValue: from.value) {
                parsed.translatedFrom = Located(language, at: from.location)
            } else {
                local.error(
                    from.location,
                    "Unknown language '\(from.value)' for 'translated_from'; write one of \(Language.allCases.map(\.rawValue).joined(separator: ", ")), e.g. translated_from: en for a Ukrainian page translated from the English one"
                )
            }
        }
        f.finish(
            kind == .page
                ? "a page's front matter (keys: title, section, order, description, tags, keywords, categories, linkTitle, draft, includes, corrections, translated_from, lastmod, publishDate, expiryDate, slug, weight, aliases)"
                : "a news article's front matter (keys: title, date, source, summary, description, tags, keywords, categories, linkTitle, draft, corrections, translated_from, lastmod, publishDate, expiryDate, slug, weight, aliases)"
        )
        if let cache, local.diagnostics.isEmpty { cache.record(file, stamp: stamp, parsed) }
        return (parsed, stamp)
    }

    /// Front-matter keys of Hugo that have no meaning here, each with what to do instead: a
    /// located error naming it, rather than "unknown key" (docs/CONTENT.md, "Coming from Hugo").
    package static let hugoOnlyKeys: [(String, String)] = [
        ("url", "a page's address comes from its file name or 'slug'; keep old addresses working with 'aliases'"),
        ("params", "cecsite's templates read only the keys listed in docs/CONTENT.md; move what the page needs into its text"),
        ("layout", "the template comes from the kind of page (docs/TEMPLATES.md); delete the key"),
        ("type", "the template comes from the kind of page (docs/TEMPLATES.md); delete the key"),
        ("outputs", "every page is published as HTML in both editions, with feeds for the news; delete the key"),
        ("menu", "the menu is the site's sections (templates/partials/header.mustache); delete the key"),
        ("menus", "the menu is the site's sections (templates/partials/header.mustache); delete the key"),
        ("cascade", "front matter is not inherited; write each key in the pages that need it"),
        ("build", "drafts and dates decide publication here: use 'draft', 'publishDate' or 'expiryDate'"),
        ("_build", "drafts and dates decide publication here: use 'draft', 'publishDate' or 'expiryDate'"),
        ("headless", "every Markdown file is a page; move a file that is not into content/media/ or out of content/"),
        ("markup", "Markdown is CommonMark with GitHub's extensions; delete the key"),
        ("resources", "files beside a bundle's index.md are published as they are; delete the key"),
        ("sitemap", "every standard-edition page is in sitemap.xml; delete the key"),
        ("translationKey", "a translation is the same file name with another language suffix (about.uk.md, about.en.md)"),
    ]

    private func shared(_ slot: inout String?, _ value: Located<String>, _ key: String) {
        if let existing = slot, existing != value.value {
            sink.error(value.location, "'\(key)' is '\(value.value)' here but '\(existing)' in the other language's file; make them the same")
        }
        slot = value.value
    }

    private func shared(_ slot: inout Int, _ value: Located<Int>, _ key: String, default: Int) {
        if slot != `default`, slot != value.value {
            sink.error(value.location, "'\(key)' is \(value.value) here but \(slot) in the other language's file; make them the same")
        }
        slot = value.value
    }
}

/// URL slugs: lowercase ASCII letters, digits and single dashes.
package enum Slug {
    package static func isValid(_ s: String) -> Bool {
        !s.isEmpty && !s.hasPrefix("-") && !s.hasSuffix("-") && !s.contains("--")
            && s.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// Ukrainian letters in the national transliteration (Cabinet of Ministers Resolution 55 of
    /// 2010); the second value is the form at the start of a word.
    private static let ukrainian: [Character: (String, String)] = [
        "а": ("a", "a"), "б": ("b", "b"), "в": ("v", "v"), "г": ("h", "h"), "ґ": ("g", "g"), "д": ("d", "d"),
        "е": ("e", "e"), "є": ("ie", "ye"), "ж": ("zh", "zh"), "з": ("z", "z"), "и": ("y", "y"), "і": ("i", "i"),
        "ї": ("i", "yi"), "й": ("i", "y"), "к": ("k", "k"), "л": ("l", "l"), "м": ("m", "m"), "н": ("n", "n"),
        "о": ("o", "o"), "п": ("p", "p"), "р": ("r", "r"), "с": ("s", "s"), "т": ("t", "t"), "у": ("u", "u"),
        "ф": ("f", "f"), "х": ("kh", "kh"), "ц": ("ts", "ts"), "ч": ("ch", "ch"), "ш": ("sh", "sh"),
        "щ": ("shch", "shch"), "ь": ("", ""), "ю": ("iu", "yu"), "я": ("ia", "ya"), "’": ("", ""), "'": ("", ""),
        "ʼ": ("", ""),
    ]

    /// A valid slug made from arbitrary text: Ukrainian letters transliterated, other non-ASCII
    /// letters dropped (`Зразкові вибори 2026` → `zrazkovi-vybory-2026`).
    package static func make(_ s: String) -> String {
        var out = ""
        var previous: Character = " "
        for character in s.lowercased() {
            defer { previous = character }
            if let latin = ukrainian[character] {
                let initial = !(previous.isLetter || previous == "’" || previous == "'" || previous == "ʼ")
                out += initial ? latin.1 : latin.0
                // "зг" is written "zgh" so it does not read as "zh".
                if character == "г", previous == "з" { out.removeLast(); out += "gh" }
                continue
            }
            for scalar in character.unicodeScalars {
                if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                    out.unicodeScalars.append(scalar)
                } else if !out.isEmpty, !out.hasSuffix("-") {
                    out += "-"
                }
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "page" : out
    }
}
