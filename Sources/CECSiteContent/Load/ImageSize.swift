import CVips
import Foundation

/// Measures images: JPEG, PNG and WebP from their headers through libvips, SVG from its root
/// element (``SiteImage/svgSize(_:)``), AVIF from its `ispe` box (Debian's libvips reads no AVIF).
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
        case "AVIF":
            guard let handle = FileHandle(forReadingAtPath: path) else { return .failure("it cannot be read") }
            defer { try? handle.close() }
            let head = [UInt8]((try? handle.read(upToCount: 64 * 1024)) ?? Data())
            guard let size = avifSize(head) else { return .failure("it has no AVIF image size (an 'ispe' box)") }
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

    /// The size in the first `ispe` (image spatial extents) box of an AVIF file's first bytes:
    /// the box's size and name, four bytes of version and flags, then width and height.
    package static func avifSize(_ bytes: [UInt8]) -> (width: Int, height: Int)? {
        guard bytes.count > 12, bytes[4..<8] == [0x66, 0x74, 0x79, 0x70] else { return nil }  // "ftyp"
        let name: [UInt8] = [0x69, 0x73, 0x70, 0x65]  // "ispe"
        var index = 4
        while index + 16 <= bytes.count {
            if bytes[index..<index + 4].elementsEqual(name) {
                func int(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
                let (width, height) = (int(index + 8), int(index + 12))
                return width > 0 && height > 0 ? (width, height) : nil
            }
            index += 1
        }
        return nil
    }
}
