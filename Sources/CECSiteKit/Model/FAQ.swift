import CECSiteCore
import CECSiteMarkdown

/// Who a question is for (declared in `faq/audiences.yaml`); each audience has its own FAQ page.
struct FAQAudience: RawRepresentable, Hashable, Sendable {
    var rawValue: String
}

/// What a question is about (declared in `faq/topics.yaml`); the FAQ page groups questions by
/// topic, in the declared order.
struct FAQTopic: RawRepresentable, Hashable, Sendable {
    var rawValue: String
}

/// One question of the FAQ, from `faq/<id>.md`: its question and answer per language, who it is
/// for, what it is about, and the source the answer rests on.
struct FAQEntry: Sendable {
    public var id: Located<String>
    public var file: String
    var question: LocalizedText
    var topic: FAQTopic
    var audiences: [FAQAudience]
    public var order: Int
    var tags: [String]
    /// Site-root paths of related pages.
    var related: [Located<String>]
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
