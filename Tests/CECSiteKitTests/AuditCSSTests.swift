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

/// The small CSS engine behind `color-contrast` and `focus-visible`.
@Suite struct AuditCSSTests {
    /// Computes the styles of `html` (with `files` as the other files of the tree) at `width`.
    func styles(_ html: String, files: [String: String] = [:], width: Double = 1280)
        -> (page: AuditPage, styles: [ObjectIdentifier: CSSComputedStyle])
    {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cecsite-css-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? Data(text.utf8).write(to: url)
        }
        let resources = AuditResources(root: root, files: Set(files.keys))
        let page = AuditPage(path: "index.html", source: html, resources: resources)
        return (page, CSSPageStyles(page).computeStyles(width: width))
    }

    func style(of id: String, _ html: String, files: [String: String] = [:], width: Double = 1280) -> CSSComputedStyle? {
        let (page, styles) = self.styles(html, files: files, width: width)
        guard let element = page.document.element(id: id) else { return nil }
        return styles[ObjectIdentifier(element)]
    }

    @Test func parsesColours() {
        #expect(CSSColor(css: "#fff") == CSSColor(255, 255, 255))
        #expect(CSSColor(css: "#0057B7") == CSSColor(0, 87, 183))
        #expect(CSSColor(css: "#00000080")?.alpha ?? 0 > 0.5 - 0.01)
        #expect(CSSColor(css: "#f008")?.alpha == Double(0x88) / 255)
        #expect(CSSColor(css: "rgb(0, 87, 183)") == CSSColor(0, 87, 183))
        #expect(CSSColor(css: "rgba(0,0,0,.5)") == CSSColor(0, 0, 0, 0.5))
        #expect(CSSColor(css: "rgb(0 87 183 / 50%)") == CSSColor(0, 87, 183, 0.5))
        #expect(CSSColor(css: "rgb(100%, 0%, 0%)") == CSSColor(255, 0, 0))
        #expect(CSSColor(css: "hsl(0, 0%, 60%)")?.description == "#999999")
        #expect(CSSColor(css: "hsl(120deg 100% 25%)")?.description == "#008000")
        #expect(CSSColor(css: "hsla(240, 100%, 50%, 0.5)") == CSSColor(0, 0, 255, 0.5))
        #expect(CSSColor(css: "RebeccaPurple")?.description == "#663399")
        #expect(CSSColor(css: "transparent")?.alpha == 0)
        #expect(CSSColor.named.count == 148)
        #expect(CSSColor(css: "GrayText") == nil)
        #expect(CSSColor(css: "color-mix(in srgb, red, blue)") == nil)
        #expect(CSSColor(css: "#12") == nil)
        #expect(CSSColor(css: "rgb(1, 2)") == nil)
    }

    @Test func contrastRatios() {
        let ratio = CSSColor.contrast(CSSColor(css: "#767676")!, .white)
        #expect((ratio * 100).rounded(.down) / 100 == 4.54)
        #expect(abs(CSSColor.contrast(.black, .white) - 21) < 0.001)
        #expect(CSSColor.contrast(CSSColor(css: "#777")!, .white) < 4.5)
        #expect(CSSColor.contrast(.white, .white) == 1)
    }

    @Test func compositesTranslucentLayers() {
        let half = CSSColor(0, 0, 0, 0.5).over(.white)
        #expect(half.description == "#808080")
        #expect(CSSColor.transparent.over(.white) == .white)
        let blue = CSSColor(0, 87, 183, 0.9).over(.white)
        #expect(blue.isOpaque && abs(blue.red - 25.5) < 0.01 && abs(blue.green - 103.8) < 0.01 && abs(blue.blue - 190.2) < 0.01)
    }

    @Test func specificityOfSelectors() throws {
        func specificity(_ text: String) throws -> Int {
            try #require(CSSSelectorParser.parseList(text)?.first).specificity
        }
        #expect(try specificity("a") == 1)
        #expect(try specificity(".x") == 1_000)
        #expect(try specificity("#id") == 1_000_000)
        #expect(try specificity("ul li a:hover") == 1_003)
        #expect(try specificity("a[href^=http]::before") == 1_002)
        #expect(try specificity(":not(#a, .b)") == 1_000_000)
        #expect(try specificity(":where(#a) p") == 1)
        #expect(try specificity(":is(.a, p) span") == 1_001)
        #expect(CSSSelectorParser.parseList("a:unknown-thing") == nil)
        #expect(CSSSelectorParser.parseList("a,") == nil)
        #expect(CSSSelectorParser.parseList("::before p") == nil)
    }

    @Test func matchesSelectors() {
        let html = """
            <html lang="uk"><body><ul id="list"><li id="a" class="x y">1</li><li id="b" lang="en">2</li>\
            <li id="c" data-k="ab-cd">3</li></ul><a id="link" href="/">l</a><a id="anchor">m</a></body></html>
            """
        let page = AuditPage(path: "index.html", source: html, resources: AuditResources(root: URL(fileURLWithPath: "/"), files: []))
        let matcher = CSSMatcher(page.document)
        func test(_ selector: String, _ id: String) -> Bool {
            guard let list = CSSSelectorParser.parseList(selector), let element = page.document.element(id: id) else { return false }
            return list.contains { matcher.matches($0, element) }
        }
        #expect(test("li:first-child", "a") && !test("li:first-child", "b"))
        #expect(test("li:last-child", "c") && test("li:nth-child(2n+1)", "c") && !test("li:nth-child(even)", "c"))
        #expect(test("ul > li + li", "b") && test("li ~ li", "c") && !test("li + li", "a"))
        #expect(test("body li.x.y", "a") && !test("li.x.z", "a"))
        #expect(test("[data-k|=ab]", "c") && test("[data-k^=ab]", "c") && test("[data-k$=cd]", "c") && test("[data-k*='b-c']", "c"))
        #expect(test("[class~=y]", "a") && !test("[class~=x y]", "a"))
        #expect(test(":lang(en)", "b") && test(":lang(uk)", "a"))
        #expect(test(":not(li)", "list") && test(":is(ul, ol) > li", "a"))
        #expect(test("a:link", "link") && !test("a:any-link", "anchor") && !test("a:hover", "link"))
        #expect(test(":root", "list") == false)
    }

    @Test func cascadeOrderSpecificityAndImportance() {
        let html = """
            <html><head><style>
            p { color: #111111; }
            p { color: #222222; }
            .a { color: #333333; }
            #x { color: #444444; }
            .b { color: #555555 !important; }
            #y { color: #666666; }
            </style></head><body>
            <p id="order">t</p><p id="class" class="a">t</p><p id="x" class="a">t</p>
            <p id="y" class="b">t</p><p id="inline" class="a" style="color: #777777">t</p>
            <p id="inline-important" class="b" style="color: #888888 !important">t</p>
            </body></html>
            """
        let (page, styles) = self.styles(html)
        func color(_ id: String) -> String? { styles[ObjectIdentifier(page.document.element(id: id)!)]?.color?.description }
        #expect(color("order") == "#222222")
        #expect(color("class") == "#333333")
        #expect(color("x") == "#444444")
        #expect(color("y") == "#555555")
        #expect(color("inline") == "#777777")
        #expect(color("inline-important") == "#888888")
    }

    @Test func customPropertiesAndInheritance() {
        let html = """
            <html><head><style>
            :root { --text: #102030; --alias: var(--text); }
            body { color: var(--alias); font-size: 20px; }
            .scoped { --text: #405060; color: var(--text); }
            .fallback { color: var(--nothing, rgb(1, 2, 3)); }
            .broken { color: var(--nothing); }
            .inherit { color: inherit; }
            .current { background-color: currentColor; color: #ff0000; }
            .em { font-size: 1.5em; } .rem { font-size: 2rem; } .pct { font-size: 50%; }
            </style></head><body>
            <div id="plain">t</div><div id="scoped" class="scoped"><span id="child">c</span></div>
            <p id="fallback" class="fallback">t</p><p id="broken" class="broken">t</p>
            <p id="inherit" class="scoped"><b id="inner" class="inherit">i</b></p><p id="current" class="current">t</p>
            <p id="em" class="em"><span id="nested-em" class="em">e</span></p><p id="rem" class="rem">r</p><p id="pct" class="pct">p</p>
            </body></html>
            """
        let (page, styles) = self.styles(html)
        func style(_ id: String) -> CSSComputedStyle { styles[ObjectIdentifier(page.document.element(id: id)!)]! }
        #expect(style("plain").color?.description == "#102030")
        #expect(style("scoped").color?.description == "#405060")
        #expect(style("child").color?.description == "#405060")
        #expect(style("fallback").color?.description == "#010203")
        #expect(style("broken").color?.description == "#102030")  // invalid at computed-value time: inherits
        #expect(style("inner").color?.description == "#405060")
        #expect(style("current").background?.description == "#ff0000")
        #expect(style("em").fontSize == 30)
        #expect(style("nested-em").fontSize == 45)
        #expect(style("rem").fontSize == 32)
        #expect(style("pct").fontSize == 10)
        #expect(style("inner").fontWeight == 700)
    }

    @Test func mediaQueries() {
        #expect(CSSMedia.matches("", width: 1280))
        #expect(CSSMedia.matches("screen and (min-width: 40rem)", width: 1280))
        #expect(!CSSMedia.matches("screen and (min-width: 40rem)", width: 320))
        #expect(CSSMedia.matches("(max-width: 40em)", width: 320))
        #expect(!CSSMedia.matches("print", width: 1280))
        #expect(CSSMedia.matches("print, screen", width: 1280))
        #expect(!CSSMedia.matches("not screen", width: 1280))
        #expect(CSSMedia.matches("not print", width: 1280))
        #expect(CSSMedia.matches("(prefers-color-scheme: light)", width: 1280))
        #expect(!CSSMedia.matches("(prefers-color-scheme: dark)", width: 1280))
        #expect(!CSSMedia.matches("(prefers-contrast: more)", width: 1280))
        #expect(CSSMedia.matches("(prefers-reduced-motion: no-preference)", width: 1280))
        #expect(!CSSMedia.matches("(forced-colors: active)", width: 1280))
        #expect(CSSMedia.matches("(width >= 600px)", width: 1280))
        #expect(CSSMedia.matches("(300px < width <= 400px)", width: 320))
        #expect(CSSMedia.matches("(min-width: 2000px) or (max-width: 400px)", width: 320))
        #expect(!CSSMedia.matches("(min-width: 100px) and (max-width: 200px)", width: 320))
        #expect(CSSMedia.matches("not (min-width: 500px)", width: 320))
        #expect(!CSSMedia.matches("(min-width: calc(10px + 1em))", width: 1280))
        #expect(!CSSMedia.matches("(unknown-feature: 1)", width: 1280))
    }

    @Test func mediaAppliesInTheCascade() {
        let html = """
            <html><head><style>
            p { color: #111111; }
            @media (max-width: 40rem) { p { color: #222222; } }
            @media print { p { color: #333333; } }
            @supports (display: grid) { p { background-color: #eeeeee; } }
            @font-face { font-family: x; src: url(x.woff2); }
            @keyframes spin { from { color: red; } to { color: blue; } }
            </style></head><body><p id="p">t</p></body></html>
            """
        #expect(style(of: "p", html)?.color?.description == "#111111")
        #expect(style(of: "p", html, width: 320)?.color?.description == "#222222")
        #expect(style(of: "p", html)?.background?.description == "#eeeeee")
    }

    @Test func linkedSheetsAndImports() {
        let files = [
            "assets/site.css": "@import url(\"base.css\");\nbody { color: #123456; }",
            "assets/base.css": "body { background: #fefefe; }",
            "assets/print.css": "body { color: #eeeeee; }",
        ]
        let html = """
            <html><head><link rel="stylesheet" href="assets/site.css">
            <link rel="stylesheet" href="assets/print.css" media="print">
            <link rel="alternate stylesheet" href="assets/print.css"></head><body id="b">t</body></html>
            """
        let style = style(of: "b", html, files: files)
        #expect(style?.color?.description == "#123456")
        #expect(style?.background?.description == "#fefefe")
    }

    @Test func backgroundsAndHiding() {
        let html = """
            <html><head><style>
            .image { background: url(x.png) #000; } .gradient { background-image: linear-gradient(red, blue); }
            .shorthand { background: #00308a; } .none { display: none; } .hidden { visibility: hidden; }
            .fade { opacity: .5; } .system { background: Canvas; }
            </style></head><body>
            <p id="image" class="image">t</p><p id="gradient" class="gradient">t</p><p id="shorthand" class="shorthand">t</p>
            <div class="none"><p id="in-none">t</p></div><p id="hidden" class="hidden">t</p><p id="fade" class="fade">t</p>
            <p id="system" class="system">t</p><p id="attr" hidden>t</p>
            </body></html>
            """
        let (page, styles) = self.styles(html)
        func style(_ id: String) -> CSSComputedStyle { styles[ObjectIdentifier(page.document.element(id: id)!)]! }
        #expect(style("image").backgroundImage && style("image").background?.description == "#000000")
        #expect(style("gradient").backgroundImage)
        #expect(style("shorthand").background?.description == "#00308a" && !style("shorthand").backgroundImage)
        #expect(style("in-none").hidden && style("attr").hidden)
        #expect(style("hidden").invisible)
        #expect(style("fade").translucent)
        #expect(style("system").background == nil)
    }

    @Test func malformedCSSNeverCrashes() {
        let inputs = [
            "", "{", "}", "}}}{{{", "a { color: red", "a { color: }", "@media", "@media (", "@media screen {",
            "/* unterminated", "a { b { c { d", "a[href= { }", "\"unterminated { color: red }", "a { color: red !important !important }",
            ":not( { }", "@import", "@import url(", "a{;;;color:red;;}", "\u{0}\u{1}\u{FFFD}{}", "<!-- a { color: red } -->",
            "a { --x: { a: b }; color: var(--x) }", "p:nth-child(n of .x) {}", ".a\\:b { color: red }",
        ]
        for input in inputs {
            let sheet = CSSStyleSheet(path: "x.css", source: input)
            _ = sheet.rules.count
        }
        let sheet = CSSStyleSheet(path: "x.css", source: "a{;;;color:red;;} <!-- b { color: blue } -->")
        #expect(sheet.rules.count == 2)
        #expect(sheet.rules.first?.declarations.first?.value == "red")
    }

    @Test func declarationPositions() {
        let sheet = CSSStyleSheet(path: "x.css", source: "/* head */\np {\n  color: #777;\n  outline: none !important;\n}\n")
        let declarations = sheet.rules.first?.declarations ?? []
        #expect(declarations.map(\.line) == [3, 4])
        #expect(declarations.map(\.column) == [3, 3])
        #expect(declarations.last?.important == true && declarations.last?.value == "none")
        #expect(sheet.rules.first?.line == 2)
    }

    @Test func fontShorthandAndWeights() {
        #expect(CSSPageStyles.fontShorthand("bold 1.5rem/1.2 serif")?.size == "1.5rem")
        #expect(CSSPageStyles.fontShorthand("bold 1.5rem/1.2 serif")?.weight == "bold")
        #expect(CSSPageStyles.fontShorthand("menu") == nil)
        #expect(CSSPageStyles.fontWeight("bolder", parent: 400) == 700)
        #expect(CSSPageStyles.fontSize("14pt", parent: 16, root: 16).map { abs($0 - 18.6667) < 0.01 } == true)
        #expect(CSSPageStyles.fontSize("calc(1rem + 2px)", parent: 16, root: 16) == nil)
    }
}
