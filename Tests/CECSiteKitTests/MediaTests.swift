import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteAudit
@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteKit
@testable import CECSiteMarkdown

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
            #expect(html.contains(#"<img src="/news/training/scheme.svg" alt="Схема навчання" width="640" height="360" />"#), "\(page)")
            // Decorative: alt="" as written with ![""](…); every image after the first is lazy.
            #expect(html.contains(#"<img src="/news/training/border.svg" alt="" width="640" height="360" loading="lazy" />"#), "\(page)")
            #expect(html.contains(#"<a href="/media/programme.pdf">Програма навчання</a>"#), "\(page)")
        }
        // The format and size in the page's language ("1,2 МБ", "1.2 MB"), a no-break space before the unit.
        #expect(site.read("news/training/index.html").contains("<span class=\"file-meta\">(PDF, 1,2\u{00A0}МБ)</span>"))
        #expect(site.read("en/news/training/index.html").contains("<span class=\"file-meta\">(PDF, 1.2\u{00A0}MB)</span>"))
        // Listed among the files the site owns.
        let marker = site.read(".cecsite-output")
        for path in ["news/training/scheme.svg", "media/programme.pdf"] { #expect(marker.contains(path), "\(path)") }
    }

    /// A site with the fixture images of `Tests/CECSiteKitTests/Media/` copied in (`hall.jpg`,
    /// 1600×1067; `chart.png`, 120×80) at the given paths.
    static func site(_ changes: [String: String?], images: [String: String]) throws -> TempSite {
        let site = try TempSite.minimal(changes)
        for (path, fixture) in images {
            let target = site.root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("Tests/CECSiteKitTests/Media/" + fixture), to: target)
        }
        return site
    }

    static let photoItem = """
        ---
        title: "The new hall"
        date: 2021-01-12
        ---
        ![The commission's new meeting hall](hall.jpg)

        ![A chart of the hall's seats](/media/chart.png)
        """

    @Test func imagesGetTheirSizeFromTheFile() throws {
        let site = try Self.site(
            ["content/news/hall/index.en.md": Self.photoItem], images: ["content/news/hall/hall.jpg": "hall.jpg", "content/media/chart.png": "chart.png"])
        defer { site.remove() }
        let report = site.build()
        #expect(report.errors.isEmpty, "\(site.lines(report))")
        let html = site.read("en/news/hall/index.html")
        #expect(html.contains(#"alt="The commission's new meeting hall" width="1600" height="1067""#), "\(html)")
        #expect(html.contains(#"<img src="/media/chart.png" alt="A chart of the hall's seats" width="120" height="80" loading="lazy" />"#))
        // The first image of the page is not lazy.
        #expect(!html.contains(#"meeting hall" width="1600" height="1067" loading"#))
    }

    @Test func largeImagesGetResizedCopiesInSrcset() throws {
        let site = try Self.site(
            ["content/news/hall/index.en.md": Self.photoItem], images: ["content/news/hall/hall.jpg": "hall.jpg", "content/media/chart.png": "chart.png"])
        defer { site.remove() }
        #expect(site.build().errors.isEmpty)
        let html = site.read("low-vision/news/hall/index.html")
        #expect(
            html.contains(
                #"<img src="/news/hall/hall.jpg" alt="The commission's new meeting hall" width="1600" height="1067" srcset="/news/hall/hall-480w.jpg 480w, /news/hall/hall-800w.jpg 800w, /news/hall/hall-1200w.jpg 1200w, /news/hall/hall.jpg 1600w" sizes="(max-width: 60rem) 100vw, 60rem" />"#
            ), "\(html)")
        // A small image has no copies.
        #expect(html.contains(#"<img src="/media/chart.png" alt="A chart of the hall's seats" width="120" height="80" loading="lazy" />"#))
        for width in [480, 800, 1200] {
            let copy = try #require(FileManager.default.contents(atPath: site.output + "/news/hall/hall-\(width)w.jpg"))
            let size = ImageSize.of(site.output + "/news/hall/hall-\(width)w.jpg", format: MediaFormat(name: "JPEG", kind: .image))
            guard case .success(let measured) = size else {
                Issue.record("hall-\(width)w.jpg is not a JPEG")
                continue
            }
            #expect(measured.width == width && measured.height == Int((1067.0 * Double(width) / 1600).rounded()), "\(measured)")
            #expect(copy.count < 30_492)
        }
        #expect(site.read(".cecsite-output").contains("news/hall/hall-480w.jpg"))
    }

    @Test func copiesAreKeptBetweenBuildsAndAreTheSameBytesAsNewOnes() throws {
        let site = try Self.site(
            ["content/news/hall/index.en.md": Self.photoItem], images: ["content/news/hall/hall.jpg": "hall.jpg", "content/media/chart.png": "chart.png"])
        defer { site.remove() }
        #expect(site.build().errors.isEmpty)
        let cache = BuildOptions.cacheDirectory(for: site.output) + "/media"
        let kept = try FileManager.default.contentsOfDirectory(atPath: cache).sorted()
        // The three resized copies and the two originals without their metadata.
        #expect(kept.count == 5)
        for name in kept {
            let mode = try #require(FileManager.default.attributesOfItem(atPath: cache + "/" + name)[.posixPermissions] as? Int)
            #expect(mode == 0o600, "\(name)")
        }
        // Another output folder has another cache: its copies are made anew, byte for byte the same.
        let other = site.root.appendingPathComponent("other").path
        #expect(site.build(output: other).errors.isEmpty)
        for width in [480, 800, 1200] {
            let path = "/news/hall/hall-\(width)w.jpg"
            #expect(FileManager.default.contents(atPath: site.output + path) == FileManager.default.contents(atPath: other + path))
        }
        // A rebuild takes the copies from the cache (shown by one marked there) …
        for name in kept { try Data("kept".utf8).write(to: URL(fileURLWithPath: cache + "/" + name)) }
        #expect(site.build().errors.isEmpty)
        #expect(site.read("news/hall/hall-800w.jpg") == "kept")
        // … and copies of an image no page has any more are removed (the chart is still published).
        try FileManager.default.removeItem(atPath: site.root.appendingPathComponent("content/news/hall").path)
        #expect(site.build().errors.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache).map { ($0 as NSString).pathExtension } == ["png"])
    }

    @Test func pagesWithImagesAndDocumentsPassTheAudit() throws {
        var changes = Self.bundle
        changes["content/news/hall/index.en.md"] = Self.photoItem
        let site = try Self.site(changes, images: ["content/news/hall/hall.jpg": "hall.jpg", "content/media/chart.png": "chart.png"])
        defer { site.remove() }
        #expect(site.build().errors.isEmpty)
        let result = try Auditor(rules: AuditRules.all).audit(folder: site.output)
        #expect(result.findings.isEmpty, "\(result.findings.prefix(20).map(\.description).joined(separator: "\n"))")
    }

    @Test func anIncrementalBuildSeesAChangedOrDeletedFile() throws {
        let site = try TempSite.minimal(Self.bundle)
        defer { site.remove() }
        #expect(site.build().errors.isEmpty)
        // Another size, with the Markdown untouched (its parse comes from the record).
        let svg = site.root.appendingPathComponent("content/news/training/scheme.svg")
        try Data(Self.svg.replacingOccurrences(of: #"width="640" height="360">"#, with: #"width="320" height="240">"#).utf8).write(to: svg)
        let report = site.build()
        #expect(report.errors.isEmpty)
        #expect(site.read("en/news/training/index.html").contains(#"alt="Схема навчання" width="320" height="240" />"#))
        // A file gone is an error at the Markdown that links it, though that file did not change.
        try FileManager.default.removeItem(at: svg)
        #expect(site.lines(site.build()).contains { $0.hasPrefix("content/news/training/index.uk.md:7:1: error: Missing file 'scheme.svg'") })
    }

    @Test func aFileThatIsNotTheImageItsNameSaysIsALocatedError() throws {
        let site = try TempSite.minimal(["content/news/hall/index.en.md": Self.photoItem, "content/news/hall/hall.jpg": "not a JPEG"])
        defer { site.remove() }
        let lines = site.lines(site.build())
        #expect(
            lines.contains { $0.hasPrefix("content/news/hall/hall.jpg: error: Cannot publish the image: it is not a readable JPEG image") }, "\(lines)")
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

    @Test func altTextIsCheckedWhereWrittenAndADecorativeImageAddsNoText() {
        let markdown = MarkdownDocument(source: "Text.\n\n![](a.jpg)\n\n![\"\"](b.svg) and ![A hall](c.jpg)\n", file: "x.md", firstLine: 5)
        #expect(markdown.imageErrors.map(\.location.description) == ["x.md:7:1"])
        #expect(markdown.images.map(\.alt) == ["", "\"\"", "A hall"])
        #expect(markdown.plainText == "Text.\n\n and A hall\n")
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
        // A colon after the fragment or query is no scheme: cut off with them.
        #expect(MediaLibrary.sitePath(of: "a.pdf#page:2", base: "news/a/") == "news/a/a.pdf")
        #expect(MediaLibrary.sitePath(of: "/media/a.pdf?at=10:30", base: nil) == "media/a.pdf")
    }
}
