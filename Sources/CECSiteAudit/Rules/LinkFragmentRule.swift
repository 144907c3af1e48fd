import CECSiteCore

/// `link-fragment`: a link to `#fragment` (on the same page or another page of the site) names
/// an element that exists there (WCAG 2.4.4; for skip links also 2.4.1).
///
/// `href="#"` and `#top` go to the top of the page by HTML's rules and are fine; text fragments
/// (`#:~:text=`) and fragments of files that are not HTML pages are not checked.
struct LinkFragmentRule: AuditRule {
    let id = "link-fragment"
    let criterion = "2.4.4"
    let summary = """
        A link to a place in a page (#id) must name an id (or <a name>) that exists in that page; \
        otherwise the link, often a skip link, silently goes nowhere.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Головна — ЦВК</title></head>
        <body><a href="#main">Перейти до змісту</a><main id="content"><h1>Головна</h1></main></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Головна — ЦВК</title></head>
        <body><a href="#main">Перейти до змісту</a><main id="main"><h1>Головна</h1>
        <a href="#">Нагору</a> <a href="#top">Нагору</a></main></body>
        </html>
        """

    func checkSite(_ site: AuditSiteFacts, _ report: inout AuditReport) {
        for page in site.sortedPages {
            for link in page.links {
                guard let target = AuditPage.resolve(link.reference, from: page.path),
                    let fragment = target.fragment, !fragment.isEmpty,
                    fragment.lowercased() != "top", !fragment.hasPrefix(":~:"),
                    let path = LinkTargetRule.existingTarget(target.path, in: site.files),
                    let facts = site.pages[path]
                else { continue }
                if facts.anchors.contains(fragment) { continue }
                let place = path == page.path ? "this page" : path
                report.add(
                    self, link.location,
                    "The link href=\"\(link.reference)\" points to #\(fragment), but \(place) has no element with id=\"\(fragment)\"; add the id or correct the link"
                )
            }
        }
    }
}
