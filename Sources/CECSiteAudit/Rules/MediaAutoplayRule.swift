import CECSiteCore

/// `media-autoplay`: audio does not play by itself without a way to stop it (WCAG 1.4.2).
struct MediaAutoplayRule: AuditRule {
    let id = "media-autoplay"
    let criterion = "1.4.2"
    let summary = """
        <audio> or <video> that plays automatically must be muted or have controls, or its \
        sound drowns out the screen reader with no way to stop it.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Звернення голови</title></head>
        <body><video src="zvernennia.mp4" autoplay></video></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Звернення голови</title></head>
        <body><video src="zvernennia.mp4" autoplay controls></video>
        <video src="background.mp4" autoplay muted loop></video></body>
        </html>
        """

    /// The length of a media fragment `#t=start,end`, or nil when there is none.
    static func fragmentSeconds(_ source: String) -> Double? {
        guard let hash = source.range(of: "#t=") else { return nil }
        let parts = source[hash.upperBound...].split(separator: ",")
        guard parts.count == 2, let start = Double(parts[0]), let end = Double(parts[1]) else { return nil }
        return end - start
    }

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        for media in page.document.elements where media.isHTML("audio") || media.isHTML("video") {
            guard media.has("autoplay"), !media.has("muted"), !media.has("controls") else { continue }
            let sources = ([media.attribute("src")] + media.elementChildren.filter { $0.isHTML("source") }.map { $0.attribute("src") })
                .compactMap { $0 }
            // A media fragment (#t=8,10) playing 3 s or less is allowed.
            if !sources.isEmpty, sources.allSatisfy({ Self.fragmentSeconds($0).map { $0 <= 3 } ?? false }) { continue }
            let source = sources.first.map { " src=\(quoted($0))" } ?? ""
            // Buttons beside the media may be the page's own pause or mute control.
            let container = media.parent
            let ownControls = container?.descendants.contains { $0.isHTML("button") || $0.explicitRole == "button" } ?? false
            if ownControls {
                report.add(
                    self, page, media,
                    "<\(media.tag)\(source)> plays automatically with no controls of its own; needs review: check that the buttons beside it pause or mute it within 3 s of reach",
                    severity: .warning)
                continue
            }
            report.add(
                self, page, media,
                "<\(media.tag)\(source)> plays automatically with sound and no controls; add controls (or muted), or do not autoplay")
        }
    }
}
