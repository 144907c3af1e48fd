import CECSiteCore

/// `label-for`: `<label for>` names the id of a form control of the page (WCAG 1.3.1).
struct LabelForRule: AuditRule {
    let id = "label-for"
    let criterion = "1.3.1"
    let summary = """
        A <label for="…"> must name the id of a form control (input, select, textarea, button, \
        meter, output, progress) of the same page, or the label is tied to nothing.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Звернення</title></head>
        <body><form><label for="surname">Прізвище</label> <input type="text" id="prizvyshche" name="surname"></form></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Звернення</title></head>
        <body><form><label for="surname">Прізвище</label> <input type="text" id="surname" name="surname"></form></body>
        </html>
        """

    static let labelable: Set<String> = ["button", "input", "meter", "output", "progress", "select", "textarea"]

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        let document = page.document
        for label in document.elements("label") {
            guard let attribute = label.attributeNode("for") else { continue }
            let target = attribute.value
            guard let element = document.element(id: target) else {
                report.add(
                    self, page, attribute,
                    target.isEmpty
                        ? "<label for=\"\"> names no control; set for to the id of the field it labels"
                        : "<label for=\(quoted(target))>: no element of the page has id \(quoted(target)); set for to the id of the field it labels")
                continue
            }
            let isLabelable =
                element.namespace == .html
                && (Self.labelable.contains(element.tag) || element.tag.contains("-"))
                && !(element.isHTML("input") && element.attribute("type")?.trimmingASCIIWhitespace().lowercased() == "hidden")
            if !isLabelable {
                report.add(
                    self, page, attribute,
                    "<label for=\(quoted(target))> points to a <\(element.tag)>, which cannot be labelled; point it to the form control itself")
            }
        }
    }
}
