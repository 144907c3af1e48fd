import CECSiteCore

/// `input-image-alt`: every image button (`<input type="image">`) has a text alternative (WCAG 1.1.1).
struct InputImageAltRule: AuditRule {
    let id = "input-image-alt"
    let criterion = "1.1.1"
    let summary = """
        An <input type="image"> must say what the button does in alt (or aria-label / \
        aria-labelledby), since screen readers otherwise announce only "button" or the file name.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Пошук дільниці</title></head>
        <body><form action="/search"><label>Адреса <input name="q"></label>
        <input type="image" src="search.svg"></form></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Пошук дільниці</title></head>
        <body><form action="/search"><label>Адреса <input name="q"></label>
        <input type="image" src="search.svg" alt="Знайти виборчу дільницю"></form></body>
        </html>
        """

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        let document = page.document
        for input in document.elements("input") where input.attribute("type")?.trimmingASCIIWhitespace().lowercased() == "image" {
            if input.isHiddenOrInHidden { continue }
            if !document.accessibleName(of: input).isEmpty { continue }
            let source = input.attribute("src").map { " (src \(quoted($0)))" } ?? ""
            report.add(
                self, page, input,
                "<input type=\"image\">\(source) has no text alternative; say what the button does in alt=\"…\" (e.g. alt=\"Знайти\")")
        }
    }
}
