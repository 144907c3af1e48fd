import CECSiteCore

/// `autocomplete-valid`: the `autocomplete` attribute of a form field is a valid autofill
/// token list, so browsers and assistive technology know what the field asks for (WCAG 1.3.5;
/// ACT rule 73f2c2).
struct AutocompleteRule: AuditRule {
    let id = "autocomplete-valid"
    let criterion = "1.3.5"
    let summary = """
        The autocomplete attribute of a form field must be a valid autofill value \
        ("name", "email", "work tel", "section-x shipping postal-code", "off" …), so browsers \
        can fill it in and assistive technology can say what it asks for.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Звернення</title></head>
        <body><form><label>Електронна пошта <input type="email" autocomplete="mail"></label></form></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Звернення</title></head>
        <body><form><label>Електронна пошта <input type="email" autocomplete="work email"></label></form></body>
        </html>
        """

    /// Field names that take no contact qualifier (home, work …).
    static let fields: Set<String> = [
        "name", "honorific-prefix", "given-name", "additional-name", "family-name", "honorific-suffix",
        "nickname", "username", "new-password", "current-password", "one-time-code", "organization-title",
        "organization", "street-address", "address-line1", "address-line2", "address-line3", "address-level4",
        "address-level3", "address-level2", "address-level1", "country", "country-name", "postal-code",
        "cc-name", "cc-given-name", "cc-additional-name", "cc-family-name", "cc-number", "cc-exp",
        "cc-exp-month", "cc-exp-year", "cc-csc", "cc-type", "transaction-currency", "transaction-amount",
        "language", "bday", "bday-day", "bday-month", "bday-year", "sex", "url", "photo",
    ]
    /// Field names that may follow a contact qualifier.
    static let contactFields: Set<String> = [
        "tel", "tel-country-code", "tel-national", "tel-area-code", "tel-local", "tel-local-prefix",
        "tel-local-suffix", "tel-extension", "email", "impp",
    ]
    static let contactQualifiers: Set<String> = ["home", "work", "mobile", "fax", "pager"]

    /// True when `value` is an autofill detail token list (HTML § autofill).
    static func isValid(_ value: String) -> Bool {
        var tokens = value.lowercased().htmlTokens[...]
        if tokens == ["on"] || tokens == ["off"] { return true }
        if tokens.last == "webauthn" { tokens = tokens.dropLast() }
        if let first = tokens.first, first.hasPrefix("section-") { tokens = tokens.dropFirst() }
        if let first = tokens.first, first == "shipping" || first == "billing" { tokens = tokens.dropFirst() }
        guard let field = tokens.last else { return false }
        let qualifiers = tokens.dropLast()
        if qualifiers.isEmpty { return fields.contains(field) || contactFields.contains(field) }
        return qualifiers.count == 1 && contactQualifiers.contains(qualifiers.first!) && contactFields.contains(field)
    }

    private static let unfillable: Set<String> = ["hidden", "button", "submit", "reset", "image"]

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        for element in page.document.elements where element.isHTML("input") || element.isHTML("select") || element.isHTML("textarea") {
            guard let attribute = element.attributeNode("autocomplete"), !attribute.value.trimmingASCIIWhitespace().isEmpty else { continue }
            if element.isHTML("input"), Self.unfillable.contains((element.attribute("type") ?? "").lowercased()) { continue }
            if element.isDisabled || element.attribute("aria-disabled")?.lowercased() == "true" || element.isHiddenOrInHidden { continue }
            if Self.isValid(attribute.value) { continue }
            report.add(
                self, page, attribute,
                "autocomplete=\(quoted(attribute.value)) is not a valid autofill value; use a field name such as \"name\", \"email\", \"tel\" or \"postal-code\" (optionally after \"section-…\", \"shipping\"/\"billing\" and, for contacts, \"home\"/\"work\"/\"mobile\"), or \"off\""
            )
        }
    }
}
