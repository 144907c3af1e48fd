/// A language the site is published in. Ukrainian is the main language, served at the root.
public enum Language: String, CaseIterable, Sendable, Comparable {
    case uk
    case en

    /// The language whose pages live at `/`; the others live under `/<code>/`.
    public static let main: Language = .uk

    /// The URL prefix of this language's pages: `/` or `/en/`.
    public var urlPrefix: String { self == .main ? "/" : "/\(rawValue)/" }

    /// The Open Graph locale of pages in this language: `uk_UA`, `en_GB`.
    public var openGraphLocale: String { self == .uk ? "uk_UA" : "en_GB" }

    /// The language's English name, for messages to the site's builders: `Ukrainian`.
    public var name: String { self == .uk ? "Ukrainian" : "English" }

    /// The other languages, in the site's order, used when a text is missing in this one.
    public var fallbacks: [Language] { Language.allCases.filter { $0 != self } }

    /// The site's order of languages, `allCases`' order: iterating `allCases` visits them
    /// sorted, so a dictionary keyed by language is walked in order by looking each one up.
    public static func < (a: Language, b: Language) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// A value together with where it was written, so later stages can point at it.
public struct Located<Value: Sendable>: Sendable {
    public var value: Value
    public var location: SourceLocation

    /// Creates a located value.
    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}

/// A human-readable text in one or more languages.
public struct LocalizedText: Hashable, Sendable {
    /// The text per language; at least one entry.
    public var values: [Language: String]
    /// The languages whose text is a translation made for the site, not the source document's
    /// own text (the file says `translated_from:`); their pages say so.
    public var translated: Set<Language> = []
    /// Where the text was written, for reports of what is missing; not part of its value (two
    /// texts are equal when they say the same).
    public var location: SourceLocation?

    /// Creates a text from its translations.
    public init(_ values: [Language: String], translated: Set<Language> = [], at location: SourceLocation? = nil) {
        self.values = values
        self.translated = translated.intersection(values.keys)
        self.location = location
    }

    public static func == (a: LocalizedText, b: LocalizedText) -> Bool {
        a.values == b.values && a.translated == b.translated
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(values)
        hasher.combine(translated)
    }

    /// The text to show on a page in `language`, and the language it is really in.
    ///
    /// Falls back to the other languages when the text is missing in `language`.
    public func resolve(_ language: Language) -> (text: String, language: Language) {
        if let text = values[language] { return (text, language) }
        for other in language.fallbacks { if let text = values[other] { return (text, other) } }
        return ("", language)
    }

    /// The text in `language`, or its fallback.
    public func text(_ language: Language) -> String { resolve(language).text }
}

extension LocalizedText: CustomReflectable {
    /// The texts in the site's language order (a dictionary's own order differs from one value to
    /// the next), so that dumps of equal texts are equal.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "values": Language.allCases.compactMap { language in values[language].map { (language, $0) } },
                "translated": Language.allCases.filter(translated.contains),
                "location": location as Any,
            ])
    }
}
