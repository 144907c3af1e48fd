import CECSiteCore

/// `table-headers`: a data table marks its header cells with `<th>` (WCAG 1.3.1).
struct TableHeadersRule: AuditRule {
    let id = "table-headers"
    let criterion = "1.3.1"
    let summary = """
        A data table (one with a caption, or more than one row and column) must mark its \
        header cells with <th>, so screen readers announce each cell with its column and row; \
        a table used only for layout should have role="presentation".
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Явка</title></head>
        <body><table><caption>Явка виборців</caption>
        <tr><td>Рік</td><td>Явка</td></tr>
        <tr><td>2019</td><td>62,9 %</td></tr></table></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Явка</title></head>
        <body><table><caption>Явка виборців</caption>
        <tr><th scope="col">Рік</th><th scope="col">Явка</th></tr>
        <tr><td>2019</td><td>62,9 %</td></tr></table>
        <table role="presentation"><tr><td>Ліва колонка</td><td>Права колонка</td></tr>
        <tr><td>…</td><td>…</td></tr></table></body>
        </html>
        """

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        let tables = page.document.elements("table")
        guard !tables.isEmpty else { return }
        // The tables that hold another: each table marks its nearest enclosing one, once.
        var holdsTable = Set<ObjectIdentifier>()
        for table in tables { if let outer = table.enclosingTable { holdsTable.insert(ObjectIdentifier(outer)) } }
        for table in tables {
            if table.isPresentational || table.isHiddenOrInHidden { continue }
            if let role = table.explicitRole, !["table", "grid", "treegrid"].contains(role) { continue }
            // Tables nested in tables are almost always layout, as browsers also guess.
            if holdsTable.contains(ObjectIdentifier(table)) || table.enclosingTable != nil,
                !table.elementChildren.contains(where: { $0.isHTML("caption") })
            {
                continue
            }
            let rows = table.tableRows
            let cellsPerRow = rows.map { $0.elementChildren.filter { $0.isHTML("td") || $0.isHTML("th") } }
            let columns = cellsPerRow.map(\.count).max() ?? 0
            let caption = table.elementChildren.first { $0.isHTML("caption") }
            guard caption != nil || (rows.count > 1 && columns > 1) else { continue }
            let cells = cellsPerRow.joined()
            if cells.isEmpty { continue }
            let hasHeader = cells.contains { cell in
                cell.isHTML("th") || ["columnheader", "rowheader"].contains(cell.explicitRole ?? "")
            }
            if hasHeader { continue }
            let name = caption.map { " (caption \(quoted($0.textContent)))" } ?? ""
            report.add(
                self, page, table,
                "Table\(name) with \(rows.count) rows and \(columns) columns has no header cells; make its column (or row) headings <th scope=\"col\"> (or scope=\"row\"), or add role=\"presentation\" if it only lays out the page"
            )
        }
    }
}
