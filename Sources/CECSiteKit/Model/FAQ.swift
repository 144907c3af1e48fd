import CECSiteCore
import CECSiteMarkdown
/// Who a question is for; each audience has its own FAQ page.
enum FAQAudience: String, CaseIterable, Sendable {
    case voters, candidates, parties
    /// Civil-society organisations and observers.
    case cso
    case journalists
}

/// What a question is about; the FAQ page groups questions by topic, in this order.
enum FAQTopic: String, CaseIterable, Sendable {
    case plan, commission, register
    case openData = "open-data"
    case gender, accessibility, integrity, site
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
