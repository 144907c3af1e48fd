import CECSiteCore
import CECSiteMarkdown

/// Who a question is for (declared in `faq/audiences.yaml`); each audience has its own FAQ page.
package struct FAQAudience: RawRepresentable, Hashable, Sendable {
    package var rawValue: String
    package init(rawValue: String) { self.rawValue = rawValue }
}

/// What a question is about (declared in `faq/topics.yaml`); the FAQ page groups questions by
/// topic, in the declared order.
package struct FAQTopic: RawRepresentable, Hashable, Sendable {
    package var rawValue: String
    package init(rawValue: String) { self.rawValue = rawValue }
}

/// One question of the FAQ, from `faq/<id>.md`: its question and answer per language, who it is
/// for, what it is about, and the source the answer rests on.
package struct FAQEntry: Sendable {
    public var id: Located<String>
    public var file: String
    package var question: LocalizedText
    package var topic: FAQTopic
    package var audiences: [FAQAudience]
    public var order: Int
    package var tags: [String]
    /// Site-root paths of related pages.
    package var related: [Located<String>]
    public var source: LocalizedText
    /// The answer's Markdown per language.
    public var answers: [Language: MarkdownDocument]

    /// The answer for `language`, or the other language's with the language it is in.
    public func answer(_ language: Language) -> (MarkdownDocument, Language)? {
        if let answer = answers[language] { return (answer, language) }
        for other in language.fallbacks { if let answer = answers[other] { return (answer, other) } }
        return nil
    }
}
