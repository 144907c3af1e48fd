import CECSiteCore

/// `meta-refresh`: the page does not reload or redirect itself after a delay (WCAG 2.2.1).
struct MetaRefreshRule: AuditRule {
    let id = "meta-refresh"
    let criterion = "2.2.1"
    let summary = """
        <meta http-equiv="refresh"> must not reload or redirect the page after a delay: users \
        lose their place before they finish reading; redirect at once (delay 0) or on the server.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><meta http-equiv="refresh" content="30"><title>Попередні результати</title></head>
        <body><p>Оброблено 42 % протоколів.</p></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><meta http-equiv="refresh" content="0; url=/uk/"><title>ЦВК</title></head>
        <body><p><a href="/uk/">Перейти на головну</a></p></body>
        </html>
        """

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        for meta in page.document.elements("meta") where meta.attribute("http-equiv")?.trimmingASCIIWhitespace().lowercased() == "refresh" {
            guard let content = meta.attributeNode("content") else { continue }
            let text = content.value.trimmingASCIIWhitespace()
            let digits = text.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard let delay = Double(digits.hasSuffix(".") ? String(digits.dropLast()) : String(digits)) else { continue }
            // After the delay comes the end, ";", "," or a space; anything else ("0: url") makes
            // the refresh invalid, and browsers go on to the next one.
            if let next = text.dropFirst(digits.count).first, next != ";", next != ",", !next.isWhitespace { continue }
            let whole = Int(delay)
            // Only the first refresh of a page takes effect; a delay over 20 hours is allowed.
            guard whole > 0, whole <= 72000 else { break }
            let redirects = text.lowercased().contains("url")
            report.add(
                self, page, content,
                redirects
                    ? "<meta http-equiv=\"refresh\" content=\(quoted(content.value))> redirects after \(whole) s; redirect at once (content=\"0; url=…\") or on the server, or link to the new page"
                    : "<meta http-equiv=\"refresh\" content=\(quoted(content.value))> reloads the page every \(whole) s; remove it and let users reload (or offer a control to update)"
            )
            break
        }
    }
}
