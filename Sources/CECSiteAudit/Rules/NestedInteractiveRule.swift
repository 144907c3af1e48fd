import CECSiteCore

/// `nested-interactive`: an element whose children are presentational (a button, a checkbox,
/// a tab, an image) holds nothing focusable (WCAG 4.1.2; ACT rule 307n5z).
struct NestedInteractiveRule: AuditRule {
    let id = "nested-interactive"
    let criterion = "4.1.2"
    let summary = """
        A button, checkbox, tab, image or other element whose content is presented as one whole \
        must not contain links, fields or anything else focusable: screen readers do not announce \
        the inner control, yet keyboard focus lands on it.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Розділи</title></head>
        <body><div role="tablist"><div role="tab"><a href="news.html">Новини</a></div></div></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Розділи</title></head>
        <body><p><a href="news.html">Новини</a> <button>Зберегти</button></p></body>
        </html>
        """

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        for element in page.document.elements where !element.children.isEmpty {
            guard let role = element.computedRole, ARIARoleModel.presentationalChildren.contains(role) else { continue }
            if element.isHiddenOrInHidden { continue }
            guard let inner = element.descendants.first(where: { $0.isFocusable && !$0.isHiddenOrInHidden }) else { continue }
            report.add(
                self, page, inner,
                "<\(inner.tag)> is focusable inside <\(element.tag)> (role \"\(role)\"), whose content screen readers present as one whole; move it out, or make it not focusable"
            )
        }
    }
}
