import CECSiteCore

/// `control-name`: elements made into form controls or menu items by an ARIA role
/// (`role="textbox"`, `"checkbox"`, `"menuitem"` …) and `<summary>` have an accessible name
/// (WCAG 4.1.2; ACT rules e086e5, m6b1q3, 2t702h).
struct ControlNameRule: AuditRule {
    let id = "control-name"
    let criterion = "4.1.2"
    let summary = """
        An element made into a control by an ARIA role (textbox, combobox, checkbox, switch, \
        slider, menuitem …) and every <summary> must have an accessible name — its text, \
        aria-label or aria-labelledby — or screen readers announce only its kind.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Пошук</title></head>
        <body><label>Прізвище <div role="textbox" contenteditable="true"></div></label></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Пошук</title></head>
        <body><span id="surname">Прізвище</span> <div role="textbox" contenteditable="true" aria-labelledby="surname"></div>
        <details><summary>Години роботи</summary><p>Щодня з 9:00 до 18:00.</p></details></body>
        </html>
        """

    /// Roles whose elements must be named; buttons, links, images and native fields have rules
    /// of their own.
    static let roles: Set<String> = [
        "textbox", "searchbox", "combobox", "listbox", "slider", "spinbutton", "checkbox", "radio",
        "switch", "menuitem", "menuitemcheckbox", "menuitemradio", "meter", "progressbar", "treeitem",
        "tree", "grid", "treegrid", "tooltip",
    ]

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        let document = page.document
        for element in document.elements {
            let what: String
            if element.isHTML("summary"), element.computedRole == "button",
                element.parent?.isHTML("details") == true,
                element.parent?.elementChildren.first(where: { $0.isHTML("summary") }) === element
            {
                what = "<summary>"
            } else if let role = element.explicitRole, element.computedRole == role, Self.roles.contains(role) {
                // Native fields (<input>, <select>, <textarea>) are checked by label and select-name.
                if element.namespace == .html, ["input", "select", "textarea"].contains(element.tag) { continue }
                what = "<\(element.tag) role=\"\(role)\">"
            } else {
                continue
            }
            if element.isHiddenOrInHidden { continue }
            if !document.accessibleName(of: element).isEmpty { continue }
            report.add(
                self, page, element,
                "\(what) has no accessible name; add text saying what it is, or aria-label / aria-labelledby (a <label> does not name an element that is not a native field)"
            )
        }
    }
}
