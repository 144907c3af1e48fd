import CECSiteCore

/// `valid-lang`: a `lang` on a part of the page names a real language (WCAG 3.1.2).
struct ElementLangRule: AuditRule {
    let id = "valid-lang"
    let criterion = "3.1.2"
    let summary = """
        A lang attribute on an element inside the page must hold a valid BCP 47 language code, \
        so the passage is read in its own language.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Вибори</title></head>
        <body><p>Англійською: <span lang="english">Central Election Commission</span></p></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Вибори</title></head>
        <body><p>Англійською: <span lang="en">Central Election Commission</span></p></body>
        </html>
        """

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        for element in page.document.elements where element !== page.document.root {
            // lang="" is allowed inside a page: it says the language is unknown.
            guard let lang = element.attributeNode("lang"), !lang.value.trimmingASCIIWhitespace().isEmpty
            else { continue }
            if let problem = LanguageTag.problem(lang.value) {
                report.add(self, page, lang, "lang on <\(element.tag)> \(problem)")
            }
        }
    }
}
