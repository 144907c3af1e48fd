import CECSiteTestSupport
import Foundation
import Mustache
import Testing

@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteFormats
@testable import CECSiteKit
@testable import CECSiteMarkdown
@testable import CECSiteTemplates

/// The compiled template engine renders exactly what swift-mustache renders, and its parser
/// keeps Mustache's whitespace rules.
@Suite struct TemplateTests {
    /// Every file of a site rendered both ways.
    func compare(content: String) throws {
        let (site, theme, diagnostics) = ContentLoader(
            contentDirectory: content,
            templatesDirectory: repositoryRoot.appendingPathComponent("templates").path
        ).load()
        #expect(!diagnostics.contains { $0.severity == .error })
        let date = try #require(Day(iso: "2026-11-22"))
        let compiled = Renderer(content: site, theme: theme, buildDate: date).render()
        // The same pages through swift-mustache, from the same template texts.
        var reference = MustacheLibrary()
        for (name, source) in theme.sources { try reference.register(source.text, named: name) }
        let expected = Renderer(content: site, theme: theme, buildDate: date).render(record: BuildRecord(), templates: SwiftMustache(library: reference))
        #expect(compiled.files.count == expected.files.count)
        #expect(compiled.files.count > 70)
        for (a, b) in zip(compiled.files, expected.files) {
            #expect(a.path == b.path)
            #expect(a.data == b.data, "\(a.path) differs from swift-mustache's rendering")
        }
    }

    @Test func rendersTheShippedSiteExactlyAsSwiftMustache() throws {
        try compare(content: repositoryRoot.appendingPathComponent("content").path)
    }

    @Test func rendersTheFixtureSiteExactlyAsSwiftMustache() throws {
        let site = try TempSite.minimal()
        defer { site.remove() }
        try compare(content: site.content)
    }

    func render(_ templates: [String: String], _ context: [String: Any], _ name: String = "main") throws -> String {
        var library = TemplateLibrary()
        var reference = MustacheLibrary()
        for (key, text) in templates {
            try library.register(text, named: key)
            try reference.register(text, named: key)
        }
        let output = try #require(library.render(context, withTemplate: name))
        #expect(output == reference.render(context, withTemplate: name), "swift-mustache renders it otherwise")
        return output
    }

    @Test func mustacheRules() throws {
        // Standalone section lines disappear; inline ones keep their text.
        #expect(try render(["main": "a\n{{#x}}\nb\n{{/x}}\nc {{#x}}d{{/x}}\n"], ["x": true]) == "a\nb\nc d\n")
        // Lookup climbs the stack; dotted names stay inside the found object.
        #expect(
            try render(
                ["main": "{{#items}}{{name}}/{{t.k}};{{/items}}"],
                ["t": ["k": "v"], "items": [["name": "a"], ["name": "b"]]]) == "a/v;b/v;")
        // Falsy: false, a missing name, an empty list; an empty string is truthy, as in swift-mustache.
        #expect(
            try render(
                ["main": "{{^a}}1{{/a}}{{^b}}2{{/b}}{{^c}}3{{/c}}{{#d}}4{{/d}}"],
                ["a": false, "c": [[String: Any]](), "d": ""]) == "1234")
        // Escaping: the five HTML characters; triple braces do not escape.
        #expect(
            try render(["main": "{{v}}|{{{v}}}"], ["v": "<a href=\"x\">'&'</a>"])
                == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;|<a href=\"x\">'&'</a>")
        // Parents and blocks; an indented standalone partial indents every line.
        let templates = [
            "layout": "<h>{{$title}}T{{/title}}</h>\n{{$body}}{{/body}}\n",
            "main": "{{<layout}}\n{{$body}}\nB {{n}}\n{{/body}}\n{{/layout}}\n",
            "list": "  {{> item}}\n",
            "item": "x\ny\n",
        ]
        #expect(try render(templates, ["n": 5]) == "<h>T</h>\nB 5\n\n")
        #expect(try render(templates, [:], "list") == "  x\n  y\n")
        #expect(throws: TemplateSyntaxError.self) { try TemplateParser.parse("{{#a}}open") }
        #expect(throws: TemplateSyntaxError.self) { try TemplateParser.parse("{{upper(x)}}") }
    }

    /// Each type a context holds is read as swift-mustache reads it, whichever test of the
    /// renderer takes it (the exact-type shortcuts, then the casts): a section over a string
    /// pushes it, and a name is looked up past it; a dictionary of another value type is still
    /// an object; a missing name inside a section is looked up to the root.
    @Test func everyValueTypeRendersAsSwiftMustacheRendersIt() throws {
        let context: [String: Any] = [
            "s": "str", "empty": "", "yes": true, "no": false, "n": 7, "root": "R",
            "items": [["name": "a"], ["name": "b", "root": "own"]] as [[String: Any]],
            "none": [[String: Any]](), "words": ["x", "y"], "mixed": ["m", 1] as [Any],
            "nested": ["inner": ["k": "v"] as [String: Any]] as [String: [String: Any]],
            "table": ["k": "t"] as [String: String],
            "crumbs": ["items": [["label": "c"]] as [[String: Any]]] as [String: [[String: Any]]],
            "sizes": ["w": 3] as [String: Int],
        ]
        let cases: [(String, String)] = [
            ("{{#s}}<{{.}}|{{root}}|{{missing}}>{{/s}}", "<str|R|>"),
            ("{{#empty}}e{{root}}{{/empty}}{{^empty}}E{{/empty}}", "eR"),
            ("{{#yes}}y{{root}}{{/yes}}{{^yes}}Y{{/yes}}{{#no}}n{{/no}}{{^no}}N{{/no}}", "yRN"),
            ("{{#n}}{{.}}{{root}}{{/n}}{{^n}}0{{/n}}", "7R"),
            ("{{#items}}{{name}}{{root}}{{#s}}{{name}}{{/s}};{{/items}}{{^items}}none{{/items}}", "aRa;bownb;"),
            ("{{#none}}x{{/none}}{{^none}}empty{{/none}}", "empty"),
            ("{{#words}}{{.}}{{root}}{{/words}}{{^words}}-{{/words}}", "xRyR"),
            ("{{#mixed}}{{.}}{{/mixed}}", "m1"),
            ("{{nested.inner.k}}{{#nested}}{{inner.k}}{{#inner}}{{k}}{{root}}{{/inner}}{{/nested}}{{^nested}}-{{/nested}}", "vvvR"),
            ("{{table.k}}{{#table}}{{k}}{{root}}{{/table}}", "ttR"),
            // Read as they are, not converted to `[String: Any]` (the same values either way).
            ("{{#crumbs}}{{#items}}{{label}}{{root}}{{/items}}{{/crumbs}}{{sizes.w}}{{#sizes}}{{w}}{{/sizes}}", "cR33"),
            ("{{s.length}}{{n.x}}{{yes.x}}{{items.name}}", ""),
        ]
        for (template, expected) in cases {
            #expect(try render(["main": template], context) == expected, "\(template)")
        }
    }

    /// A malformed template is reported where swift-mustache reports it: same line, column and
    /// line text; a feature this engine leaves out is refused with its place too.
    @Test func syntaxErrorsAreLocatedAsSwiftMustacheLocatesThem() throws {
        let malformed = [
            "{{<layout}}{{$main}}{{#units}}{{name}}{{/main}}{{/layout}}",
            "a\n  {{#x}}\nb\n",
            "a\nb {{name\nc",
            "{{{name}}\n",
            "x\n{{/x}}",
            "line\r\n  {{! no end\n",
            "{{= <% %> =}}<%name}}",
            "{{=<% %>}}",
            "{{= <%",
            "{{<parent}}\n{{name}}\n{{/parent}}",
            "{{f(x}}",
            "{{f)x}}",
            "{{> partial",
            "é\n\u{301}{{#a}}{{/b}}",
        ]
        for text in malformed {
            var reference = MustacheLibrary()
            let expected = try #require(throws: MustacheTemplate.ParserError.self, "\(text)") { try reference.register(text, named: "t") }
            let error = try #require(throws: TemplateSyntaxError.self, "\(text)") { try TemplateParser.parse(text) }
            guard case .syntax = error.kind else {
                Issue.record("\(text): \(error) is not a syntax error")
                continue
            }
            #expect(error.line == expected.context.lineNumber, "\(text)")
            #expect(error.column == expected.context.columnNumber, "\(text)")
            #expect(error.lineText == expected.context.line, "\(text)")
        }
        for text in ["{{upper(x)}}", "a\n{{> *dynamic}}", "{{%CONTENT_TYPE: TEXT}}", "{{<*parent}}{{/*parent}}"] {
            let error = try #require(throws: TemplateSyntaxError.self, "\(text)") { try TemplateParser.parse(text) }
            guard case .unsupported = error.kind else {
                Issue.record("\(text): \(error) is not an unsupported feature")
                continue
            }
        }
        let unsupported = try #require(throws: TemplateSyntaxError.self) { try TemplateParser.parse("a\n b{{upper(x)}}") }
        #expect((unsupported.line, unsupported.column, unsupported.lineText) == (2, 5, " b{{upper(x)}}"))
    }
}

/// swift-mustache as the renderer's page templates: the reference the compiled engine is compared with.
struct SwiftMustache: PageTemplates {
    var library: MustacheLibrary

    func bytes(_ context: Any, withTemplate name: String) -> [UInt8]? {
        library.render(context, withTemplate: name).map { Array($0.utf8) }
    }
}
