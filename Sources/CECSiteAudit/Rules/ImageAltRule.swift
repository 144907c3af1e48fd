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
        for image in document.elements("img") {
            if image.isHiddenOrInHidden { continue }
            // role="none" stands unless the image is focusable or has global ARIA attributes.
            if let role = image.computedRole, role == "presentation" || role == "none" { continue }
            if !document.accessibleName(of: image).isEmpty { continue }
            if let alt = image.attribute("alt") {
                // alt="" marks decoration; alt=" " names the image with nothing.
                if alt.isEmpty || image.computedRole != "img" { continue }
                report.add(
                    self, page, image,
                    "<img> has alt=\(quoted(alt)), only spaces, which is neither a description nor the alt=\"\" of a decorative image; describe the image, or write alt=\"\""
                )
                continue
            }
            let source = image.attribute("src").map { " (src \"\($0)\")" } ?? ""
            report.add(
                self, page, image,
                "<img>\(source) has no alt attribute; describe the image in alt=\"…\", or write alt=\"\" if it is decorative")
        }
    }
}
