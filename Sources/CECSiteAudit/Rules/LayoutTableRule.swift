import CECSiteCore

/// `layout-table`: a table marked as layout (`role="presentation"`) has no data-table markup (WCAG 1.3.1).
struct LayoutTableRule: AuditRule {
    let id = "layout-table"
    let criterion = "1.3.1"
    let summary = """
        A table with role="presentation" or role="none" is announced as plain layout, so it must \
        not have <th>, <caption>, summary or headers: if it holds data, remove the role.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Явка</title></head>
        <body><table role="presentation"><caption>Явка виборців</caption>
        <tr><th>Рік</th><th>Явка</th></tr>
        <tr><td>2019</td><td>62,9 %</td></tr></table></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Явка</title></head>
        <body><table role="presentation"><tr><td><img src="logo.png" alt="ЦВК"></td><td>Центральна виборча комісія</td></tr></table></body>
        </html>
        """

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        for table in page.document.elements("table") where table.isPresentational {
            var found: [String] = []
            if table.elementChildren.contains(where: { $0.isHTML("caption") }) { found.append("<caption>") }
            if table.has("summary") { found.append("summary") }
            let cells = table.tableCells
            if cells.contains(where: { $0.isHTML("th") }) { found.append("<th>") }
            if cells.contains(where: { $0.has("headers") }) { found.append("headers") }
            guard !found.isEmpty else { continue }
            report.add(
                self, page, table,
                "<table role=\"\(table.explicitRole ?? "presentation")\"> has \(found.joined(separator: ", ")), which only data tables have; remove the role if it holds data, or the data-table markup if it is layout"
            )
        }
    }
}
