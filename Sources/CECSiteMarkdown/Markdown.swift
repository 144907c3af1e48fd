import CCmarkGFM
import CECSiteCore
import Foundation

/// A Markdown body parsed by libcmark-gfm (CommonMark with GitHub's tables, autolinks,
/// strikethrough, task lists and footnotes): what validation needs (headings, links, with their
/// places in the file), its plain text, the raw HTML it drops, and its HTML, with raw HTML and
/// unsafe URLs dropped.
///
/// The body is parsed when the value is made, for headings, links and plain text; the HTML is
/// made from a second parse when a page needs it, since keeping every body's HTML for the whole
/// build cost more memory than the parse costs time.
public struct MarkdownDocument: Sendable {
    /// A heading in the body.
    public struct Heading: Sendable {
        public var level: Int
        public var location: SourceLocation

        /// A heading of `level` (1–6) at `location`.
        public init(level: Int, location: SourceLocation) {
            self.level = level
            self.location = location
        }
    }

    /// The Markdown text of the body.
    public var source: String { storedSource.string }
    public let headings: [Heading]
    /// Every link destination, with where it was written, in the order of the body.
    public let links: [Located<String>]
    /// The body as plain text, without markup, for the search index and descriptions.
    public var plainText: String { storedPlainText.string }
    /// The first element nested deeper than ``maxNesting``, with its depth; nil when none is.
    /// The loaders report it as an error (a body restored by ``DocumentCache`` had none: only
    /// files without diagnostics are kept).
    public private(set) var tooDeep: Located<Int>?
    /// Every piece of raw HTML in the body, which the HTML leaves out, where it was written:
    /// the loaders report each as a warning (``rawHTMLWarnings``). A closing tag that ends an
    /// inline tag reported before it in the same paragraph is folded into that one.
    public private(set) var droppedHTML: [DroppedHTML] = []
    /// Every image of the body (`![alt](url)`), with its alt text and where it was written, for
    /// the loaders' checks (``imageErrors``); empty in a body restored by ``DocumentCache``,
    /// which had no errors.
    public private(set) var images: [Image] = []

    /// An image of the body: its destination, where it was written, and its alt text as plain
    /// text (`""` for one marked decorative, see ``decorativeAlt``).
    public struct Image: Sendable {
        public var url: Located<String>
        public var alt: String
    }

    /// The alt text an editor writes to mark an image decorative: `![""](border.png)`, published
    /// as `alt=""`, so screen readers skip it. An empty `![](x.jpg)` is an error instead, so that
    /// a forgotten description is never taken for a decorative image.
    public static let decorativeAlt = "\"\""

    /// The deepest nesting of Markdown elements a body may have: lists, list items, block
    /// quotes, emphasis, links…, each one level, as each becomes one HTML element. A real page
    /// stays below 10 (a list in a list in a quote, with a link in bold, is 7); 100 leaves
    /// pages, inside the templates' own 10–20 levels, far below the 512 levels of elements
    /// browsers build and `cecsite audit` checks (`AuditLimits.maxDepth`). libcmark itself
    /// parses any depth in linear time, but what it makes of 100,000 nested list items could
    /// be neither audited nor shown as written.
    public static let maxNesting = 100
    /// The texts as kept: a body restored by ``DocumentCache`` keeps its record's bytes until
    /// it is read, and a rebuild reads few (the pages of an unchanged body are reused, its
    /// search terms recorded).
    public let storedSource: StoredText, storedPlainText: StoredText

    /// A body parsed before, as ``DocumentCache`` restores it: the values
    /// ``init(source:file:firstLine:)`` made from `source`.
    public init(source: StoredText, headings: [Heading], links: [Located<String>], plainText: StoredText) {
        storedSource = source
        self.headings = headings
        self.links = links
        storedPlainText = plainText
    }

    /// Parses `source`, whose first line is line `firstLine` of `file`.
    public init(source: String, file: String, firstLine: Int = 1) {
        storedSource = StoredText(source)
        var headings: [Heading] = []
        var links: [Located<String>] = []
        var plain = PlainText()
        var depth = 0
        var tooDeep: Located<Int>?
        var dropped = DroppedHTML.Collector()
        var images: [Image] = []
        var inDecorative = false
        func location(_ node: OpaquePointer) -> SourceLocation {
            // Links the autolink extension makes have no position, or a column of 0: they are
            // placed where the nearest enclosing node with a position starts.
            var node = node
            while cmark_node_get_start_line(node) < 1 || cmark_node_get_start_column(node) < 1, let parent = cmark_node_parent(node) {
                node = parent
            }
            return SourceLocation(
                file: file,
                line: max(1, Int(cmark_node_get_start_line(node))) + firstLine - 1,
                column: max(1, Int(cmark_node_get_start_column(node))))
        }
        GFM.withTree(source) { root, _ in
            guard let iterator = cmark_iter_new(root) else { return }
            defer { cmark_iter_free(iterator) }
            while true {
                let event = cmark_iter_next(iterator)
                if event == CMARK_EVENT_DONE { break }
                guard let node = cmark_iter_get_node(iterator) else { continue }
                let type = cmark_node_get_type(node)
                // The depth counted without walking up from each node (which would take time
                // proportional to the depth for every node): containers are entered and left,
                // leaves only entered.
                if type != CMARK_NODE_DOCUMENT {
                    // Text and breaks make no element; a code span or block is at most as
                    // deep as the paragraph or item it stands in, plus one.
                    if event == CMARK_EVENT_ENTER, !Self.leaves.contains(type.rawValue) {
                        depth += 1
                        if depth > Self.maxNesting, tooDeep == nil { tooDeep = Located(depth, at: location(node)) }
                    } else if event == CMARK_EVENT_EXIT {
                        depth -= 1
                    }
                }
                if event == CMARK_EVENT_ENTER {
                    switch type {
                    case CMARK_NODE_HEADING:
                        headings.append(Heading(level: Int(cmark_node_get_heading_level(node)), location: location(node)))
                    case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                        if let url = cmark_node_get_url(node) {
                            links.append(Located(String(cString: url), at: location(node)))
                            if type == CMARK_NODE_IMAGE {
                                images.append(Image(url: links[links.count - 1], alt: Self.text(of: node)))
                                inDecorative = images[images.count - 1].alt == Self.decorativeAlt
                            }
                        }
                    case CMARK_NODE_TEXT, CMARK_NODE_CODE, CMARK_NODE_CODE_BLOCK:
                        // A decorative image's `""` is no text of the page.
                        if !inDecorative, let literal = cmark_node_get_literal(node) { plain.append(literal) }
                    case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: plain.append(0x20)
                    case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
                        if let literal = cmark_node_get_literal(node) {
                            dropped.add(
                                String(cString: literal), at: location(node), inline: type == CMARK_NODE_HTML_INLINE,
                                parent: cmark_node_parent(node))
                        }
                    default:
                        // A table's cells are separated by a space in the text (empty ones add none).
                        if cmark_node_previous(node) != nil, cmark_node_first_child(node) != nil, GFM.extensionType(node) == "table_cell" {
                            plain.append(0x20)
                        }
                    }
                } else if event == CMARK_EVENT_EXIT {
                    if type == CMARK_NODE_IMAGE { inDecorative = false }
                    if type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING || type == CMARK_NODE_ITEM || type == CMARK_NODE_BLOCK_QUOTE {
                        plain.append(0x0A)
                    } else if let name = GFM.extensionType(node), name == "table_row" || name == "table_header" {
                        plain.append(0x0A)
                    }
                }
            }
        }
        self.headings = headings
        self.links = links
        self.tooDeep = tooDeep
        self.images = images
        // In the order of the file: footnotes come last in the tree, wherever they were written.
        droppedHTML = dropped.pieces.sorted { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }
        storedPlainText = StoredText(plain.string)
    }

    /// Node types libcmark-gfm's iterator enters without leaving (they hold no other node); the
    /// extensions' nodes (tables, strikethrough, task items) and footnote references are
    /// entered and left.
    private static let leaves: Set<UInt32> = [
        CMARK_NODE_HTML_BLOCK, CMARK_NODE_THEMATIC_BREAK, CMARK_NODE_CODE_BLOCK, CMARK_NODE_TEXT,
        CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK, CMARK_NODE_CODE, CMARK_NODE_HTML_INLINE,
    ].reduce(into: []) { $0.insert($1.rawValue) }

    /// The error for a body nested deeper than ``maxNesting``, or nil.
    public var nestingError: (location: SourceLocation, message: String)? {
        tooDeep.map { deep in
            (
                deep.location,
                "Markdown nested \(deep.value) levels deep (lists, quotes or emphasis inside one another), over the limit of \(Self.maxNesting); nest less, e.g. split the list or use headings"
            )
        }
    }

    /// The text of the inline nodes under `node` (an image's alt text), white space collapsed.
    static func text(of node: OpaquePointer) -> String {
        var text = ""
        var child = cmark_node_first_child(node)
        while let current = child {
            let type = cmark_node_get_type(current)
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE, let literal = cmark_node_get_literal(current) {
                text += String(cString: literal)
            } else if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                text += " "
            } else {
                text += Self.text(of: current)
            }
            child = cmark_node_next(current)
        }
        return text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
    }

    /// An error for each image without alt text: `![](photo.jpg)` (write what it shows, or
    /// ``decorativeAlt`` for a decorative image).
    public var imageErrors: [(location: SourceLocation, message: String)] {
        images.filter { $0.alt.isEmpty }.map { image in
            (
                image.url.location,
                "Image '\(image.url.value)' has no alt text; describe what it shows, e.g. ![Члени Комісії на засіданні](\(image.url.value)), or write ![\"\"](\(image.url.value)) if it is only decoration"
            )
        }
    }

    /// A warning for each piece of raw HTML the page leaves out, at the place it was written.
    public var rawHTMLWarnings: [(location: SourceLocation, message: String)] {
        droppedHTML.map { ($0.location, $0.message) }
    }

    /// True when `rewrite` changes one of the body's links.
    public func rewrites(_ rewrite: (String) -> String) -> Bool {
        links.contains { rewrite($0.value) != $0.value }
    }

    /// Renders the body to HTML, passing every link destination through `rewrite` first
    /// (once per link, in the order of ``links``).
    ///
    /// libcmark-gfm's safe mode replaces raw HTML with a comment and drops `javascript:`,
    /// `vbscript:`, `file:` and non-image `data:` URLs. Tables, task lists and footnotes are
    /// made accessible (see ``AccessibleHTML``): a table scrolls in a named, focusable region
    /// and its header cells are `<th scope="col">`, a task's check box is labelled by the task,
    /// a footnote's back-link is named in `words`. The HTML is not kept: the pages of one body
    /// share it through ``ContextMemo`` while they render, and a body whose pages are all
    /// reused is never rendered.
    ///
    /// - Parameters:
    ///   - words: the names the HTML gives tables and back-links, in the body's language.
    ///   - anchorPrefix: put before the ids of footnotes (`fn-1`, `fnref-1`), so that several
    ///     bodies can share one page; letters, digits and `-` only.
    ///   - rewrite: called with each link destination, returns the one to write.
    ///   - media: the sizes of the images and the formats of the documents the body links to:
    ///     every image gets `width`, `height` (and `srcset`, `sizes` when it has variants), every
    ///     image after the first `loading="lazy"`, an image marked decorative (``decorativeAlt``)
    ///     `alt=""`, and a link to a document its format and size after it, as
    ///     `<span class="file-meta">(PDF, 1,2 МБ)</span>`; nil: images and links as written.
    public func html(
        words: MarkdownWords, anchorPrefix: String = "", media: MediaMarkup? = nil, rewritingLinks rewrite: (String) -> String
    ) -> String {
        let rewritten = links.map { rewrite($0.value) }
        var output = ""
        GFM.withTree(source) { root, extensions in
            var next = 0
            var tasks: [OpaquePointer] = []
            Self.walk(root) { node in
                let type = cmark_node_get_type(node)
                if type == CMARK_NODE_ITEM, let task = GFM.taskList, cmark_node_get_syntax_extension(node) == task { tasks.append(node) }
                guard type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE, let url = cmark_node_get_url(node)
                else { return }
                // The same parse finds the same links in the same order as `init` did.
                defer { next += 1 }
                guard next < rewritten.count else { return }
                if rewritten[next] != String(cString: url) { cmark_node_set_url(node, rewritten[next]) }
            }
            // Changed after the walk: an iterator must not see the tree change under it.
            for item in tasks { AccessibleHTML.labelTask(item, name: words.task) }
            output = AccessibleHTML.decorate(GFM.render(root, extensions), words: words, anchorPrefix: anchorPrefix, media: media)
        }
        return output
    }

    /// The plain text, gathered as bytes and decoded once: the same string as appending
    /// `String(cString:)` of every literal, which repairs each literal's invalid UTF-8 on its own.
    private struct PlainText {
        var bytes: [UInt8] = []
        /// Where each literal starts and ends in `bytes`.
        var pieces: [Range<Int>] = []
        /// False when a literal starts with a UTF-8 continuation byte.
        var aligned = true

        mutating func append(_ literal: UnsafePointer<CChar>) {
            let count = strlen(literal)
            guard count > 0 else { return }
            let start = bytes.count
            literal.withMemoryRebound(to: UInt8.self, capacity: count) { pointer in
                if pointer[0] & 0xC0 == 0x80 { aligned = false }
                bytes.append(contentsOf: UnsafeBufferPointer(start: pointer, count: count))
            }
            pieces.append(start..<bytes.count)
        }

        mutating func append(_ byte: UInt8) { bytes.append(byte) }

        public var string: String {
            // Valid as a whole, with every literal starting on a character: every literal is
            // valid on its own, so decoding them one by one would change nothing.
            if aligned, let whole = bytes.withUnsafeBufferPointer({ String(validating: $0, as: UTF8.self) }) { return whole }
            var output = ""
            var done = 0
            for piece in pieces {
                output += String(decoding: bytes[done..<piece.lowerBound], as: UTF8.self)
                output += String(decoding: bytes[piece], as: UTF8.self)
                done = piece.upperBound
            }
            output += String(decoding: bytes[done...], as: UTF8.self)
            return output
        }
    }

    private static func walk(_ root: OpaquePointer, _ visit: (OpaquePointer) -> Void) {
        guard let iterator = cmark_iter_new(root) else { return }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            if event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) { visit(node) }
        }
    }
}

extension MarkdownDocument: CustomReflectable {
    /// The texts as strings, however they are kept: a restored body dumps as a parsed one.
    public var customMirror: Mirror {
        Mirror(self, children: ["source": source, "headings": headings, "links": links, "plainText": plainText])
    }
}

/// A text kept as a `String`, or as UTF-8 bytes of a larger buffer that are decoded each time
/// it is read (as `String(decoding:as:)` does, repairing invalid UTF-8).
public struct StoredText: Sendable {
    private enum Storage {
        case string(String)
        case bytes(SharedBytes)
    }

    private let storage: Storage

    public init(_ string: String) { storage = .string(string) }

    public init(bytes: SharedBytes) { storage = .bytes(bytes) }

    public var string: String {
        switch storage {
        case .string(let string): return string
        case .bytes(let bytes): return String(decoding: bytes)
        }
    }

    /// Its UTF-8 bytes as kept, when it is kept as bytes.
    public var bytes: SharedBytes? {
        if case .bytes(let bytes) = storage { return bytes }
        return nil
    }
}
