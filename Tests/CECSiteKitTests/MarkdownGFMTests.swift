import CCmarkGFM
import Foundation
import Testing

@testable import CECSiteAudit
@testable import CECSiteCore
@testable import CECSiteMarkdown

/// GitHub Flavored Markdown through libcmark-gfm: each extension's HTML, made accessible as the
/// site's own tables and controls are, and the raw HTML a body drops, located.
@Suite struct MarkdownGFMTests {
    func html(_ source: String, words: MarkdownWords = .english, anchorPrefix: String = "") -> String {
        MarkdownDocument(source: source, file: "t.md").html(words: words, anchorPrefix: anchorPrefix) { $0 }
    }

    @Test func everyExtensionIsRegistered() {
        #expect(GFM.extensions.count == GFM.extensionNames.count)
        #expect(GFM.taskList != nil)
    }

    @Test func tableRendersAsAnAccessibleTable() {
        let source = """
            | Year | Turnout | Source |
            |:-----|--------:|:------:|
            | 2019 | 49.8 % | [plan](/plan/) |
            | 2020 |
            """
        #expect(
            html(source) == """
                <div class="table-scroll" role="region" aria-label="Year, Turnout, Source" tabindex="0">
                <table class="stack">
                <thead>
                <tr>
                <th scope="col">Year</th>
                <th scope="col" class="align-right">Turnout</th>
                <th scope="col" class="align-center">Source</th>
                </tr>
                </thead>
                <tbody>
                <tr>
                <td data-label="Year">2019</td>
                <td data-label="Turnout" class="align-right">49.8 %</td>
                <td data-label="Source" class="align-center"><a href="/plan/">plan</a></td>
                </tr>
                <tr>
                <td data-label="Year">2020</td>
                <td data-label="Turnout" class="align-right"></td>
                <td data-label="Source" class="align-center"></td>
                </tr>
                </tbody>
                </table>
                </div>

                """)
    }

    /// Headings with markup, quotes and ampersands name the region and the cells as text,
    /// escaped; a header row without text leaves the region named by `words.table`.
    @Test func tableNamesAreTextEscaped() {
        let named = html("| *Рік* | \"Явка\" & ![частка](/assets/a.png)[^1] |\n|---|---|\n| 2019 | 49,8 % |\n\n[^1]: Примітка.")
        #expect(named.contains(#"<div class="table-scroll" role="region" aria-label="Рік, &quot;Явка&quot; &amp; частка" tabindex="0">"#))
        #expect(named.contains(#"<td data-label="&quot;Явка&quot; &amp; частка">49,8 %</td>"#))
        let unnamed = html("|  |  |\n|---|---|\n| a | b |", words: MarkdownWords(table: "Таблиця", footnoteBack: "{n}", task: "Завдання"))
        #expect(unnamed.hasPrefix(#"<div class="table-scroll" role="region" aria-label="Таблиця" tabindex="0">"#))
        #expect(unnamed.contains("<td>a</td>"))
    }

    @Test func autolinksAreLinksFoundAndLocated() {
        let markdown = MarkdownDocument(source: "Intro.\n\nSee www.cvk.gov.ua, https://example.org/x and info@example.org.\n", file: "t.md", firstLine: 5)
        #expect(
            markdown.html(words: .english) { $0 } == """
                <p>Intro.</p>
                <p>See <a href="http://www.cvk.gov.ua">www.cvk.gov.ua</a>, <a href="https://example.org/x">https://example.org/x</a> and <a href="mailto:info@example.org">info@example.org</a>.</p>

                """)
        #expect(markdown.links.map(\.value) == ["http://www.cvk.gov.ua", "https://example.org/x", "mailto:info@example.org"])
        // libcmark-gfm gives autolinks no position of their own: they are placed on their line.
        #expect(markdown.links.allSatisfy { $0.location.line == 7 && $0.location.column >= 1 })
    }

    /// Two tildes strike; one stays a tilde ("~5 %" is "about 5 %").
    @Test func strikethroughNeedsTwoTildes() {
        #expect(html("~~Old text~~ new text, ~5 % and ~one~.") == "<p><del>Old text</del> new text, ~5 % and ~one~.</p>\n")
    }

    /// A task's check box is disabled and labelled by the task's text, in tight and loose lists.
    @Test func taskListsHaveLabelledCheckBoxes() {
        #expect(
            html("- [ ] to do *soon*\n- [x] done\n  - [ ] nested\n") == """
                <ul>
                <li><label><input type="checkbox" disabled="" /> to do <em>soon</em></label></li>
                <li><label><input type="checkbox" checked="" disabled="" /> done</label>
                <ul>
                <li><label><input type="checkbox" disabled="" /> nested</label></li>
                </ul>
                </li>
                </ul>

                """)
        // A task without text before its blocks, or without any, is named by `words.task`.
        #expect(
            html("- [x] \n- [ ] \n  > quoted\n") == """
                <ul>
                <li><input type="checkbox" checked="" disabled="" aria-label="Task" /></li>
                <li><input type="checkbox" disabled="" aria-label="Task" />
                <blockquote>
                <p>quoted</p>
                </blockquote>
                </li>
                </ul>

                """)
        #expect(
            html("1. [X] loose\n\n   more\n") == """
                <ol>
                <li>
                <p><label><input type="checkbox" checked="" disabled="" /> loose</label></p>
                <p>more</p>
                </li>
                </ol>

                """)
    }

    /// Footnotes are numbered ids after the body's prefix (any label, Cyrillic too), and each
    /// back-link is named in the body's language.
    @Test func footnotesHaveNamedBackLinksAndPrefixedIds() {
        let words = MarkdownWords(table: "Таблиця", footnoteBack: "Назад до посилання на виноску {n}", task: "Завдання")
        #expect(
            html("Твердження[^джерело], ще раз[^джерело] і[^2].\n\n[^джерело]: Джерело.\n[^2]: Друга.\n", words: words, anchorPrefix: "q-x-") == """
                <p>Твердження<sup class="footnote-ref"><a href="#q-x-fn-1" id="q-x-fnref-1" data-footnote-ref>1</a></sup>, ще раз<sup class="footnote-ref"><a href="#q-x-fn-1" id="q-x-fnref-1-2" data-footnote-ref>1</a></sup> і<sup class="footnote-ref"><a href="#q-x-fn-2" id="q-x-fnref-2" data-footnote-ref>2</a></sup>.</p>
                <section class="footnotes" data-footnotes>
                <ol>
                <li id="q-x-fn-1">
                <p>Джерело. <a href="#q-x-fnref-1" class="footnote-backref" data-footnote-backref aria-label="Назад до посилання на виноску 1">↩</a> <a href="#q-x-fnref-1-2" class="footnote-backref" data-footnote-backref aria-label="Назад до посилання на виноску 1-2">↩<sup class="footnote-ref">2</sup></a></p>
                </li>
                <li id="q-x-fn-2">
                <p>Друга. <a href="#q-x-fnref-2" class="footnote-backref" data-footnote-backref aria-label="Назад до посилання на виноску 2">↩</a></p>
                </li>
                </ol>
                </section>

                """)
    }

    /// A page holding every extension, twice (two bodies, as the FAQ shows several answers),
    /// passes `cecsite audit`: labelled check boxes, named regions, unique ids, working fragments.
    @Test func everyExtensionPassesTheAudit() throws {
        let body = """
            | Year | Turnout |
            |---|--:|
            | 2019 | 49.8 % |

            - [ ] to do
            - [x] done
            - [ ]\u{20}
              > a task that starts with a quotation

            ~~Old~~ new, www.cvk.gov.ua, a claim[^1] and a source[^джерело].

            [^1]: The note.
            [^джерело]: The source.
            """
        let markdown = MarkdownDocument(source: body, file: "t.md")
        let first = markdown.html(words: .english, anchorPrefix: "q-a-") { $0 }
        let second = markdown.html(words: .english, anchorPrefix: "q-b-") { $0 }
        let page = """
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Every extension</title></head>
            <body><main id="main"><h1>Every extension</h1>
            <article aria-labelledby="a"><h2 id="a">First</h2>
            \(first)</article>
            <article aria-labelledby="b"><h2 id="b">Second</h2>
            \(second)</article>
            </main></body>
            </html>
            """
        let result = try audit(["index.html": page])
        #expect(result.findings.isEmpty, "\(result.findings)")
        // libcmark-gfm's own HTML fails it: unlabelled check boxes, the same ids twice.
        var raw = ""
        GFM.withTree(body) { root, extensions in raw = GFM.render(root, extensions) }
        let unmade = try audit(["index.html": page.replacingOccurrences(of: first, with: raw).replacingOccurrences(of: second, with: raw)])
        #expect(Set(unmade.findings.map(\.rule)).isSuperset(of: ["label", "duplicate-id"]), "\(unmade.findings.map(\.rule))")
    }

    /// Links in tables and footnotes are found, rewritten and kept safe like any other.
    @Test func linksInTablesAndFootnotesAreRewrittenAndSafe() {
        let markdown = MarkdownDocument(
            source: "| a |\n|---|\n| [plan](/plan/) [x](javascript:alert(1)) |\n\nNote[^1].\n\n[^1]: See [goals](/plan/goals/).\n", file: "t.md")
        #expect(markdown.links.map(\.value) == ["/plan/", "javascript:alert(1)", "/plan/goals/"])
        #expect(markdown.links.map(\.location.line) == [3, 3, 7])
        let html = markdown.html(words: .english) { $0.hasPrefix("/") ? "/en" + $0 : $0 }
        #expect(html.contains(#"<td data-label="a"><a href="/en/plan/">plan</a> <a href="">x</a></td>"#))
        #expect(html.contains(##"<p>See <a href="/en/plan/goals/">goals</a>. <a href="#fnref-1""##))
    }

    /// Tables and footnotes give the search their text: cells apart, rows and notes on lines.
    @Test func plainTextOfTablesAndFootnotes() {
        let markdown = MarkdownDocument(
            source: "| Year | Turnout |\n|---|---|\n| 2019 | 49.8 % |\n| 2020 | |\n\n~~Old~~ text[^1].\n\n[^1]: The note.\n", file: "t.md")
        #expect(markdown.plainText == "Year Turnout\n2019 49.8 %\n2020\nOld text.\nThe note.\n")
    }

    /// A table's rows and cells are levels of nesting like any element.
    @Test func nestingCountsTableParts() {
        let deep =
            String(repeating: ">", count: 97) + " | a |\n" + String(repeating: ">", count: 97) + " |---|\n" + String(repeating: ">", count: 97) + " | *b* |\n"
        let markdown = MarkdownDocument(source: deep, file: "t.md")
        // 97 quotes, the table, its row, the cell, the emphasis: 101.
        #expect(markdown.tooDeep?.value == 101)
        #expect(markdown.tooDeep?.location == SourceLocation(file: "t.md", line: 3, column: 101))
    }

    /// Each piece of raw HTML is one warning at the place it was written, saying what was
    /// dropped and what to write instead; a closing tag after its opening tag is part of it.
    @Test func rawHTMLIsAWarningAtItsPlace() {
        let markdown = MarkdownDocument(
            source: """
                Text with <b>bold</b> and<br>a break.

                <div class="note">
                A note.
                </div>

                - an item with <span>a span</span>

                <!-- a note for editors -->
                """, file: "pages/about.en.md", firstLine: 5)
        let warnings = markdown.rawHTMLWarnings.map { "\($0.location.line):\($0.location.column): \($0.message)" }
        #expect(
            warnings == [
                "5:11: Raw HTML '<b>' … '</b>' is dropped from the page (raw HTML is off); in Markdown, write **bold text**",
                "5:26: Raw HTML '<br>' is dropped from the page (raw HTML is off); in Markdown, end the line with a backslash (\\) for a line break",
                "7:1: Raw HTML '<div class=\"note\">' is dropped from the page (raw HTML is off); in Markdown, write the text as paragraphs, **bold**, *emphasis*, [links](/plan/), lists or tables",
                "11:16: Raw HTML '<span>' … '</span>' is dropped from the page (raw HTML is off); in Markdown, write the text as paragraphs, **bold**, *emphasis*, [links](/plan/), lists or tables",
                "13:1: HTML comment '<!-- a note for editors -->' is dropped from the page (raw HTML is off); Markdown has no comments: delete it, or keep the note outside the page",
            ])
        #expect(!markdown.html(words: .english) { $0 }.contains("<b>"))
    }
}
