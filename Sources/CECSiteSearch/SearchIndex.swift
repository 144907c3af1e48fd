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
    ///     tokenised again; nil: every document is.
    ///   - output: Where each file goes. A term chunk or document chunk whose inputs are
    ///     unchanged may be taken from the previous output (the build record's choice):
    ///   a term chunk is a function of the terms in it of each document, by document number; a
    ///   document chunk of its documents' paths and search keys and of the theme's strings.
    package func files<File>(
        _ documents: [SearchDocument], terms: SearchTermsCache? = nil, output: some SearchIndexOutput<File>
    ) -> [File] {
        // Each document's terms as its record line (`term weight …`, in term order), in
        // parallel: tokenising is the expensive part.
        var made = parallelMap(documents.count) { i -> (line: [UInt8], key: String) in
            guard let terms else { return (Self.termsLine(documents[i]), "") }
            let key = SearchTermsCache.key(documents[i])
            let line = terms.line(key) ?? Self.termsLine(documents[i])
            terms.record(key, line)
            return (line, key)
        }
        let keys = made.map(\.key)
        // Every line in one buffer, so that a term is known by where its bytes are, uncopied.
        var all: [UInt8] = [], starts: [Int] = []
        all.reserveCapacity(made.reduce(documents.count) { $0 + $1.line.count })
        for (line, _) in made {
            starts.append(all.count)
            all += line
            all.append(0x20)
        }
        starts.append(all.count)
        made = []
        var files: [File] = []
        all.withUnsafeBufferPointer { buffer in
            // Read only, by every job, while `all` is alive and unchanged.
            nonisolated(unsafe) let bytes = buffer
            let chunks = Self.chunks(bytes, starts: starts)
            let blocks = Array(stride(from: 0, to: documents.count, by: Self.chunkSize))
            let jobs = chunks.count + Language.allCases.count * blocks.count
            let made = parallelMap(jobs) { job -> File in
                if job < chunks.count {
                    let (name, segments) = chunks[job]
                    return output.file(Self.directory + "t-\(name).json") { hasher in
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
                    return output.file(Self.directory + "\(language.rawValue)-\(start / Self.chunkSize).json") { hasher in
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
            let manifest: JSONValue = .object([
                ("version", .int(1)), ("documents", .int(documents.count)), ("chunkSize", .int(Self.chunkSize)),
                ("chunks", .array(chunks.map { JSONValue.string($0.name) })),
            ])
            files =
                [output.file(Self.directory + "manifest.json", key: nil) { Data(manifest.serialized(pretty: false).utf8) }]
                + made
        }
        return files
    }

    /// Where one document's terms of one chunk are in the buffer of all lines: a run of
    /// `term weight ` pairs.
    private struct Segment {
        package var document: Int
        package var range: Range<Int>
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
    private struct Bytes: Hashable, Comparable {
        package let start: UnsafePointer<UInt8>
        package let count: Int

        package var string: String { String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self) }

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
