import CECSiteCore

/// A piece of raw HTML in a body, which the page leaves out (raw HTML is off; libcmark-gfm
/// writes `<!-- raw HTML omitted -->` in its place): an HTML block, or an inline tag together
/// with the closing tag that ends it in the same paragraph.
public struct DroppedHTML: Sendable, Equatable {
    /// The HTML as written: an inline tag, or an HTML block's first line.
    public var html: String
    /// The closing tag folded into this piece (`</b>` of `<b>…</b>`), if one followed it.
    public var closing: String?
    public var location: SourceLocation

    /// The tag's lowercased name (`b`, `div`), nil for a comment, `<!DOCTYPE…>`, `<?…?>` or CDATA.
    public var tagName: String? { Self.tag(html)?.name }

    /// The warning: what was dropped, quoted, and what to write in Markdown instead.
    public var message: String {
        let shown = Self.quote(html)
        let what = closing.map { "'\(shown)' … '\(Self.quote($0))'" } ?? "'\(shown)'"
        guard let name = tagName else {
            if html.drop(while: \.isWhitespace).hasPrefix("<!--") {
                return "HTML comment \(what) is dropped from the page (raw HTML is off); Markdown has no comments: delete it, or keep the note outside the page"
            }
            return "Raw HTML \(what) is dropped from the page (raw HTML is off); delete it and write the text in Markdown"
        }
        if Self.neverPublished.contains(name) {
            return
                "Raw HTML \(what) is dropped from the page (raw HTML is off: scripts, styles, frames, embedded objects and forms are never published); remove it"
        }
        let instead = Self.markdown[name] ?? "write the text as paragraphs, **bold**, *emphasis*, [links](/plan/), lists or tables"
        return "Raw HTML \(what) is dropped from the page (raw HTML is off); in Markdown, \(instead)"
    }

    /// What to write in Markdown instead of an HTML element, by tag name.
    static let markdown: [String: String] = {
        var table: [String: String] = [
            "a": "write [the link text](https://example.org/) (a bare https:// or www. address becomes a link by itself)",
            "b": "write **bold text**", "strong": "write **bold text**",
            "i": "write *emphasised text*", "em": "write *emphasised text*", "cite": "write *emphasised text*",
            "s": "write ~~struck text~~", "del": "write ~~struck text~~", "strike": "write ~~struck text~~",
            "code": "write `code` in backticks", "kbd": "write `code` in backticks", "samp": "write `code` in backticks",
            "tt": "write `code` in backticks",
            "pre": "put the code between two ``` lines",
            "br": "end the line with a backslash (\\) for a line break",
            "p": "leave a blank line between paragraphs",
            "ul": "start each item's line with '- '", "ol": "start each item's line with '1. '",
            "li": "start each item's line with '- ' (or '1. ')",
            "blockquote": "start each quoted line with '> '",
            "hr": "write '---' on a line of its own, after a blank line",
            "img": "write ![what the picture shows](/assets/picture.png)",
            "sup": "write a footnote: [^1] in the text and a line '[^1]: The note.' below",
            "input": "write a task list: '- [ ] a task' and '- [x] a task done'",
        ]
        for heading in 1...6 { table["h\(heading)"] = "start the heading's line with '## ' (a page's own headings start at ##)" }
        for part in ["table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption"] {
            table[part] = "write a table: a header line '| Year | Turnout |', the line '|---|---|' under it, then a line '| 2019 | 49.8 % |' per row"
        }
        return table
    }()

    /// Elements whose content must never reach a page.
    static let neverPublished: Set<String> = ["script", "style", "iframe", "frame", "frameset", "object", "embed", "form", "link", "meta", "base"]

    /// The name of the tag `html` starts with, and whether it is a closing tag.
    static func tag(_ html: String) -> (name: String, closing: Bool)? {
        var rest = html.drop { $0 == " " || $0 == "\t" || $0 == "\n" }
        guard rest.first == "<" else { return nil }
        rest = rest.dropFirst()
        let closing = rest.first == "/"
        if closing { rest = rest.dropFirst() }
        let name = rest.prefix { $0.isASCII && ($0.isLetter || $0.isNumber) }
        guard let first = name.first, first.isLetter else { return nil }
        return (name.lowercased(), closing)
    }

    /// The first line of `html` without surrounding blanks, at most 60 characters.
    static func quote(_ html: String) -> String {
        let line = html.split(separator: "\n", omittingEmptySubsequences: true).first ?? ""
        let trimmed = line.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed()
        let text = String(trimmed)
        return text.count > 60 ? String(text.prefix(60)) + "…" : text
    }

    /// Gathers the pieces of one body in the order of the body.
    struct Collector {
        private(set) var pieces: [DroppedHTML] = []
        /// Inline tags not closed yet, by paragraph (its node's address) and name: their pieces.
        private var open: [Key: [Int]] = [:]

        private struct Key: Hashable {
            var parent: UInt
            var name: String
        }

        /// Void elements have no closing tag to wait for.
        private static let void: Set<String> = ["br", "img", "hr", "input", "wbr", "area", "col", "embed", "source", "track", "meta", "link", "base"]

        mutating func add(_ html: String, at location: SourceLocation, inline: Bool, parent: OpaquePointer?) {
            if inline, let tag = DroppedHTML.tag(html), let parent {
                let key = Key(parent: UInt(bitPattern: Int(bitPattern: parent)), name: tag.name)
                if tag.closing, let index = open[key]?.popLast() {
                    pieces[index].closing = html
                    return
                }
                if !tag.closing, !Self.void.contains(tag.name) { open[key, default: []].append(pieces.count) }
            }
            pieces.append(DroppedHTML(html: html, closing: nil, location: location))
        }
    }
}
