import CECSiteCore

/// `duplicate-id-referenced`: an id that labels, describes or is linked to is unique (WCAG 4.1.2).
struct DuplicateIDReferencedRule: AuditRule {
    let id = "duplicate-id-referenced"
    let criterion = "4.1.2"
    let summary = """
        An id used by <label for>, aria-labelledby, aria-describedby, headers or a #link must \
        be unique, or the reference silently goes to the first element with that id.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Звернення</title></head>
        <body><form><label for="name">Прізвище</label> <input id="name" name="surname">
        <label for="name">Ім'я</label> <input id="name" name="given"></form></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Звернення</title></head>
        <body><form><label for="surname">Прізвище</label> <input id="surname" name="surname">
        <label for="given">Ім'я</label> <input id="given" name="given"></form></body>
        </html>
        """

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        let referenced = page.document.referencedIDs
        for (id, elements) in page.document.elementsByID where elements.count > 1 && referenced.contains(id) && !id.isEmpty {
            for element in elements.dropFirst() {
                guard let attribute = element.attributeNode("id") else { continue }
                report.add(
                    self, page, attribute,
                    "id=\(quoted(id)) on <\(element.tag)> is used \(elements.count) times (first on line \(elements[0].line)) and is referenced, so the reference reaches only the first; give each element its own id"
                )
            }
        }
    }
}
