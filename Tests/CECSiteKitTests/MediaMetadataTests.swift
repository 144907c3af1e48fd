import CECSiteTestSupport
import CVips
import Foundation
import Testing

@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteKit

/// Published photos carry no metadata (issue 24): a phone's EXIF says where a photo was taken
/// and with which camera. The fixtures of `Tests/CECSiteKitTests/Media/` carry a GPS position
/// (50°27′N 30°31′E), a camera make and serial number ("CECPhone", "SN4815162342"), XMP
/// ("Khreshchatyk"), a comment ("taken at polling station 42") and an sRGB ICC profile:
/// `gps.jpg` and `gps.png` with EXIF orientation 6 (shown turned 90°), `gps-upright.jpg` and
/// `gps.webp` with orientation 1. All are 96×64 pixels as stored.
@Suite struct MediaMetadataTests {
    static let item = """
        ---
        title: "Polling station"
        date: 2021-01-12
        ---
        ![A polling station](gps.jpg)

        ![A polling station, upright](gps-upright.jpg)

        ![A chart](/media/gps.png)

        ![A photo](/media/gps.webp)
        """

    static let images = [
        "content/news/vote/gps.jpg": "gps.jpg", "content/news/vote/gps-upright.jpg": "gps-upright.jpg",
        "content/media/gps.png": "gps.png", "content/media/gps.webp": "gps.webp",
    ]

    /// The published file at `path` and its original, by their fixture names.
    static let published = [
        "news/vote/gps.jpg": "gps.jpg", "news/vote/gps-upright.jpg": "gps-upright.jpg", "media/gps.png": "gps.png", "media/gps.webp": "gps.webp",
    ]

    /// What libvips reads from an image file: its metadata's names, its pixels as stored, and its orientation.
    struct Decoded: Equatable {
        var fields: [String]
        var pixels: Data
        var width: Int32, height: Int32, orientation: Int32

        init(_ data: Data) throws {
            var buffer: UnsafeMutableRawPointer?
            var length = 0
            var (width, height, orientation): (Int32, Int32, Int32) = (0, 0, 0)
            _ = ImageSize.started
            let status = data.withUnsafeBytes { cec_vips_pixels($0.baseAddress, $0.count, &buffer, &length, &width, &height, &orientation) }
            let pixels = try #require(status == 0 ? buffer : nil)
            self.pixels = Data(bytes: pixels, count: length)
            g_free(pixels)
            (self.width, self.height, self.orientation) = (width, height, orientation)
            let names = try #require(data.withUnsafeBytes { cec_vips_fields($0.baseAddress, $0.count) })
            fields = String(cString: names).split(separator: "\n").map(String.init)
            g_free(names)
        }
    }

    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: repositoryRoot.appendingPathComponent("Tests/CECSiteKitTests/Media/" + name))
    }

    @Test func publishedPhotosKeepTheirPixelsColourAndOrientationButNoLocation() throws {
        let site = try MediaTests.site(["content/news/vote/index.en.md": Self.item], images: Self.images)
        defer { site.remove() }
        let report = site.build()
        #expect(report.errors.isEmpty, "\(site.lines(report))")
        for (path, fixture) in Self.published.sorted(by: { $0.key < $1.key }) {
            let original = try Self.fixture(fixture)
            let output = try #require(FileManager.default.contents(atPath: site.output + "/" + path))
            let before = try Decoded(original), after = try Decoded(output)
            // The fixture has what must go …
            #expect(before.fields.contains("exif-ifd3-GPSLatitude"), "\(fixture)")
            #expect(before.fields.contains { $0 == "xmp-data" || $0.hasPrefix("png-comment") }, "\(fixture)")
            // … and the published file has none of it: no GPS, no camera, no XMP, no text.
            // (libvips's EXIF reader adds the fields the standard requires, ExifVersion and such,
            // to any EXIF block, even one with the orientation alone.)
            let left = after.fields.filter {
                $0.hasPrefix("exif-ifd1") || $0.hasPrefix("exif-ifd3") || $0 == "exif-ifd2-BodySerialNumber" || $0 == "exif-ifd0-Make" || $0 == "xmp-data"
                    || $0.hasPrefix("png-comment")
            }
            #expect(left.isEmpty, "\(path): \(left)")
            for secret in ["SN4815162342", "CECPhone", "Khreshchatyk", "polling station", "xmpmeta"] {
                #expect(output.range(of: Data(secret.utf8)) == nil, "\(path) still has '\(secret)'")
            }
            // The latitude's degrees and minutes, 50/1 27/1, as the TIFF data has them.
            #expect(output.range(of: Data([0, 0, 0, 50, 0, 0, 0, 1, 0, 0, 0, 27, 0, 0, 0, 1])) == nil, "\(path)")
            #expect(original.range(of: Data([0, 0, 0, 50, 0, 0, 0, 1, 0, 0, 0, 27, 0, 0, 0, 1])) != nil, "\(fixture)")
            // The same pixels, size, colour profile and orientation.
            #expect(after.pixels == before.pixels, "\(path)")
            #expect(after.width == 96 && after.height == 64, "\(path)")
            #expect(after.orientation == before.orientation, "\(path)")
            #expect(after.fields.contains("icc-profile-data"), "\(path)")
        }
        // An upright photo keeps no EXIF at all; a turned one only its orientation, so the
        // page's size is the photo as shown.
        #expect(try #require(FileManager.default.contents(atPath: site.output + "/news/vote/gps-upright.jpg")).range(of: Data("Exif".utf8)) == nil)
        #expect(try Decoded(try #require(FileManager.default.contents(atPath: site.output + "/news/vote/gps.jpg"))).orientation == 6)
        let html = site.read("en/news/vote/index.html")
        #expect(html.contains(#"<img src="/news/vote/gps.jpg" alt="A polling station" width="64" height="96" />"#), "\(html)")
    }

    /// The chunks of a PNG file, as (type, data).
    static func chunks(_ png: Data) -> [(String, Data)] {
        let bytes = [UInt8](png)
        var chunks: [(String, Data)] = []
        var at = 8
        while at + 12 <= bytes.count {
            let length = bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) }
            chunks.append((String(decoding: bytes[at + 4..<at + 8], as: UTF8.self), Data(bytes[at + 8..<at + 8 + length])))
            at += 12 + length
        }
        return chunks
    }

    @Test func aPNGKeepsItsImageDataByteForByteAndLosesItsText() throws {
        let original = try Self.fixture("gps.png")
        let stripped = try MediaOutput.stripped(original, format: "PNG").get()
        #expect(Self.chunks(original).map(\.0) == ["IHDR", "tEXt", "tIME", "iCCP", "eXIf", "pHYs", "zTXt", "IDAT", "IDAT", "eXIf", "IEND"])
        // The new eXIf holds the orientation only, before the image data.
        #expect(Self.chunks(stripped).map(\.0) == ["IHDR", "iCCP", "pHYs", "eXIf", "IDAT", "IDAT", "IEND"])
        #expect(Self.chunks(stripped).filter { $0.0 == "IDAT" }.map(\.1) == Self.chunks(original).filter { $0.0 == "IDAT" }.map(\.1))
        #expect(Self.chunks(stripped).first { $0.0 == "eXIf" }.map(\.1.count) ?? 0 < 40)
        // Damaged files are refused with the reason, not published half.
        guard case .failure(let cut) = MediaOutput.stripped(original.prefix(original.count - 20), format: "PNG") else {
            Issue.record("A cut PNG was published")
            return
        }
        #expect(cut.message == "a chunk runs past the end of the file")
        // A critical chunk the filter does not know cannot be dropped: Apple's CgBI, for one.
        let apple = original.prefix(8) + Data([0, 0, 0, 4]) + Data("CgBI".utf8) + Data([0x50, 0, 0x20, 6, 0, 0, 0, 0]) + original.dropFirst(8)
        guard case .failure(let unknown) = MediaOutput.stripped(apple, format: "PNG") else {
            Issue.record("A PNG with a CgBI chunk was published")
            return
        }
        #expect(unknown.message == "it has a critical chunk 'CgBI' that cecsite does not know (Apple's CgBI PNGs are such: export the image again)")
        guard case .failure(let notJPEG) = MediaOutput.stripped(original, format: "JPEG") else {
            Issue.record("A PNG was read as a JPEG")
            return
        }
        #expect(notJPEG.message == "Not a JPEG file: starts with 0x89 0x50")
    }

    @Test func aJPEGKeepsItsScanAndIsNotLarger() throws {
        let original = try Self.fixture("gps-upright.jpg")
        let stripped = try MediaOutput.stripped(original, format: "JPEG").get()
        #expect(stripped.count < original.count)
        // The same file stripped again is the same bytes: nothing more to remove.
        #expect(try MediaOutput.stripped(stripped, format: "JPEG").get() == stripped)
    }

    @Test func strippedOriginalsAreCachedLikeTheResizedCopies() throws {
        let site = try MediaTests.site(["content/news/vote/index.en.md": Self.item], images: Self.images)
        defer { site.remove() }
        #expect(site.build().errors.isEmpty)
        let cache = BuildOptions.cacheDirectory(for: site.output) + "/media"
        let kept = try FileManager.default.contentsOfDirectory(atPath: cache).sorted()
        #expect(kept.map { ($0 as NSString).pathExtension }.sorted() == ["jpg", "jpg", "png", "webp"])
        for name in kept { try Data("kept".utf8).write(to: URL(fileURLWithPath: cache + "/" + name)) }
        #expect(site.build().errors.isEmpty)
        for path in Self.published.keys { #expect(site.read(path) == "kept", "\(path)") }
    }
}

/// AVIF images (`plain.avif`, 96×64 with no metadata; `gps.avif`, the same photo with the GPS
/// position, camera and XMP of the other fixtures), read by libvips through libheif.
@Suite struct AVIFTests {
    static let item = """
        ---
        title: "Polling station"
        date: 2021-01-12
        ---
        ![A polling station](photo.avif)
        """

    @Test func anAVIFIsPublishedAsItIsWithItsSizeAndNoCopies() throws {
        let site = try MediaTests.site(["content/news/vote/index.en.md": Self.item], images: ["content/news/vote/photo.avif": "plain.avif"])
        defer { site.remove() }
        let report = site.build()
        #expect(report.errors.isEmpty, "\(site.lines(report))")
        #expect(
            FileManager.default.contents(atPath: site.output + "/news/vote/photo.avif")
                == FileManager.default.contents(atPath: repositoryRoot.appendingPathComponent("Tests/CECSiteKitTests/Media/plain.avif").path))
        #expect(site.read("en/news/vote/index.html").contains(#"<img src="/news/vote/photo.avif" alt="A polling station" width="96" height="64" />"#))
    }

    @Test func anAVIFWithMetadataIsALocatedError() throws {
        let site = try MediaTests.site(["content/news/vote/index.en.md": Self.item], images: ["content/news/vote/photo.avif": "gps.avif"])
        defer { site.remove() }
        #expect(
            site.lines(site.build()).filter { $0.contains(": error: ") } == [
                // (As for every file refused, the page's link to it is an error too.)
                "content/news/vote/index.en.md:5:1: error: Missing file 'photo.avif': no such file in content/news/vote/; put it there beside the Markdown file, or correct the name",
                "content/news/vote/photo.avif: error: The AVIF image carries EXIF and XMP metadata (a photo's may say where it was taken and with which camera), which cecsite cannot remove without encoding the image again; export it again without metadata, or as JPEG, PNG or WebP, whose metadata is removed when they are published",
            ])
    }

    @Test func aFileNamedAVIFThatIsNotOneIsALocatedError() throws {
        let site = try TempSite.minimal(["content/news/vote/index.en.md": Self.item, "content/news/vote/photo.avif": "not an image"])
        defer { site.remove() }
        let lines = site.lines(site.build())
        #expect(lines.contains { $0.hasPrefix("content/news/vote/photo.avif: error: Cannot publish the image: it is not a readable AVIF image") }, "\(lines)")
    }
}
