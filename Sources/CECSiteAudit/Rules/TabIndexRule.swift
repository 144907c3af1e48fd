import CECSiteCore

/// `tabindex`: no positive `tabindex` (WCAG 2.4.3).
struct TabIndexRule: AuditRule {
    let id = "tabindex"
    let criterion = "2.4.3"
    let summary = """
        tabindex must not be greater than 0: a positive tabindex moves the element ahead of the \
        page's natural order, so keyboard focus jumps around unpredictably.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Пошук</title></head>
        <body><a href="/">Головна</a><form><label>Пошук <input name="q" tabindex="1"></label></form></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Пошук</title></head>
        <body><a href="/">Головна</a><form><label>Пошук <input name="q"></label></form>
        <main id="main" tabindex="-1"><div class="table-scroll" tabindex="0">…</div></main></body>
        </html>
        """

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        for element in page.document.elements {
            guard let attribute = element.attributeNode("tabindex"), let value = element.tabIndex, value > 0 else { continue }
            report.add(
                self, page, attribute,
                "tabindex=\(quoted(attribute.value)) on <\(element.tag)> changes the focus order; use tabindex=\"0\" (or none) and put the element where it belongs in the source"
            )
        }
    }
}
