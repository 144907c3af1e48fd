import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteAudit
@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteFormats
@testable import CECSiteKit
@testable import CECSiteMarkdown
@testable import CECSiteTemplates

/// The bounds of `cecsite audit` (`AuditLimits`, `HTMLNestingScan`): what it refuses to audit,
/// and that it says so instead of passing or hanging.
///
/// Timings are not asserted (the machines vary); measured on the 2-core build machine, debug
/// build: 100,000 nested `<div>`s gave the depth finding in 0.10 s (98 s before the bound);
/// a 50 MB page the size finding in 0.05 s and 33 MB (59 s and 2.9 GB before).
@Suite struct AuditLimitTests {
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cecsite-audit-limits-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static let prefix = "<!DOCTYPE html><html lang=\"en\"><head><title>Deep</title></head><body>"

    @Test func anEmptyFolderIsAnErrorNotAPass() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try Data("p { color: black }".utf8).write(to: root.appendingPathComponent("site.css"))
        #expect(throws: Auditor.Failure.noPages(root.path)) { try Auditor().audit(folder: root.path) }
        #expect(
            Auditor.Failure.noPages("out").description
                == "out: error: no HTML found in out (no .html or .htm file below it); give the folder of a built site, e.g. `cecsite audit public`")
    }

    @Test func aSymbolicLinkToASiteIsFollowed() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let site = root.appendingPathComponent("site-2026")
        try FileManager.default.createDirectory(at: site.appendingPathComponent("en"), withIntermediateDirectories: true)
        try Data("<!DOCTYPE html><html lang=\"en\"><head><title>Home</title></head><body><main><h1>Home</h1><img src=\"a.png\"></main></body></html>".utf8)
            .write(to: site.appendingPathComponent("en/index.html"))
        let link = root.appendingPathComponent("current")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: site.path)
        let result = try Auditor().audit(folder: link.path)
        #expect(result.pages == 1)
        #expect(
            result.findings.map(\.description).contains { $0.hasPrefix("en/index.html:1:89: error: [image-alt]") },
            "\(result.findings)")
    }

    /// 100,000 nested elements: one finding where the depth passes 512, not minutes of parsing.
    @Test func deeplyNestedPageGivesTheDepthFinding() throws {
        let count = 100_000
        let html = Self.prefix + String(repeating: "<div>", count: count) + "x" + String(repeating: "</div>", count: count) + "</body></html>"
        let result = try audit(["index.html": html])
        // <html> is level 1 and <body> 2: the 511th <div> is level 513.
        let column = Self.prefix.count + 510 * "<div>".count + 1
        #expect(
            result.findings.map(\.description) == [
                "index.html:1:\(column): error: [audit-limit] Page too deeply nested to audit: this element is at depth 513 or more, over the limit of 512 levels (browsers flatten the tree there too); close the elements left open, or nest less"
            ])
        #expect(result.pages == 1)
        #expect(!result.passed(strict: false))
    }

    @Test func aPageAtTheDepthLimitIsAudited() throws {
        let depth = AuditLimits.standard.maxDepth - 3  // below <html> and <body>, above the <img>
        let html = Self.prefix + String(repeating: "<div>", count: depth) + "<img src=\"a.png\">" + String(repeating: "</div>", count: depth) + "</body></html>"
        let result = try audit(["index.html": html])
        #expect(!result.findings.contains { $0.rule == AuditLimits.findingID }, "\(result.findings)")
        #expect(result.findings.contains { $0.rule == "image-alt" })
    }

    /// The exact check after parsing catches what the scan before it lets through.
    @Test func theParsedDepthIsCheckedToo() throws {
        let html = Self.prefix + String(repeating: "<div>", count: 40) + "x</body></html>"
        let auditor = Auditor(limits: AuditLimits(maxPageBytes: 1 << 20, maxDepth: 30))
        let page = AuditPage(path: "index.html", source: html, resources: AuditResources(root: URL(fileURLWithPath: "/"), files: []))
        #expect(page.document.deepest.depth == 42)
        let result = auditor.audit(pages: [("index.html", html)], resources: AuditResources(root: URL(fileURLWithPath: "/"), files: ["index.html"]))
        #expect(result.findings.count == 1)
        #expect(result.findings.first?.message.contains("too deeply nested to audit") == true)
    }

    @Test func aPageOverTheSizeLimitGivesTheSizeFinding() throws {
        let limit = AuditLimits.standard.maxPageBytes
        let html = Self.prefix + "<p>" + String(repeating: "a", count: limit) + "</p></body></html>"
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try Data(html.utf8).write(to: root.appendingPathComponent("big.html"))
        try Data((Self.prefix + "<main><h1>Small</h1></main></body></html>").utf8).write(to: root.appendingPathComponent("index.html"))
        let result = try Auditor().audit(folder: root.path)
        #expect(result.pages == 2)
        #expect(
            result.findings.map(\.description) == [
                "big.html:1:1: error: [audit-limit] Page too large to audit: \(html.utf8.count) bytes, over the limit of 8388608 bytes (8 MiB); split it into smaller pages"
            ])
        // The same through the library's in-memory entry point.
        let inMemory = Auditor(limits: AuditLimits(maxPageBytes: 100, maxDepth: 512))
            .audit(pages: [("a.html", String(repeating: "x", count: 101))], resources: AuditResources(root: root, files: ["a.html"]))
        #expect(inMemory.findings.map(\.message) == ["Page too large to audit: 101 bytes, over the limit of 100 bytes (0 MiB); split it into smaller pages"])
    }

    /// Start tags, end tags and texts the parser treats specially, for random tag soup.
    static let soupPieces = [
        "<div>", "</div>", "<p>", "</p>", "<li>", "</li>", "<ul>", "</ul>", "<ol>", "<dl>", "<dt>", "<dd>", "</dd>",
        "<b>", "</b>", "<i>", "</i>", "<a href=x>", "<a>", "</a>", "<nobr>", "<font color=red>", "</font>", "<span>", "</span>",
        "<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<th>", "<tbody>", "<caption>", "<col>", "<colgroup>",
        "<select>", "</select>", "<option>", "<optgroup>", "<button>", "</button>", "<svg>", "</svg>", "<math>", "<mi>",
        "<foreignObject>", "</foreignObject>", "<path/>", "<g>", "</g>", "<desc>", "<template>", "</template>",
        "<h1>", "</h1>", "<h2>", "<form>", "</form>", "<input>", "<br>", "</br>", "<img>", "<hr>", "x", " ",
        "<script>x</script>", "<style>p{}</style>", "<textarea>a</textarea>", "<!-- c -->", "<object>", "</object>",
        "<marquee>", "<applet>", "<section>", "</section>", "<blockquote>", "<pre>", "<plaintext2>", "<em>", "</em>",
        "<strong>", "</strong>", "<s>", "<u>", "<code>", "</code>", "<ruby>", "<rt>", "<frameset>", "<noscript>",
        "<iframe>a</iframe>", "<div/>", "<body>", "<html>", "</body>", "<head>",
    ]

    /// The scan before parsing must never say less than the parser builds (else the parser
    /// could meet a deep page unwarned, and take time growing with the square of its depth):
    /// random tag soup checked against libgumbo. Not yet `<select>`, SVG or MathML: see
    /// `knownGapsOfTheScan`.
    @Test func theScanNeverUnderestimatesTheParser() {
        let gaps = ["select", "svg", "math", "<mi>", "foreignObject", "<path/>", "<g>", "</g>", "<desc>"]
        let pieces = Self.soupPieces.filter { piece in !gaps.contains { piece.contains($0) } }
        var generator = SplitMix(seed: 2026)  // FaultTests' generator: the same soups every run
        for round in 0..<3_000 {
            let length = Int.random(in: 1...300, using: &generator)
            let html = (0..<length).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let scan = HTMLNestingScan(html)
            let parsed = HTMLDocument(parsing: html).deepest.depth
            #expect(scan.maxDepth >= parsed, "round \(round): scan \(scan.maxDepth) < parsed \(parsed) for \(html)")
        }
    }

    /// Where the scan is still short of the parser, and the shortfall adds up when the pattern
    /// repeats: an HTML tag that leaves SVG (`<img>` in `<svg>`), and tags the parser ignores
    /// in a `<select>` or that close one. The exact check after parsing refuses these pages
    /// (the finding is right), but the parser meets their full depth first, so its time is not
    /// yet bounded for them. When the scan learns a pattern its known issue stops being
    /// recorded and this test fails: then move the pattern into the test above.
    @Test func knownGapsOfTheScan() {
        for pattern in [
            "<section><svg><img><object></section><dt>", "<select><table><textarea>a</textarea><object>",
            "<a><select></a><textarea>a</textarea><blockquote></select>",
        ] {
            let html = String(repeating: pattern, count: 600)
            withKnownIssue("HTMLNestingScan under-counts \(pattern)") {
                #expect(HTMLNestingScan(html).maxDepth >= HTMLDocument(parsing: html).deepest.depth)
            }
            let result = Auditor().audit(
                pages: [("index.html", html)],
                resources: AuditResources(root: URL(fileURLWithPath: "/"), files: ["index.html"]))
            #expect(result.findings.map(\.rule) == [AuditLimits.findingID], "\(pattern)")
        }
    }

    /// On ordinary pages the scan is close to the parser, so real pages are not refused.
    @Test func theScanIsCloseOnOrdinaryMarkup() {
        let item = "<li><p>Text with <b>bold<i> and</b> misnested</i> <a href=\"/\">link</a><p>Unclosed<li>Next"
        let html =
            Self.prefix + "<main><ul>" + String(repeating: item, count: 2_000) + "</ul>"
            + "<table><tr><td>1<td>2<tr><td>3</table>" + String(repeating: "<p><b>Sloppy</p>", count: 2_000) + "</main></body></html>"
        let scan = HTMLNestingScan(html)
        let parsed = HTMLDocument(parsing: html).deepest.depth
        #expect(scan.maxDepth >= parsed)
        #expect(scan.maxDepth <= parsed + 20, "scan \(scan.maxDepth), parsed \(parsed)")
    }
}
