import CECSiteCore

/// `image-alt`: every `<img>` has a text alternative (WCAG 1.1.1).
struct ImageAltRule: AuditRule {
    let id = "image-alt"
    let criterion = "1.1.1"
    let summary = """
        Every <img> must have an alt attribute: the image's information in words, or alt="" \
        when the image is decorative, so screen readers neither skip content nor read file names.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Склад комісій</title></head>
        <body><img src="chart-women.png"></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Склад комісій</title></head>
        <body>
        <img src="chart-women.png" alt="Жінки становлять 58 % членів комісій">
        <img src="ornament.svg" alt="">
        </body>
        </html>
        """

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        let document = page.document
        for image in document.elements("img") where !image.has("alt") {
            if image.isHiddenOrInHidden { continue }
            if let role = image.attribute("role")?.lowercased(), role == "presentation" || role == "none" { continue }
            if !document.accessibleName(of: image).isEmpty { continue }
            let source = image.attribute("src").map { " (src \"\($0)\")" } ?? ""
            report.add(
                self, page, image,
                "<img>\(source) has no alt attribute; describe the image in alt=\"…\", or write alt=\"\" if it is decorative")
        }
    }
}
