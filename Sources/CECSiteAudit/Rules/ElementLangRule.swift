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
            guard let lang = element.attributeNode("lang"), !lang.value.isEmpty else { continue }
            // A language tag matters only for the text it governs.
            guard governsText(element) else { continue }
            if let problem = LanguageTag.problem(lang.value) {
                report.add(self, page, lang, "lang on <\(element.tag)> \(problem)")
            }
        }
    }

    /// True when some visible text (or a text alternative) below `element` takes its language
    /// from it, not from a nearer lang.
    private func governsText(_ element: HTMLNode) -> Bool {
        var stack = element.children
        while let node = stack.popLast() {
            if node.kind == .text {
                if node.text.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) { return true }
                continue
            }
            // Text hidden only from screen readers (aria-hidden) is still shown in this language.
            if node.has("hidden") || node.has("lang") { continue }
            if let style = node.attribute("style")?.lowercased().filter({ !$0.isWhitespace }), style.contains("display:none") {
                continue
            }
            if node.namespace == .html, ["script", "style", "template"].contains(node.tag) { continue }
            if let alt = node.attribute("alt") ?? node.attribute("aria-label") ?? node.attribute("title"),
                !alt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            {
                return true
            }
            stack.append(contentsOf: node.children)
        }
        return element.attribute("aria-label").map { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty } ?? false
    }
}
