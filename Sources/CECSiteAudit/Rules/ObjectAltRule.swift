import CECSiteCore

/// `object-alt`: an `<object>` showing an image, audio or video has a text alternative in
/// aria-label, aria-labelledby or title (WCAG 1.1.1; ACT rule 8fc3b6).
struct ObjectAltRule: AuditRule {
    let id = "object-alt"
    let criterion = "1.1.1"
    let summary = """
        An <object> that shows an image, audio or video must be named with aria-label, \
        aria-labelledby or title (its fallback content is not read while the object plays), or \
        screen readers announce nothing about it.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Звернення</title></head>
        <body><object data="address.mp4" type="video/mp4"></object></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Звернення</title></head>
        <body><object data="address.mp4" type="video/mp4" title="Звернення голови комісії до виборців"></object></body>
        </html>
        """

    private static let mediaExtensions: Set<String> = [
        "png", "jpg", "jpeg", "gif", "webp", "avif", "svg", "bmp", "ico", "tif", "tiff", "mp3", "wav", "ogg",
        "oga", "m4a", "aac", "flac", "mp4", "webm", "ogv", "mov", "m4v", "avi",
    ]

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        let document = page.document
        for object in document.elements("object") {
            if object.explicitRole != nil || object.isHiddenOrInHidden { continue }
            guard let data = object.trimmedAttribute("data"), !data.isEmpty else { continue }
            let type = (object.attribute("type") ?? "").lowercased()
            let path = data.split(separator: "?").first.map(String.init) ?? data
            let fileExtension = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
            let media =
                type.hasPrefix("image/") || type.hasPrefix("audio/") || type.hasPrefix("video/")
                || Self.mediaExtensions.contains(fileExtension)
            guard media else { continue }
            // A file of the site that is not there: the browser shows the fallback content instead
            // (checked as content of its own).
            if !object.elementChildren.isEmpty, let target = page.resolve(data), !page.resources.files.contains(target.path) {
                continue
            }
            if !document.accessibleName(of: object).isEmpty { continue }
            report.add(
                self, page, object,
                "<object data=\(quoted(data))> has no text alternative; add title=\"…\" or aria-label=\"…\" describing it (alt and fallback content are not read)"
            )
        }
    }
}
