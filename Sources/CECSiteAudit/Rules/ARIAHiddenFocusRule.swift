import CECSiteCore

/// `aria-hidden-focus`: nothing focusable is inside an `aria-hidden="true"` part (WCAG 4.1.2).
struct ARIAHiddenFocusRule: AuditRule {
    let id = "aria-hidden-focus"
    let criterion = "4.1.2"
    let summary = """
        Content with aria-hidden="true" must not contain links, buttons or other focusable \
        elements: keyboard users reach them, but screen readers announce nothing.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Новини</title></head>
        <body><div class="carousel-clone" aria-hidden="true"><a href="news/plan.html">ЦВК затвердила календарний план</a></div></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Новини</title></head>
        <body><div class="carousel-clone" aria-hidden="true"><a href="news/plan.html" tabindex="-1">ЦВК затвердила календарний план</a>
        <svg viewBox="0 0 10 10"><circle r="5"/></svg></div></body>
        </html>
        """

    /// True when the element is not rendered at all (so not focusable either).
    static func isNotRendered(_ element: HTMLNode) -> Bool {
        notRenderedHere(element) || element.nearestAncestor(where: notRenderedHere) != nil
    }

    /// True when this element alone is not rendered (see `isNotRendered`).
    private static func notRenderedHere(_ node: HTMLNode) -> Bool {
        if node.has("hidden") || node.has("inert") { return true }
        if node.isHTML("template") { return true }
        if let style = node.attribute("style")?.lowercased().filter({ !$0.isWhitespace }),
            style.contains("display:none") || style.contains("visibility:hidden")
        {
            return true
        }
        return false
    }

    /// Whether the page a frame shows has a focusable element; nil when it is not in the tree.
    static func frameHasFocusable(_ frame: HTMLNode, _ page: AuditPage) -> Bool? {
        if let source = frame.attribute("srcdoc") {
            return HTMLDocument(parsing: source).elements.contains { $0.isFocusable }
        }
        guard let src = frame.trimmedAttribute("src"), !src.isEmpty, let target = page.resolve(src),
            let text = page.resources.text(at: target.path)
        else { return nil }
        return page.resources.memo("frame-focusable:" + target.path) {
            HTMLDocument(parsing: text).elements.contains { $0.isFocusable }
        }
    }

    /// True when an inline script of the page names `id` (and may manage focus with it).
    static func scriptsMention(_ id: String, _ document: HTMLDocument) -> Bool {
        document.elements("script").contains { script in script.children.contains { $0.text.contains(id) } }
    }

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        let document = page.document
        guard document.elements.contains(where: { $0.isFocusable }) else { return }
        // The nearest aria-hidden element and whether anything hides the element, worked out
        // once per element (parent first), not by walking each focusable element's ancestors.
        let nearestHidden = document.inherited(nil as HTMLNode?) { node, above in
            node.attribute("aria-hidden")?.trimmingASCIIWhitespace().lowercased() == "true" ? node : above
        }
        let notRendered = document.inherited(false) { node, above in above || Self.notRenderedHere(node) }
        for element in document.elements where element.isFocusable {
            guard let found = nearestHidden[ObjectIdentifier(element)], let hidden = found else { continue }
            if notRendered[ObjectIdentifier(element)] ?? false { continue }
            var severity: Diagnostic.Severity?
            var review = ""
            if element.isHTML("iframe"), element.tabIndex == nil {
                // A frame is a tab stop only when its document has something focusable.
                switch Self.frameHasFocusable(element, page) {
                case false?: continue
                case true?: break
                case nil:
                    severity = .warning
                    review = " (needs review: the framed page is not in the audited folder, so whether it holds anything focusable is unknown)"
                }
            }
            if let id = element.attribute("id"), !id.isEmpty, Self.scriptsMention(id, document) {
                severity = .warning
                review = " (needs review: a script names this element, and may move focus away from it)"
            }
            let what = element.attribute("href").map { "<\(element.tag) href=\(quoted($0))>" } ?? "<\(element.tag)>"
            let place = hidden === element ? "has aria-hidden=\"true\"" : "is inside aria-hidden=\"true\" (<\(hidden.tag)> on line \(hidden.line))"
            report.add(
                self, page, element,
                "Focusable \(what) \(place), so keyboard users reach something screen readers do not announce; add tabindex=\"-1\" (or disabled), or remove aria-hidden\(review)",
                severity: severity
            )
        }
    }
}
