import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteKit

/// The official frame of every page (issue 25): the logo and favicon from `site.yaml`, the
/// footer with the publisher's contacts and the accessibility statement, titles that never
/// repeat the site's name.
@Suite struct FrameTests {
    /// A PNG of `width`×`height` pixels: the signature and a real IHDR chunk (all the build reads).
    static func png(width: Int, height: Int) -> Data {
        var data = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])
        for value in [width, height] { withUnsafeBytes(of: UInt32(value).bigEndian) { data.append(contentsOf: $0) } }
        data.append(contentsOf: [8, 6, 0, 0, 0, 0, 0, 0, 0])
        return data
    }

    static let siteYAML = """
        title: {uk: "Тестовий сайт", en: "Test site"}
        base_url: https://example.gov.ua
        logo: {svg: brand/logo.svg, png: brand/logo.png}
        publisher_url: https://example.gov.ua/main
        contact:
          address: {uk: "вул. Тестова, 1, Київ", en: "1 Test Street, Kyiv"}
          email: info@example.gov.ua
          phone: "+380 44 000-00-00"
        accessibility_statement: accessibility
        """

    static func site(_ yaml: String = siteYAML, png: Data = png(width: 180, height: 180)) throws -> TempSite {
        let site = try TempSite.minimal([
            "content/site.yaml": yaml,
            "content/brand/logo.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 120 60\"><rect width=\"120\" height=\"60\"/></svg>\n",
            "content/pages/accessibility.uk.md": "---\ntitle: \"Заява про доступність\"\nincludes: [contacts]\n---\nТекст.\n",
            "content/pages/accessibility.en.md": "---\ntitle: \"Accessibility statement\"\nincludes: [contacts]\n---\nText.\n",
        ])
        try site.apply(["content/brand/logo.png": png])
        return site
    }

    @Test func logoAndIconsArePublishedAndLinkedFromEveryPage() throws {
        let site = try Self.site()
        defer { site.remove() }
        let report = site.build()
        #expect(report.succeeded, "\(site.lines(report))")
        let png = Self.png(width: 180, height: 180)
        let out = URL(fileURLWithPath: site.output)
        #expect(try Data(contentsOf: out.appendingPathComponent("logo.png")) == png)
        #expect(try Data(contentsOf: out.appendingPathComponent("apple-touch-icon.png")) == png)
        // The favicon: an ICO header, one 180×180 entry of 32 bits whose PNG starts at byte 22.
        let ico = try Data(contentsOf: out.appendingPathComponent("favicon.ico"))
        #expect(Array(ico.prefix(8)) == [0, 0, 1, 0, 1, 0, 180, 180])
        #expect(Array(ico[14..<22]) == [UInt8(png.count), 0, 0, 0, 22, 0, 0, 0])
        #expect(ico.dropFirst(22) == png)
        #expect(site.read("logo.svg").contains("viewBox=\"0 0 120 60\""))
        for page in ["index.html", "en/plan/goals/1-1/index.html", "low-vision/plan/goals/1-1/index.html", "404.html"] {
            let html = site.read(page)
            // The SVG in the header at its own aspect ratio; the link's name is the site's title.
            #expect(html.contains("<img class=\"site-logo\" src=\"/logo.svg\" alt=\"\" width=\"120\" height=\"60\">"), "\(page)")
            #expect(html.contains("<link rel=\"icon\" href=\"/favicon.ico\" sizes=\"any\">"), "\(page)")
            #expect(html.contains("<link rel=\"icon\" href=\"/logo.svg\" type=\"image/svg+xml\">"), "\(page)")
            #expect(html.contains("<link rel=\"apple-touch-icon\" href=\"/apple-touch-icon.png\">"), "\(page)")
        }
        #expect(site.read("index.html").contains("<meta property=\"og:image\" content=\"https://example.gov.ua/logo.png\">"))
    }

    @Test func footerNamesThePublisherContactsAndStatementInEachLanguage() throws {
        let site = try Self.site()
        defer { site.remove() }
        #expect(site.build().succeeded)
        let uk = site.read("plan/goals/1-1/index.html")
        #expect(uk.contains("<p>вул. Тестова, 1, Київ</p>"))
        #expect(uk.contains("<a href=\"mailto:info@example.gov.ua\">info@example.gov.ua</a>"))
        #expect(uk.contains("<a href=\"tel:+380440000000\">+380 44 000-00-00</a>"))
        #expect(uk.contains("<a href=\"https://example.gov.ua/main\">Офіційний вебсайт видавця</a>"))
        #expect(uk.contains("<a href=\"/accessibility/\">Заява про доступність</a>"))
        let en = site.read("en/low-vision/index.html")
        #expect(en.contains("<p>1 Test Street, Kyiv</p>"))
        #expect(en.contains("<a href=\"/en/low-vision/accessibility/\">Accessibility statement</a>"))
        // The statement page shows the same contacts under its own heading.
        let statement = site.read("accessibility/index.html")
        #expect(statement.contains("<h2 id=\"contacts-heading\">Контакти</h2>"))
        #expect(statement.components(separatedBy: "mailto:info@example.gov.ua").count == 3, "in the statement and in the footer")
    }

    @Test func withoutContactsTheStatementSaysSoAndTheFooterInventsNothing() throws {
        let site = try Self.site("title: {uk: \"Тестовий сайт\", en: \"Test site\"}\naccessibility_statement: accessibility\n")
        defer { site.remove() }
        #expect(site.build().succeeded)
        let statement = site.read("accessibility/index.html")
        #expect(statement.contains("Видавець ще не вказав контактів для повідомлень про бар’єри доступності."))
        #expect(!statement.contains("<address>"))
        #expect(site.readIfPresent("favicon.ico") == nil)
        #expect(!statement.contains("rel=\"icon\""))
    }

    @Test func aLogoTooLargeOrNotSquareForAFaviconIsAnErrorAtSiteYAML() throws {
        for (width, height) in [(180, 90), (1024, 1024)] {
            let site = try Self.site(png: Self.png(width: width, height: height))
            defer { site.remove() }
            let lines = site.lines(site.build())
            #expect(
                lines.contains(
                    "content/brand/logo.png: error: The PNG logo is \(width)×\(height) px; the favicon needs a square image of at most 512×512 px (180×180 suits phones' home screens)"
                ), "\(lines)")
        }
    }

    @Test func titlesNeverRepeatTheSiteName() throws {
        let site = try Self.site()
        defer { site.remove() }
        #expect(site.build().succeeded)
        #expect(site.read("index.html").contains("<title>Тестовий сайт</title>"))
        #expect(site.read("en/low-vision/index.html").contains("<title>Test site (low-vision version)</title>"))
        #expect(site.read("accessibility/index.html").contains("<title>Заява про доступність — Тестовий сайт</title>"))
    }
}
