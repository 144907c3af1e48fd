import CCmarkGFM
import Foundation

/// libcmark-gfm as every body is parsed and rendered: GitHub Flavored Markdown's tables,
/// autolinks, strikethrough (`~~text~~`), task lists and footnotes, in safe mode.
enum GFM {
    /// The syntax extensions attached to every parser, from libcmark-gfm's registry; a name the
    /// installed library lacks is left out (`MarkdownTests` requires all of them).
    static let extensionNames = ["table", "autolink", "strikethrough", "tasklist"]

    /// The extensions, found once: registering the core extensions is not safe to race, a
    /// `static let` is initialised once.
    nonisolated(unsafe) static let extensions: [OpaquePointer] = {
        cmark_gfm_core_extensions_ensure_registered()
        return extensionNames.compactMap { cmark_find_syntax_extension($0) }
    }()

    /// The task-list extension, which marks the list items it parsed as its own.
    nonisolated(unsafe) static let taskList: OpaquePointer? = {
        _ = extensions
        return cmark_find_syntax_extension("tasklist")
    }()

    /// Safe mode (libcmark-gfm's default: raw HTML becomes a comment, `javascript:`, `vbscript:`,
    /// `file:` and non-image `data:` URLs are emptied), UTF-8 checked, footnotes on, and
    /// strikethrough only with two tildes, so that "~5 %" stays "approximately 5 %".
    static let options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_FOOTNOTES | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE

    /// Parses `source` and calls `body` with the document's root and the extensions its
    /// renderer needs; both live until `body` returns.
    static func withTree(_ source: String, _ body: (_ root: OpaquePointer, _ extensions: UnsafeMutablePointer<cmark_llist>?) -> Void) {
        guard let parser = cmark_parser_new(options) else { return }
        defer { cmark_parser_free(parser) }
        for syntax in extensions { cmark_parser_attach_syntax_extension(parser, syntax) }
        var text = source
        text.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in cmark_parser_feed(parser, chars.baseAddress, chars.count) }
        }
        guard let root = cmark_parser_finish(parser) else { return }
        defer { cmark_node_free(root) }
        body(root, cmark_parser_get_syntax_extensions(parser))
    }

    /// The HTML of the tree under `root`, as libcmark-gfm writes it.
    static func render(_ root: OpaquePointer, _ extensions: UnsafeMutablePointer<cmark_llist>?) -> String {
        guard let html = cmark_render_html(root, options, extensions) else { return "" }
        defer { free(html) }
        return String(cString: html)
    }

    /// The name libcmark-gfm gives a node of an extension ("table", "table_row", "table_cell",
    /// "strikethrough", "tasklist"…); nil for a node of CommonMark itself.
    static func extensionType(_ node: OpaquePointer) -> String? {
        guard cmark_node_get_syntax_extension(node) != nil, let name = cmark_node_get_type_string(node) else { return nil }
        return String(cString: name)
    }
}
