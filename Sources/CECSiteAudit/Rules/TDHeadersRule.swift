import CECSiteCore

/// `td-headers`: `headers` on a cell names header cells of the same table (WCAG 1.3.1).
struct TDHeadersRule: AuditRule {
    let id = "td-headers"
    let criterion = "1.3.1"
    let summary = """
        The headers attribute of a table cell must list ids of other cells (normally <th>) of \
        the same table, or the cell is announced without (or with the wrong) headings.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Явка</title></head>
        <body><table><caption>Явка виборців</caption>
        <tr><th id="year">Рік</th><th id="turnout">Явка</th></tr>
        <tr><td headers="year">2019</td><td headers="yavka">62,9 %</td></tr></table></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Явка</title></head>
        <body><table><caption>Явка виборців</caption>
        <tr><th id="year">Рік</th><th id="turnout">Явка</th></tr>
        <tr><td headers="year">2019</td><td headers="turnout">62,9 %</td></tr></table></body>
        </html>
        """

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        let document = page.document
        for cell in document.elements where cell.isHTML("td") || cell.isHTML("th") {
            guard let attribute = cell.attributeNode("headers") else { continue }
            let table = cell.enclosingTable
            // A table given another role (heading, presentation) has no cells to head.
            if let role = table?.computedRole, !["table", "grid", "treegrid"].contains(role) { continue }
            var problems: [String] = []
            for id in attribute.value.htmlTokens {
                guard let target = document.element(id: id) else {
                    problems.append("\(quoted(id)) is not an id in the page")
                    continue
                }
                if target === cell {
                    problems.append("\(quoted(id)) is the cell itself")
                } else if !target.isHTML("th") && !target.isHTML("td") {
                    problems.append("\(quoted(id)) is a <\(target.tag)>, not a header cell")
                } else if target.enclosingTable !== table {
                    problems.append("\(quoted(id)) is a cell of another table")
                }
            }
            guard !problems.isEmpty else { continue }
            report.add(
                self, page, attribute,
                "headers=\(quoted(attribute.value)) on <\(cell.tag)>: \(problems.joined(separator: "; ")); list the ids of this table's <th> cells that head it"
            )
        }
    }
}
