import CECSiteCore

/// `link-target`: every link inside the site leads to a file of the site (WCAG 2.4.4).
///
/// A broken link is not named by any success criterion; 2.4.4 (link purpose) is the nearest:
/// a link whose destination does not exist cannot fulfil the purpose its text announces.
/// Only links inside the audited tree are checked (relative or root-relative `href`);
/// a link to a folder means its `index.html`; any existing file (CSS, CSV, ICS…) is fine.
struct LinkTargetRule: AuditRule {
    let id = "link-target"
    let criterion = "2.4.4"
    let summary = """
        A link to another page or file of the site must lead to a file that exists: a link whose \
        target is missing cannot take the reader where its text promises.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Головна — ЦВК</title></head>
        <body><main><h1>Головна</h1><a href="plan/">Стратегічний план</a></main></body>
        </html>
        """
    let passingExample = """
        <!-- file: index.html -->
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Головна — ЦВК</title></head>
        <body><main><h1>Головна</h1><a href="plan/">Стратегічний план</a>
        <a href="https://cvk.gov.ua/">Сайт ЦВК</a> <a href="mailto:post@cvk.gov.ua">Пошта</a></main></body>
        </html>
        <!-- file: plan/index.html -->
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Стратегічний план — ЦВК</title></head>
        <body><main><h1>Стратегічний план</h1><a href="..">Головна</a></main></body>
        </html>
        """

    /// The tree path `path` stands for, or nil when nothing is there.
    static func existingTarget(_ path: String, in files: Set<String>) -> String? {
        if files.contains(path) { return path }
        let index = path.hasSuffix("/") ? path + "index.html" : path + "/index.html"
        return files.contains(index) ? index : nil
    }

    func checkSite(_ site: AuditSiteFacts, _ report: inout AuditReport) {
        for page in site.sortedPages {
            for link in page.links {
                guard let target = AuditPage.resolve(link.reference, from: page.path) else { continue }
                if Self.existingTarget(target.path, in: site.files) == nil {
                    report.add(
                        self, link.location,
                        "The link href=\"\(link.reference)\" leads to \(target.path), which is not in the site; correct the address or remove the link")
                }
            }
        }
    }
}
