import CECSiteCore

/// `duplicate-id`: ids are unique in the page (WCAG 4.1.2; a warning, since only referenced
/// duplicates, reported by `duplicate-id-referenced`, certainly break something).
struct DuplicateIDRule: AuditRule {
    let id = "duplicate-id"
    let criterion = "4.1.2"
    let severity = Diagnostic.Severity.warning
    let summary = """
        Every id must be unique in its page: a duplicate id makes future labels, links and \
        scripts find the wrong element.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Новини</title></head>
        <body><article id="news">ЦВК затвердила календарний план</article>
        <article id="news">Оновлено реєстр виборців</article></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Новини</title></head>
        <body><article id="news-plan">ЦВК затвердила календарний план</article>
        <article id="news-register">Оновлено реєстр виборців</article></body>
        </html>
        """

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        let referenced = page.document.referencedIDs
        for (id, elements) in page.document.elementsByID where elements.count > 1 && !referenced.contains(id) && !id.isEmpty {
            for element in elements.dropFirst() {
                guard let attribute = element.attributeNode("id") else { continue }
                report.add(
                    self, page, attribute,
                    "id=\(quoted(id)) on <\(element.tag)> is used \(elements.count) times (first on line \(elements[0].line)); give each element its own id")
            }
        }
    }
}
