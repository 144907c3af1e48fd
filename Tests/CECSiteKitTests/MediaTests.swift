import Foundation
import Testing

@testable import CECSiteCore
@testable import CECSiteKit

/// Images and documents beside a page bundle's Markdown or under `content/media/` (issue 24,
/// item 1): published at one address, measured, linked with their format and size.
@Suite struct MediaTests {
    /// A news bundle with a photo and a decorative SVG, and a PDF under `content/media/`.
    static let svg = ##"<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360"><rect width="640" height="360" fill="#036"/></svg>"##
    static let bundle: [String: String?] = [
        "content/news/training/index.uk.md": """
        ---
        title: "Навчання членів комісій"
        date: 2021-01-10
        ---
        Навчання розпочалося.

        ![Схема навчання](scheme.svg)

        ![""](border.svg)

        Програма: [Програма навчання](/media/programme.pdf).
        """,
        "content/news/training/scheme.svg": svg,
        "content/news/training/border.svg": svg,
        "content/media/programme.pdf": String(repeating: "%PDF-1.4 test ", count: 90_000),
    ]

    @Test func bundleFilesHaveOneAddressInEveryLanguageAndEdition() throws {
        let site = try TempSite.minimal(Self.bundle)
        defer { site.remove() }
        let report = site.build()
        #expect(report.errors.isEmpty, "\(site.lines(report))")
        #expect(site.read("news/training/scheme.svg") == Self.svg)
        #expect(site.readIfPresent("en/news/training/scheme.svg") == nil)
        for page in [
            "news/training/index.html", "en/news/training/index.html", "low-vision/news/training/index.html", "en/low-vision/news/training/index.html",
        ] {
            let html = site.read(page)
            #expect(html.contains(#"<img src="/news/training/scheme.svg" alt="Схема навчання" />"#), "\(page)")
            // Decorative: alt="" as written with ![""](…); every image after the first is lazy.
            #expect(html.contains(#"<img src="/news/training/border.svg" alt="" loading="lazy" />"#), "\(page)")
            #expect(html.contains(#"<a href="/media/programme.pdf">Програма навчання</a>"#), "\(page)")
        }
        // The format and size in the page's language ("1,2 МБ", "1.2 MB"), a no-break space before the unit.
        #expect(site.read("news/training/index.html").contains("<span class=\"file-meta\">(PDF, 1,2\u{00A0}МБ)</span>"))
        #expect(site.read("en/news/training/index.html").contains("<span class=\"file-meta\">(PDF, 1.2\u{00A0}MB)</span>"))
        // Listed among the files the site owns.
        let marker = site.read(".cecsite-output")
        for path in ["news/training/scheme.svg", "media/programme.pdf"] { #expect(marker.contains(path), "\(path)") }
    }

    @Test func sameInputGivesTheSameBytes() throws {
        let site = try TempSite.minimal(Self.bundle)
        defer { site.remove() }
        let second = site.root.appendingPathComponent("again").path
        #expect(site.build().errors.isEmpty)
        #expect(site.build(output: second).errors.isEmpty)
        for path in ["news/training/index.html", "media/programme.pdf", "news/training/scheme.svg"] {
            #expect(site.read(path) == site.read(path, in: second), "\(path)")
        }
    }

    @Test func fileSizesAsPagesShowThem() {
        #expect(FileSize.text(200, .uk) == "1\u{00A0}КБ")
        #expect(FileSize.text(340 * 1024, .en) == "340\u{00A0}KB")
        #expect(FileSize.text(1_258_291, .uk) == "1,2\u{00A0}МБ")
        #expect(FileSize.text(1_258_291, .en) == "1.2\u{00A0}MB")
        #expect(FileSize.text(3 * 1024 * 1024, .en) == "3\u{00A0}MB")
    }

    @Test func unknownFileTypesAndUnplainNamesAreLocatedErrors() throws {
        let site = try TempSite.minimal([
            "content/media/setup.exe": "MZ", "content/media/Звіт 2025.pdf": "%PDF",
        ])
        defer { site.remove() }
        let lines = site.lines(site.build())
        #expect(
            lines.contains(
                "content/media/setup.exe: error: 'setup.exe' is not a file the site publishes ('.exe'); media files are images and documents (jpg, jpeg, png, webp, avif, svg, pdf, docx, odt, xlsx, csv) — convert it or move it out of the content folder"
            ), "\(lines)")
        #expect(
            lines.contains(
                "content/media/Звіт 2025.pdf: error: Media file name 'Звіт 2025.pdf' is not a plain URL segment; rename it with ASCII letters, digits, '-', '_' and '.' only (e.g. 'zvit-2025.pdf'), so its address is stable"
            ), "\(lines)")
    }

    @Test func relativeLinksResolveAsABrowserDoes() {
        #expect(MediaLibrary.sitePath(of: "photo.jpg", base: "news/a/") == "news/a/photo.jpg")
        #expect(MediaLibrary.sitePath(of: "./img/photo.jpg#x", base: "news/a/") == "news/a/img/photo.jpg")
        #expect(MediaLibrary.sitePath(of: "../b/photo.jpg", base: "news/a/") == "news/b/photo.jpg")
        #expect(MediaLibrary.sitePath(of: "/media/a.pdf?v=2", base: "news/a/") == "media/a.pdf")
        #expect(MediaLibrary.sitePath(of: "../../../x.pdf", base: "news/a/") == nil)
        #expect(MediaLibrary.sitePath(of: "photo.jpg", base: nil) == nil)
        #expect(MediaLibrary.sitePath(of: "https://example.org/a.pdf", base: "news/a/") == nil)
    }
}
