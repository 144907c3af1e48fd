import CECSiteCore

/// `role-img-alt`: an element with `role="img"` (other than `<img>` and `<svg>`) has an
/// accessible name (WCAG 1.1.1).
struct RoleImageAltRule: AuditRule {
    let id = "role-img-alt"
    let criterion = "1.1.1"
    let summary = """
        An element with role="img" hides its content from screen readers, so it must be named \
        with aria-label or aria-labelledby; a decorative one should be aria-hidden="true".
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Явка</title></head>
        <body><div class="bar-chart" role="img"><span style="width:63%"></span></div></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Явка</title></head>
        <body><div class="bar-chart" role="img" aria-label="Явка виборців: 63 %"><span style="width:63%"></span></div></body>
        </html>
        """

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        let document = page.document
        for element in document.elements {
            guard let role = element.explicitRole, role == "img" || role == "image" else { continue }
            if element.namespace == .svg && element.tag == "svg" { continue }  // svg-img-alt
            if element.isHTML("img") || element.isHTML("input") || element.isHTML("area") { continue }
            if element.isHiddenOrInHidden { continue }
            if !document.accessibleName(of: element).isEmpty { continue }
            report.add(
                self, page, element,
                "<\(element.tag) role=\"img\"> has no accessible name; say what it shows in aria-label=\"…\", or replace role=\"img\" by aria-hidden=\"true\" if it is decorative"
            )
        }
    }
}
