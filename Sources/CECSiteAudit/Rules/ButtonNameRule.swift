import CECSiteCore

/// `button-name`: every button has an accessible name (WCAG 4.1.2).
struct ButtonNameRule: AuditRule {
    let id = "button-name"
    let criterion = "4.1.2"
    let summary = """
        Every button (<button>, <input type="button">, role="button") must have an accessible \
        name — text, value, aria-label or aria-labelledby — saying what it does.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Меню</title></head>
        <body><button type="button" class="menu-toggle" aria-expanded="false"><svg aria-hidden="true" viewBox="0 0 24 24"><path d="M3 6h18M3 12h18M3 18h18"/></svg></button></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Меню</title></head>
        <body><button type="button" class="menu-toggle" aria-expanded="false" aria-label="Меню"><svg aria-hidden="true" viewBox="0 0 24 24"><path d="M3 6h18M3 12h18M3 18h18"/></svg></button>
        <form><input type="submit"></form></body>
        </html>
        """

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        let document = page.document
        for element in document.elements {
            let description: String
            if element.isHTML("button") {
                if let role = element.computedRole, role != "button" { continue }
                description = "<button>"
            } else if element.isHTML("input") {
                let type = element.attribute("type")?.trimmingASCIIWhitespace().lowercased() ?? ""
                guard type == "button" else { continue }  // submit and reset have default names
                description = "<input type=\"button\">"
            } else if element.explicitRole == "button" {
                if element.isHTML("input") || element.isHTML("img") { continue }
                description = "<\(element.tag) role=\"button\">"
            } else {
                continue
            }
            if element.isHiddenOrInHidden { continue }
            if !document.accessibleName(of: element).isEmpty { continue }
            let hint =
                element.isHTML("input")
                ? "give it a value=\"…\" saying what it does"
                : "add text saying what it does, or aria-label=\"…\" when it shows only an icon"
            let id = element.attribute("id").map { " (id \(quoted($0)))" } ?? ""
            report.add(self, page, element, "\(description)\(id) has no accessible name; \(hint)")
        }
    }
}
