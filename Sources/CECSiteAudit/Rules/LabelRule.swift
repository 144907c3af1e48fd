import CECSiteCore

/// `label`: every text field, check box and radio button (and `<textarea>`) is labelled (WCAG 4.1.2).
struct LabelRule: AuditRule {
    let id = "label"
    let criterion = "4.1.2"
    let summary = """
        Every form field (<input>, <textarea>) must have a label — a <label> around it or with \
        for="its id", aria-label, aria-labelledby or title — so screen readers say what to enter.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Звернення</title></head>
        <body><form><p>Прізвище</p><input type="text" name="surname"><p>Звернення</p><textarea name="text"></textarea></form></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Звернення</title></head>
        <body><form><label>Прізвище <input type="text" name="surname"></label>
        <label for="text">Звернення</label><textarea id="text" name="text"></textarea>
        <input type="hidden" name="token" value="x"><input type="submit" value="Надіслати"></form></body>
        </html>
        """

    static let unlabelledTypes: Set<String> = ["hidden", "submit", "button", "reset", "image"]

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        let document = page.document
        for element in document.elements {
            let name = element.attribute("name").map { " name=\(quoted($0))" } ?? ""
            let description: String
            if element.isHTML("textarea") {
                description = "<textarea\(name)>"
            } else if element.isHTML("input") {
                let type = element.attribute("type")?.trimmingASCIIWhitespace().lowercased() ?? "text"
                if Self.unlabelledTypes.contains(type) { continue }
                description = "<input type=\"\(type.isEmpty ? "text" : type)\"\(name)>"
            } else {
                continue
            }
            if element.isHiddenOrInHidden { continue }
            // role="none" on a disabled field stands (nothing conflicts): it is no control.
            if let role = element.computedRole, role == "none" || role == "presentation" { continue }
            if !document.accessibleName(of: element).isEmpty { continue }
            // A placeholder is a (poor) name; browsers expose it, so it is not a failure here.
            if let placeholder = element.attribute("placeholder"), !placeholder.collapsingWhitespace().isEmpty { continue }
            let emptyLabel = !document.labels(of: element).isEmpty
            report.add(
                self, page, element,
                emptyLabel
                    ? "\(description) has a <label> with no text; write in the label what to enter"
                    : "\(description) has no label; wrap it in <label> or add <label for=\"its id\"> with visible text (or aria-label)")
        }
    }
}
