import CECSiteCore
import Foundation

/// `meta-viewport`: the viewport lets users zoom (WCAG 1.4.4).
struct MetaViewportRule: AuditRule {
    let id = "meta-viewport"
    let criterion = "1.4.4"
    let summary = """
        <meta name="viewport"> must not forbid zooming (user-scalable=no) or cap it below 200 % \
        (maximum-scale under 2), so people with low vision can enlarge text on phones.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=1, user-scalable=no"><title>ЦВК</title></head>
        <body><p>Центральна виборча комісія</p></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><meta name="viewport" content="width=device-width, initial-scale=1"><title>ЦВК</title></head>
        <body><p>Центральна виборча комісія</p></body>
        </html>
        """

    /// The `key=value` pairs of a viewport `content`, keys lowercased.
    static func properties(_ content: String) -> [(key: String, value: String)] {
        content.split(whereSeparator: { $0 == "," || $0 == ";" }).compactMap { part in
            let pieces = part.split(separator: "=", maxSplits: 1).map { String($0).trimmingASCIIWhitespace() }
            guard let key = pieces.first, !key.isEmpty else { return nil }
            return (key.lowercased(), pieces.count > 1 ? pieces[1] : "")
        }
    }

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        for meta in page.document.elements("meta") where meta.attribute("name")?.trimmingASCIIWhitespace().lowercased() == "viewport" {
            guard let content = meta.attributeNode("content") else { continue }
            for (key, value) in Self.properties(content.value) {
                switch key {
                case "user-scalable":
                    // Browsers read "yes" and numbers of at least 1 as yes, anything else as no.
                    let lowered = value.lowercased()
                    if lowered != "yes", lowered != "device-width", lowered != "device-height",
                        Double(lowered).map({ $0 > -1 && $0 < 1 }) ?? true
                    {
                        report.add(
                            self, page, content,
                            "The viewport says user-scalable=\(value), which stops zooming; remove it (and any maximum-scale below 2)")
                    }
                case "maximum-scale":
                    // "yes" means 1; "device-width" and "device-height" mean 10; other words 0.1.
                    let lowered = value.lowercased()
                    let scale = Double(lowered) ?? (lowered == "yes" ? 1 : ["device-width", "device-height"].contains(lowered) ? 10 : 0.1)
                    if scale >= 0, scale < 2 {
                        report.add(
                            self, page, content,
                            "The viewport says maximum-scale=\(value), which caps zoom below 200 %; remove it or make it at least 2")
                    }
                default:
                    continue
                }
            }
        }
    }
}
