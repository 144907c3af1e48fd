import CECSiteContent
import CECSiteCore

/// The news as the site lists them: in order, cut into pages of ``NewsSettings/perPage``, and
/// grouped by year. Made from the items' front matter alone (dates, titles, slugs), never their
/// bodies, so the list pages stay independent of what the items say (see ``Renderer/listKey``).
struct NewsArchive {
    let news: [Document]
    let settings: NewsSettings

    init(content: SiteContent) {
        news = content.news
        settings = content.config.news
    }

    /// How many pages the news list has: one at least, so `/news/` exists without news. The
    /// same in every language, since every item is listed in every language.
    var pageCount: Int { max(1, (news.count + settings.perPage - 1) / settings.perPage) }

    /// The years with dated news, newest first; each has its page.
    var years: [Int] { Set(news.compactMap { $0.date?.value.year }).sorted(by: >) }

    /// The positions of page `number`'s items (from 1) in ``ordered(_:in:)``.
    func range(ofPage number: Int) -> Range<Int> {
        let start = min(news.count, (number - 1) * settings.perPage)
        return start..<min(news.count, start + settings.perPage)
    }

    /// The news in the order a reader of `language` sees them: dated items newest first (the same
    /// day by slug), then the undated ones, which have no place in time, by their title in
    /// `language` (see ``titleKey(_:)``), then by slug. An undated item never stays above the
    /// newest, and the order never depends on the order files were read in.
    static func ordered(_ news: [Document], in language: Language) -> [Document] {
        let dated = news.compactMap { document in document.date.map { (day: $0.value, document: document) } }.sorted { a, b in
            a.day != b.day ? a.day > b.day : a.document.slug < b.document.slug
        }
        let undated = news.filter { $0.date == nil }.map { document -> (key: [UInt32], title: String, document: Document) in
            let title = document.variant(language)?.variant.title.value ?? ""
            return (titleKey(title), title, document)
        }.sorted { a, b in
            if a.key != b.key { return a.key.lexicographicallyPrecedes(b.key) }
            if a.title != b.title { return a.title < b.title }
            return a.document.slug < b.document.slug
        }
        return dated.map(\.document) + undated.map(\.document)
    }

    /// Page numbers to link from page `current` of `total`: the first and last, and one on either
    /// side of the current one; nil marks a gap (shown as "…"). Few enough to fit one row of a
    /// 320 px screen (`1 … 4 5 6 … 100`).
    static func window(_ current: Int, of total: Int) -> [Int?] {
        let shown = Set([1, total, current - 1, current, current + 1]).filter { (1...total).contains($0) }.sorted()
        var result: [Int?] = []
        for number in shown {
            if let last = result.last ?? nil, number > last + 1 {
                // A gap of one page shows that page rather than "…", which would hide no more.
                result.append(number == last + 2 ? last + 1 : nil)
            }
            result.append(number)
        }
        return result
    }

    /// A title's sorting key: case folded, letters in alphabet order. Code points put Ukrainian
    /// `ґ є і ї` after `я`; here they follow `г е и і` as in the alphabet (а б в г ґ д е є ж з и
    /// і ї й …). Digits and Latin come before Cyrillic, other scripts after it, by code point.
    static func titleKey(_ title: String) -> [UInt32] {
        title.lowercased().unicodeScalars.map { scalar in
            if let rank = ukrainianAlphabet[scalar] { return 0x0400 + rank }
            return scalar.value < 0x0400 ? scalar.value : scalar.value + 0x100
        }
    }

    private static let ukrainianAlphabet: [Unicode.Scalar: UInt32] = Dictionary(
        uniqueKeysWithValues: "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя".unicodeScalars.enumerated().map { ($1, UInt32($0)) })
}
