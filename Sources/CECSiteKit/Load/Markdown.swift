import Foundation
import CCmark

/// A Markdown body parsed by libcmark: what validation needs (headings, links, with their
/// places in the file) and a renderer to HTML with raw HTML and unsafe URLs dropped.
public struct MarkdownDocument: Sendable {
    /// A heading in the body.
    public struct Heading: Sendable {
        public var level: Int
        public var location: SourceLocation
    }

    /// The Markdown text of the body.
    public var source: String
    public var headings: [Heading]
    /// Every link destination, with where it was written.
    public var links: [Located<String>]

    /// Parses `source`, whose first line is line `firstLine` of `file`.
    public init(source: String, file: String, firstLine: Int = 1) {
        self.source = source
        var headings: [Heading] = []
        var links: [Located<String>] = []
        Self.withTree(source) { root in
            Self.walk(root) { node in
                let location = SourceLocation(
                    file: file,
                    line: Int(cmark_node_get_start_line(node)) + firstLine - 1,
                    column: Int(cmark_node_get_start_column(node)))
                switch cmark_node_get_type(node) {
                case CMARK_NODE_HEADING:
                    headings.append(Heading(level: Int(cmark_node_get_heading_level(node)), location: location))
                case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                    if let url = cmark_node_get_url(node) { links.append(Located(String(cString: url), at: location)) }
                default: break
                }
            }
        }
        self.headings = headings
        self.links = links
    }

    /// Renders the body to HTML, passing every link destination through `rewrite` first.
    ///
    /// libcmark's default (safe) mode replaces raw HTML with a comment and drops
    /// `javascript:`, `vbscript:`, `file:` and non-image `data:` URLs.
    public func html(rewritingLinks rewrite: (String) -> String) -> String {
        var output = ""
        Self.withTree(source) { root in
            Self.walk(root) { node in
                let type = cmark_node_get_type(node)
                guard type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE, let url = cmark_node_get_url(node)
                else { return }
                let original = String(cString: url)
                let rewritten = rewrite(original)
                if rewritten != original { cmark_node_set_url(node, rewritten) }
            }
            if let html = cmark_render_html(root, Self.options) {
                output = String(cString: html)
                free(html)
            }
        }
        return output
    }

    /// The body as plain text, without markup, for the search index and descriptions.
    public var plainText: String {
        var output = ""
        Self.withTree(source) { root in
            guard let iterator = cmark_iter_new(root) else { return }
            defer { cmark_iter_free(iterator) }
            while true {
                let event = cmark_iter_next(iterator)
                if event == CMARK_EVENT_DONE { break }
                guard let node = cmark_iter_get_node(iterator) else { continue }
                let type = cmark_node_get_type(node)
                if event == CMARK_EVENT_ENTER {
                    switch type {
                    case CMARK_NODE_TEXT, CMARK_NODE_CODE, CMARK_NODE_CODE_BLOCK:
                        if let literal = cmark_node_get_literal(node) { output += String(cString: literal) }
                    case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: output += " "
                    default: break
                    }
                } else if event == CMARK_EVENT_EXIT,
                    [CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING, CMARK_NODE_ITEM, CMARK_NODE_BLOCK_QUOTE].contains(type)
                {
                    output += "\n"
                }
            }
        }
        return output
    }

    private static let options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8

    private static func withTree(_ source: String, _ body: (OpaquePointer) -> Void) {
        var text = source
        text.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                guard let root = cmark_parse_document(chars.baseAddress, chars.count, options) else { return }
                body(root)
                cmark_node_free(root)
            }
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
