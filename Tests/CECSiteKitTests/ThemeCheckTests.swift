import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteKit

/// Every build checks the contrast and the focus indicator of its own pages (``ThemeCheck``):
/// a stylesheet change that breaks them fails the build, with the template or the stylesheet's
/// line, and the output is left as it was.
@Suite struct ThemeCheckTests {
    /// The minimal site with `css` appended to the stylesheet `sheet` of a copy of the templates.
    func site(appending css: String, to sheet: String) throws -> TempSite {
        let path = "templates/assets/\(sheet)"
        let original = try String(contentsOf: repositoryRoot.appendingPathComponent(path), encoding: .utf8)
        return try TempSite.minimal([path: original + "\n" + css + "\n"])
    }

    @Test func aHeaderColourUnder4_5To1FailsTheBuild() throws {
        let site = try site(appending: ".site-title a { color: #aaaaaa; }", to: "site.css")
        defer { site.remove() }
        let report = site.build()
        #expect(!report.succeeded)
        let errors = site.lines(report).filter { $0.contains("color-contrast") }
        #expect(errors.count == 1, "\(site.lines(report))")
        #expect(errors.first?.contains("fails WCAG 1.4.3 (color-contrast) in the standard edition") == true, "\(errors)")
        #expect(errors.first?.contains("#aaaaaa on #ffffff") == true, "\(errors)")
        #expect(site.readIfPresent("index.html") == nil, "nothing is written when the check fails")
    }

    @Test func theLowVisionEditionIsHeldTo7To1() throws {
        // 5.4:1: enough for the standard edition, not for the low-vision one.
        let site = try site(appending: "main p { color: #6a6a6a; }", to: "low-vision.css")
        defer { site.remove() }
        let report = site.build()
        #expect(!report.succeeded)
        let errors = site.lines(report).filter { $0.contains("WCAG") }
        #expect(!errors.isEmpty, "\(site.lines(report))")
        for error in errors {
            #expect(error.contains("fails WCAG 1.4.6 (color-contrast-enhanced) in the low-vision edition"), "\(error)")
            #expect(error.contains("(#6a6a6a on #") && error.contains("below the 7:1 required"), "\(error)")
        }
    }

    @Test func aRemovedFocusOutlineFailsAtTheStylesheetsLine() throws {
        let site = try site(appending: "a:focus, a:focus-visible { outline: none; }", to: "site.css")
        defer { site.remove() }
        let report = site.build()
        #expect(!report.succeeded)
        let errors = site.lines(report).filter { $0.contains("focus-visible") }
        #expect(errors.count == 1, "\(site.lines(report))")
        #expect(errors.first?.contains("assets/site.css:") == true, "\(errors)")
        #expect(errors.first?.contains("This stylesheet fails WCAG 2.4.7") == true, "\(errors)")
    }

    @Test func anUnchangedRebuildStillChecksAChangedStylesheet() throws {
        let site = try TempSite.minimal()
        defer { site.remove() }
        #expect(site.build().succeeded)
        // Only the stylesheet changes: no page's bytes do.
        let sheet = URL(fileURLWithPath: site.templates).appendingPathComponent("assets/site.css")
        let copy = try TempSite.minimal(["templates/assets/site.css": try String(contentsOf: sheet, encoding: .utf8)])
        defer { copy.remove() }
        #expect(copy.build().succeeded)
        try Data((try String(contentsOf: sheet, encoding: .utf8) + "\n.site-title a { color: #aaaaaa; }\n").utf8)
            .write(to: URL(fileURLWithPath: copy.templates).appendingPathComponent("assets/site.css"))
        let report = copy.build()
        #expect(!report.succeeded)
        #expect(copy.lines(report).contains { $0.contains("color-contrast") }, "\(copy.lines(report))")
    }

    /// A rebuild checks only the sampled pages whose bytes changed when the stylesheets did not;
    /// a template change that breaks contrast on its pages alone is still caught, with the
    /// errors a build from nothing reports.
    @Test func aRebuildChecksTheChangedPagesAndReportsWhatACleanBuildReports() throws {
        let site = try TempSite.minimal([
            "templates/assets/site.css": try String(
                contentsOf: repositoryRoot.appendingPathComponent("templates/assets/site.css"), encoding: .utf8)
        ])
        defer { site.remove() }
        #expect(site.build().succeeded)
        let home = URL(fileURLWithPath: site.templates).appendingPathComponent("home.mustache")
        let text = try String(contentsOf: home, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "{{$main}}\n", with: "{{$main}}\n<p style=\"color: #aaaaaa\">Pale</p>\n").utf8).write(to: home)
        let rebuilt = site.build()
        #expect(!rebuilt.succeeded)
        let errors = site.lines(rebuilt).filter { $0.contains("color-contrast") }
        #expect(errors.contains { $0.contains("#aaaaaa on #ffffff") }, "\(site.lines(rebuilt))")
        // The same site built into a new folder, with no record: the same errors.
        let clean = site.build(output: site.root.appendingPathComponent("clean").path)
        #expect(site.lines(rebuilt) == site.lines(clean))
    }

    /// A session's delta render keeps the stylesheets its check parsed for the next rebuild's
    /// (``ThemeCheck/Stylesheets``): a changed page is still audited in full against them, its
    /// failure reported as with stylesheets parsed afresh, and a page that passes after one
    /// that failed reports nothing.
    @Test func keptStylesheetsAuditEachPageAsFreshOnesDo() throws {
        let site = try TempSite.minimal()
        defer { site.remove() }
        #expect(site.build().succeeded)
        let page = site.read("index.html")
        let failing = page.replacingOccurrences(of: "<main id=\"main\"", with: "<p style=\"color: #aaaaaa\">Faint</p><main id=\"main\"")
        #expect(failing != page)
        var sheets: [String: Data] = [:]
        let output = URL(fileURLWithPath: site.output)
        for path in FileManager.default.enumerator(atPath: site.output)?.compactMap({ $0 as? String }) ?? [] where path.hasSuffix(".css") {
            sheets[path] = try Data(contentsOf: output.appendingPathComponent(path))
        }
        #expect(!sheets.isEmpty)
        let sample = ThemeCheck.Sample(path: "index.html", template: "home", edition: .standard)
        func errors(_ html: String, _ stylesheets: ThemeCheck.Stylesheets) -> [String] {
            let sink = DiagnosticSink(stage: .render)
            ThemeCheck.run(
                [sample], html: { _ in Data(html.utf8) }, stylesheets: stylesheets, templateFile: { $0 + ".mustache" },
                assetFile: { _ in nil }, sink: sink)
            return sink.diagnostics.map(\.message)
        }
        let kept = ThemeCheck.Stylesheets(sheets)
        #expect(errors(page, kept).isEmpty)
        let fresh = errors(failing, ThemeCheck.Stylesheets(sheets))
        #expect(fresh.contains { $0.contains("color-contrast") && $0.contains("#aaaaaa") }, "\(fresh)")
        #expect(errors(failing, kept) == fresh)
        #expect(errors(page, kept).isEmpty)
    }
}
