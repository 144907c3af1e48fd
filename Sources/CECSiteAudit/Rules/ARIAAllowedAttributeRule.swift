import CECSiteCore

/// `aria-allowed-attr`: a state or property that belongs to certain roles (aria-checked,
/// aria-pressed, aria-sort …) is used only on elements with one of them (WCAG 4.1.2; ACT rule
/// 5c01ea).
struct ARIAAllowedAttributeRule: AuditRule {
    let id = "aria-allowed-attr"
    let criterion = "4.1.2"
    let summary = """
        An ARIA state or property that belongs to certain roles (aria-pressed to buttons, \
        aria-checked to checkboxes, aria-sort to column headers …) must be used only on elements \
        with one of them, or browsers ignore it.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Результати</title></head>
        <body><button aria-sort="ascending">Рік</button></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Результати</title></head>
        <body><button aria-pressed="false">Рік</button></body>
        </html>
        """

    /// Non-global states and properties, with the roles that support them (WAI-ARIA 1.2,
    /// inheritance resolved).
    static let supported: [String: Set<String>] = [
        "aria-sort": ["columnheader", "rowheader"],
        "aria-pressed": ["button"],
        "aria-checked": [
            "checkbox", "menuitemcheckbox", "menuitemradio", "option", "radio", "switch", "treeitem",
        ],
        "aria-level": ["heading", "listitem", "row", "treeitem", "comment"],
        "aria-multiline": ["textbox", "searchbox"],
        "aria-multiselectable": ["grid", "listbox", "tablist", "tree", "treegrid"],
        "aria-placeholder": ["textbox", "searchbox"],
        "aria-orientation": [
            "scrollbar", "select", "separator", "slider", "tablist", "toolbar", "listbox", "menu",
            "menubar", "radiogroup", "tree", "treegrid",
        ],
        "aria-modal": ["dialog", "alertdialog"],
        "aria-valuemax": ["meter", "progressbar", "scrollbar", "separator", "slider", "spinbutton"],
        "aria-valuemin": ["meter", "progressbar", "scrollbar", "separator", "slider", "spinbutton"],
        "aria-valuenow": ["meter", "progressbar", "scrollbar", "separator", "slider", "spinbutton"],
        "aria-valuetext": ["meter", "progressbar", "scrollbar", "separator", "slider", "spinbutton"],
    ]

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        for element in page.document.elements {
            let restricted = element.attributes.filter { Self.supported[$0.name] != nil }
            guard !restricted.isEmpty, !element.isHiddenOrInHidden else { continue }
            // Without a role of any kind (audio, video) only global attributes apply.
            let role = element.computedRole ?? "generic"
            if role == "none" || role == "presentation" { continue }
            for attribute in restricted where !(Self.supported[attribute.name]!.contains(role)) {
                report.add(
                    self, page, attribute,
                    "\(attribute.name) is not supported on <\(element.tag)> (role \"\(role)\") and is ignored; remove it, or give the element a role that has it (\(Self.supported[attribute.name]!.sorted().joined(separator: ", ")))"
                )
            }
        }
    }
}
