import CECSiteCore

/// `frame-title`: every `<iframe>` and `<frame>` has a title (WCAG 4.1.2).
struct FrameTitleRule: AuditRule {
    let id = "frame-title"
    let criterion = "4.1.2"
    let summary = """
        Every <iframe> (and <frame>) must have a title (or aria-label) saying what it contains, \
        so screen reader users can decide whether to enter it.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Засідання</title></head>
        <body><iframe src="https://www.youtube.com/embed/abc123" width="560" height="315"></iframe></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Засідання</title></head>
        <body><iframe src="https://www.youtube.com/embed/abc123" width="560" height="315" title="Відеозапис засідання ЦВК 12 березня"></iframe></body>
        </html>
        """

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        let document = page.document
        for frame in document.elements where frame.isHTML("iframe") || frame.isHTML("frame") {
            if frame.isHiddenOrInHidden { continue }
            // Out of the tab order and marked as decoration: nobody is asked to enter it.
            if (frame.tabIndex ?? 0) < 0 || frame.explicitRole == "none" || frame.explicitRole == "presentation" { continue }
            if !document.accessibleName(of: frame).isEmpty { continue }
            let source = frame.attribute("src").map { " src=\(quoted($0))" } ?? ""
            report.add(
                self, page, frame,
                "<\(frame.tag)\(source)> has no title; add title=\"…\" describing its content, e.g. title=\"Відеозапис засідання ЦВК\"")
        }
    }
}
