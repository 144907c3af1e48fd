import CECSiteCore
import Foundation

/// The official frame every page shows around its content (`site.yaml`): the publisher's logo
/// and favicon, contacts, main site and accessibility statement. Each part is optional; what is
/// not set is not shown (nothing is invented).
package struct SiteFrame: Sendable {
    /// The logo as SVG (`logo: {svg: …}`), shown in the header and served as `/logo.svg`.
    package var logoSVG: SiteImage?
    /// The logo as PNG (`logo: {png: …}`): the favicon (`/favicon.ico`, `/apple-touch-icon.png`),
    /// og:image and the header's logo when there is no SVG.
    package var logoPNG: SiteImage?
    /// The publisher's main site (`publisher_url`), linked from every footer.
    package var publisherURL: String?
    /// The publisher's postal address, in each language (`contact: {address: {uk, en}}`).
    package var address: LocalizedText?
    /// The publisher's e-mail address (`contact: {email}`).
    package var email: String?
    /// The publisher's telephone number as written (`contact: {phone}`).
    package var phone: String?
    /// The slug of the page (in `pages/`) every footer links to as the accessibility statement.
    package var accessibilityStatement: Located<String>?

    /// True when any way of reaching the publisher is set.
    package var hasContact: Bool { address != nil || email != nil || phone != nil }
}

/// An image file named by `site.yaml`: its bytes and its size in pixels.
package struct SiteImage: Sendable {
    /// Where the file is, for messages.
    package var location: SourceLocation
    package var data: Data
    package var width: Int
    package var height: Int

    /// The size of a PNG (its IHDR chunk), or nil when `data` is not a PNG.
    package static func pngSize(_ data: Data) -> (width: Int, height: Int)? {
        let bytes = [UInt8](data.prefix(24))
        guard bytes.count == 24, bytes[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], bytes[12..<16] == [0x49, 0x48, 0x44, 0x52]
        else { return nil }
        func int(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        let (width, height) = (int(16), int(20))
        return width > 0 && height > 0 ? (width, height) : nil
    }

    /// The size of an SVG from its root element's `width`/`height` (in px or unitless) or else
    /// its `viewBox`, or nil when `data` has no `<svg` root with either.
    package static func svgSize(_ data: Data) -> (width: Int, height: Int)? {
        guard let text = String(data: data.prefix(4096), encoding: .utf8), let start = text.range(of: "<svg") else { return nil }
        guard let end = text[start.upperBound...].firstIndex(of: ">") else { return nil }
        let tag = text[start.upperBound..<end]
        func attribute(_ name: String) -> String? {
            guard let at = tag.range(of: " " + name + "=") ?? tag.range(of: "\n" + name + "=") else { return nil }
            let rest = tag[at.upperBound...]
            guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
            let value = rest.dropFirst()
            return value.firstIndex(of: quote).map { String(value[..<$0]) }
        }
        func pixels(_ value: String?) -> Int? {
            guard var value else { return nil }
            if value.hasSuffix("px") { value.removeLast(2) }
            return Double(value).flatMap { $0 > 0 && $0 < 100_000 ? Int($0.rounded()) : nil }
        }
        if let width = pixels(attribute("width")), let height = pixels(attribute("height")) { return (width, height) }
        let box = (attribute("viewBox") ?? "").split(whereSeparator: { $0 == " " || $0 == "," }).compactMap { Double($0) }
        guard box.count == 4, box[2] > 0, box[3] > 0, box[2] < 100_000, box[3] < 100_000 else { return nil }
        return (Int(box[2].rounded()), Int(box[3].rounded()))
    }

    /// The PNG wrapped in an ICO container (one image, stored as PNG, which every browser since
    /// 2007 reads), served as `/favicon.ico` for browsers and tools that ask for it by name.
    /// The ICO format is six header bytes and one sixteen-byte directory entry; no library needed.
    package static func icon(png: SiteImage) -> Data {
        var ico = Data([0, 0, 1, 0, 1, 0])
        // Width and height bytes: 0 means 256 (the largest an ICO entry names).
        ico.append(UInt8(png.width >= 256 ? 0 : png.width))
        ico.append(UInt8(png.height >= 256 ? 0 : png.height))
        ico.append(contentsOf: [0, 0, 1, 0, 32, 0])
        func le32(_ value: Int) { withUnsafeBytes(of: UInt32(value).littleEndian) { ico.append(contentsOf: $0) } }
        le32(png.data.count)
        le32(22)
        ico.append(png.data)
        return ico
    }
}
