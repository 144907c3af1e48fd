import CECSiteCore

/// Old addresses of a page (`aliases:` in its front matter, as Hugo names them): each gets a
/// small page that sends the reader on to the page, so links and bookmarks to a moved page
/// keep working.
package enum Alias {
    /// What is wrong with `alias` as an old address of this site, or nil: it is written from
    /// the site's root, in ASCII letters, digits, `-`, `_`, `.` and `~` (the characters a web
    /// server maps to the same file name), without `.` or `..` segments, query or fragment.
    package static func problem(_ alias: String) -> String? {
        guard alias.hasPrefix("/"), !alias.hasPrefix("//") else {
            return "is not an address on this site; write the old address from the site's root, e.g. '/old/news/123/'"
        }
        guard alias != "/" else { return "is the home page's address; an alias names an old address of this page" }
        if let bad = alias.unicodeScalars.first(where: { scalar in
            !(("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || "/-_.~".unicodeScalars.contains(scalar))
        }) {
            let shown = bad == " " ? "a space" : "'\(bad)'"
            return
                "holds \(shown); write old addresses with ASCII letters, digits, '-', '_', '.' and '~' (a web server would not find a file named with others)"
        }
        let segments = alias.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        if segments.dropLast().contains(where: { $0.isEmpty }) || segments.contains(where: { $0 == "." || $0 == ".." }) {
            return "has an empty, '.' or '..' segment; write each folder of the old address once, e.g. '/old/news/123/'"
        }
        return nil
    }

    /// The file an old address is written as: `/old/` and `/old` as `old/index.html` (a web
    /// server serves a folder's `index.html`), `/old.html` as `old.html`.
    package static func file(_ alias: String) -> String {
        let path = String(alias.dropFirst())
        if path.hasSuffix("/") { return path + "index.html" }
        if path.hasSuffix(".html") || path.hasSuffix(".htm") { return path }
        return path + "/index.html"
    }
}
