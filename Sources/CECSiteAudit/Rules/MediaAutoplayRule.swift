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

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        for media in page.document.elements where media.isHTML("audio") || media.isHTML("video") {
            guard media.has("autoplay"), !media.has("muted"), !media.has("controls") else { continue }
            let source =
                (media.attribute("src") ?? media.elementChildren.first { $0.isHTML("source") }?.attribute("src"))
                .map { " src=\(quoted($0))" } ?? ""
            report.add(
                self, page, media,
                "<\(media.tag)\(source)> plays automatically with sound and no controls; add controls (or muted), or do not autoplay")
        }
    }
}
