import CECSiteCore

/// `document-title`: the page has a non-empty `<title>` (WCAG 2.4.2).
struct DocumentTitleRule: AuditRule {
    let id = "document-title"
    let criterion = "2.4.2"
    let summary = """
        Every page must have a <title> with text describing its topic or purpose: it is the first \
        thing a screen reader announces and what browser tabs, history and bookmarks show.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title> </title></head>
        <body><main><h1>Стратегічний план</h1></main></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Стратегічний план — ЦВК</title></head>
        <body><main><h1>Стратегічний план</h1></main></body>
        </html>
        """

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        let document = page.document
        let titles = document.elements("title").filter { title in
            // A <title> inside <svg> is in the SVG namespace and so not listed; skip any in <template>.
            !title.ancestors.contains { $0.isHTML("template") }
        }
        guard let title = titles.first else {
            let place = document.head.flatMap { $0.isImplied ? nil : $0 } ?? document.root
            report.add(
                self, page, place,
                "The page has no <title>; add one in <head> naming the page and the site, e.g. <title>Стратегічний план — ЦВК</title>")
            return
        }
        if title.textContent.isEmpty {
            report.add(
                self, page, title,
                "<title> is empty; write the page's topic and the site's name in it")
        }
    }
}
