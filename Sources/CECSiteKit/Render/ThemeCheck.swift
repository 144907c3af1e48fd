import CECSiteAudit
import CECSiteContent
import CECSiteCore
import Foundation

/// The accessibility checks every build runs on its own pages: the text contrast and focus
/// rules of `cecsite audit` (``Auditor/themeChecks(enhancedContrast:)``), so that a colour or
/// template change that breaks them stops the build instead of being published.
///
/// Colours and focus styles come only from the templates and stylesheets (Markdown cannot add
/// styles: raw HTML is dropped), so every page of one template in one edition has the same
/// colours. The check therefore audits one page per template, language and edition: the first
/// in the page registry's order. Its cost is the same for 100 pages and for 40,000, and it runs
/// on every build, reused pages included, since a stylesheet change alters no page's bytes.
/// Measured on the shipped site (release): see BENCHMARKS.md.
struct ThemeCheck {
    /// A page to check: its output path, the template it was rendered with, its edition.
    struct Sample {
        var path: String
        var template: String
        var edition: Edition
    }

    /// The first page of each template, language and edition among pages `0..<count`, in that
    /// order; `path` is asked only for the pages chosen (a build has tens of thousands).
    static func samples(
        count: Int, page: (Int) -> (template: String, language: Language, edition: Edition), path: (Int) -> String
    ) -> [Sample] {
        struct Key: Hashable {
            var template: String
            var language: Language
            var edition: Edition
        }
        var seen: Set<Key> = []
        return (0..<count).compactMap { index in
            let (template, language, edition) = page(index)
            guard seen.insert(Key(template: template, language: language, edition: edition)).inserted else { return nil }
            return Sample(path: path(index), template: template, edition: edition)
        }
    }

    /// Audits `samples`; `html` gives a page's bytes (nil: not checked), `stylesheets` the
    /// site's CSS files by output path. One error per distinct problem, at the first page that
    /// shows it, saying on how many other sampled pages it recurs; a problem found in a
    /// stylesheet (a removed focus outline) is reported at its line in the theme's file.
    ///
    /// - Parameters:
    ///   - templateFile: The source file of a template, by name.
    ///   - assetFile: The source file of an output file, when it is one of the theme's assets.
    static func run(
        _ samples: [Sample], html: (String) -> Data?, stylesheets: [String: Data], templateFile: (String) -> String,
        assetFile: (String) -> String?, sink: DiagnosticSink
    ) {
        run(samples, html: html, stylesheets: Stylesheets(stylesheets), templateFile: templateFile, assetFile: assetFile, sink: sink)
    }

    /// A site's stylesheets with what the checks parsed of them (each sheet, its rules), kept so
    /// that checks of several rebuilds with the same stylesheets parse them once (a session's
    /// delta render keeps one; see ``Renderer/Delta/State``). Safe from several threads.
    final class Stylesheets: @unchecked Sendable {
        /// The stylesheets, by output path.
        let texts: [String: Data]
        /// What the audit parsed and found of them, as it asks for it.
        let resources: AuditResources

        init(_ texts: [String: Data]) {
            self.texts = texts
            resources = AuditResources(texts: texts)
        }
    }

    /// ``run(_:html:stylesheets:templateFile:assetFile:sink:)`` with stylesheets parsed before,
    /// or parsed now and kept in `stylesheets` for the next check.
    static func run(
        _ samples: [Sample], html: (String) -> Data?, stylesheets: Stylesheets, templateFile: (String) -> String,
        assetFile: (String) -> String?, sink: DiagnosticSink
    ) {
        let resources = stylesheets.resources
        var findings: [(finding: AuditFinding, sample: Sample)] = []
        for edition in Edition.allCases {
            let chosen = samples.filter { $0.edition == edition }
            let pages = chosen.compactMap { sample in html(sample.path).map { (sample.path, String(decoding: $0, as: UTF8.self)) } }
            let result = Auditor.themeChecks(enhancedContrast: edition == .lowVision).audit(pages: pages, resources: resources)
            guard let first = chosen.first else { continue }
            for finding in result.errors { findings.append((finding, chosen.first { $0.path == finding.location.file } ?? first)) }
        }
        var groups: [String: [(finding: AuditFinding, sample: Sample)]] = [:]
        var order: [String] = []
        for item in findings {
            let key = item.finding.rule + "\u{0}" + item.finding.location.file + "\u{0}" + item.finding.message
            let group = samples.contains { $0.path == item.finding.location.file } ? item.finding.rule + "\u{0}" + item.finding.message : key
            if groups[group] == nil { order.append(group) }
            groups[group, default: []].append(item)
        }
        for key in order {
            let group = groups[key]!
            let (finding, sample) = group[0]
            let what = "WCAG \(finding.criterion) (\(finding.rule))"
            if let source = assetFile(finding.location.file) {
                sink.error(
                    SourceLocation(file: source, line: finding.location.line, column: finding.location.column),
                    "This stylesheet fails \(what) on the built pages: \(finding.message)")
                continue
            }
            let others = Set(group.map(\.sample.path)).count - 1
            let also = others == 0 ? "" : " (and on \(others) other checked page\(others == 1 ? "" : "s"))"
            let edition = sample.edition == .lowVision ? "the low-vision edition, which promises 7:1" : "the standard edition"
            let place = "\(sample.path):\(finding.location.line):\(finding.location.column)"
            sink.error(
                SourceLocation(file: templateFile(sample.template)),
                "The page this template made fails \(what) in \(edition), at \(place)\(also): "
                    + "\(finding.message). Fix this template or the stylesheets in the assets folder")
        }
    }
}
