import CECSiteContent
import CECSiteCore
import CECSiteMarkdown
import Foundation

/// Links to media in content, and what a body's HTML says about the media it shows.
extension ContextBuilder {
    /// `link` as written in a body on the page at `base` (a document's path; nil elsewhere), as
    /// the page writes it: a media file by its one address, the same on every language's and
    /// edition's page (`photo.jpg` in the bundle `news/my-item/` is `/news/my-item/photo.jpg`);
    /// another site-root link with the page's language and edition in front (`/plan/` becomes
    /// `/en/plan/`); anything else as written.
    static func contentLink(_ link: String, base: String?, media: MediaLibrary, prefix: String) -> String {
        if let file = media.file(linkedAs: link, base: base) {
            let rest = link.firstIndex(where: { $0 == "#" || $0 == "?" }).map { String(link[$0...]) } ?? ""
            return "/" + file.path + rest
        }
        return link.hasPrefix("/") && !link.hasPrefix("//") && !link.hasPrefix("/assets/") ? prefix + link.dropFirst() : link
    }

    /// What the site's media add to a body's HTML on this page (see ``MediaMarkup``); nil when
    /// the site has no media.
    func mediaMarkup() -> MediaMarkup? {
        Self.mediaMarkup(content.media, language: language)
    }

    /// ``mediaMarkup()`` for pages in `language`.
    static func mediaMarkup(_ media: MediaLibrary, language: Language) -> MediaMarkup? {
        guard !media.isEmpty else { return nil }
        return MediaMarkup(
            image: { src in
                guard let file = media.file(linkedAs: src, base: nil), file.format.kind == .image else { return nil }
                return ImageMarkup.attributes(file)
            },
            document: { href in
                guard let file = media.file(linkedAs: href, base: nil), file.format.kind == .document else { return nil }
                return file.format.name + ", " + FileSize.text(file.size, language)
            })
    }
}

/// The attributes of a published image.
enum ImageMarkup {
    /// `width` and `height` from the file, when it was measured, and for an image with
    /// resized copies `srcset` (the copies and the image itself, by width) and ``sizes``.
    static func attributes(_ file: MediaFile) -> [(name: String, value: String)] {
        guard let width = file.width, let height = file.height else { return [] }
        var attributes = [("width", "\(width)"), ("height", "\(height)")]
        if !file.variants.isEmpty {
            let set = file.variants.map { "/" + file.variantPath($0) + " \($0)w" } + ["/" + file.path + " \(width)w"]
            attributes += [("srcset", set.joined(separator: ", ")), ("sizes", sizes)]
        }
        return attributes
    }

    /// How wide an image is shown: the whole screen up to the column's width, which is 48rem
    /// in the standard edition and 46rem of larger type (920 px at default settings) in the
    /// low-vision one; `sizes` reads rem at the default 16 px, so the wider one is named.
    static let sizes = "(max-width: 60rem) 100vw, 60rem"
}

/// A file's size as pages show it beside a link to the file: `1,2 МБ`, `340 КБ` in Ukrainian,
/// `1.2 MB`, `340 KB` in English (binary units, as file managers count: 1 KB = 1,024 bytes),
/// with a no-break space before the unit.
enum FileSize {
    static func text(_ bytes: Int, _ language: Language) -> String {
        let nbsp = "\u{00A0}"
        let kilo = 1024.0, mega = 1024.0 * 1024.0
        let (kb, mb) = language == .uk ? ("КБ", "МБ") : ("KB", "MB")
        // Rounded up below 1 MB (a 200-byte file is 1 KB, never 0); one decimal above.
        if Double(bytes) < mega - kilo / 2 {
            return "\(max(1, Int((Double(bytes) / kilo).rounded(.up))))" + nbsp + kb
        }
        let tenths = Int((Double(bytes) / mega * 10).rounded())
        let whole = tenths / 10, fraction = tenths % 10
        let separator = language == .uk ? "," : "."
        return (fraction == 0 ? "\(whole)" : "\(whole)\(separator)\(fraction)") + nbsp + mb
    }
}
