import CECSiteCore

/// `dl-children`: a description list holds only term and description groups (WCAG 1.3.1).
struct DLChildrenRule: AuditRule {
    let id = "dl-children"
    let criterion = "1.3.1"
    let summary = """
        A <dl> may contain only <dt> and <dd> (optionally grouped in a <div>), script and \
        template, or screen readers lose the pairing of terms and descriptions.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Комісія</title></head>
        <body><dl><dt>Голова</dt><dd>Олег Діденко</dd>
        <p>Заступник: Сергій Дубовик</p></dl></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Комісія</title></head>
        <body><dl><div><dt>Голова</dt><dd>Олег Діденко</dd></div>
        <div><dt>Заступник</dt><dd>Сергій Дубовик</dd></div></dl></body>
        </html>
        """

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        for list in page.document.elements("dl") {
            if list.explicitRole != nil { continue }
            check(list.children, in: "<dl>", allowDiv: true, page, &report)
        }
    }

    private func check(
        _ children: [HTMLNode], in container: String, allowDiv: Bool,
        _ page: AuditPage, _ report: inout AuditReport
    ) {
        for child in children {
            switch child.kind {
            case .text:
                let text = child.text.collapsingWhitespace()
                if text.isEmpty { continue }
                report.add(
                    self, page, child,
                    "Text \(quoted(text)) stands directly in \(container); put it in a <dt> or <dd>")
            case .element:
                if child.namespace == .html, ["dt", "dd", "script", "template"].contains(child.tag) { continue }
                if allowDiv, child.isHTML("div"), child.explicitRole == nil {
                    check(child.children, in: "a <div> of <dl>", allowDiv: false, page, &report)
                    continue
                }
                report.add(
                    self, page, child,
                    "<\(child.tag)> stands directly in \(container), which may hold only <dt> and <dd>\(allowDiv ? " (or a <div> grouping them)" : ""); make it a <dt> or <dd>, or move it out of the list"
                )
            }
        }
    }
}
