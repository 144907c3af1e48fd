import CECSiteCore

/// `list-children`: `<ul>`, `<ol>` and `<menu>` contain only `<li>` (WCAG 1.3.1).
struct ListChildrenRule: AuditRule {
    let id = "list-children"
    let criterion = "1.3.1"
    let summary = """
        A <ul>, <ol> or <menu> may contain only <li> elements (and script or template), or \
        screen readers miscount the items and lose what is outside them.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Документи</title></head>
        <body><ul><li><a href="plan.pdf">Стратегічний план</a></li>
        <p><a href="report.pdf">Звіт за 2024 рік</a></p></ul></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Документи</title></head>
        <body><ul><li><a href="plan.pdf">Стратегічний план</a></li>
        <li><p><a href="report.pdf">Звіт за 2024 рік</a></p></li></ul></body>
        </html>
        """

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        for list in page.document.elements where list.isHTML("ul") || list.isHTML("ol") || list.isHTML("menu") {
            if let role = list.explicitRole, role != "list" { continue }
            for child in list.children {
                switch child.kind {
                case .text:
                    let text = child.text.collapsingWhitespace()
                    if text.isEmpty { continue }
                    report.add(
                        self, page, child,
                        "Text \(quoted(text)) stands directly in <\(list.tag)>; put it inside an <li>, or before the list")
                case .element:
                    if child.namespace == .html, ["li", "script", "template"].contains(child.tag) { continue }
                    if child.explicitRole == "listitem" { continue }
                    report.add(
                        self, page, child,
                        "<\(child.tag)> is a direct child of <\(list.tag)>, which may hold only <li>; wrap it in an <li>")
                }
            }
        }
    }
}
