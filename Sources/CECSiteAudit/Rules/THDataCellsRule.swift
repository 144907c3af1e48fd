import CECSiteCore

/// `th-has-data-cells`: every header cell of a table heads at least one cell: a column header
/// some cell below or beside it in its column, a row header some cell in its row (WCAG 1.3.1;
/// ACT rule d0f69e).
struct THDataCellsRule: AuditRule {
    let id = "th-has-data-cells"
    let criterion = "1.3.1"
    let summary = """
        Every header cell of a table must head at least one cell (a column header cells in its \
        column, a row header cells in its row), or the table's structure promises data it does \
        not have and screen readers announce headers for nothing.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Явка</title></head>
        <body><table><caption>Явка виборців</caption>
        <tr><th>Рік</th><th>Явка</th></tr>
        <tr><td>2019</td></tr></table></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Явка</title></head>
        <body><table><caption>Явка виборців</caption>
        <tr><th>Рік</th><th>Явка</th></tr>
        <tr><td>2019</td><td>62,9 %</td></tr></table></body>
        </html>
        """

    private static let headerRoles: Set<String> = ["columnheader", "rowheader"]
    private static let cellRoles: Set<String> = ["cell", "gridcell", "columnheader", "rowheader"]

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        let document = page.document
        for table in document.elements {
            guard let role = table.computedRole, ["table", "grid", "treegrid"].contains(role) else { continue }
            if table.isHiddenOrInHidden { continue }
            guard let grid = Self.grid(of: table) else { continue }
            for (rowIndex, row) in grid.enumerated() {
                for placed in row {
                    let cell = placed.cell
                    guard let cellRole = cell.computedRole, Self.headerRoles.contains(cellRole), !cell.isHiddenOrInHidden else {
                        continue
                    }
                    let id = cell.attribute("id")
                    let headed: Bool
                    if cellRole == "columnheader" {
                        let columns = placed.column..<(placed.column + placed.span)
                        headed = grid.enumerated().contains { otherIndex, other in
                            otherIndex != rowIndex
                                && other.contains { candidate in
                                    guard candidate.column < columns.upperBound, columns.lowerBound < candidate.column + candidate.span else {
                                        return false
                                    }
                                    return Self.mayBeHeaded(candidate.cell, by: id)
                                }
                        }
                    } else {
                        headed = row.contains { $0.cell !== cell && Self.mayBeHeaded($0.cell, by: id) }
                    }
                    let byReference =
                        id.map { id in
                            grid.joined().contains { ($0.cell.attribute("headers") ?? "").htmlTokens.contains(id) }
                        } ?? false
                    if headed || byReference { continue }
                    report.add(
                        self, page, cell,
                        "Header cell \(quoted(cell.textContent)) heads no cell: its \(cellRole == "columnheader" ? "column" : "row") has no other cell; add the data, or make it an ordinary cell"
                    )
                }
            }
        }
    }

    /// True when `cell` is headed by the header with `id` unless its headers attribute says otherwise.
    private static func mayBeHeaded(_ cell: HTMLNode, by id: String?) -> Bool {
        guard let headers = cell.attribute("headers") else { return !cell.isHiddenOrInHidden }
        return id.map { headers.htmlTokens.contains($0) } ?? false
    }

    struct Placed {
        var cell: HTMLNode
        var column: Int
        var span: Int
    }

    /// The cells of each row with their columns; nil for tables this rule does not judge
    /// (row spans, nested tables in rows).
    static func grid(of table: HTMLNode) -> [[Placed]]? {
        let rows: [HTMLNode]
        if table.explicitRole == nil, table.isHTML("table") {
            rows = table.tableRows
        } else {
            rows = table.descendants.filter { row in
                row.computedRole == "row"
                    && row.nearestAncestor { ["table", "grid", "treegrid"].contains($0.computedRole ?? "") } === table
            }
        }
        var grid: [[Placed]] = []
        for row in rows {
            var column = 0
            var placed: [Placed] = []
            let cells = row.descendants.filter { cell in
                Self.cellRoles.contains(cell.computedRole ?? "")
                    && cell.nearestAncestor { $0.computedRole == "row" || $0.isHTML("tr") } === row
            }
            for cell in cells {
                if let rowSpan = Int(cell.trimmedAttribute("rowspan") ?? ""), rowSpan > 1 { return nil }
                let span = max(1, min(1000, Int(cell.trimmedAttribute("colspan") ?? "") ?? 1))
                placed.append(Placed(cell: cell, column: column, span: span))
                column += span
            }
            grid.append(placed)
        }
        return grid
    }
}
