import CECSiteCore
import Foundation

/// A page under audit: its parsed document and where it lies in the audited tree.
public final class AuditPage {
    /// The path relative to the audited folder, with `/` separators (`en/plan/index.html`).
    let path: String
    let document: HTMLDocument
    /// The other files of the tree (stylesheets, for example), read once and shared by all pages.
    let resources: AuditResources

    /// Parses `source` as the page at `path`.
    init(path: String, source: String, resources: AuditResources) {
        self.path = path
        self.document = HTMLDocument(parsing: source)
        self.resources = resources
    }

    /// The tree-relative path `reference` (an `href` or `src`) points to, or nil when it leads
    /// outside the tree (another scheme, another host, above the root).
    /// A path ending in `/` means its `index.html`.
    func resolve(_ reference: String) -> (path: String, fragment: String?)? {
        AuditPage.resolve(reference, from: path)
    }

    /// `resolve(_:)` for a page at `base`.
    static func resolve(_ reference: String, from base: String) -> (path: String, fragment: String?)? {
        var value = reference.trimmingASCIIWhitespace()
        var fragment: String?
        if let hash = value.firstIndex(of: "#") {
            fragment =
                String(value[value.index(after: hash)...]).removingPercentEncoding
                ?? String(value[value.index(after: hash)...])
            value = String(value[..<hash])
        }
        if let query = value.firstIndex(of: "?") { value = String(value[..<query]) }
        if value.hasPrefix("//") { return nil }
        if let colon = value.firstIndex(of: ":"),
            value[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) })
        {
            return nil  // mailto:, https:, tel:, javascript: …
        }
        let decoded = value.removingPercentEncoding ?? value
        var segments: [String]
        if decoded.isEmpty {
            return (base, fragment)
        } else if decoded.hasPrefix("/") {
            segments = []
        } else {
            segments = base.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            segments.removeLast()
        }
        let parts = decoded.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        for (index, part) in parts.enumerated() {
            switch part {
            case ".": continue
            case "..":
                guard !segments.isEmpty else { return nil }
                segments.removeLast()
            case "" where index == 0: continue
            case "": if index != parts.count - 1 { continue }
            default: segments.append(part)
            }
        }
        var path = segments.joined(separator: "/")
        if decoded.hasSuffix("/") || path.isEmpty || parts.last == "." || parts.last == ".." {
            path += path.isEmpty || path.hasSuffix("/") ? "index.html" : "/index.html"
        }
        return (path, fragment)
    }
}

/// Files of the audited tree other than the page itself, read at most once.
/// Rules may also keep derived data here (a parsed stylesheet) with `memo(_:_:)`.
public final class AuditResources: @unchecked Sendable {
    /// The audited folder.
    public let root: URL
    /// Every regular file of the tree, as paths relative to `root`.
    public let files: Set<String>
    private let lock = NSLock()
    private var cache: [String: Any] = [:]

    /// Creates the resources of the tree at `root` with these files.
    public init(root: URL, files: Set<String>) {
        self.root = root
        self.files = files
    }

    /// The resources of a tree held in memory (a site being built): path → bytes.
    public convenience init(texts: [String: Data]) {
        self.init(root: URL(fileURLWithPath: "/nonexistent-cecsite-tree"), files: Set(texts.keys))
        for (path, data) in texts { cache["text:" + path] = String(decoding: data, as: UTF8.self) as String? }
    }

    /// The text of the tree file at `path` (relative to the root), or nil when it is not there.
    func text(at path: String) -> String? {
        memo("text:" + path) { () -> String? in
            guard files.contains(path),
                let data = FileManager.default.contents(atPath: root.appendingPathComponent(path).path)
            else { return nil }
            return String(decoding: data, as: UTF8.self)
        }
    }

    /// The value stored under `key`, made by `make` the first time it is asked for.
    /// Concurrent callers may both make it; the first stored value wins.
    func memo<T>(_ key: String, _ make: () -> T) -> T {
        lock.lock()
        // Unwrap the dictionary's optional first: `nil as? T` succeeds when T is itself optional.
        if let stored = cache[key], let value = stored as? T {
            lock.unlock()
            return value
        }
        lock.unlock()
        let value = make()
        lock.lock()
        defer { lock.unlock() }
        if let stored = cache[key], let existing = stored as? T { return existing }
        cache[key] = value
        return value
    }
}

/// What site-wide rules need to know about each page, gathered while the page was checked.
struct AuditPageFacts: Sendable {
    /// A link or embedded resource of the page.
    struct Link: Sendable {
        var reference: String
        var location: SourceLocation
    }

    var path: String
    /// The text of the first `<title>` and where it is; nil when the page has none.
    var title: String?
    var titleLocation: SourceLocation
    /// Every `id` (and `name` of an `<a>`) a fragment can point to.
    var anchors: Set<String>
    /// `href` of `a`/`area`, in document order.
    var links: [Link]
    /// The `href` of `<link rel="canonical">`, resolved to a tree path when it points inside the
    /// tree (absolute URLs are kept as written); nil when the page declares none.
    var canonical: String?
    /// True when the page only forwards the reader elsewhere (`<meta http-equiv="refresh">` with a URL).
    var isRedirect: Bool

    /// Gathers the facts of `page`.
    init(_ page: AuditPage) {
        path = page.path
        let document = page.document
        let titleElement =
            document.head.flatMap { head in head.descendants.first { $0.isHTML("title") } }
            ?? document.elements("title").first
        title = titleElement?.textContent
        titleLocation = SourceLocation(file: page.path, line: titleElement?.line ?? 1, column: titleElement?.column ?? 1)
        var anchors = Set(document.elementsByID.keys)
        for anchor in document.elements("a") { if let name = anchor.attribute("name") { anchors.insert(name) } }
        self.anchors = anchors
        links = document.elements.compactMap { element in
            guard element.isHTML("a") || element.isHTML("area"),
                let href = element.attribute("href")
            else { return nil }
            return Link(reference: href, location: SourceLocation(file: page.path, line: element.line, column: element.column))
        }
        canonical = document.elements("link").first { link in
            (link.attribute("rel") ?? "").lowercased().split(whereSeparator: \.isWhitespace).contains("canonical")
        }?.trimmedAttribute("href").flatMap { href in
            href.isEmpty ? nil : (page.resolve(href)?.path ?? href)
        }
        isRedirect = document.elements("meta").contains { meta in
            meta.attribute("http-equiv")?.lowercased() == "refresh"
                && (meta.attribute("content") ?? "").lowercased().contains("url")
        }
    }
}

/// The facts of every page of the audited tree, for rules that compare pages.
public struct AuditSiteFacts: Sendable {
    /// Facts by page path, every HTML page of the tree.
    var pages: [String: AuditPageFacts]
    /// Every file of the tree, HTML or not.
    var files: Set<String>

    /// The pages sorted by path.
    var sortedPages: [AuditPageFacts] {
        pages.values.sorted { $0.path < $1.path }
    }
}
