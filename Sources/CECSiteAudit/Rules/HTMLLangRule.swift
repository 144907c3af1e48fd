import CECSiteCore

/// `html-lang`: the page declares its language on `<html>`, with a valid code (WCAG 3.1.1).
struct HTMLLangRule: AuditRule {
    let id = "html-lang"
    let criterion = "3.1.1"
    let summary = """
        The <html> element must have a lang attribute with a valid BCP 47 language code, so \
        screen readers pronounce the page in the right language.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="ua">
        <head><title>Вибори</title></head>
        <body><p>Центральна виборча комісія</p></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Вибори</title></head>
        <body><p>Центральна виборча комісія</p></body>
        </html>
        """

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        let html = page.document.root
        // In an HTML page only lang counts: xml:lang alone sets no language.
        guard let lang = html.attributeNode("lang") else {
            report.add(
                self, page, html,
                html.isImplied
                    ? "The page has no <html> element and so no language; start it with <html lang=\"uk\"> (or the page's language)"
                    : html.has("xml:lang")
                        ? "<html> has xml:lang but no lang attribute, and HTML reads only lang; add lang with the same value"
                        : "<html> has no lang attribute; add the page's language, e.g. <html lang=\"uk\">")
            return
        }
        if let problem = LanguageTag.problem(lang.value) {
            report.add(self, page, lang, "<html lang> \(problem)")
        }
    }
}
