import CECSiteCore

/// `area-alt`: every link area of an image map has a text alternative (WCAG 1.1.1).
struct AreaAltRule: AuditRule {
    let id = "area-alt"
    let criterion = "1.1.1"
    let summary = """
        Every <area href> of an image map must have alt text (or aria-label) naming where it \
        leads, or screen readers cannot tell the regions of the map apart.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Округи</title></head>
        <body><img src="map.png" alt="Карта виборчих округів Києва" usemap="#okruhy">
        <map name="okruhy"><area shape="rect" coords="0,0,80,60" href="okruh-211.html"></map></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Округи</title></head>
        <body><img src="map.png" alt="Карта виборчих округів Києва" usemap="#okruhy">
        <map name="okruhy"><area shape="rect" coords="0,0,80,60" href="okruh-211.html" alt="Округ № 211"></map></body>
        </html>
        """

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        let document = page.document
        for area in document.elements("area") where area.has("href") {
            if area.isHiddenOrInHidden { continue }
            if !document.accessibleName(of: area).isEmpty { continue }
            let href = area.attribute("href") ?? ""
            report.add(
                self, page, area,
                area.has("alt")
                    ? "<area href=\(quoted(href))> has an empty alt; name where the region leads, e.g. alt=\"Округ № 211\""
                    : "<area href=\(quoted(href))> has no alt attribute; name where the region leads, e.g. alt=\"Округ № 211\"")
        }
    }
}
