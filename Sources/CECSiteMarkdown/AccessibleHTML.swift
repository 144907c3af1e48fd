import CCmarkGFM
import Foundation

/// What makes libcmark-gfm's tables, task lists and footnotes accessible, as the site's own
/// tables and controls are.
///
/// - A table scrolls inside a focusable region named by its column headings (or by
///   ``MarkdownWords/table`` when they are empty), `<div class="table-scroll" role="region"
///   aria-label="…" tabindex="0">`, as the templates' tables do; it is `<table class="stack">`,
///   its header cells `<th scope="col">`, and each data cell names its column in `data-label`,
///   so the low-vision edition shows rows as labelled blocks. Column alignment (`:--:`, `--:`)
///   becomes the class `align-center` or `align-right` (the pages' policy forbids `style`, and
///   `align` is obsolete).
/// - A task's check box is disabled and labelled by the task's text: `<label><input
///   type="checkbox" disabled="" /> text</label>`; a task with no text of its own before its
///   blocks (`- [ ]` and a quotation under it) is named by ``MarkdownWords/task``.
/// - A footnote's ids are made of its number, not its label (`fn-2`, `fnref-2`, `fnref-2-2` for
///   `[^source]`: a label may hold any character, percent-encoded by libcmark-gfm), after the
///   body's anchor prefix; its back-link is named by ``MarkdownWords/footnoteBack`` in the
///   body's language instead of libcmark-gfm's English.
///
/// The attributes are changed in libcmark-gfm's own output. In safe mode every `<` it writes
/// starts one of its own tags or its `<!-- raw HTML omitted -->` (text, code, URLs and
/// attribute values are escaped), and every attribute value is quoted with `"`, so its tags can
/// be read one by one without an HTML parser.
enum AccessibleHTML {
    /// Makes the task-list item `item` an ordinary item whose first paragraph is a label around
    /// a disabled check box and the paragraph's text; an item that starts with another block,
    /// or is empty, gets a paragraph of its own with a check box named `name`.
    static func labelTask(_ item: OpaquePointer, name: String) {
        let checked = cmark_gfm_extensions_get_tasklist_item_checked(item) ? #" checked="""# : ""
        guard let paragraph = cmark_node_first_child(item), cmark_node_get_type(paragraph) == CMARK_NODE_PARAGRAPH else {
            guard let paragraph = cmark_node_new(CMARK_NODE_PARAGRAPH), let box = cmark_node_new(CMARK_NODE_CUSTOM_INLINE) else { return }
            cmark_node_set_on_enter(box, #"<input type="checkbox""# + checked + #" disabled="" aria-label=""# + Pass.escaped(name) + #"" />"#)
            cmark_node_append_child(paragraph, box)
            let placed = cmark_node_first_child(item).map { cmark_node_insert_before($0, paragraph) } ?? cmark_node_append_child(item, paragraph)
            if placed != 0 { cmark_node_set_syntax_extension(item, nil) } else { cmark_node_free(paragraph) }
            return
        }
        guard let label = cmark_node_new(CMARK_NODE_CUSTOM_INLINE) else { return }
        // A custom node's text is written as it is, in safe mode too: it is the program's, not the body's.
        cmark_node_set_on_enter(label, #"<label><input type="checkbox""# + checked + #" disabled="" /> "#)
        cmark_node_set_on_exit(label, "</label>")
        var children: [OpaquePointer] = []
        var child = cmark_node_first_child(paragraph)
        while let node = child {
            children.append(node)
            child = cmark_node_next(node)
        }
        guard cmark_node_append_child(paragraph, label) != 0 else {
            cmark_node_free(label)
            return
        }
        cmark_node_set_syntax_extension(item, nil)
        for node in children {
            cmark_node_unlink(node)
            cmark_node_append_child(label, node)
        }
    }

    /// `html` with its tables and footnotes made accessible; `html` itself when it has neither.
    static func decorate(_ html: String, words: MarkdownWords, anchorPrefix: String, media: MediaMarkup? = nil) -> String {
        // Bytes, not `String.contains`: Foundation's search converts every page's body to UTF-16
        // first, which took a third of a 10,000-page build's render time (measured with perf).
        guard
            bytes(html, contain: "<table>") || bytes(html, contain: " data-footnote")
                || (media != nil && (bytes(html, contain: "<img ") || bytes(html, contain: "<a href=")))
        else { return html }
        var pass = Pass(words: words, prefix: anchorPrefix, footnotes: footnoteNumbers(html))
        pass.media = media
        var rest = html[...]
        while let open = rest.utf8.firstIndex(of: UInt8(ascii: "<")) {
            pass.text(rest[..<open])
            guard let close = rest[open...].utf8.firstIndex(of: UInt8(ascii: ">")) else {
                rest = rest[open...]
                break
            }
            pass.tag(rest[open...close])
            rest = rest[rest.index(after: close)...]
        }
        pass.text(rest)
        return pass.output
    }

    /// Whether the UTF-8 bytes of `text` hold those of `needle`: a scan for its first byte, then
    /// a comparison (the needles are short tags).
    static func bytes(_ text: String, contain needle: StaticString) -> Bool {
        var text = text
        return text.withUTF8 { haystack in
            needle.withUTF8Buffer { needle in
                guard let first = needle.first, needle.count <= haystack.count else { return false }
                var index = 0
                let last = haystack.count - needle.count
                while index <= last {
                    if haystack[index] == first, memcmp(haystack.baseAddress! + index, needle.baseAddress!, needle.count) == 0 {
                        return true
                    }
                    index += 1
                }
                return false
            }
        }
    }

    /// Each footnote's number by its label as libcmark-gfm writes it in ids: the footnotes are
    /// listed in the order of their numbers, as `<li id="fn-label">` (no other list item has an id).
    static func footnoteNumbers(_ html: String) -> [Substring: Int] {
        guard let section = html.range(of: "<section class=\"footnotes\" data-footnotes>") else { return [:] }
        var numbers: [Substring: Int] = [:]
        var rest = html[section.upperBound...]
        while let item = rest.range(of: "<li id=\"fn-") {
            rest = rest[item.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { break }
            numbers[rest[..<end]] = numbers.count + 1
            rest = rest[end...]
        }
        return numbers
    }

    /// One reading of a body's HTML, tag by tag.
    struct Pass {
        let words: MarkdownWords
        let prefix: String
        let footnotes: [Substring: Int]
        var output = ""
        /// The current table's HTML: its region's name comes from its header row, which is
        /// read after the region opens.
        var table: String?
        var column = 0
        /// The text of each column's header cell, escaped for an attribute.
        var headers: [String] = []
        /// The text of the header cell being read.
        var header: String?
        /// Inside a footnote reference in a header cell, whose number is not the column's name.
        var inReference = false
        var inFootnotes = false
        /// The footnote being read, its label, and how many of its back-links were seen.
        var footnote = 0, backLinks = 0
        var label: Substring = ""
        /// The media the body shows; nil: images and links stay as written.
        var media: MediaMarkup?
        /// Images seen so far: every one after the first loads lazily.
        var images = 0
        /// What to write after the link being read closes (a document's format and size).
        var afterLink: String?

        init(words: MarkdownWords, prefix: String, footnotes: [Substring: Int]) {
            self.words = words
            self.prefix = Self.escaped(prefix)
            self.footnotes = footnotes
        }

        mutating func emit<S: StringProtocol>(_ text: S) {
            if table != nil { table!.append(contentsOf: text) } else { output.append(contentsOf: text) }
        }

        mutating func text(_ text: Substring) {
            emit(text)
            if header != nil, !inReference { header!.append(contentsOf: text) }
        }

        mutating func tag(_ text: Substring) {
            guard var tag = Tag(text) else { return emit(text) }
            switch (tag.name, tag.closing) {
            case ("table", false):
                table = ""
                headers = []
                tag["class"] = "stack"
            case ("table", true):
                let named = headers.filter { !$0.isEmpty }
                let name = named.isEmpty ? Self.escaped(words.table) : named.joined(separator: ", ")
                let html = table ?? ""
                table = nil
                emit("<div class=\"table-scroll\" role=\"region\" aria-label=\"\(name)\" tabindex=\"0\">\n")
                emit(html)
                emit("</table>\n</div>")
                return
            case ("tr", false): column = 0
            case ("th", false), ("td", false):
                let align = tag["align"]
                tag["align"] = nil
                if tag.name == "th" {
                    tag["scope"] = "col"
                    header = ""
                } else if column < headers.count, !headers[column].isEmpty {
                    tag["data-label"] = headers[column]
                }
                if let align, align == "center" || align == "right" { tag["class"] = "align-" + align }
                column += 1
            case ("th", true):
                if let text = header { headers.append(Self.collapsed(text)) }
                header = nil
            case ("img", false):
                if header != nil, !inReference, let alt = tag["alt"] { header!.append(alt) }
                if let media {
                    if tag["alt"] == "&quot;&quot;" { tag["alt"] = "" }
                    if let src = tag["src"], let attributes = media.image(Self.unescaped(src)) {
                        for (name, value) in attributes { tag[name] = Self.escaped(value) }
                    }
                    if images > 0 { tag["loading"] = "lazy" }
                    images += 1
                }
            case ("sup", false): if header != nil, tag["class"] == "footnote-ref" { inReference = true }
            case ("sup", true): inReference = false
            case ("section", let closing):
                if closing || tag.has("data-footnotes") {
                    inFootnotes = !closing
                    footnote = 0
                }
            case ("li", false):
                if inFootnotes, let id = tag["id"], id.hasPrefix("fn-") {
                    footnote += 1
                    backLinks = 0
                    label = id.dropFirst(3)[...]
                    tag["id"] = prefix + "fn-\(footnote)"
                }
            case ("a", false):
                // href="#fn-label" id="fnref-label" (fnref-label-2… for a second reference).
                if tag.has("data-footnote-ref"), let href = tag["href"], href.hasPrefix("#fn-"),
                    case let reference = href.dropFirst(4), let number = footnotes[reference]
                {
                    tag["href"] = "#" + prefix + "fn-\(number)"
                    if let id = tag["id"], id.hasPrefix("fnref-" + reference) {
                        tag["id"] = prefix + "fnref-\(number)" + id.dropFirst(6 + reference.count)
                    }
                } else if let media, let href = tag["href"], let meta = media.document(Self.unescaped(href)) {
                    afterLink = " <span class=\"file-meta\">(" + Self.escaped(meta) + ")</span>"
                } else if tag.has("data-footnote-backref") {
                    // href="#fnref-label", "#fnref-label-2"…, in the footnote's item.
                    backLinks += 1
                    if let href = tag["href"], href.hasPrefix("#fnref-" + label) {
                        tag["href"] = "#" + prefix + "fnref-\(footnote)" + href.dropFirst(7 + label.count)
                    }
                    tag["aria-label"] = Self.escaped(words.backLink(footnote, backLinks))
                }
            case ("a", true):
                if let after = afterLink {
                    emit(text)
                    emit(after)
                    afterLink = nil
                    return
                }
            default: break
            }
            emit(tag.changed ? tag.html : String(text))
        }

        /// An attribute value as libcmark-gfm escaped it, unescaped (`&amp;` → `&`).
        static func unescaped(_ value: String) -> String {
            guard value.contains("&") else { return value }
            return value.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#x27;", with: "'")
                .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                .replacingOccurrences(of: "&amp;", with: "&")
        }

        /// Runs of white space as one space, none at either end.
        static func collapsed(_ text: String) -> String {
            text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
        }

        /// `text` escaped for a double-quoted attribute value, as libcmark-gfm escapes text.
        static func escaped(_ text: String) -> String {
            var out = ""
            for character in text {
                switch character {
                case "&": out += "&amp;"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                case "\"": out += "&quot;"
                default: out.append(character)
                }
            }
            return out
        }
    }

    /// One tag of libcmark-gfm's HTML: its name and attributes, values as written (escaped).
    private struct Tag {
        var name: Substring
        var closing: Bool
        var attributes: [(name: Substring, value: String?)] = []
        var selfClosing = false
        /// True once an attribute was set or removed.
        private(set) var changed = false

        /// Reads `<name attribute="value" attribute>`; nil for a comment or anything else.
        init?(_ text: Substring) {
            var rest = text.dropFirst().dropLast()[...]
            closing = rest.first == "/"
            if closing { rest = rest.dropFirst() }
            name = rest.prefix { $0.isASCII && ($0.isLetter || $0.isNumber) }
            guard let first = name.first, first.isLetter else { return nil }
            rest = rest.dropFirst(name.count)
            while true {
                rest = rest.drop { $0 == " " || $0 == "\n" }
                if rest.isEmpty { break }
                if rest == "/" {
                    selfClosing = true
                    break
                }
                let attribute = rest.prefix { $0 != "=" && $0 != " " && $0 != "/" }
                guard !attribute.isEmpty else { return nil }
                rest = rest.dropFirst(attribute.count)
                if rest.first == "=" {
                    rest = rest.dropFirst()
                    guard rest.first == "\"", let end = rest.dropFirst().firstIndex(of: "\"") else { return nil }
                    attributes.append((attribute, String(rest[rest.index(after: rest.startIndex)..<end])))
                    rest = rest[rest.index(after: end)...]
                } else {
                    attributes.append((attribute, nil))
                }
            }
        }

        func has(_ attribute: String) -> Bool { attributes.contains { $0.name == attribute } }

        /// An attribute's value; setting it adds the attribute at the end, or replaces its value
        /// in place; setting nil removes it.
        subscript(attribute: String) -> String? {
            get { attributes.first { $0.name == attribute }?.value ?? nil }
            set {
                changed = true
                if let index = attributes.firstIndex(where: { $0.name == attribute }) {
                    if let newValue { attributes[index].value = newValue } else { attributes.remove(at: index) }
                } else if let newValue {
                    attributes.append((attribute[...], newValue))
                }
            }
        }

        var html: String {
            var out = closing ? "</" : "<"
            out.append(contentsOf: name)
            for attribute in attributes {
                out.append(" ")
                out.append(contentsOf: attribute.name)
                if let value = attribute.value { out += "=\"" + value + "\"" }
            }
            return out + (selfClosing ? " />" : ">")
        }
    }
}
