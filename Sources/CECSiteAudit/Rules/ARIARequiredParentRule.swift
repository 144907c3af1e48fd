import CECSiteCore

/// `aria-required-parent`: an element with a role that needs a context (listitem in a list,
/// tab in a tablist, option in a listbox) is owned by an element of that role (WCAG 1.3.1;
/// ACT rule ff89c9).
struct ARIARequiredParentRule: AuditRule {
    let id = "aria-required-parent"
    let criterion = "1.3.1"
    let summary = """
        An element whose ARIA role only makes sense inside another (listitem in a list, tab in a \
        tablist, option in a listbox, row in a table) must be owned by an element with that role, \
        or screen readers announce it out of its structure.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Розділи</title></head>
        <body><div><button role="tab">Календар</button><button role="tab">Новини</button></div></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Розділи</title></head>
        <body><div role="tablist" aria-label="Розділи"><button role="tab">Календар</button><button role="tab">Новини</button></div></body>
        </html>
        """

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        let document = page.document
        let candidates = document.elements.filter { element in
            element.explicitRole.map { ARIARoleModel.requiredContext[$0] != nil } ?? false
        }
        guard !candidates.isEmpty else { return }
        let owners = document.ariaOwners
        for element in candidates {
            guard let role = element.computedRole, let context = ARIARoleModel.requiredContext[role] else { continue }
            // The element's own HTML role already has this context (<li role="listitem"> in <ul>).
            if element.isHiddenOrInHidden { continue }
            let parent = document.accessibilityParent(of: element, owners: owners)
            if let parentRole = parent?.computedRole, context.contains(parentRole) { continue }
            let found = parent.map { "<\($0.tag)>" + ($0.computedRole.map { " with role \"\($0)\"" } ?? "") } ?? "nothing"
            report.add(
                self, page, element,
                "<\(element.tag) role=\"\(role)\"> must be owned by an element with role \(context.sorted().joined(separator: " or ")), but its owner is \(found); put it inside one, or change its role"
            )
        }
    }
}
