import CECSiteContent
import CECSiteCore
import CECSiteFormats
import Foundation

/// The pages of old addresses (`aliases:`): each sends the reader on to the page at once
/// (`<meta http-equiv="refresh" content="0; url=…">`, a delay of 0, which WCAG 2.2.1 allows),
/// names it as canonical so search engines move to it, is kept out of search results
/// (`noindex`), and says in words, with a link, where the page is now, for a browser that does
/// not follow the refresh and for screen-reader users who land on it.
struct AliasPages {
    let content: SiteContent
    let theme: Theme

    func files() -> [OutputFile] {
        var files: [OutputFile] = []
        for document in [content.pages, content.news].joined() {
            for (language, aliases) in document.aliases.sorted(by: { $0.key < $1.key }) {
                guard let (variant, actual) = document.variant(language) else { continue }
                let target = Routes.url(Routes.document(document), language)
                let html = page(title: variant.title.value, titleLanguage: actual, language: language, target: target)
                for alias in aliases { files.append(OutputFile(path: Alias.file(alias.value), data: Data(html.utf8))) }
            }
        }
        return files
    }

    /// The redirect page to `target` for a page titled `title` (written in `titleLanguage`).
    func page(title: String, titleLanguage: Language, language: Language, target: String) -> String {
        func string(_ key: String) -> String { XML.escape(theme.strings[language]?[key]?.value ?? key) }
        let canonical = XML.escape((content.config.baseURL ?? "") + target)
        let url = XML.escape(target)
        let lang = titleLanguage == language ? "" : " lang=\"\(titleLanguage.rawValue)\""
        return """
            <!DOCTYPE html>
            <html lang="\(language.rawValue)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(string("alias_title")): \(XML.escape(title))</title>
            <meta name="robots" content="noindex">
            <link rel="canonical" href="\(canonical)">
            <meta http-equiv="refresh" content="0; url=\(url)">
            </head>
            <body>
            <main>
            <h1>\(string("alias_title"))</h1>
            <p>\(string("alias_text")) <a href="\(url)"\(lang)>\(XML.escape(title))</a></p>
            </main>
            </body>
            </html>

            """
    }
}
