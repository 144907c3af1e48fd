import CVips
import Foundation

/// Measures images: JPEG, PNG, WebP and AVIF from their headers through libvips (AVIF through
/// libheif, the `vips-heif` module of Debian's libvips42), SVG from its root element
/// (``SiteImage/svgSize(_:)``).
package enum ImageSize {
    /// libvips, started once.
    package static let started: Bool = cec_vips_start() == 0

    /// The size of the image file at `path` in `format` as browsers show it, or the reason it
    /// could not be read.
    package static func of(_ path: String, format: MediaFormat) -> Measured {
        switch format.name {
        case "SVG":
            guard let data = FileManager.default.contents(atPath: path) else { return .failure("it cannot be read") }
            guard let size = SiteImage.svgSize(data) else { return .failure("its <svg> root element has neither width and height nor a viewBox") }
            return .success(size)
        default:
            guard started else { return .failure("libvips did not start") }
            var width: Int32 = 0, height: Int32 = 0
            guard cec_vips_size(path, &width, &height) == 0, width > 0, height > 0 else {
                let message = String(cString: cec_vips_error()).split(separator: "\n").first.map(String.init) ?? ""
                cec_vips_clear_error()
                return .failure("it is not a readable \(format.name) image" + (message.isEmpty ? "" : " (\(message))"))
            }
            return .success((Int(width), Int(height)))
        }
    }

    /// An image's size in pixels, or why it could not be read.
    package enum Measured {
        case success((width: Int, height: Int))
        case failure(String)
    }

    /// The kinds of metadata libvips finds in the image file at `path` ("EXIF", "XMP", "IPTC").
    package static func metadata(_ path: String) -> [String] {
        guard started else { return [] }
        let found = cec_vips_metadata(path)
        guard found > 0 else { return [] }
        return [(1, "EXIF"), (2, "XMP"), (4, "IPTC")].filter { found & $0.0 != 0 }.map(\.1)
    }
}
