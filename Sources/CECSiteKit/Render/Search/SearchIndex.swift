import CECSiteCore
import CECSiteFormats
import Foundation

/// One thing search can find: a page, or a part of one with its own anchor (a plan result on
/// its goal page, a question on the FAQ page, an event in the calendar).
struct SearchDocument {
    /// The language- and edition-neutral route, with the anchor: `faq/answers/#q-register`.
    var path: String
    /// What kind of thing it is; its label is the string `search_section_<section>`.
    var section: String
    var title: LocalizedText
    /// The words it is found by besides its title, and its snippet; a page's or news item's
    /// are made from its document when they are asked for.
    var text: LocalizedText { document.map(SearchIndex.text(of:)) ?? fixedText }
    private var fixedText: LocalizedText
    /// Words that count as much as the title: plan ids, dataset keywords, FAQ tags.
    var keywords: [String] = []
    /// The page or news item whose body the text is, read only when the text is: a rebuild
    /// that has a document's terms and snippet does not decode its body.
    private var document: Document?
    /// What stands for the title, text and keywords without reading them, when known: the
    /// document's source files' stamps (see ``SearchTermsCache/key(_:)``).
    var key: String?

    init(path: String, section: String, title: LocalizedText, text: LocalizedText, keywords: [String] = []) {
        self.path = path
        self.section = section
        self.title = title
        fixedText = text
        self.keywords = keywords
    }

    /// A page or news item, its text made from `document` when it is asked for.
    init(path: String, section: String, title: LocalizedText, document: Document, keywords: [String], key: String?) {
        self.init(path: path, section: section, title: title, text: LocalizedText([:]), keywords: keywords)
        self.document = document
        self.key = key
    }

    /// The document as the search page lists it: without its text and keywords.
    var listed: SearchDocument { SearchDocument(path: path, section: section, title: title, text: LocalizedText([:])) }
}

/// The static search index: every searchable thing of the site, cut into small JSON files so a
/// query downloads only the chunks of its own words.
///
/// Below `search/index/`:
/// - `manifest.json`: `{version, documents, chunkSize, chunks: ["432-438", …]}`;
/// - `t-<chunk>.json`: the terms whose first two characters give the chunk's name (see
///   ``SearchText/chunkKey(_:)``), each with its postings as a flat array
///   `[document, weight, document, weight, …]`; a weight counts a title or keyword occurrence
///   as 4 and a text occurrence as 1, capped at 60;
/// - `<lang>-<n>.json`: documents `n·chunkSize …`, each `[path, title, titleLang, section,
///   snippet, snippetLang]` in that language (`titleLang` and `snippetLang` are empty unless
///   the text had to fall back to another language).
///
/// Both languages' words index every document, so a Ukrainian page finds `voters` and an
/// English page finds `виборців`; each page shows titles and snippets in its own language.
struct SearchIndex {
    static let directory = "search/index/"
    static let chunkSize = 200
    static let snippetLength = 240
    static let maxWeight = 60

    let content: SiteContent
    let theme: Theme
    /// The keys of the build's inputs: a page's or news item's terms are keyed by its source
    /// files; nil: by their text.
    var keys: BuildKeys?

    /// Every searchable thing, in the order results tie-break by.
    func documents(_ published: [PublishedDataset], _ events: [CalendarEvent]) -> [SearchDocument] {
        var docs: [SearchDocument] = []
        for entry in content.faq {
            var text: [Language: String] = [:]
            for language in Language.allCases { if let answer = entry.answers[language] { text[language] = answer.plainText } }
            docs.append(
                SearchDocument(
                    path: Routes.faqOpen(nil) + "#q-" + entry.id.value, section: "faq", title: entry.question,
                    text: LocalizedText(text), keywords: entry.tags))
        }
        for document in content.pages { docs.append(self.document(document, section: "page")) }
        for pillar in content.plan.pillars {
            docs.append(
                SearchDocument(
                    path: Routes.pillar(pillar), section: "pillar", title: numbered(pillar.id.value, pillar.title),
                    text: LocalizedText([:]), keywords: [pillar.id.value]))
            for goal in pillar.goals {
                docs.append(
                    SearchDocument(
                        path: Routes.goal(goal), section: "goal", title: numbered(goal.id.value, goal.title),
                        text: pillar.title, keywords: [goal.id.value]))
                for action in goal.actions {
                    docs.append(
                        SearchDocument(
                            path: Routes.goal(goal) + "#action-" + Routes.anchor(action.id.value), section: "action",
                            title: numbered(action.id.value, action.title), text: goal.title, keywords: [action.id.value]))
                    for result in action.results {
                        let units = result.units.compactMap { slug in content.plan.units.first { $0.slug.value == slug.value }?.name }
                        docs.append(
                            SearchDocument(
                                path: Routes.goal(goal) + "#result-" + Routes.anchor(result.id.value), section: "result",
                                title: numbered(result.id.value, result.title), text: joined(units),
                                keywords: [result.id.value]))
                    }
                }
            }
        }
        for unit in content.plan.units {
            docs.append(SearchDocument(path: Routes.unit(unit.slug.value), section: "unit", title: unit.name, text: LocalizedText([:])))
        }
        for table in content.statistics {
            docs.append(
                SearchDocument(
                    path: Routes.statisticsTable(table.id.value), section: "statistics", title: table.title,
                    text: joined([table.description, table.counted] + (table.caption.map { [$0] } ?? []))))
        }
        for set in content.records {
            docs.append(SearchDocument(path: Routes.records(set.id.value), section: "statistics", title: set.title, text: set.description))
        }
        for item in published {
            let metadata = item.dataset.metadata
            docs.append(
                SearchDocument(
                    path: Routes.dataset(item.dataset.id), section: "dataset", title: metadata.title,
                    text: metadata.description, keywords: Language.allCases.flatMap { metadata.keywords[$0] ?? [] }))
        }
        for event in events {
            let election = event.election.flatMap { id in content.calendar.elections.first { $0.id.value == id.value }?.title }
            docs.append(
                SearchDocument(
                    path: Routes.calendar + "#event-" + event.id.value, section: "event", title: event.title,
                    text: joined([event.description, event.location, election].compactMap { $0 })))
        }
        for document in content.news { docs.append(self.document(document, section: "news")) }
        return docs
    }

    /// A page or news item: its title, and its description and body as plain text. It is keyed
    /// by its source files' stamps (``BuildKeys/sources(of:)``), which stand for everything it
    /// is made of.
    private func document(_ document: Document, section: String) -> SearchDocument {
        var title: [Language: String] = [:], tags: [String] = []
        for (language, variant) in document.variants.sorted(by: { $0.key < $1.key }) {
            tags += variant.tags
            title[language] = variant.title.value
        }
        return SearchDocument(
            path: Routes.document(document), section: section, title: LocalizedText(title), document: document,
            keywords: tags, key: keys?.sources(of: document).map { Fingerprint.of([section, $0]) })
    }

    /// A page's or news item's text: per language, its description, summary and body as plain text.
    static func text(of document: Document) -> LocalizedText {
        var text: [Language: String] = [:]
        for (language, variant) in document.variants {
            text[language] = [variant.description, variant.summary, variant.markdown.plainText].compactMap { $0 }.joined(separator: "\n")
        }
        return LocalizedText(text)
    }

    /// `2.1.3.1 Title` in every language of the title.
    private func numbered(_ id: String, _ title: LocalizedText) -> LocalizedText {
        LocalizedText(title.values.mapValues { id + " " + $0 })
    }

    /// Texts joined per language (each falling back as on a page) with `; `, as the snippet shows them.
    private func joined(_ texts: [LocalizedText]) -> LocalizedText {
        guard !texts.isEmpty else { return LocalizedText([:]) }
        return LocalizedText(
            Dictionary(
                uniqueKeysWithValues: Language.allCases.map { language in
                    (language, texts.map { $0.text(language) }.joined(separator: "; "))
                }))
    }

    /// The index files for `documents`.
    ///
    /// Terms are handled as their UTF-8 bytes, never as `String`s, until they are written:
    /// hashing and comparing a Cyrillic `String` normalises it first, and the terms are NFC
    /// already (``SearchText/normalizedScalars(_:)``), so their bytes hash, compare and sort as
    /// the strings would (UTF-8 byte order is scalar order).
    ///
    /// - Parameter record: The record of the previous build. A document whose text is unchanged
    ///   is not tokenised again (``SearchTermsCache``), and a term chunk or document chunk whose
    ///   inputs are unchanged is taken from the previous output (``BuildRecord/output(_:key:make:)``):
    ///   a term chunk is a function of the terms in it of each document, by document number; a
    ///   document chunk of its documents' paths and search keys and of the theme's strings.
    func files(_ documents: [SearchDocument], record: BuildRecord = BuildRecord()) -> [OutputFile] {
        let terms = record.terms
        // Each document's terms as its record line (`term weight …`, in term order), in
        // parallel: tokenising is the expensive part.
        var lines = [[UInt8]](repeating: [], count: documents.count)
        var keys = [String](repeating: "", count: terms == nil ? 0 : documents.count)
        lines.withUnsafeMutableBufferPointer { lines in
            keys.withUnsafeMutableBufferPointer { keys in
                DispatchQueue.concurrentPerform(iterations: documents.count) { i in
                    guard let terms else {
                        lines[i] = Self.termsLine(documents[i])
                        return
                    }
                    let key = SearchTermsCache.key(documents[i])
                    lines[i] = terms.line(key) ?? Self.termsLine(documents[i])
                    terms.record(key, lines[i])
                    keys[i] = key
                }
            }
        }
        // Every line in one buffer, so that a term is known by where its bytes are, uncopied.
        var all: [UInt8] = [], starts: [Int] = []
        all.reserveCapacity(lines.reduce(documents.count) { $0 + $1.count })
        for line in lines {
            starts.append(all.count)
            all += line
            all.append(0x20)
        }
        starts.append(all.count)
        lines = []
        var files: [OutputFile] = []
        let themeKey = terms == nil ? "" : theme.fingerprint
        all.withUnsafeBufferPointer { bytes in
            let chunks = Self.chunks(bytes, starts: starts)
            let blocks = Array(stride(from: 0, to: documents.count, by: Self.chunkSize))
            let jobs = chunks.count + Language.allCases.count * blocks.count
            var made = [OutputFile?](repeating: nil, count: jobs)
            made.withUnsafeMutableBufferPointer { made in
                DispatchQueue.concurrentPerform(iterations: jobs) { job in
                    if job < chunks.count {
                        let (name, segments) = chunks[job]
                        made[job] = Self.output(Self.directory + "t-\(name).json", record) { hasher in
                            hasher.add("terms")
                            for segment in segments {
                                hasher.add(word: UInt64(segment.document))
                                hasher.add(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[segment.range])))
                            }
                        } make: {
                            Self.termChunk(bytes, segments)
                        }
                    } else {
                        let language = Language.allCases[(job - chunks.count) / blocks.count]
                        let start = blocks[(job - chunks.count) % blocks.count]
                        let range = start..<min(start + Self.chunkSize, documents.count)
                        made[job] = Self.output(Self.directory + "\(language.rawValue)-\(start / Self.chunkSize).json", record) { hasher in
                            hasher.add("documents")
                            hasher.add(themeKey)
                            hasher.add(language.rawValue)
                            for i in range {
                                hasher.add(documents[i].path)
                                hasher.add(keys[i])
                            }
                        } make: {
                            documentChunk(documents[range], language)
                        }
                    }
                }
            }
            let manifest: JSONValue = .object([
                ("version", .int(1)), ("documents", .int(documents.count)), ("chunkSize", .int(Self.chunkSize)),
                ("chunks", .array(chunks.map { JSONValue.string($0.name) })),
            ])
            files =
                [OutputFile(path: Self.directory + "manifest.json", data: Data(manifest.serialized(pretty: false).utf8))]
                + made.compactMap { $0 }
        }
        return files
    }

    /// One index file through the record, keyed by what `key` adds (not made when the record
    /// does not record).
    private static func output(
        _ path: String, _ record: BuildRecord, key: (inout Fingerprint) -> Void,
        make: () -> Data
    ) -> OutputFile {
        guard record.recording else { return OutputFile(path: path, data: make()) }
        var hasher = Fingerprint()
        key(&hasher)
        return record.output(path, key: hasher.hex, make: make)
    }

    /// Where one document's terms of one chunk are in the buffer of all lines: a run of
    /// `term weight ` pairs.
    private struct Segment {
        var document: Int
        var range: Range<Int>
    }

    /// The term chunks, named and in the manifest's order, each with its documents' runs of
    /// terms in document order. A line is in term order, so the terms of one chunk (those
    /// sharing their first two characters) are one run of it.
    private static func chunks(_ bytes: UnsafeBufferPointer<UInt8>, starts: [Int]) -> [(name: String, segments: [Segment])] {
        var chunks: [Bytes: [Segment]] = [:]
        for document in 0..<(starts.count - 1) {
            var i = starts[document]
            let end = starts[document + 1]
            var prefix: Bytes?, run = i
            while i < end {
                let term = i
                while bytes[i] != 0x20 { i += 1 }
                let termEnd = i
                i += 1
                guard termEnd > term else { continue }
                while bytes[i] != 0x20 { i += 1 }
                i += 1
                // The first two scalars' bytes (UTF-8 lead bytes give each one's length).
                var cut = term
                for _ in 0..<2 where cut < termEnd {
                    let lead = bytes[cut]
                    cut += lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                }
                let this = Bytes(start: bytes.baseAddress! + term, count: min(cut, termEnd) - term)
                if this != prefix {
                    if let prefix { chunks[prefix, default: []].append(Segment(document: document, range: run..<term)) }
                    prefix = this
                    run = term
                }
            }
            if let prefix { chunks[prefix, default: []].append(Segment(document: document, range: run..<i)) }
        }
        return chunks.map { (SearchText.chunkKey($0.key.string), $0.value) }.sorted { $0.name < $1.name }
    }

    /// A term chunk: each of its terms, in order, with its postings `[document, weight, …]`.
    private static func termChunk(_ bytes: UnsafeBufferPointer<UInt8>, _ segments: [Segment]) -> Data {
        var ids: [Bytes: Int] = [:], terms: [Bytes] = [], postings: [[Int]] = []
        for segment in segments {
            var i = segment.range.lowerBound
            while i < segment.range.upperBound {
                let start = i
                while bytes[i] != 0x20 { i += 1 }
                let term = Bytes(start: bytes.baseAddress! + start, count: i - start)
                i += 1
                var weight = 0
                while bytes[i] != 0x20 {
                    weight = weight * 10 + Int(bytes[i] - 0x30)
                    i += 1
                }
                i += 1
                let id: Int
                if let known = ids[term] {
                    id = known
                } else {
                    id = terms.count
                    ids[term] = id
                    terms.append(term)
                    postings.append([])
                }
                postings[id].append(segment.document)
                postings[id].append(min(weight, Self.maxWeight))
            }
        }
        let entries = terms.indices.sorted { terms[$0] < terms[$1] }.map { id in
            (terms[id].string, JSONValue.array(postings[id].map(JSONValue.int)))
        }
        return Data(JSONValue.object(entries).serialized(pretty: false).utf8)
    }

    /// A document chunk in `language`: each document's `[path, title, titleLang, section,
    /// snippet, snippetLang]`.
    private func documentChunk(_ documents: ArraySlice<SearchDocument>, _ language: Language) -> Data {
        let entries = documents.map { doc -> JSONValue in
            let title = doc.title.resolve(language), text = doc.text.resolve(language)
            return .array([
                .string(doc.path), .string(title.text), .string(title.language == language ? "" : title.language.rawValue),
                .string(OpenData.string(theme, "search_section_" + doc.section, language)),
                .string(Self.snippet(text.text)), .string(text.text.isEmpty || text.language == language ? "" : text.language.rawValue),
            ])
        }
        return Data(JSONValue.array(entries).serialized(pretty: false).utf8)
    }

    /// The terms of `document` with their weights, as a record line of ``SearchTermsCache``:
    /// `term weight` pairs separated by spaces, in term order. A title or keyword occurrence
    /// weighs 4, a text occurrence 1 (the cap is applied to the postings).
    static func termsLine(_ document: SearchDocument) -> [UInt8] {
        var weights: [[UInt8]: Int] = [:]
        for title in Set(document.title.values.values).union(document.keywords) {
            SearchText.forEachTerm(title) { weights[SearchText.utf8($0), default: 0] += 4 }
        }
        for text in Set(document.text.values.values) {
            SearchText.forEachTerm(text) { weights[SearchText.utf8($0), default: 0] += 1 }
        }
        var line: [UInt8] = []
        // In term order, so the index never depends on a dictionary's order.
        for (term, weight) in weights.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            if !line.isEmpty { line.append(0x20) }
            line += term
            line.append(0x20)
            line += String(weight).utf8
        }
        return line
    }

    /// A term as bytes in a buffer that outlives it: hashed and ordered as bytes.
    private struct Bytes: Hashable, Comparable {
        let start: UnsafePointer<UInt8>
        let count: Int

        var string: String { String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self) }

        func hash(into hasher: inout Hasher) {
            hasher.combine(bytes: UnsafeRawBufferPointer(start: start, count: count))
        }

        static func == (a: Bytes, b: Bytes) -> Bool {
            a.count == b.count && memcmp(a.start, b.start, a.count) == 0
        }

        static func < (a: Bytes, b: Bytes) -> Bool {
            let order = memcmp(a.start, b.start, min(a.count, b.count))
            return order != 0 ? order < 0 : a.count < b.count
        }
    }

    /// The start of `text`, whitespace collapsed, cut at a word boundary near
    /// ``snippetLength`` characters with an ellipsis.
    static func snippet(_ text: String) -> String {
        simpleSnippet(text) ?? graphemeSnippet(text)
    }

    /// ``snippet(_:)`` for any text, counting grapheme clusters.
    static func graphemeSnippet(_ text: String) -> String {
        // Only the start matters: a long body is not split whole.
        let words = text.prefix(snippetLength * 2).split(whereSeparator: { $0.isWhitespace })
        var out = "", count = 0  // count: out.count, kept rather than recounted for each word
        for word in words {
            let length = word.count
            if count + length + 1 > snippetLength {
                return out + "…"
            }
            out += count == 0 ? String(word) : " " + word
            count += count == 0 ? length : length + 1
        }
        return out
    }

    /// ``snippet(_:)`` for a text whose start holds only scalars that are characters on their
    /// own (Latin, Cyrillic, Greek and common punctuation, no combining marks, no CR): it counts
    /// and splits scalars instead of grapheme clusters, with the same result. Nil for any other
    /// text.
    static func simpleSnippet(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            let limit = snippetLength * 2
            func simple(_ value: UInt32) -> Bool {
                value != 0x0D
                    && (value < 0x300 || (0x370..<0x483).contains(value) || (0x48A..<0x530).contains(value)
                        || (0x2010...0x2027).contains(value) || (0x2030...0x205E).contains(value))
            }
            /// The scalar at byte `i` and its length in bytes (the text is valid UTF-8).
            func scalar(at i: Int) -> (UInt32, Int) {
                let lead = UInt32(bytes[i])
                if lead < 0x80 { return (lead, 1) }
                if lead < 0xE0 { return ((lead & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F), 2) }
                if lead < 0xF0 {
                    return ((lead & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F), 3)
                }
                return (
                    (lead & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6
                        | UInt32(bytes[i + 3] & 0x3F), 4
                )
            }
            // Words as byte ranges with their length in scalars.
            var words: [(range: Range<Int>, length: Int)] = []
            var seen = 0, start = -1, length = 0, i = 0
            while i < bytes.count, seen < limit {
                let (value, size) = scalar(at: i)
                guard simple(value) else { return nil }
                if (0x09...0x0D).contains(value) || value == 0x20 || value == 0x85 || value == 0xA0 {
                    if start >= 0 { words.append((start..<i, length)) }
                    start = -1
                } else {
                    if start < 0 { start = i; length = 0 }
                    length += 1
                }
                seen += 1
                i += size
            }
            // The scalar after the cut could still join the last character.
            if i < bytes.count, !simple(scalar(at: i).0) { return nil }
            if start >= 0 { words.append((start..<i, length)) }
            var out: [UInt8] = [], count = 0
            for word in words {
                if count + word.length + 1 > snippetLength { return String(decoding: out, as: UTF8.self) + "…" }
                if count > 0 { out.append(0x20) }
                out.append(contentsOf: bytes[word.range])
                count += count == 0 ? word.length : word.length + 1
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}
