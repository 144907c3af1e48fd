import CECSiteCore
import Foundation

/// `image-alt-filename`: alt text is not a file name (WCAG 1.1.1).
struct ImageAltFilenameRule: AuditRule {
    let id = "image-alt-filename"
    let criterion = "1.1.1"
    let summary = """
        Alt text must describe the image, not repeat its file name ("chart.png", "IMG_0042.JPG"), \
        which tells a screen reader user nothing.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Склад комісій</title></head>
        <body><img src="/img/chart-women.png" alt="chart-women.png"></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Склад комісій</title></head>
        <body><img src="/img/chart-women.png" alt="Жінки становлять 58 % членів комісій"></body>
        </html>
        """

    static let extensions: Set<String> = [
        "png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "bmp", "tif", "tiff", "ico", "heic", "jfif",
    ]

    /// True when `alt` looks like a file name, or is the last path component of `source`.
    static func isFileName(_ alt: String, source: String?) -> Bool {
        let text = alt.trimmingASCIIWhitespace()
        guard !text.isEmpty else { return false }
        if let source {
            var path = source.trimmingASCIIWhitespace()
            if let cut = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = String(path[..<cut]) }
            if let last = path.split(separator: "/").last {
                let name = String(last).removingPercentEncoding ?? String(last)
                if name.lowercased() == text.lowercased(), name.contains(".") { return true }
            }
        }
        if text.contains(where: { $0.isWhitespace || $0 == "/" }) { return false }
        if let dot = text.lastIndex(of: "."), dot != text.startIndex,
            extensions.contains(text[text.index(after: dot)...].lowercased())
        {
            return true
        }
        // Camera file names: IMG_0042, DSC01234, PXL_20240101_…
        return text.range(
            of: #"^(IMG|DSC|DSCN|DSCF|PXL|MVIMG)[_-]?[0-9_]{3,}$"#,
            options: [.regularExpression, .caseInsensitive]) != nil
    }

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        for element in page.document.elements {
            let isImage =
                element.isHTML("img") || element.isHTML("area")
                || (element.isHTML("input") && element.attribute("type")?.trimmingASCIIWhitespace().lowercased() == "image")
            guard isImage, let alt = element.attributeNode("alt") else { continue }
            if element.isHiddenOrInHidden { continue }
            if Self.isFileName(alt.value, source: element.attribute("src")) {
                report.add(
                    self, page, alt,
                    "alt=\(quoted(alt.value)) on <\(element.tag)> is a file name; describe what the image shows (or alt=\"\" if it is decorative)")
            }
        }
    }
}
