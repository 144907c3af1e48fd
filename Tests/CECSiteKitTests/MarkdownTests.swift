import CCmarkGFM
import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteFormats
@testable import CECSiteKit
@testable import CECSiteMarkdown
@testable import CECSiteTemplates

/// Markdown bodies: one libcmark parse gives headings, links, plain text and the HTML the pages
/// use; a body is parsed again only when a link is rewritten, and the bytes are those of a fresh parse.
@Suite struct MarkdownTests {
    /// libcmark-gfm's HTML of `source` from a parse of its own, through its C API with the
    /// extensions and options the loader uses.
    func freshHTML(_ source: String) -> String {
        cmark_gfm_core_extensions_ensure_registered()
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_FOOTNOTES | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE
        guard let parser = cmark_parser_new(options) else { return "" }
        defer { cmark_parser_free(parser) }
        for name in ["table", "autolink", "strikethrough", "tasklist"] {
            cmark_parser_attach_syntax_extension(parser, cmark_find_syntax_extension(name))
        }
        cmark_parser_feed(parser, source, source.utf8.count)
        guard let root = cmark_parser_finish(parser) else { return "" }
        defer { cmark_node_free(root) }
        guard let html = cmark_render_html(root, options, cmark_parser_get_syntax_extensions(parser)) else { return "" }
        defer { free(html) }
        return String(cString: html)
    }

    /// The rewrite of `ContextBuilder.documentContext` for a page whose URL prefix is `prefix`.
    func pageRewrite(_ prefix: String) -> (String) -> String {
        { link in link.hasPrefix("/") && !link.hasPrefix("//") && !link.hasPrefix("/assets/") ? prefix + link.dropFirst() : link }
    }

    let withoutSiteRootLinks = """
        ## Виборча комісія

        A paragraph with *emphasis*, **strong**, `code` and [a document](https://example.org/docs/1)
        on two lines.\\
        A hard break, ![a picture](/assets/logo.png) and [a protocol-relative link](//example.org/x).

        - one
        - two

        > quoted

        ```
        code block
        ```

        <script>alert(1)</script>
        """

    let withSiteRootLinks = """
        # Plan

        See [the plan](/plan/) and [its goals](/plan/goals/#g-1), ![logo](/assets/logo.png) and [elsewhere](https://example.org/).
        """

    @Test func htmlWithoutSiteRootLinksIsTheBytesOfAFreshParse() {
        let markdown = MarkdownDocument(source: withoutSiteRootLinks, file: "t.md")
        let expected = freshHTML(withoutSiteRootLinks)
        #expect(expected.contains("<h2>Виборча комісія</h2>"))
        for prefix in ["/", "/en/", "/low-vision/", "/en/low-vision/"] {
            #expect(markdown.html(words: .english, rewritingLinks: pageRewrite(prefix)) == expected, "prefix \(prefix)")
        }
        #expect(markdown.html(words: .english) { $0 } == expected)
    }

    @Test func htmlWithSiteRootLinksIsRewrittenAsAFreshParseWouldBe() {
        let markdown = MarkdownDocument(source: withSiteRootLinks, file: "t.md")
        // The main language's prefix is "/": every link stays as written.
        #expect(markdown.html(words: .english, rewritingLinks: pageRewrite("/")) == freshHTML(withSiteRootLinks))
        let english = withSiteRootLinks.replacingOccurrences(of: "(/plan/", with: "(/en/plan/")
        #expect(markdown.html(words: .english, rewritingLinks: pageRewrite("/en/")) == freshHTML(english))
        #expect(markdown.html(words: .english, rewritingLinks: pageRewrite("/en/")).contains("<a href=\"/en/plan/goals/#g-1\">its goals</a>"))
        #expect(markdown.html(words: .english, rewritingLinks: pageRewrite("/en/")).contains("<img src=\"/assets/logo.png\" alt=\"logo\" />"))
        // One rewrite does not change what the next one renders.
        #expect(markdown.html(words: .english) { $0 } == freshHTML(withSiteRootLinks))
        #expect(markdown.rewrites(pageRewrite("/en/")) && !markdown.rewrites(pageRewrite("/")))
    }

    @Test func rewriteSeesEveryLinkOnceInOrder() {
        let markdown = MarkdownDocument(source: withSiteRootLinks, file: "t.md")
        let expected = ["/plan/", "/plan/goals/#g-1", "/assets/logo.png", "https://example.org/"]
        #expect(markdown.links.map(\.value) == expected)
        for rewrite in [{ (url: String) in url }, { (url: String) in "/en" + url }] {
            var seen: [String] = []
            _ = markdown.html(words: .english) { url in
                seen.append(url)
                return rewrite(url)
            }
            #expect(seen == expected)
        }
    }

    /// Paragraphs, headings, list items and quotes each end a line (an item's paragraph too).
    @Test func plainTextDropsTheMarkup() {
        let markdown = MarkdownDocument(source: withoutSiteRootLinks, file: "t.md")
        #expect(
            markdown.plainText == """
                Виборча комісія
                A paragraph with emphasis, strong, code and a document on two lines. A hard break, a picture and a protocol-relative link.
                one

                two

                quoted

                code block

                """)
    }

    @Test func headingsAndLinksAreLocatedInTheFile() {
        let markdown = MarkdownDocument(source: withSiteRootLinks, file: "pages/plan.en.md", firstLine: 5)
        #expect(markdown.headings.map(\.level) == [1])
        #expect(markdown.headings.first?.location == SourceLocation(file: "pages/plan.en.md", line: 5, column: 1))
        #expect(markdown.links.first?.location == SourceLocation(file: "pages/plan.en.md", line: 7, column: 5))
    }

    @Test func emptyBodyHasNoHTMLAndNoText() {
        let markdown = MarkdownDocument(source: "", file: "t.md")
        #expect(markdown.html(words: .english) { $0 } == "")
        #expect(markdown.plainText == "")
        #expect(markdown.links.isEmpty && markdown.headings.isEmpty)
    }
}
