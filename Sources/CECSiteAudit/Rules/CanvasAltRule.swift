import CECSiteCore

/// `canvas-alt`: a `<canvas>` a script draws on has fallback content or an accessible name
/// (WCAG 1.1.1). A warning: whether the drawing carries information is for a person to judge.
struct CanvasAltRule: AuditRule {
    let id = "canvas-alt"
    let criterion = "1.1.1"
    /// Whether a drawing carries information cannot be told from the page: a person decides.
    let severity = Diagnostic.Severity.warning
    let summary = """
        A <canvas> a script draws on is a picture to screen readers: give it fallback content (text or a table \
        between <canvas> and </canvas>) or aria-label, or aria-hidden="true" if it is decorative.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Результати</title></head>
        <body><canvas id="chart" width="600" height="300"></canvas>
        <script src="chart.js"></script></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Результати</title></head>
        <body><canvas id="chart" width="600" height="300"><p>Явка: 2019 — 62,9 %, 2014 — 52,4 %.</p></canvas>
        <canvas class="confetti" aria-hidden="true"></canvas></body>
        </html>
        """

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        let document = page.document
        // Without a script nothing is drawn: a blank canvas shows nothing to describe.
        guard document.elements("script").contains(where: { !$0.children.isEmpty || $0.has("src") }) else { return }
        for canvas in document.elements("canvas") {
            if canvas.isHiddenOrInHidden || canvas.isPresentational { continue }
            if !document.accessibleName(of: canvas).isEmpty { continue }
            if !canvas.textContent.isEmpty { continue }
            if canvas.descendants.contains(where: { !$0.isHidden && !document.accessibleName(of: $0).isEmpty }) { continue }
            let name = canvas.attribute("id").map { " id=\(quoted($0))" } ?? ""
            report.add(
                self, page, canvas,
                "<canvas\(name)> has no fallback content or accessible name; needs review: if the script draws information, put the same information as text or a table inside it, or mark it aria-hidden=\"true\" if decorative"
            )
        }
    }
}
