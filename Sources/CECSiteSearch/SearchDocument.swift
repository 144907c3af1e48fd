import CECSiteContent
import CECSiteCore

/// One thing search can find: a page, or a part of one with its own anchor (a plan result on
/// its goal page, a question on the FAQ page, an event in the calendar).
package struct SearchDocument: Sendable {
    /// The language- and edition-neutral route, with the anchor: `faq/answers/#q-register`.
    package var path: String
    /// What kind of thing it is; its label is the string `search_section_<section>`.
    package var section: String
    package var title: LocalizedText
    /// The words it is found by besides its title, and its snippet; a page's or news item's
    /// are made from its document when they are asked for.
    package var text: LocalizedText { document.map(Self.text(of:)) ?? fixedText }
    private var fixedText: LocalizedText
    /// Words that count as much as the title: plan ids, dataset keywords, FAQ tags.
    package var keywords: [String] = []
    /// The page or news item whose body the text is, read only when the text is: a rebuild
    /// that has a document's terms and snippet does not decode its body.
    private var document: Document?
    /// What stands for the title, text and keywords without reading them, when known: the
    /// document's source files' stamps (see ``SearchTermsCache/key(_:)``).
    package var key: String?

    package init(path: String, section: String, title: LocalizedText, text: LocalizedText, keywords: [String] = []) {
        self.path = path
        self.section = section
        self.title = title
        fixedText = text
        self.keywords = keywords
    }

    /// A page or news item, its text made from `document` when it is asked for.
    package init(path: String, section: String, title: LocalizedText, document: Document, keywords: [String], key: String?) {
        self.init(path: path, section: section, title: title, text: LocalizedText([:]), keywords: keywords)
        self.document = document
        self.key = key
    }

    /// The document as the search page lists it: without its text and keywords.
    package var listed: SearchDocument { SearchDocument(path: path, section: section, title: title, text: LocalizedText([:])) }

    /// A page's or news item's text: per language, its description, summary and body as plain text.
    package static func text(of document: Document) -> LocalizedText {
        var text: [Language: String] = [:]
        for (language, variant) in document.variants {
            text[language] = [variant.description, variant.summary, variant.markdown.plainText].compactMap { $0 }.joined(separator: "\n")
        }
        return LocalizedText(text)
    }
}
