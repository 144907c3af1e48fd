import CECSiteCore
import Foundation

extension ContentLoader {
    /// The frame settings of `site.yaml` (``SiteFrame``): `logo: {svg, png}` (files relative to
    /// the content folder), `publisher_url`, `contact: {address: {uk, en}, email, phone}` and
    /// `accessibility_statement` (the slug of a page). Every bad value is an error at the value.
    package func frame(_ f: Fields) -> SiteFrame {
        var frame = SiteFrame()
        let sink = f.reader.sink
        if let node = f.node("logo", required: false, what: "the publisher's logo"),
            let logo = f.reader.mapping(node, what: "the logo ({svg: logo.svg, png: logo.png})")
        {
            frame.logoSVG = image(logo, "svg", what: "an SVG file", size: SiteImage.svgSize)
            frame.logoPNG = image(logo, "png", what: "a PNG file", size: SiteImage.pngSize)
            if let png = frame.logoPNG, png.width > 512 || png.height > 512 || png.width != png.height {
                sink.error(
                    png.location,
                    "The PNG logo is \(png.width)×\(png.height) px; the favicon needs a square image of at most 512×512 px (180×180 suits phones' home screens)"
                )
                frame.logoPNG = nil
            }
            logo.finish("the logo (keys: svg, png)")
        }
        if let url = f.string("publisher_url", required: false, what: "the address of the publisher's main site") {
            if Self.normalizedBaseURL(url.value) != nil {
                frame.publisherURL = url.value
            } else {
                sink.error(url.location, "Invalid publisher_url '\(url.value)'; write an absolute http(s) URL such as https://example.gov.ua")
            }
        }
        if let node = f.node("contact", required: false, what: "the publisher's contacts"),
            let contact = f.reader.mapping(node, what: "the contacts ({address: {uk, en}, email, phone})")
        {
            frame.address = contact.localized("address", required: false, what: "the postal address")
            if let email = contact.string("email", required: false, what: "the e-mail address") {
                let parts = email.value.split(separator: "@", omittingEmptySubsequences: false)
                if parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !email.value.contains(where: \.isWhitespace) {
                    frame.email = email.value
                } else {
                    sink.error(email.location, "Invalid e-mail address '\(email.value)'; write it as name@example.org")
                }
            }
            if let phone = contact.string("phone", required: false, what: "the telephone number") {
                if phone.value.contains(where: \.isNumber), phone.value.allSatisfy({ $0.isNumber || " +-()".contains($0) }) {
                    frame.phone = phone.value
                } else {
                    sink.error(phone.location, "Invalid phone '\(phone.value)'; write digits with + ( ) - and spaces only, e.g. '+380 44 000 00 00'")
                }
            }
            contact.finish("the contacts (keys: address, email, phone)")
        }
        frame.accessibilityStatement = f.string("accessibility_statement", required: false, what: "the slug of the accessibility statement page")
        return frame
    }

    /// The image file `key` of `logo:` read and measured, or nil (reported) when it is missing or
    /// not the format `what` names.
    private func image(_ f: Fields, _ key: String, what: String, size: (Data) -> (width: Int, height: Int)?) -> SiteImage? {
        guard let name = f.string(key, required: false, what: what) else { return nil }
        let sink = f.reader.sink
        guard !name.value.hasPrefix("/"), !name.value.split(separator: "/").contains("..") else {
            sink.error(name.location, "The logo '\(name.value)' must be a path inside the content folder, e.g. 'logo.\(key)'")
            return nil
        }
        let path = join(contentDirectory, name.value)
        guard let data = FileManager.default.contents(atPath: path) else {
            sink.error(name.location, "Logo file '\(name.value)' not found in the content folder; put \(what) at \(path)")
            return nil
        }
        guard let (width, height) = size(data) else {
            let hint = key == "svg" ? "an <svg> root element with width and height or a viewBox" : "a PNG image"
            sink.error(name.location, "The logo '\(name.value)' is not \(what); it needs \(hint)")
            return nil
        }
        return SiteImage(location: SourceLocation(file: path), data: data, width: width, height: height)
    }
}
