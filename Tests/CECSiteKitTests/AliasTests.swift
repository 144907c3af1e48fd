import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteAudit
@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteKit

/// Old addresses of a page (`aliases:` in its front matter, issue 24, item 4): each a page that
/// sends the reader on to the page in its language, accessibly.
@Suite struct AliasTests {
    static let moved: [String: String?] = [
        "content/news/moved.uk.md": """
        ---
        title: "Перенесена новина"
        date: 2021-01-11
        aliases: ["/old/news/42/", "/novyny-42.html"]
        ---
        Текст.
        """,
        "content/news/moved.en.md": """
        ---
        title: "Moved news"
        date: 2021-01-11
        aliases: ["/en/old/news/42"]
        ---
        Text.
        """,
    ]

    @Test func eachOldAddressRedirectsToThePageInItsLanguage() throws {
        let site = try TempSite.minimal(Self.moved)
        defer { site.remove() }
        let report = site.build()
        #expect(report.errors.isEmpty, "\(site.lines(report))")
        for path in ["old/news/42/index.html", "novyny-42.html"] {
            let html = site.read(path)
            #expect(html.contains(#"<html lang="uk">"#))
            #expect(html.contains(#"<meta http-equiv="refresh" content="0; url=/news/moved/">"#))
            #expect(html.contains(#"<link rel="canonical" href="/news/moved/">"#))
            #expect(html.contains(#"<meta name="robots" content="noindex">"#))
            #expect(html.contains(#"<title>Сторінку перенесено: Перенесена новина</title>"#))
            #expect(html.contains(#"<main>"#) && html.contains(#"<a href="/news/moved/">Перенесена новина</a>"#), "\(html)")
        }
        let english = site.read("en/old/news/42/index.html")
        #expect(english.contains(#"<meta http-equiv="refresh" content="0; url=/en/news/moved/">"#))
        #expect(english.contains("<h1>This page has moved</h1>"))
        // Owned like every other file, and not in the sitemap.
        #expect(site.read(".cecsite-output").contains("old/news/42/index.html"))
    }

    @Test func redirectPagesPassTheAudit() throws {
        let site = try TempSite.minimal(Self.moved)
        defer { site.remove() }
        #expect(site.build().errors.isEmpty)
        let result = try Auditor(rules: AuditRules.all).audit(folder: site.output)
        #expect(result.findings.isEmpty, "\(result.findings.prefix(20).map(\.description).joined(separator: "\n"))")
    }
}
