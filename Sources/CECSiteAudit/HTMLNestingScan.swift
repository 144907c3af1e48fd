import CECSiteCore

/// A quick pass over a page's bytes, before the HTML parser sees them, that bounds how deep the
/// parser's tree can get.
///
/// libgumbo's time grows with the square of the nesting (each start tag searches the stack of
/// open elements), so a page of 100,000 nested `<div>`s took minutes to parse; this pass takes
/// linear time and lets the auditor refuse such a page first. It follows the tree-construction
/// rules that shorten the stack (end tags within their scope, the end tags and restarts that
/// close `p`, `li`, `dd`, `dt`, `option`, table parts, misnested formatting elements) and
/// counts, rather than models, what it does not follow — so its depth is at least the
/// parser's (checked against libgumbo on random tag soup in `AuditLimitTests`), and close to
/// it on real pages. Known gap: inside `<select>`, which ignores most tags, it can come out a
/// level or two under; the auditor checks the parsed tree's depth exactly afterwards.
struct HTMLNestingScan {
    /// The deepest nesting seen (or the depth at which the scan stopped, past the limit).
    private(set) var maxDepth = 2
    /// Where the depth first went past the limit: the byte offset of that start tag.
    private(set) var overflowOffset: Int?

    private struct Entry {
        var name: String
        var foreign: Bool
        /// For a formatting element: its tag and attributes, which tell alike ones apart.
        var key: String? = nil
    }

    private var stack: [Entry] = []
    /// Formatting elements closed implicitly, which the parser may open again (its list of
    /// active formatting elements), by tag and attributes.
    private var formatting: [String: Int] = [:]
    private var markers = 0

    /// Scans `bytes`, stopping at the first start tag that makes the nesting deeper than `limit`.
    init(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int = .max) {
        var i = 0
        let n = bytes.count
        @inline(__always) func lower(_ c: UInt8) -> UInt8 { c >= 65 && c <= 90 ? c + 32 : c }
        @inline(__always) func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 97 && (c | 0x20) <= 122 }
        @inline(__always) func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 10 || c == 12 || c == 13 }
        func findBytes(_ needle: [UInt8], from start: Int) -> Int? {
            var j = start
            while j + needle.count <= n {
                var k = 0
                while k < needle.count, lower(bytes[j + k]) == needle[k] { k += 1 }
                if k == needle.count { return j }
                j += 1
            }
            return nil
        }
        while i < n {
            guard bytes[i] == UInt8(ascii: "<"), i + 1 < n else { i += 1; continue }
            let next = bytes[i + 1]
            if next == UInt8(ascii: "!") {
                if i + 3 < n, bytes[i + 2] == UInt8(ascii: "-"), bytes[i + 3] == UInt8(ascii: "-") {
                    i = (findBytes(Array("-->".utf8), from: i + 4).map { $0 + 3 }) ?? n
                } else {
                    while i < n, bytes[i] != UInt8(ascii: ">") { i += 1 }
                }
                continue
            }
            if next == UInt8(ascii: "?") {
                while i < n, bytes[i] != UInt8(ascii: ">") { i += 1 }
                continue
            }
            let isEnd = next == UInt8(ascii: "/")
            let nameStart = isEnd ? i + 2 : i + 1
            guard nameStart < n, isLetter(bytes[nameStart]) else { i += 1; continue }
            let tagStart = i
            var j = nameStart
            var nameBytes: [UInt8] = []
            while j < n, !isSpace(bytes[j]), bytes[j] != UInt8(ascii: "/"), bytes[j] != UInt8(ascii: ">") {
                nameBytes.append(lower(bytes[j]))
                j += 1
            }
            let name = String(decoding: nameBytes, as: UTF8.self)
            // The attributes, quotes respected, up to the closing `>`.
            let attributesStart = j
            var selfClosing = false
            var quote: UInt8 = 0
            while j < n {
                let c = bytes[j]
                if quote != 0 {
                    if c == quote { quote = 0 }
                } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                    // A quote only opens a value right after `=` (and spaces).
                    var k = j - 1
                    while k > attributesStart, isSpace(bytes[k]) { k -= 1 }
                    if bytes[k] == UInt8(ascii: "=") { quote = c }
                } else if c == UInt8(ascii: ">") {
                    selfClosing = j > attributesStart && bytes[j - 1] == UInt8(ascii: "/")
                    break
                }
                j += 1
            }
            let attributes = String(decoding: UnsafeBufferPointer(rebasing: bytes[attributesStart..<min(j, n)]), as: UTF8.self)
            i = j + 1
            if isEnd {
                // `</p>` with no `p` open, and `</br>`, make an empty element.
                let leaf = (name == "p" && find(["p"], boundaries: Self.buttonScope) == nil) || name == "br"
                endTag(name)
                if leaf, depth + 1 > maxDepth { maxDepth = depth + 1 }
                if leaf, depth + 1 > limit {
                    overflowOffset = tagStart
                    return
                }
                continue
            }
            guard let leaf = startTag(name, attributes: attributes, selfClosing: selfClosing) else { continue }
            // An element that stays open counts in `depth`; a void one is one level below it.
            let reached = depth + (leaf ? 1 : 0)
            if reached > maxDepth { maxDepth = reached }
            if reached > limit {
                overflowOffset = tagStart
                return
            }
            // Raw text: no tags inside until the matching end tag.
            if !inForeign, Self.rawText.contains(name) {
                i = findBytes(Array("</\(name)".utf8), from: i) ?? n
            } else if !inForeign, name == "plaintext" {
                return
            }
        }
    }

    /// Scans the UTF-8 of `text`.
    init(_ text: String, limit: Int = .max) {
        var copy = text
        self = copy.withUTF8 { HTMLNestingScan($0, limit: limit) }
    }

    /// The nesting the parser may reach now: the open elements, the formatting elements it may
    /// reopen (at most three alike per table cell level, its "Noah's Ark" clause), and `<html>`
    /// and `<body>`, which it always opens.
    private var depth: Int {
        let reopenable = formatting.values.reduce(0) { $0 + min($1, 3 * (markers + 1)) }
        return stack.count + reopenable + 2
    }

    /// True when the current node is SVG or MathML content (not an integration point).
    private var inForeign: Bool {
        guard let top = stack.last, top.foreign else { return false }
        return !Self.integrationPoints.contains(top.name)
    }

    private mutating func push(_ name: String, foreign: Bool = false, key: String? = nil) {
        stack.append(Entry(name: name, foreign: foreign, key: key))
        if Self.markerTags.contains(name), !foreign { markers += 1 }
    }

    /// Pops the entries above `index` and the entry at it; formatting elements among them
    /// stay reopenable.
    /// `closing`: the entry at `index` is the element an end tag names (not reopenable).
    private mutating func pop(to index: Int, closing: Bool = true) {
        while stack.count > index {
            let entry = stack.removeLast()
            if entry.foreign { continue }
            if Self.markerTags.contains(entry.name) { markers -= 1 }
            if let key = entry.key, stack.count > index || !closing { formatting[key, default: 0] += 1 }
        }
    }

    /// The index of the nearest open `name` in scope (the search stops at `boundaries`), or nil.
    private func find(_ names: Set<String>, boundaries: Set<String>) -> Int? {
        var index = stack.count - 1
        while index >= 0 {
            let entry = stack[index]
            if names.contains(entry.name), !entry.foreign { return index }
            if entry.foreign ? Self.foreignBoundaries.contains(entry.name) : boundaries.contains(entry.name) { return nil }
            index -= 1
        }
        return nil
    }

    /// Follows a start tag; true when it made an element that does not stay open (a void one),
    /// nil when the parser ignores it (its content is then markup, even for `<style>`).
    private mutating func startTag(_ name: String, attributes: String, selfClosing: Bool) -> Bool? {
        if inForeign, !Self.breakout.contains(name) {
            if !selfClosing { push(name, foreign: true) }
            return selfClosing
        }
        if inForeign {
            // The parser leaves the SVG or MathML first; not modelled, so the count is high.
            if !Self.voidTags.contains(name) { push(name) }
            return Self.voidTags.contains(name)
        }
        // Inside a select the parser ignores most start tags; a few close the select first.
        if let index = openSelect() {
            switch name {
            case "option", "optgroup", "script", "template", "html":
                break
            case "select":
                pop(to: index)
                return nil
            case "input", "keygen", "textarea":
                pop(to: index)
            case "caption", "table", "tbody", "tfoot", "thead", "tr", "td",
                "th" where hasTable(below: index):
                pop(to: index)
            case "hr":
                return true
            default:
                return nil
            }
        }
        // A table inside a table's own rows (not in a cell) closes the first.
        if name == "table", let index = tableContext(["table", "td", "th", "caption"]), stack[index].name == "table" {
            pop(to: index)
        }
        switch name {
        case "html", "head", "body":
            // Merged into the existing ones; in a MathML text element inside SVG the parser may
            // make a new one, so count it there.
            if stack.contains(where: \.foreign) { push(name) }
            return false
        case "svg", "math":
            if !selfClosing { push(name, foreign: true) }
            return selfClosing
        case "li":
            closeListItem(["li"], stops: ["address", "div", "p"])
        case "dd", "dt":
            closeListItem(["dd", "dt"], stops: ["address", "div", "p"])
        case "h1", "h2", "h3", "h4", "h5", "h6":
            if let top = stack.last, !top.foreign, Self.headings.contains(top.name) { pop(to: stack.count - 1) }
        case "option":
            if stack.last?.name == "option" { pop(to: stack.count - 1) }
        case "optgroup":
            if stack.last?.name == "option" { pop(to: stack.count - 1) }
            if stack.last?.name == "optgroup", find(["select"], boundaries: ["html", "template"]) != nil {
                pop(to: stack.count - 1)
            }
        case "a", "nobr":
            if find([name], boundaries: Self.defaultScope) != nil {
                endTag(name)
            } else {
                forgetFormatting(name)
            }
        case "button":
            if let index = find(["button"], boundaries: Self.defaultScope) { pop(to: index) }
        case "tr":
            if let index = tableContext(["tbody", "thead", "tfoot", "table"]) {
                pop(to: index + 1, closing: false)
                if stack.last?.name == "table" { push("tbody") }
            } else {
                push("tbody")  // in a template the parser may imply one; elsewhere, counted high
            }
        case "td", "th":
            if let index = tableContext(["tr", "tbody", "thead", "tfoot", "table"]) {
                pop(to: index + 1, closing: false)
                if stack.last?.name == "table" { push("tbody") }
                if stack.last?.name != "tr" { push("tr") }
            } else {
                push("tr")  // in a template the parser may imply one; elsewhere, counted high
            }
        case "tbody", "thead", "tfoot", "caption", "colgroup":
            if let index = tableContext(["table"]) { pop(to: index + 1, closing: false) }
        case "col":
            if let index = tableContext(["table"]) {
                pop(to: index + 1, closing: false)
                push("colgroup")
            }
        default:
            break
        }
        if Self.closesP.contains(name), let index = find(["p"], boundaries: Self.buttonScope) { pop(to: index) }
        if Self.voidTags.contains(name) { return true }
        if Self.formattingTags.contains(name) {
            // The parser lists it among the active formatting elements; remember its attributes
            // to tell alike ones apart.
            push(name, key: name + " " + attributes.trimmingASCIIWhitespace())
            return false
        }
        push(name)
        return false
    }

    /// Closes an open `li` (or `dd`/`dt`) when a new one starts, as the parser does.
    private mutating func closeListItem(_ names: Set<String>, stops: Set<String>) {
        var index = stack.count - 1
        while index >= 0 {
            let entry = stack[index]
            if entry.foreign { return }
            if names.contains(entry.name) { pop(to: index); return }
            if Self.special.contains(entry.name), !stops.contains(entry.name) { return }
            index -= 1
        }
    }

    /// The index of the nearest of `names` when the current node is inside a table's rows
    /// (not inside a template or foreign content nested in it).
    private func tableContext(_ names: Set<String>) -> Int? {
        var index = stack.count - 1
        while index >= 0 {
            let entry = stack[index]
            if entry.foreign || entry.name == "template" || entry.name == "html" { return nil }
            if names.contains(entry.name) { return entry.name == "table" || hasTable(below: index) ? index : nil }
            index -= 1
        }
        return nil
    }

    /// True when an HTML `table` is open below the entry at `index`.
    private func hasTable(below index: Int) -> Bool {
        var below = index - 1
        while below >= 0 {
            let entry = stack[below]
            if !entry.foreign, entry.name == "table" { return true }
            if entry.foreign || entry.name == "template" { return false }
            below -= 1
        }
        return false
    }

    /// The index of the `select` the parser is in, when only `option`s and `optgroup`s are open
    /// inside it (its "select scope"), or nil.
    private func openSelect() -> Int? {
        var index = stack.count - 1
        while index >= 0 {
            let entry = stack[index]
            if entry.foreign { return nil }
            if entry.name == "select" { return index }
            if entry.name != "option", entry.name != "optgroup" { return nil }
            index -= 1
        }
        return nil
    }

    /// The parser drops a reopenable `name` from its list (its end tag came, or a new `<a>`).
    private mutating func forgetFormatting(_ name: String) {
        guard let key = formatting.keys.sorted().first(where: { $0.hasPrefix(name + " ") }),
            let count = formatting[key]
        else { return }
        formatting[key] = count > 1 ? count - 1 : nil
    }

    private mutating func endTag(_ name: String) {
        // Foreign content: the nearest element of that name among the foreign ones.
        if let top = stack.last, top.foreign {
            var index = stack.count - 1
            while index >= 0, stack[index].foreign {
                if stack[index].name == name { pop(to: index); return }
                index -= 1
            }
        }
        switch name {
        case "html", "body", "head", "br":
            return
        case "p":
            if let index = find(["p"], boundaries: Self.buttonScope) { pop(to: index) }
        case "li":
            if let index = find(["li"], boundaries: Self.listItemScope) { pop(to: index) }
        case "h1", "h2", "h3", "h4", "h5", "h6":
            if let index = find(Self.headings, boundaries: Self.defaultScope) { pop(to: index) }
        case "td", "th", "tr", "tbody", "thead", "tfoot", "table", "caption", "colgroup":
            // Table parts close only inside a table: elsewhere the parser ignored their start tags.
            if let index = find([name], boundaries: ["html", "table", "template"]),
                name == "table" || hasTable(below: index)
            {
                pop(to: index)
            }
        case "select":
            if let index = find(["select"], boundaries: ["html", "template"]) { pop(to: index) }
        case "form":
            // The parser takes only the form itself off the stack (libgumbo 0.10 not always):
            // what it holds stays open, so the count stays.
            break
        case "template":
            if let index = find(["template"], boundaries: ["html"]) { pop(to: index) }
        default:
            if Self.formattingTags.contains(name) {
                closeFormatting(name)
            } else if Self.special.contains(name) {
                if let index = find([name], boundaries: Self.defaultScope) { pop(to: index) }
            } else {
                // Any other end tag closes the nearest such element unless a special one is nearer.
                var index = stack.count - 1
                while index >= 0 {
                    let entry = stack[index]
                    if entry.name == name, !entry.foreign { pop(to: index); return }
                    if entry.foreign ? Self.foreignBoundaries.contains(entry.name) : Self.special.contains(entry.name) { return }
                    index -= 1
                }
            }
        }
    }

    /// `</b>` and its kind: the adoption agency algorithm, bounded from above. Without a special
    /// element above it the element and what it contains close; with one, the parser moves
    /// elements around without making the stack longer, so the count stays.
    private mutating func closeFormatting(_ name: String) {
        var index = stack.count - 1
        var specialAbove = false
        while index >= 0 {
            let entry = stack[index]
            if !entry.foreign, entry.name == name {
                if specialAbove {
                    let moved = stack.remove(at: index)
                    stack.append(moved)
                } else {
                    pop(to: index)
                }
                return
            }
            if entry.foreign ? Self.foreignBoundaries.contains(entry.name) : Self.defaultScope.contains(entry.name) { break }
            if !entry.foreign, Self.special.contains(entry.name) { specialAbove = true }
            index -= 1
        }
        forgetFormatting(name)
    }

    static let voidTags: Set<String> = [
        "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img", "input",
        "keygen", "link", "meta", "param", "source", "track", "wbr",
    ]
    static let rawText: Set<String> = ["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"]
    static let formattingTags: Set<String> = [
        "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
    ]
    static let markerTags: Set<String> = ["td", "th", "caption", "applet", "object", "marquee", "template"]
    static let headings: Set<String> = ["h1", "h2", "h3", "h4", "h5", "h6"]
    static let defaultScope: Set<String> = [
        "applet", "caption", "html", "table", "td", "th", "marquee", "object", "template",
    ]
    static let buttonScope = defaultScope.union(["button"])
    static let listItemScope = defaultScope.union(["ol", "ul"])
    static let foreignBoundaries: Set<String> = [
        "mi", "mo", "mn", "ms", "mtext", "annotation-xml", "foreignobject", "desc", "title",
    ]
    static let integrationPoints: Set<String> = foreignBoundaries
    /// Start tags that make the parser leave SVG and MathML.
    static let breakout: Set<String> = [
        "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em", "embed",
        "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing", "menu", "meta", "nobr",
        "ol", "p", "pre", "ruby", "s", "small", "span", "strong", "strike", "sub", "sup", "table", "tt", "u",
        "ul", "var", "font",
    ]
    /// Start tags that close an open `p` (in button scope).
    static let closesP: Set<String> = [
        "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl",
        "fieldset", "figcaption", "figure", "footer", "header", "hgroup", "main", "menu", "nav", "ol", "p",
        "search", "section", "summary", "ul", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "listing", "form",
        "li", "dd", "dt", "plaintext", "hr", "xmp",
    ]
    static let special: Set<String> = [
        "address", "applet", "area", "article", "aside", "base", "basefont", "bgsound", "blockquote", "body",
        "br", "button", "caption", "center", "col", "colgroup", "dd", "details", "dir", "div", "dl", "dt",
        "embed", "fieldset", "figcaption", "figure", "footer", "form", "frame", "frameset", "h1", "h2", "h3",
        "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "iframe", "img", "input", "keygen", "li",
        "link", "listing", "main", "marquee", "menu", "meta", "nav", "noembed", "noframes", "noscript",
        "object", "ol", "p", "param", "plaintext", "pre", "script", "search", "section", "select", "source",
        "style", "summary", "table", "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "title",
        "tr", "track", "ul", "wbr", "xmp",
    ]
}
