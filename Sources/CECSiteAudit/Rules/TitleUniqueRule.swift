import CECSiteCore

/// `title-unique`: different pages of the site have different titles (WCAG 2.4.2).
///
/// Pages that declare the same canonical URL are one document (an edition or a copy) and may
/// share a title; redirect pages (`<meta http-equiv="refresh">`) are skipped.
struct TitleUniqueRule: AuditRule {
    let id = "title-unique"
    let criterion = "2.4.2"
    let summary = """
        Each page must have its own title: when several pages share one, people switching between \
        tabs, reading their history or hearing the title announced cannot tell them apart.
        """
    let failingExample = """
        <!-- file: index.html -->
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>ЦВК</title></head>
        <body><main><h1>Головна</h1><a href="plan.html">План</a></main></body>
        </html>
        <!-- file: plan.html -->
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>ЦВК</title></head>
        <body><main><h1>Стратегічний план</h1></main></body>
        </html>
        """
    let passingExample = """
        <!-- file: index.html -->
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Головна — ЦВК</title></head>
        <body><main><h1>Головна</h1><a href="plan.html">План</a></main></body>
        </html>
        <!-- file: plan.html -->
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Стратегічний план — ЦВК</title></head>
        <body><main><h1>Стратегічний план</h1></main></body>
        </html>
        """

    func checkSite(_ site: AuditSiteFacts, _ report: inout AuditReport) {
        var byTitle: [String: [AuditPageFacts]] = [:]
        for page in site.sortedPages where !page.isRedirect {
            guard let title = page.title, !title.isEmpty else { continue }
            byTitle[title.lowercased(), default: []].append(page)
        }
        for (_, pages) in byTitle where pages.count > 1 {
            // Pages naming the same canonical document are one page.
            let documents = Set(pages.map { $0.canonical ?? $0.path })
            guard documents.count > 1 else { continue }
            for page in pages {
                let others = pages.filter { other in
                    other.path != page.path && (other.canonical ?? other.path) != (page.canonical ?? page.path)
                }.map(\.path)
                guard !others.isEmpty else { continue }
                let shown = others.prefix(3).joined(separator: ", ")
                let more = others.count > 3 ? " and \(others.count - 3) more" : ""
                report.add(
                    self, page.titleLocation,
                    "The title \"\(page.title ?? "")\" is also the title of \(shown)\(more); give each page a title naming its own topic")
            }
        }
    }
}
