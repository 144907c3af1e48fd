import CECSiteCore

/// `aria-role`: role values are roles of WAI-ARIA 1.2 (WCAG 4.1.2).
struct ARIARoleRule: AuditRule {
    let id = "aria-role"
    let criterion = "4.1.2"
    let summary = """
        Every token of a role attribute must be a concrete WAI-ARIA role (abstract roles such \
        as "widget" or "landmark" are not allowed), or assistive technology ignores it.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Новини</title></head>
        <body><div role="sidebar"><p>Оголошення комісії</p></div></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Новини</title></head>
        <body><aside role="complementary"><p>Оголошення комісії</p></aside>
        <div role="region" aria-label="Оголошення"><p>…</p></div></body>
        </html>
        """

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        for element in page.document.elements {
            guard let attribute = element.attributeNode("role") else { continue }
            // A fallback list ("searchfield searchbox") is fine when the browser finds a role in it.
            let tokens = attribute.value.lowercased().htmlTokens
            if tokens.contains(where: { ARIA.roles.contains($0) }) { continue }
            for token in tokens where !ARIA.roles.contains(token) {
                let message =
                    ARIA.abstractRoles.contains(token)
                    ? "role=\(quoted(token)) on <\(element.tag)> is an abstract ARIA role, never to be used in pages; use a concrete role (e.g. \"button\", \"navigation\", \"region\")"
                    : "role=\(quoted(token)) on <\(element.tag)> is not a WAI-ARIA role; use a real one (e.g. \"complementary\", \"navigation\", \"region\") or remove it"
                report.add(self, page, attribute, message)
            }
        }
    }
}
