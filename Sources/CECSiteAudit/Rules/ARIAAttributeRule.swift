import CECSiteCore

/// `aria-attr`: `aria-*` attributes exist in WAI-ARIA 1.2 and have allowed values (WCAG 4.1.2).
struct ARIAAttributeRule: AuditRule {
    let id = "aria-attr"
    let criterion = "4.1.2"
    let summary = """
        Every aria-* attribute must be a WAI-ARIA state or property, spelled right, with a value \
        it allows (aria-hidden="true", not "yes"), or browsers ignore it.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Меню</title></head>
        <body><button type="button" aria-expanded="open" aria-labeledby="menu-label">Меню</button>
        <span id="menu-label">Розділи сайту</span></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Меню</title></head>
        <body><button type="button" aria-expanded="false" aria-labelledby="menu-label">Меню</button>
        <span id="menu-label">Розділи сайту</span>
        <a href="/" aria-current="page">Головна</a></body>
        </html>
        """

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        for element in page.document.elements {
            for attribute in element.attributes where attribute.name.hasPrefix("aria-") {
                guard let type = ARIA.attributes[attribute.name] else {
                    let suggestion =
                        Self.suggestion(for: attribute.name).map { "; did you mean \($0)?" }
                        ?? "; use a WAI-ARIA state or property, or a data-* attribute"
                    report.add(
                        self, page, attribute,
                        "\(attribute.name) on <\(element.tag)> is not a WAI-ARIA attribute\(suggestion)")
                    continue
                }
                let value = attribute.value.trimmingASCIIWhitespace()
                guard !value.isEmpty else { continue }  // an empty value means the default
                let lowered = value.lowercased()
                var allowed: String?
                switch type {
                case .free:
                    break
                case .token(let tokens):
                    if !tokens.contains(lowered) { allowed = tokens.sorted().joined(separator: ", ") }
                case .tokens(let tokens):
                    if lowered.htmlTokens.contains(where: { !tokens.contains($0) }) {
                        allowed = "a list of " + tokens.sorted().joined(separator: ", ")
                    }
                case .integer:
                    if Int(value) == nil { allowed = "a whole number" }
                case .number:
                    if Double(value) == nil || value.contains(where: { $0.isLetter }) { allowed = "a number" }
                }
                if let allowed {
                    report.add(
                        self, page, attribute,
                        "\(attribute.name)=\(quoted(attribute.value)) on <\(element.tag)> is not an allowed value; use \(allowed)")
                }
            }
        }
    }

    /// Common misspellings of real attributes.
    static func suggestion(for name: String) -> String? {
        let known: [String: String] = [
            "aria-labeledby": "aria-labelledby", "aria-describeby": "aria-describedby",
            "aria-role": "role", "aria-lable": "aria-label",
            "aria-labelled-by": "aria-labelledby", "aria-described-by": "aria-describedby",
            "aria-haspopover": "aria-haspopup", "aria-selectd": "aria-selected",
        ]
        return known[name]
    }
}
