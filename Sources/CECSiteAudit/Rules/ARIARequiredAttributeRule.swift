import CECSiteCore

/// `aria-required-attr`: an element with an ARIA role has the states and properties the role
/// requires (a heading its level, a checkbox or switch its state) (WCAG 4.1.2; ACT rule 4e8ab6).
struct ARIARequiredAttributeRule: AuditRule {
    let id = "aria-required-attr"
    let criterion = "4.1.2"
    let summary = """
        An element given an ARIA role must carry the states and properties the role requires \
        (role="heading": aria-level; checkbox, radio and switch: aria-checked; slider: \
        aria-valuenow; combobox: aria-expanded), or screen readers announce it incompletely.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Налаштування</title></head>
        <body><div role="switch" tabindex="0">Сповіщення</div></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Налаштування</title></head>
        <body><div role="switch" tabindex="0" aria-checked="false">Сповіщення</div>
        <input type="checkbox" role="switch" aria-label="Звук"></body>
        </html>
        """

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        for element in page.document.elements {
            guard let role = element.explicitRole, element.computedRole == role else { continue }
            var required = ARIARoleModel.requiredStates[role] ?? []
            if role == "separator", element.isFocusable { required = ["aria-valuenow"] }
            guard !required.isEmpty, !element.isHiddenOrInHidden else { continue }
            let missing = required.filter { !element.has($0) && !suppliedByHTML($0, element) }
            guard !missing.isEmpty else { continue }
            report.add(
                self, page, element,
                "<\(element.tag) role=\"\(role)\"> lacks \(missing.joined(separator: " and ")), which the role requires; add \(missing.map { "\($0)=\"…\"" }.joined(separator: " "))"
            )
        }
    }

    /// True when the element's own HTML semantics give the state (a native checkbox's checked).
    private func suppliedByHTML(_ state: String, _ element: HTMLNode) -> Bool {
        guard element.namespace == .html else { return false }
        switch state {
        case "aria-checked":
            let type = element.attribute("type")?.lowercased()
            return element.tag == "input" && (type == "checkbox" || type == "radio")
        case "aria-level":
            return ["h1", "h2", "h3", "h4", "h5", "h6"].contains(element.tag)
        case "aria-valuenow":
            return element.tag == "input" || element.tag == "meter" || element.tag == "progress"
        case "aria-expanded":
            return element.tag == "select"
        default:
            return false
        }
    }
}
