import CECSiteCore

/// `listitem-parent`: `<li>` stands in a list (WCAG 1.3.1).
struct ListItemParentRule: AuditRule {
    let id = "listitem-parent"
    let criterion = "1.3.1"
    let summary = """
        An <li> must be a child of <ul>, <ol>, <menu> (or role="list"), or screen readers do \
        not announce it as part of a list.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Документи</title></head>
        <body><div class="docs"><li><a href="plan.pdf">Стратегічний план</a></li>
        <li><a href="report.pdf">Звіт за 2024 рік</a></li></div></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Документи</title></head>
        <body><ul class="docs"><li><a href="plan.pdf">Стратегічний план</a></li>
        <li><a href="report.pdf">Звіт за 2024 рік</a></li></ul>
        <div role="list"><li>Перший</li></div></body>
        </html>
        """

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        for item in page.document.elements("li") {
            if let role = item.explicitRole, role != "listitem" { continue }
            guard let parent = item.parent else { continue }
            if parent.isHTML("ul") || parent.isHTML("ol") || parent.isHTML("menu") { continue }
            if let role = parent.explicitRole, ["list", "directory", "none", "presentation"].contains(role) { continue }
            if parent.isHTML("template") { continue }
            let text = item.textContent
            let quote = text.isEmpty ? "" : " (\(quoted(text, limit: 40)))"
            report.add(
                self, page, item,
                "<li>\(quote) stands in a <\(parent.tag)>, not in a list; wrap the items in <ul> or <ol>")
        }
    }
}
