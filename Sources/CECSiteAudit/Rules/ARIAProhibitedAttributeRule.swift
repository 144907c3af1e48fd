import CECSiteCore

/// `aria-prohibited-attr`: no `aria-label` or `aria-labelledby` on elements whose role cannot be
/// named (a plain `<div>`, `<span>`, `<p>`, `role="none"`), and no `aria-roledescription` on
/// generic ones (WCAG 1.3.1; ACT rule kb1m8s).
struct ARIAProhibitedAttributeRule: AuditRule {
    let id = "aria-prohibited-attr"
    let criterion = "1.3.1"
    let summary = """
        aria-label, aria-labelledby and aria-braillelabel are not allowed on elements whose role \
        cannot be named (<div>, <span>, <p>, role="none" …), nor aria-roledescription on generic \
        ones: screen readers ignore them, so the text they hold is lost.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Ціни</title></head>
        <body><div aria-label="Було 100, тепер 1 гривня"><s>100</s> / <b>1</b></div></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Ціни</title></head>
        <body><a href="offer.html" aria-label="Було 100, тепер 1 гривня"><s>100</s> / <b>1</b></a></body>
        </html>
        """

    private static let naming = ["aria-label", "aria-labelledby", "aria-braillelabel"]
    private static let describing = ["aria-roledescription", "aria-brailleroledescription"]

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        for element in page.document.elements where element.namespace == .html {
            guard element.attributes.contains(where: { $0.name.hasPrefix("aria-") }) else { continue }
            guard let role = element.computedRole else { continue }
            if element.isHiddenOrInHidden { continue }
            var prohibited: [HTMLAttribute] = []
            if ARIARoleModel.nameProhibited.contains(role) {
                prohibited += Self.naming.compactMap { element.attributeNode($0) }
            }
            if ["generic", "none", "presentation"].contains(role) {
                prohibited += Self.describing.compactMap { element.attributeNode($0) }
            }
            for attribute in prohibited {
                report.add(
                    self, page, attribute,
                    "\(attribute.name) is not allowed on <\(element.tag)> (role \"\(role)\"), so it is ignored; put the text in the content, or use an element that can be named"
                )
            }
        }
    }
}
