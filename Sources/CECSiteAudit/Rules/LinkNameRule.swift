import CECSiteCore

/// `link-name`: every link has a name: text, an image's alt, aria-label(ledby) or title (WCAG 2.4.4).
struct LinkNameRule: AuditRule {
    let id = "link-name"
    let criterion = "2.4.4"
    let summary = """
        Every <a href> must have an accessible name — its text, the alt of an image in it, \
        aria-label or aria-labelledby — or screen readers announce just "link" or the address.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Контакти</title></head>
        <body><a href="https://www.facebook.com/cvk.gov.ua"><svg aria-hidden="true" viewBox="0 0 24 24"><path d="M0 0h24v24H0z"/></svg></a></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Контакти</title></head>
        <body><a href="https://www.facebook.com/cvk.gov.ua"><svg aria-hidden="true" viewBox="0 0 24 24"><path d="M0 0h24v24H0z"/></svg><span class="visually-hidden">ЦВК у Facebook</span></a></body>
        </html>
        """

    /// The link role and the DPUB-ARIA roles that are links.
    static let linkRoles: Set<String> = ["link", "doc-backlink", "doc-biblioref", "doc-glossref", "doc-noteref"]

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        let document = page.document
        for link in document.elements("a") where link.has("href") {
            if link.isHiddenOrInHidden { continue }
            // Other roles are checked by their own rules (button-name) or make it no link.
            guard let role = link.computedRole, Self.linkRoles.contains(role) else { continue }
            if !document.accessibleName(of: link).isEmpty { continue }
            let href = link.attribute("href") ?? ""
            let images = link.descendants.filter { $0.isHTML("img") }
            let hint =
                images.isEmpty
                ? "add link text (a visually hidden span if need be) or aria-label"
                : "give the image in it an alt saying where the link leads"
            report.add(self, page, link, "Link to \(quoted(href)) has no accessible name; \(hint)")
        }
    }
}
