import CECSiteCore

/// `aria-reference`: id references (`aria-labelledby`, `aria-describedby`, `headers`, …) name
/// ids that exist in the page (WCAG 1.3.1).
struct ARIAReferenceRule: AuditRule {
    let id = "aria-reference"
    let criterion = "1.3.1"
    let summary = """
        Every id named by aria-labelledby, aria-describedby, aria-controls, aria-owns (and the \
        other ARIA references), list and output's for must exist in the page, or the relation is lost.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Календарний план</title></head>
        <body><section aria-labelledby="plan-heading"><h2 id="calendar-heading">Календарний план</h2></section></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Календарний план</title></head>
        <body><section aria-labelledby="plan-heading"><h2 id="plan-heading">Календарний план</h2></section>
        <button type="button" aria-expanded="false" aria-controls="menu">Меню</button></body>
        </html>
        """

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        let document = page.document
        for element in document.elements {
            for attribute in element.attributes {
                let isReference: Bool
                switch attribute.name {
                case "list": isReference = element.isHTML("input")
                case "for": isReference = element.isHTML("output")
                case "aria-controls":
                    // A collapsed disclosure or popup often controls content not rendered yet.
                    isReference = element.attribute("aria-expanded")?.trimmingASCIIWhitespace().lowercased() == "true"
                default: isReference = ARIA.idReferenceAttributes.contains(attribute.name)
                }
                guard isReference else { continue }
                let missing = attribute.value.htmlTokens.filter { document.element(id: $0) == nil }
                guard !missing.isEmpty else { continue }
                let list = missing.map { quoted($0) }.joined(separator: ", ")
                report.add(
                    self, page, attribute,
                    "\(attribute.name)=\(quoted(attribute.value)) on <\(element.tag)> names \(missing.count == 1 ? "an id" : "ids") not in the page (\(list)); give the intended element that id, or fix the reference"
                )
            }
        }
    }
}
