import CECSiteContent
import CECSiteCore
import CECSiteMarkdown
import Foundation

/// Links inside published data (the calendar's `link` column, the links of the FAQ's Markdown
/// answers), made absolute with the site's `base_url`, as the `.ics` feeds make them: a
/// downloaded CSV, JSON or XLSX file has no page to resolve a site-relative link against.
/// Without a `base_url` they stay site-relative (`/plan/`), which the build's warning about the
/// missing base URL covers and docs/OPEN-DATA.md states.
struct DataLinks {
    let content: SiteContent

    /// The published form of `link`, written in content for a reader of `language`: a site-root
    /// path (`/plan/`) is the page in that language (`/en/plan/`), a media file's name its path
    /// below `/media/`, both after the base URL when there is one; any other link as written.
    func url(_ link: String, _ language: Language) -> String {
        let path = ContextBuilder.contentLink(link, base: nil, media: content.media, prefix: language.urlPrefix)
        guard path.hasPrefix("/"), !path.hasPrefix("//"), let base = content.config.baseURL else { return path }
        return base + path
    }

    /// The Markdown source of `document` with every link destination replaced by ``url(_:_:)``
    /// of it: inline links and images (`[text](/plan/)`, with or without `<…>`) and link
    /// reference definitions (`[x]: /plan/`).
    func markdown(_ document: MarkdownDocument, _ language: Language) -> String {
        var source = document.source
        for link in Set(document.links.map(\.value)).sorted() {
            let target = url(link, language)
            guard target != link else { continue }
            let escaped = NSRegularExpression.escapedPattern(for: link)
            let template = "$1" + NSRegularExpression.escapedTemplate(for: target)
            for pattern in ["(\\]\\(\\s*<?)" + escaped + "(?=[)>\\s])", "(^ {0,3}\\[[^\\]]+\\]:[ \\t]*<?)" + escaped + "(?=[>\\s]|$)"] {
                guard let regex = try? NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines]) else { continue }
                source = regex.stringByReplacingMatches(
                    in: source, range: NSRange(source.startIndex..., in: source), withTemplate: template)
            }
        }
        return source
    }
}
