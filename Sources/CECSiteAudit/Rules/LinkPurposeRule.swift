import CECSiteCore

/// `link-purpose`: the same vague link text ("детальніше", "read more") does not lead to
/// different places on one page (WCAG 2.4.4).
struct LinkPurposeRule: AuditRule {
    let id = "link-purpose"
    let criterion = "2.4.4"
    let summary = """
        Links with the same vague text ("тут", "детальніше", "read more") must not lead to \
        different pages unless their paragraph, list item or table cell says where each goes: \
        in a screen reader's list of links they are indistinguishable.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Новини</title></head>
        <body>
        <h2>ЦВК затвердила календарний план</h2>
        <p><a href="news/plan.html">Детальніше</a></p>
        <h2>Оновлено реєстр виборців</h2>
        <p><a href="news/register.html">Детальніше</a></p>
        </body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Новини</title></head>
        <body>
        <p>ЦВК затвердила календарний план. <a href="news/plan.html">Детальніше</a></p>
        <p>Оновлено реєстр виборців. <a href="news/register.html">Детальніше</a></p>
        <p><a href="news/plan.html">Тут</a> і знову <a href="news/plan.html">тут</a>.</p>
        <h2>Оновлено реєстр виборців</h2>
        <p><a href="news/register.html" aria-label="Детальніше про реєстр виборців">Детальніше</a></p>
        </body>
        </html>
        """

    /// Link texts that do not say where a link leads, lowercased, without final punctuation.
    static let vague: Set<String> = [
        "тут", "сюди", "детальніше", "докладніше", "детально", "докладно", "більше", "читати далі",
        "читати більше", "дізнатися більше", "дізнатись більше", "посилання", "перейти", "далі",
        "натисніть тут", "клацніть тут", "за посиланням", "подробиці", "підробиці", "здесь", "подробнее",
        "читать далее", "далее", "ссылка", "here", "click here", "click", "read more", "more",
        "learn more", "more info", "more information", "details", "link", "this link", "continue",
        "continue reading", "go", "see more", "find out more", "info",
    ]

    /// The link text as compared with `vague`: lowercased, without surrounding punctuation and arrows.
    static func normalized(_ name: String) -> String {
        let strip: (Character) -> Bool = { $0.isPunctuation || $0.isSymbol || $0.isWhitespace }
        var text = Substring(name.lowercased())
        while let first = text.first, strip(first) { text = text.dropFirst() }
        while let last = text.last, strip(last) { text = text.dropLast() }
        return String(text).collapsingWhitespace()
    }

    /// Elements whose text is the programmatically determined context of a link in them.
    static let contextElements: Set<String> = [
        "p", "li", "td", "th", "dd", "dt", "figcaption", "caption", "blockquote", "article",
    ]

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        let document = page.document
        var groups: [String: [(link: HTMLNode, target: String)]] = [:]
        var order: [String] = []
        // The length of each context's text, measured once however many links it holds.
        var contextLengths: [ObjectIdentifier: Int] = [:]
        for link in document.elements("a") where link.has("href") {
            if link.isHiddenOrInHidden { continue }
            let name = document.accessibleName(of: link)
            let key = Self.normalized(name)
            guard Self.vague.contains(key) else { continue }
            if let title = link.attribute("title"), !title.collapsingWhitespace().isEmpty,
                Self.normalized(title) != key
            {
                continue
            }
            if let described = link.attribute("aria-describedby"),
                described.htmlTokens.contains(where: { document.element(id: $0).map { !$0.textContent.isEmpty } ?? false })
            {
                continue
            }
            // The paragraph, list item or cell around it; else the sentence it stands in.
            let parent = link.parent.flatMap { $0.isHTML("body") || $0.isHTML("html") ? nil : $0 }
            if let context = link.nearestAncestor(where: { $0.namespace == .html && Self.contextElements.contains($0.tag) }) ?? parent {
                let length = contextLengths[ObjectIdentifier(context)] ?? Self.normalized(context.textContent).count
                contextLengths[ObjectIdentifier(context)] = length
                if length > Self.normalized(link.textContent).count { continue }
            }
            let href = link.attribute("href") ?? ""
            let target: String
            if let resolved = page.resolve(href) {
                target = resolved.path + (resolved.fragment.map { "#" + $0 } ?? "")
            } else {
                target = href.trimmingASCIIWhitespace()
            }
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append((link, target))
        }
        for key in order {
            let links = groups[key]!
            let targets = Set(links.map(\.target))
            guard targets.count > 1 else { continue }
            for (link, _) in links {
                let name = document.accessibleName(of: link)
                let example =
                    (link.language ?? "").hasPrefix("uk")
                    ? "\"Детальніше про календарний план\"" : "\"Read more about the election calendar\""
                report.add(
                    self, page, link,
                    "Link text \(quoted(name)) (to \(quoted(link.attribute("href") ?? ""))) leads to one of \(targets.count) different places that share this text on the page; say in the link where it leads, e.g. \(example) (extra words may be in a visually hidden span)"
                )
            }
        }
    }
}
