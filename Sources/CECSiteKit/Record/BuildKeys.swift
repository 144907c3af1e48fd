import CECSiteContent
import CECSiteCore
import Foundation

/// The keys of a build's inputs that several producers share, each made once here: what the
/// files of the build record are keyed by (``BuildRecord``), besides what each producer adds of
/// its own (a search chunk its terms, a sitemap its addresses).
///
/// - ``shared``: every input file but the documents' own Markdown files, by stamp
///   (``SourceStamps``), with the options and the program (``BuildOptions/key``);
/// - ``sources(of:)``: a page's or news item's own files, by the stamps they were read with;
/// - ``dependency(of:)``: a document page's key, the two above. This relies on a document page
///   showing only its own document and shared data, never another document (see
///   ``ContextBuilder/documentContext(_:)``); `IncrementalTests` holds it to that;
/// - ``list``: the key of every other page, the shared key and every document's front matter,
///   never a body: such pages (the home and news lists, the search page, the plan overview)
///   show documents' titles, dates, summaries and descriptions, never their text (see
///   ``ContextBuilder/newsEntries()``);
/// - ``feed``: the Atom feeds', the list key and the sources of the items they carry.
struct BuildKeys {
    let shared: String
    let reads: ReadStamps
    let list: String
    let feed: String?

    init(shared: String, reads: ReadStamps, content: SiteContent) {
        self.shared = shared
        self.reads = reads
        var hasher = Fingerprint()
        hasher.add(shared)
        hasher.add("front matter")
        hasher.add(word: UInt64(content.pages.count + content.news.count))
        for document in [content.pages, content.news].joined() { hasher.add(frontMatter: document) }
        let list = hasher.hex
        self.list = list
        feed = Self.feed(list: list, items: Discovery.sortedNews(content.news).prefix(Discovery.feedEntries), reads)
    }

    /// The keys of a build whose list key is known to be `list` (a session's delta render, whose
    /// documents' front matter is the previous build's), with `items` the Atom feeds' entries.
    init(shared: String, reads: ReadStamps, list: String, feedItems items: some Sequence<Document>) {
        self.shared = shared
        self.reads = reads
        self.list = list
        feed = Self.feed(list: list, items: items, reads)
    }

    /// The feed key of `items` under the list key `list`; nil when one was not stamped.
    private static func feed(list: String, items: some Sequence<Document>, _ reads: ReadStamps) -> String? {
        var feed = Fingerprint()
        feed.add(list)
        for item in items {
            guard let key = Self.sources(of: item, reads) else { return nil }
            feed.add(key)
        }
        return feed.hex
    }

    /// The key of a page's or news item's own files: each language's file and the stamp it was
    /// read with; nil when one was not stamped.
    func sources(of document: Document) -> String? { Self.sources(of: document, reads) }

    private static func sources(of document: Document, _ reads: ReadStamps) -> String? {
        var hasher = Fingerprint()
        hasher.add("sources")
        hasher.add(word: UInt64(document.variants.count))
        for language in Language.allCases {
            guard let variant = document.variants[language] else { continue }
            guard let stamp = reads[variant.file] else { return nil }
            hasher.add(language.rawValue)
            hasher.add(variant.file)
            hasher.add(stamp)
        }
        return hasher.hex
    }

    /// A document page's key: the shared key, its own files' and its front matter (which a
    /// draft file of the document, not among its sources, may have given: its date, source,
    /// corrections); nil when one was not stamped.
    func dependency(of document: Document) -> String? {
        guard let sources = sources(of: document) else { return nil }
        var hasher = Fingerprint()
        hasher.add("document")
        hasher.add(frontMatter: document)
        return Fingerprint.of([shared, sources, hasher.hex])
    }
}

extension Fingerprint {
    /// Adds everything of `document` but its bodies: what a page listing documents may show.
    mutating func add(frontMatter document: Document) {
        add(document.kind.rawValue)
        add(document.slug)
        add(optional: document.section)
        add(word: UInt64(bitPattern: Int64(document.order)))
        if let date = document.date {
            add(byte: 1)
            add(date.value)
        } else {
            add(byte: 0)
        }
        if let modified = document.lastModified {
            add(byte: 1)
            add(modified)
        } else {
            add(byte: 0)
        }
        add(optional: document.source)
        add(word: UInt64(document.includes.count))
        for include in document.includes { add(include.value) }
        add(word: UInt64(document.corrections.count))
        for correction in document.corrections { add(correction) }
        add(word: UInt64(document.variants.count))
        for language in Language.allCases {
            guard let variant = document.variants[language] else { continue }
            add(language.rawValue)
            add(variant.file)
            add(variant.title.value)
            add(optional: variant.description)
            add(optional: variant.summary)
            add(optional: variant.translatedFrom?.rawValue)
            add(word: UInt64(variant.tags.count))
            for tag in variant.tags { add(tag) }
        }
    }
}
