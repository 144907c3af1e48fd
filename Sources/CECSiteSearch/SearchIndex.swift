import CECSiteContent
import CECSiteCore
import CECSiteFormats
import Foundation

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
package struct SearchIndex: Sendable {
    package static let directory = "search/index/"
    package static let chunkSize = 200
    package static let snippetLength = 240
    package static let maxWeight = 60

    /// The label of a section in a language, as a result shows it (the interface string
    /// `search_section_<section>`).
    package let sectionLabel: @Sendable (_ section: String, Language) -> String
    /// What every document chunk is made of besides its documents (the theme's fingerprint,
    /// whose strings the labels are); empty when nothing is reused.
    package let themeKey: String

    /// An index whose results are labelled by `sectionLabel`, its document chunks keyed by
    /// `themeKey` besides their documents.
    package init(sectionLabel: @escaping @Sendable (_ section: String, Language) -> String, themeKey: String) {
        self.sectionLabel = sectionLabel
        self.themeKey = themeKey
    }

    /// The index files for `documents`.
    ///
    /// Terms are handled as their UTF-8 bytes, never as `String`s, until they are written:
    /// hashing and comparing a Cyrillic `String` normalises it first, and the terms are NFC
    /// already (``SearchText/normalizedScalars(_:)``), so their bytes hash, compare and sort as
    /// the strings would (UTF-8 byte order is scalar order).
    ///
    /// - Parameters:
    ///   - terms: The terms of the previous build: a document whose text is unchanged is not
    ///     tokenised again, and when the previous build's memo (``SearchIndexMemo``) holds, only
    ///     the term chunks of the documents whose terms key changed are looked at; nil: every
    ///     document is tokenised and every chunk made.
    ///   - output: Where each file goes. A term chunk or document chunk whose inputs are
    ///     unchanged may be taken from the previous output (the build record's choice):
    ///   a term chunk is a function of the terms in it of each document, by document number; a
    ///   document chunk of its documents' paths and search keys and of the theme's strings.
    package func files<File>(
        _ documents: [SearchDocument], terms: SearchTermsCache? = nil, output: some SearchIndexOutput<File>
    ) -> [File] {
        files(documents, terms: terms, output: output, keeping: false).files
    }

    /// ``files(_:terms:output:)``, and when `keeping`, the index as made, for the next
    /// rebuild's ``update(_:documents:changed:terms:output:)``.
    package func files<File>(
        _ documents: [SearchDocument], terms: SearchTermsCache?, output: some SearchIndexOutput<File>, keeping: Bool
    ) -> (files: [File], kept: SearchIndexState?) {
        let plan = terms.flatMap { changedPlan(documents, terms: $0) } ?? fullPlan(documents, terms: terms)
        let keys = plan.keys, lines = plan.lines, chunks = plan.chunks
        let blocks = Array(stride(from: 0, to: documents.count, by: Self.chunkSize))
        let jobs = chunks.count + Language.allCases.count * blocks.count
        // The chunks' keys are made for the memo when there is one to keep.
        let memoized = terms != nil
        let made = parallelMap(jobs) { job -> (file: File, key: String?) in
            if job < chunks.count {
                let chunk = chunks[job]
                // The chunk's runs of terms, found once when first asked for (by its key or its bytes).
                var found = chunk.segments
                func segments() -> [Segment] {
                    if let found { return found }
                    let made = lines.segments(chunk.prefix)
                    found = made
                    return made
                }
                let key = chunk.key ?? (memoized ? lines.key(segments()) : nil)
                let file = output.file(Self.directory + "t-\(chunk.name).json") { hasher in
                    hasher.add(key ?? lines.key(segments()))
                } make: {
                    lines.termChunk(segments())
                }
                return (file, key)
            }
            let language = Language.allCases[(job - chunks.count) / blocks.count]
            let start = blocks[(job - chunks.count) % blocks.count]
            return (documentFile(documents, keys: keys, start: start, language, output: output), nil)
        }
        if let terms {
            terms.recordMemo(
                SearchIndexMemo(
                    keys: keys,
                    chunks: chunks.indices.map { SearchIndexMemo.Chunk(name: chunks[$0].name, prefix: chunks[$0].prefix, key: made[$0].key ?? "") })
            )
        }
        let files =
            [output.file(Self.directory + "manifest.json", key: nil) { Self.manifest(documents: documents.count, chunks: chunks.map(\.name)) }]
            + made.map(\.file)
        guard keeping else { return (files, nil) }
        let kept = SearchIndexState(
            keys: keys, lines: lines, chunks: chunks, chunkKeys: chunks.indices.map { made[$0].key }, documents: documents.count)
        return (files, kept)
    }

    /// The manifest of an index of `documents` documents with the term chunks `names`, in order.
    static func manifest(documents: Int, chunks names: [String]) -> Data {
        let manifest: JSONValue = .object([
            ("version", .int(1)), ("documents", .int(documents)), ("chunkSize", .int(Self.chunkSize)),
            ("chunks", .array(names.map { JSONValue.string($0) })),
        ])
        return Data(manifest.serialized(pretty: false).utf8)
    }

    /// What the index is made of: each document's terms key, its terms (``Lines``), and the term
    /// chunks in the manifest's order.
    private struct Plan {
        var keys: [String]
        var lines: Lines
        var chunks: [PlannedChunk]
    }

    /// A term chunk to write: its key when the memo gives it, its runs of terms when they were
    /// found (else they are found when asked for, ``Lines/segments(_:)``).
    struct PlannedChunk {
        var name: String
        var prefix: [UInt8]
        var key: String?
        var segments: [Segment]?
    }

    /// Every document tokenised (or its terms taken from `terms`), every chunk found.
    private func fullPlan(_ documents: [SearchDocument], terms: SearchTermsCache?) -> Plan {
        // Each document's terms as its record line (`term weight …`, in term order), in
        // parallel: tokenising is the expensive part.
        var made = parallelMap(documents.count) { i -> (line: [UInt8], key: String) in
            guard let terms else { return (Self.termsLine(documents[i]), "") }
            let key = SearchTermsCache.key(documents[i])
            let line = terms.line(key) ?? Self.termsLine(documents[i])
            terms.record(key, line)
            return (line, key)
        }
        let keys = made.map(\.key), each = made.map(\.line)
        made = []
        let lines = Lines(count: documents.count) { each[$0] }
        return Plan(keys: keys, lines: lines, chunks: lines.chunks(only: nil))
    }

    /// The plan of an index whose previous memo holds, with the same number of documents, few
    /// of whose terms keys changed: only the chunks in which a changed document's terms differ
    /// from its previous ones are found again (among every document's terms, read from the
    /// store, untokenised); every other chunk is the memo's, under its key. Nil when the memo
    /// does not hold or too many documents changed.
    private func changedPlan(_ documents: [SearchDocument], terms: SearchTermsCache) -> Plan? {
        guard !documents.isEmpty, let memo = terms.previousMemo(), memo.keys.count == documents.count else { return nil }
        let keys = parallelMap(documents.count) { SearchTermsCache.key(documents[$0]) }
        let changed = keys.indices.filter { keys[$0] != memo.keys[$0] }
        guard changed.count <= max(16, documents.count / 16) else { return nil }
        var fresh: [Int: [UInt8]] = [:], dirty: [[UInt8]] = []
        for i in changed {
            guard let old = terms.storedLine(memo.keys[i]) else { return nil }
            let line = terms.line(keys[i]) ?? Self.termsLine(documents[i])
            terms.record(keys[i], line)
            fresh[i] = line
            let before = Self.runs(Array(old)), after = Self.runs(line)
            for prefix in Set(before.keys).union(after.keys) where before[prefix] != after[prefix] && !dirty.contains(prefix) {
                dirty.append(prefix)
            }
        }
        // The unchanged documents' terms are the store's: kept without being read.
        var unchanged = Set(keys)
        for i in changed { unchanged.remove(keys[i]) }
        terms.keep(unchanged)
        // The store's lines and the changed documents', read only when a chunk is found.
        let stored = memo.keys
        let lines = Lines(count: documents.count) { i in fresh[i] ?? terms.storedLine(stored[i]).map(Array.init) ?? [] }
        var chunks = memo.chunks.filter { !dirty.contains($0.prefix) }.map {
            PlannedChunk(name: $0.name, prefix: $0.prefix, key: $0.key, segments: nil)
        }
        if !dirty.isEmpty { chunks += lines.chunks(only: dirty) }
        chunks.sort { $0.name < $1.name }
        return Plan(keys: keys, lines: lines, chunks: chunks)
    }

    /// The runs of `line` by the first two characters of their terms: each run's `term weight `
    /// pairs, as the chunks hold them.
    private static func runs(_ line: [UInt8]) -> [[UInt8]: [UInt8]] {
        var runs: [[UInt8]: [UInt8]] = [:]
        var i = 0
        while i < line.count {
            let term = i
            while i < line.count, line[i] != 0x20 { i += 1 }
            let termEnd = i
            i += 1
            while i < line.count, line[i] != 0x20 { i += 1 }
            i += 1
            guard termEnd > term else { continue }
            runs[prefix(line, term, termEnd), default: []] += line[term..<min(i, line.count)] + (i > line.count ? [0x20] : [])
        }
        return runs
    }

    /// The bytes of the first two scalars of the term `start..<end` of `bytes` (UTF-8 lead bytes
    /// give each one's length).
    private static func prefix(_ bytes: some RandomAccessCollection<UInt8>, _ start: Int, _ end: Int) -> [UInt8] {
        Array(bytes[bytes.index(bytes.startIndex, offsetBy: start)..<bytes.index(bytes.startIndex, offsetBy: prefixEnd(bytes, start, end))])
    }

    /// Each run of the terms line at `range` of `bytes` (`term weight ` pairs in term order)
    /// whose terms share their first two characters, in order: those characters' bytes
    /// (``prefixEnd(_:_:_:)``) and the run's range. A full index cuts every line so
    /// (``Lines/chunks(only:)``), and a kept one the line of a changed document
    /// (``SearchIndexState``).
    static func forEachRun(_ bytes: UnsafeBufferPointer<UInt8>, in range: Range<Int>, _ body: (_ prefix: Bytes, _ run: Range<Int>) -> Void) {
        var i = range.lowerBound
        let end = range.upperBound
        var prefix: Bytes?, run = i
        while i < end {
            let term = i
            while bytes[i] != 0x20 { i += 1 }
            let termEnd = i
            i += 1
            guard termEnd > term else { continue }
            while bytes[i] != 0x20 { i += 1 }
            i += 1
            let this = Bytes(start: bytes.baseAddress! + term, count: prefixEnd(bytes, term, termEnd) - term)
            if this != prefix {
                if let prefix { body(prefix, run..<term) }
                prefix = this
                run = term
            }
        }
        if let prefix { body(prefix, run..<i) }
    }

    /// Where the first two scalars of the term `start..<end` of `bytes` end.
    static func prefixEnd(_ bytes: some RandomAccessCollection<UInt8>, _ start: Int, _ end: Int) -> Int {
        var cut = start
        for _ in 0..<2 where cut < end {
            let lead = bytes[bytes.index(bytes.startIndex, offsetBy: cut)]
            cut += lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        }
        return min(cut, end)
    }

    /// Where one document's terms of one chunk are in the buffer of all lines: a run of
    /// `term weight ` pairs.
    struct Segment {
        package var document: Int
        package var range: Range<Int>
    }

    /// Every document's terms line in one buffer, so that a term is known by where its bytes
    /// are, uncopied; made when first asked for (a rebuild whose memo holds may never need it).
    final class Lines: @unchecked Sendable {
        private let count: Int
        private var line: ((Int) -> [UInt8])?
        private let lock = NSLock()
        private var made: (bytes: UnsafeMutableBufferPointer<UInt8>, starts: [Int])?

        init(count: Int, line: @escaping (Int) -> [UInt8]) {
            self.count = count
            self.line = line
        }

        deinit { made?.bytes.deallocate() }

        /// The buffer and where each document's line starts in it (one more: the end).
        var buffer: (bytes: UnsafeBufferPointer<UInt8>, starts: [Int]) {
            lock.lock()
            defer { lock.unlock() }
            if let made { return (UnsafeBufferPointer(made.bytes), made.starts) }
            let each = (0..<count).map { line!($0) }
            line = nil
            let bytes = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: each.reduce(count) { $0 + $1.count })
            var starts: [Int] = [], at = 0
            starts.reserveCapacity(count + 1)
            for line in each {
                starts.append(at)
                _ = UnsafeMutableBufferPointer(rebasing: bytes[at..<(at + line.count)]).initialize(from: line)
                at += line.count
                bytes[at] = 0x20
                at += 1
            }
            starts.append(at)
            made = (bytes, starts)
            return (UnsafeBufferPointer(bytes), starts)
        }

        /// The term chunks, named and in the manifest's order, each with its documents' runs of
        /// terms in document order; only those of the first two characters `only` (nil: all).
        /// A line is in term order, so the terms of one chunk (those sharing their first two
        /// characters) are one run of it.
        func chunks(only: [[UInt8]]?) -> [PlannedChunk] {
            let (bytes, starts) = buffer
            var chunks: [Bytes: [Segment]] = [:]
            for document in 0..<(starts.count - 1) {
                SearchIndex.forEachRun(bytes, in: starts[document]..<starts[document + 1]) { prefix, run in
                    if only.map({ $0.contains { prefix.equals($0) } }) ?? true {
                        chunks[prefix, default: []].append(Segment(document: document, range: run))
                    }
                }
            }
            return chunks.map { PlannedChunk(name: SearchText.chunkKey($0.key.string), prefix: $0.key.bytes, segments: $0.value) }
                .sorted { $0.name < $1.name }
        }

        /// The runs of the terms whose first two characters are `prefix`.
        func segments(_ prefix: [UInt8]) -> [Segment] { chunks(only: [prefix]).first?.segments ?? [] }

        /// The key of a term chunk: its terms, by document number.
        func key(_ segments: [Segment]) -> String { SearchIndex.termChunkKey(buffer.bytes, segments) }

        /// A term chunk: each of its terms, in order, with its postings `[document, weight, …]`.
        func termChunk(_ segments: [Segment]) -> Data { SearchIndex.termChunk(buffer.bytes, segments) }
    }

    /// The key of a term chunk whose runs of terms are `segments` of `bytes`: its terms, by
    /// document number.
    static func termChunkKey(_ bytes: UnsafeBufferPointer<UInt8>, _ segments: [Segment]) -> String {
        var hasher = Fingerprint()
        hasher.add("terms")
        for segment in segments {
            hasher.add(word: UInt64(segment.document))
            hasher.add(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[segment.range])))
        }
        return hasher.hex
    }

    /// A term chunk: each of its terms, in order, with its postings `[document, weight, …]`.
    static func termChunk(_ bytes: UnsafeBufferPointer<UInt8>, _ segments: [Segment]) -> Data {
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

    /// The document chunk of `documents` (whose terms keys are `keys`) from `start` in `language`.
    func documentFile<File>(
        _ documents: [SearchDocument], keys: [String], start: Int, _ language: Language, output: some SearchIndexOutput<File>
    ) -> File {
        let range = start..<min(start + Self.chunkSize, documents.count)
        return output.file(Self.directory + Self.documentChunkName(start: start, language)) { hasher in
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

    /// The name of the document chunk from document `start` in `language`, below ``directory``.
    static func documentChunkName(start: Int, _ language: Language) -> String {
        "\(language.rawValue)-\(start / chunkSize).json"
    }

    /// A document chunk in `language`: each document's `[path, title, titleLang, section,
    /// snippet, snippetLang]`.
    func documentChunk(_ documents: ArraySlice<SearchDocument>, _ language: Language) -> Data {
        let entries = documents.map { doc -> JSONValue in
            let title = doc.title.resolve(language), text = doc.text.resolve(language)
            return .array([
                .string(doc.path), .string(title.text), .string(title.language == language ? "" : title.language.rawValue),
                .string(sectionLabel(doc.section, language)),
                .string(Self.snippet(text.text)), .string(text.text.isEmpty || text.language == language ? "" : text.language.rawValue),
            ])
        }
        return Data(JSONValue.array(entries).serialized(pretty: false).utf8)
    }

    /// The terms of `document` with their weights, as a record line of ``SearchTermsCache``:
    /// `term weight` pairs separated by spaces, in term order. A title or keyword occurrence
    /// weighs 4, a text occurrence 1 (the cap is applied to the postings).
    package static func termsLine(_ document: SearchDocument) -> [UInt8] {
        var weights: [[UInt8]: Int] = [:]
        for title in distinct(Array(document.title.values.values) + document.keywords) {
            SearchText.forEachTerm(title) { weights[SearchText.utf8($0), default: 0] += 4 }
        }
        for text in distinct(Array(document.text.values.values)) {
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

    /// `texts` without repeats, as a `Set` of them holds them (in another order, which the
    /// weights do not depend on). A few texts (one a language): compared, not hashed, since a
    /// `Set` hashed each whole body, Unicode-normalised (1 % of a build).
    private static func distinct(_ texts: [String]) -> [String] {
        guard texts.count <= 8 else { return Array(Set(texts)) }
        var unique: [String] = []
        unique.reserveCapacity(texts.count)
        for text in texts where !unique.contains(text) { unique.append(text) }
        return unique
    }

    /// A term as bytes in a buffer that outlives it: hashed and ordered as bytes.
    struct Bytes: Hashable, Comparable {
        package let start: UnsafePointer<UInt8>
        package let count: Int

        package var string: String { String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self) }
        package var bytes: [UInt8] { Array(UnsafeBufferPointer(start: start, count: count)) }

        /// True when these are the bytes `other`.
        package func equals(_ other: [UInt8]) -> Bool {
            other.count == count && other.withUnsafeBufferPointer { memcmp($0.baseAddress!, start, count) == 0 }
        }

        package func hash(into hasher: inout Hasher) {
            hasher.combine(bytes: UnsafeRawBufferPointer(start: start, count: count))
        }

        package static func == (a: Bytes, b: Bytes) -> Bool {
            a.count == b.count && memcmp(a.start, b.start, a.count) == 0
        }

        package static func < (a: Bytes, b: Bytes) -> Bool {
            let order = memcmp(a.start, b.start, min(a.count, b.count))
            return order != 0 ? order < 0 : a.count < b.count
        }
    }

    /// The start of `text`, whitespace collapsed, cut at a word boundary near
    /// ``snippetLength`` characters with an ellipsis.
    package static func snippet(_ text: String) -> String {
        simpleSnippet(text) ?? graphemeSnippet(text)
    }

    /// ``snippet(_:)`` for any text, counting grapheme clusters.
    package static func graphemeSnippet(_ text: String) -> String {
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
    package static func simpleSnippet(_ text: String) -> String? {
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

/// Where the index's files go: each is handed over with what it is made of, so that the one
/// who keeps the previous build's files can reuse it (cecsite's build record).
package protocol SearchIndexOutput<File>: Sendable {
    associatedtype File: Sendable
    /// The file `path`, made by `make` unless one with the same key is kept; `key` adds what
    /// the file is made of to a fingerprint, nil: the file is always made.
    func file(_ path: String, key: ((inout Fingerprint) -> Void)?, make: () -> Data) -> File
}
