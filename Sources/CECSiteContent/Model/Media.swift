import CECSiteCore
import Foundation

/// A media file of the content, published as it is: an image or a document placed in a page
/// bundle (beside `news/<slug>/index.uk.md`) or under `content/media/`.
package struct MediaFile: Sendable {
    /// Whether pages show the file (`![…](…)`) or link to it.
    package enum Kind: Sendable { case image, document }

    /// The file in the content folder.
    package var source: String
    /// Its path in the site, language- and edition-neutral: `media/report.pdf`,
    /// `news/my-item/photo.jpg` (a bundle's files sit beside the page's `index.html`).
    package var path: String
    package var format: MediaFormat
    /// Its size in bytes.
    package var size: Int
    /// An image's size in pixels; nil for a document.
    package var width: Int? = nil, height: Int? = nil
    /// The widths of the image's resized copies (``variantWidths`` narrower than it), for
    /// `srcset`; empty for a document, an SVG, WebP or AVIF, or an image of at most
    /// ``largeWidth`` pixels.
    package var variants: [Int] = []

    /// The widths resized copies are made at: a phone, a phone at twice its density or a
    /// tablet, the column on a laptop at twice its density, and larger screens.
    package static let variantWidths = [480, 800, 1200, 1600]
    /// Images wider than this get resized copies; narrower ones are light enough as they are.
    package static let largeWidth = 800

    /// The variants a JPEG or PNG image `width` pixels wide gets.
    package static func variants(format: MediaFormat, width: Int) -> [Int] {
        guard format.name == "JPEG" || format.name == "PNG", width > largeWidth else { return [] }
        return variantWidths.filter { $0 < width }
    }

    /// Where the copy `width` pixels wide is published: beside the image, `photo-480w.jpg`.
    package func variantPath(_ width: Int) -> String {
        let ext = (path as NSString).pathExtension
        return (path as NSString).deletingPathExtension + "-\(width)w." + ext
    }
}

/// A kind of file content may publish, known by its file name's extension.
package struct MediaFormat: Sendable, Equatable {
    /// What pages show with a link to it ("PDF", "JPEG").
    package var name: String
    package var kind: MediaFile.Kind

    /// The formats by extension (lower case): images (JPEG, PNG, WebP, AVIF, SVG) and documents
    /// (PDF, DOCX, ODT, XLSX, CSV).
    package static let byExtension: [String: MediaFormat] = [
        "jpg": MediaFormat(name: "JPEG", kind: .image), "jpeg": MediaFormat(name: "JPEG", kind: .image),
        "png": MediaFormat(name: "PNG", kind: .image), "webp": MediaFormat(name: "WebP", kind: .image),
        "avif": MediaFormat(name: "AVIF", kind: .image), "svg": MediaFormat(name: "SVG", kind: .image),
        "pdf": MediaFormat(name: "PDF", kind: .document), "docx": MediaFormat(name: "DOCX", kind: .document),
        "odt": MediaFormat(name: "ODT", kind: .document), "xlsx": MediaFormat(name: "XLSX", kind: .document),
        "csv": MediaFormat(name: "CSV", kind: .document),
    ]

    /// The format of a file or link named `name` (its extension, any case); nil for any other.
    package static func of(_ name: String) -> MediaFormat? {
        byExtension[(name as NSString).pathExtension.lowercased()]
    }

    /// The extensions, for messages: "jpg, jpeg, png, …".
    package static var known: String {
        ["jpg", "jpeg", "png", "webp", "avif", "svg", "pdf", "docx", "odt", "xlsx", "csv"].joined(separator: ", ")
    }
}

/// Every media file of the site, by its path in the site.
package struct MediaLibrary: Sendable {
    package private(set) var files: [MediaFile] = []
    private var byPath: [String: Int] = [:]

    package init(_ files: [MediaFile] = []) {
        for file in files.sorted(by: { $0.path < $1.path }) where byPath[file.path] == nil {
            byPath[file.path] = self.files.count
            self.files.append(file)
        }
    }

    package var isEmpty: Bool { files.isEmpty }

    /// The file at `path` in the site (`media/report.pdf`, no leading slash), or nil.
    package subscript(path: String) -> MediaFile? { byPath[path].map { files[$0] } }

    /// The site path a link in content names, as a browser resolves it on the page at `base`
    /// (a language-neutral page path such as `news/my-item/`, nil for text that is not a page's
    /// body): `photo.jpg` on `news/my-item/` is `news/my-item/photo.jpg`, `/media/a.pdf` is
    /// `media/a.pdf`. Query and fragment are cut; nil for an external link, a fragment or a
    /// relative link without a base, or one that climbs above the site's root.
    package static func sitePath(of link: String, base: String?) -> String? {
        // A colon before any `#` and `?` (`https://…`, most links in a body) stays in the path
        // whatever the cut below: no media path, known without walking the link's characters
        // (2 % of a full build, every link of every page).
        for byte in link.utf8 {
            if byte == UInt8(ascii: ":") { return nil }
            if byte == UInt8(ascii: "#") || byte == UInt8(ascii: "?") { break }
        }
        var path = link
        if let cut = path.firstIndex(where: { $0 == "#" || $0 == "?" }) { path = String(path[..<cut]) }
        // A byte scan: `contains(":")` with a string went through Foundation's locale-aware
        // search, 3.5 % of a full build's CPU time (every link of every page, BENCHMARKS.md,
        // 2026-12-07). The same answer for every link but one whose colon carries a combining
        // mark, which is now no media path either.
        if path.isEmpty || path.hasPrefix("//") || path.utf8.contains(UInt8(ascii: ":")) { return nil }
        var parts: [Substring]
        if path.hasPrefix("/") {
            parts = []
        } else {
            guard let base else { return nil }
            parts = base.split(separator: "/")
        }
        for part in path.split(separator: "/", omittingEmptySubsequences: false) {
            switch part {
            case "", ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        return path.hasSuffix("/") && !joined.isEmpty ? joined + "/" : joined
    }

    /// The media file a link in content names (see ``sitePath(of:base:)``), or nil.
    package func file(linkedAs link: String, base: String?) -> MediaFile? {
        Self.sitePath(of: link, base: base).flatMap { self[$0] }
    }
}
