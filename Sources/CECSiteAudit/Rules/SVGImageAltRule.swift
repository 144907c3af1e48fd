import CECSiteCore

/// `svg-img-alt`: an `<svg role="img">` has an accessible name (WCAG 1.1.1).
struct SVGImageAltRule: AuditRule {
    let id = "svg-img-alt"
    let criterion = "1.1.1"
    let summary = """
        An <svg> with role="img" must be named by a <title> child, aria-label or \
        aria-labelledby; a decorative one should have aria-hidden="true" instead of role="img".
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Явка</title></head>
        <body><svg role="img" viewBox="0 0 100 10"><rect width="63" height="10"/></svg></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Явка</title></head>
        <body><svg role="img" viewBox="0 0 100 10"><title>Явка виборців: 63 %</title><rect width="63" height="10"/></svg>
        <svg aria-hidden="true" viewBox="0 0 10 10"><circle r="5"/></svg></body>
        </html>
        """

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        let document = page.document
        for svg in document.elements where svg.namespace == .svg {
            guard let role = svg.explicitRole, ["img", "image", "graphics-document", "graphics-symbol"].contains(role) else {
                continue
            }
            if svg.isHiddenOrInHidden { continue }
            if !document.accessibleName(of: svg).isEmpty { continue }
            let hasTitle = svg.elementChildren.contains { $0.tag == "title" }
            report.add(
                self, page, svg,
                hasTitle
                    ? "<svg role=\"img\"> has an empty <title>; write what the graphic shows in it, or use aria-label"
                    : "<svg role=\"img\"> has no accessible name; add a <title> child (or aria-label) saying what it shows, or replace role=\"img\" by aria-hidden=\"true\" if it is decorative"
            )
        }
    }
}
