import CECSiteCore

/// `select-name`: every drop-down list is labelled (WCAG 4.1.2).
struct SelectNameRule: AuditRule {
    let id = "select-name"
    let criterion = "4.1.2"
    let summary = """
        Every <select> must have a label (<label for>, a wrapping <label>, aria-label or \
        aria-labelledby), or screen readers announce only the chosen option.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Результати</title></head>
        <body><form><p>Область:</p><select name="oblast"><option>Вінницька</option><option>Волинська</option></select></form></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Результати</title></head>
        <body><form><label for="oblast">Область</label> <select id="oblast" name="oblast"><option>Вінницька</option><option>Волинська</option></select></form></body>
        </html>
        """

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        let document = page.document
        for select in document.elements("select") {
            if select.isHiddenOrInHidden || select.isPresentational { continue }
            if !document.accessibleName(of: select).isEmpty { continue }
            let name = select.attribute("name").map { " name=\(quoted($0))" } ?? ""
            report.add(
                self, page, select,
                "<select\(name)> has no label; add <label for=\"…\"> with visible text (or aria-label) naming the choice")
        }
    }
}
