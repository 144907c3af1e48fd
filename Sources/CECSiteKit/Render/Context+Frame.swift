import CECSiteContent
import CECSiteCore
import Foundation

/// The files the frame of `site.yaml` publishes, at the site's root (shared by both languages
/// and editions): the logo and the icons made from it.
enum FrameFiles {
    static let logoSVG = "logo.svg"
    static let logoPNG = "logo.png"
    static let favicon = "favicon.ico"
    static let touchIcon = "apple-touch-icon.png"

    /// The frame's files: each logo as given, and from the PNG the favicon and the touch icon.
    static func files(_ frame: SiteFrame) -> [OutputFile] {
        var files: [OutputFile] = []
        if let svg = frame.logoSVG { files.append(OutputFile(path: logoSVG, data: svg.data)) }
        if let png = frame.logoPNG {
            files.append(OutputFile(path: logoPNG, data: png.data))
            files.append(OutputFile(path: touchIcon, data: png.data))
            files.append(OutputFile(path: favicon, data: SiteImage.icon(png: png)))
        }
        return files
    }

    /// The paths ``files(_:)`` writes, for the route check and the page registry.
    static func paths(_ frame: SiteFrame) -> [String] {
        (frame.logoSVG == nil ? [] : [logoSVG]) + (frame.logoPNG == nil ? [] : [logoPNG, touchIcon, favicon])
    }
}

extension ContextBuilder {
    /// The frame's parts of a page's context: `site.logo` ({url, width, height}), `icons`
    /// ({ico, svg, touch}) and `footer` (publisher, contacts, main site, accessibility
    /// statement, the data licence, and whether to name the plan as the source); og:image is
    /// ``addFrameImage(to:siteTitle:)``.
    func addFrame(to context: inout [String: Any], section: String) {
        let frame = content.config.frame
        var site = context["site"] as? [String: Any] ?? [:]
        if let svg = frame.logoSVG {
            site["logo"] = ["url": "/" + FrameFiles.logoSVG, "width": svg.width, "height": svg.height]
        } else if let png = frame.logoPNG {
            site["logo"] = ["url": "/" + FrameFiles.logoPNG, "width": png.width, "height": png.height]
        }
        context["site"] = site
        var icons: [String: Any] = [:]
        icons.set("svg", frame.logoSVG == nil ? nil : "/" + FrameFiles.logoSVG)
        if frame.logoPNG != nil {
            icons["ico"] = "/" + FrameFiles.favicon
            icons["touch"] = "/" + FrameFiles.touchIcon
        }
        if !icons.isEmpty { context["icons"] = icons }
        context["footer"] = footer(section: section)
    }

    /// og:image, the PNG logo, when the site has one and a base URL; `siteTitle` is its alt text.
    func addFrameImage(to og: inout [String: Any], siteTitle: Any?) {
        if let png = content.config.frame.logoPNG, let base = content.config.baseURL {
            og["image"] = ["url": base + "/" + FrameFiles.logoPNG, "width": png.width, "height": png.height, "alt": siteTitle ?? [:]]
        }
    }

    /// The localized texts ``footer(section:)`` shows, made as it makes them (so that the
    /// page's notes learn of them) and otherwise unused.
    func footerTexts() -> [Any] {
        [text(content.config.openData.publisher ?? content.config.title)] + (content.config.frame.address.map { [text($0)] } ?? [])
    }

    /// The footer: who publishes the site and how to reach them, the accessibility statement,
    /// the open data's licence, and on the plan's pages where the plan's facts come from.
    func footer(section: String) -> [String: Any] {
        let frame = content.config.frame
        var footer: [String: Any] = [
            "publisher": text(content.config.openData.publisher ?? content.config.title),
            "sourceNote": ["home", "plan", "units", "timeline"].contains(section),
        ]
        footer.set("contacts", contacts())
        footer.set("publisherURL", frame.publisherURL)
        if let slug = frame.accessibilityStatement, let page = content.pages.first(where: { $0.slug == slug.value }) {
            footer["statementURL"] = url(Routes.document(page))
        }
        if !content.datasetMetadata.isEmpty {
            let id = content.config.openData.license
            footer["data"] = [
                "url": url(Routes.data), "licence": id.replacingOccurrences(of: "-", with: " "),
                "licenceURL": DataPackage.licenses[id]?.url ?? "",
            ]
        }
        return footer
    }

    /// The publisher's contacts as `{address, email, phone}` (each when set), or nil when none is.
    func contacts() -> [String: Any]? {
        let frame = content.config.frame
        guard frame.hasContact else { return nil }
        var contacts: [String: Any] = [:]
        contacts.set("address", frame.address.map(text))
        contacts.set("email", frame.email)
        if let phone = frame.phone {
            contacts["phone"] = ["text": phone, "tel": "tel:" + phone.filter { $0.isNumber || $0 == "+" }]
        }
        return contacts
    }
}
