import CECSiteCore

/// `aria-required-children`: an element whose role requires owned elements of certain roles
/// (a list its list items, a tablist its tabs, a menu its menu items) owns nothing else
/// (WCAG 1.3.1; ACT rule bc4a75).
struct ARIARequiredChildrenRule: AuditRule {
    let id = "aria-required-children"
    let criterion = "1.3.1"
    let summary = """
        An element whose ARIA role requires children of certain roles (list: listitem, tablist: \
        tab, menu: menuitem, row: cell …) must own only those, or screen readers cannot tell how \
        many items there are or where each one is.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Розділи</title></head>
        <body><div role="tablist"><span>Календар</span><button role="tab">Новини</button></div></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Розділи</title></head>
        <body><div role="tablist"><button role="tab">Календар</button><button role="tab">Новини</button></div></body>
        </html>
        """

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        let document = page.document
        let candidates = document.elements.filter { $0.has("role") || $0.isHTML("select") || $0.isHTML("datalist") }
        guard !candidates.isEmpty else { return }
        let owners = document.ariaOwners
        for element in candidates {
            guard let role = element.computedRole, let allowed = ARIARoleModel.requiredOwned[role] else { continue }
            if element.isHiddenOrInHidden || element.attribute("aria-busy")?.lowercased() == "true" { continue }
            // Lists of HTML (<ul>, <ol>, <menu>) are checked by list-children, except for children
            // with roles of their own.
            let htmlList = element.explicitRole == nil && ["ul", "ol", "menu"].contains(element.tag)
            var visited: Set<ObjectIdentifier> = [ObjectIdentifier(element)]
            if let wrong = firstWrong(document.ownedNodes(of: element, owners: owners), allowed, document, owners, htmlList, &visited) {
                let what =
                    wrong.kind == .text
                    ? "text \(quoted(wrong.text))"
                    : "<\(wrong.tag)>" + (wrong.computedRole.map { " with role \"\($0)\"" } ?? "")
                let expected = allowed.sorted().joined(separator: ", ")
                report.add(
                    self, page, element,
                    "<\(element.tag)> has role \"\(role)\", which may own only elements with role \(expected), but owns \(what); give the children those roles, or change the role"
                )
            }
        }
    }

    private func firstWrong(
        _ owned: [HTMLNode], _ allowed: Set<String>, _ document: HTMLDocument,
        _ owners: [ObjectIdentifier: HTMLNode], _ htmlList: Bool, _ visited: inout Set<ObjectIdentifier>
    ) -> HTMLNode? {
        for node in owned {
            if node.kind == .text {
                if htmlList { continue }
                return node
            }
            if htmlList, node.explicitRole == nil { continue }
            guard let role = node.computedRole, allowed.contains(role) else { return node }
            // A group inside a menu, listbox or tree holds the same items as its owner (each group
            // once: aria-owns may form a cycle).
            if role == "group", visited.insert(ObjectIdentifier(node)).inserted,
                let wrong = firstWrong(document.ownedNodes(of: node, owners: owners), allowed, document, owners, false, &visited)
            {
                return wrong
            }
        }
        return nil
    }
}
