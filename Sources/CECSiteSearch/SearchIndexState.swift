import CECSiteContent
import CECSiteCore
import Foundation

/// The search index as a build made it, kept in memory by a session that rebuilds the same
/// site again and again (`cecsite serve`), so that the index of the next rebuild, after a few
/// documents changed, costs what those documents' terms cost rather than a walk of every
/// document's terms (``SearchIndex/update(_:documents:changed:terms:output:)``).
///
/// It holds every document's terms line (as ``SearchIndex/termsLine(_:)`` makes it), its terms
/// key, and each term chunk's runs of terms by document, with the chunk's key: what the build
/// found by scanning every line (``SearchIndex/Lines/chunks(only:)``). A changed document's
/// new line is appended, and only the runs of the chunks in which its terms differ are
/// replaced; a chunk is made again only when one of its runs changed. The files are those a
/// build from nothing makes, byte for byte, under the keys it gives them.
///
/// Not thread-safe: one update at a time (a session's rebuilds do not overlap).
package final class SearchIndexState: @unchecked Sendable {
    /// One term chunk: its name, its runs of terms by document (in document order, ranges of
    /// ``bytes``) and its key (``SearchIndex/termChunkKey(_:_:)``).
    struct Chunk {
        var name: String
        var segments: [SearchIndex.Segment]
        var key: String
    }

    /// Every document's terms line, each followed by a space; a changed document's new line is
    /// appended (its old one left as garbage until ``compact()``).
    private var bytes: [UInt8]
    /// Where each document's line is in ``bytes``, its space included.
    private var lines: [Range<Int>]
    /// Each document's terms key (``SearchTermsCache/key(_:)``).
    private(set) var keys: [String]
    /// The term chunks, by the first two characters of their terms (UTF-8).
    private var chunks: [[UInt8]: Chunk]
    /// Bytes of ``bytes`` no line uses any more.
    private var garbage = 0

    /// The state of an index made by ``SearchIndex/files(_:terms:output:keeping:)``: its
    /// documents' keys, lines and planned chunks, with the keys it gave the chunks' files (nil:
    /// not made, found here).
    init(keys: [String], lines: SearchIndex.Lines, chunks planned: [SearchIndex.PlannedChunk], chunkKeys: [String?], documents: Int) {
        let (buffer, starts) = lines.buffer
        bytes = Array(buffer)
        self.lines = (0..<documents).map { starts[$0]..<starts[$0 + 1] }
        self.keys = keys
        // A plan that took chunks from the previous memo did not find their runs: found now.
        var known: [String: String] = [:]
        for (chunk, key) in zip(planned, chunkKeys) { if let key { known[chunk.name] = key } }
        let all = planned.allSatisfy { $0.segments != nil } ? planned : lines.chunks(only: nil)
        chunks = [:]
        for chunk in all {
            let segments = chunk.segments ?? []
            chunks[chunk.prefix] = Chunk(
                name: chunk.name, segments: segments, key: known[chunk.name] ?? SearchIndex.termChunkKey(buffer, segments))
        }
    }

    /// How many documents the index holds.
    var count: Int { lines.count }

    /// The chunks in the manifest's order.
    var ordered: [(prefix: [UInt8], chunk: Chunk)] {
        chunks.map { ($0.key, $0.value) }.sorted { $0.chunk.name < $1.chunk.name }
    }

    /// Document `document`'s terms are now `line`, under `key`: its runs replaced in the chunks
    /// whose runs differ. Returns the first two characters of those chunks (new, changed or
    /// gone), whose files must be made again; every other chunk's file is as it was.
    func replace(_ document: Int, key: String, line: [UInt8]) -> [[UInt8]] {
        let old = lines[document]
        let start = bytes.count
        bytes += line
        bytes.append(0x20)
        let new = start..<bytes.count
        lines[document] = new
        keys[document] = key
        garbage += old.count
        let before = runs(old), after = runs(new)
        var dirty: [[UInt8]] = []
        for prefix in Set(before.keys).union(after.keys) {
            let was = before[prefix], now = after[prefix]
            if let was, let now, bytes[was].elementsEqual(bytes[now]) {
                // The same terms: the run now points at the new line (the old one is garbage).
                if let at = position(of: document, in: chunks[prefix]!.segments) { chunks[prefix]!.segments[at].range = now }
                continue
            }
            dirty.append(prefix)
            var chunk =
                chunks[prefix]
                ?? Chunk(name: SearchText.chunkKey(String(decoding: prefix, as: UTF8.self)), segments: [], key: "")
            let at = insertion(of: document, in: chunk.segments)
            let present = at < chunk.segments.count && chunk.segments[at].document == document
            switch (now, present) {
            case (let now?, true): chunk.segments[at].range = now
            case (let now?, false): chunk.segments.insert(SearchIndex.Segment(document: document, range: now), at: at)
            case (nil, true): chunk.segments.remove(at: at)
            case (nil, false): break
            }
            chunks[prefix] = chunk.segments.isEmpty ? nil : chunk
        }
        return dirty
    }

    /// Makes the term chunk of `prefix` (nil when it has no terms any more), with its key; safe
    /// from several threads at once (nothing is changed: ``setKey(_:of:)`` records the key).
    func made<File>(_ prefix: [UInt8], output: some SearchIndexOutput<File>) -> (file: File, key: String)? {
        guard let chunk = chunks[prefix] else { return nil }
        return bytes.withUnsafeBufferPointer { buffer in
            let key = SearchIndex.termChunkKey(buffer, chunk.segments)
            let file = output.file(SearchIndex.directory + "t-\(chunk.name).json") { hasher in
                hasher.add(key)
            } make: {
                SearchIndex.termChunk(buffer, chunk.segments)
            }
            return (file, key)
        }
    }

    /// Records the key of the chunk of `prefix`, as ``made(_:output:)`` found it.
    func setKey(_ key: String, of prefix: [UInt8]) { chunks[prefix]?.key = key }

    /// The runs of the line at `range` of ``bytes`` by the first two characters of their terms,
    /// as ``SearchIndex/Lines/chunks(only:)`` cuts a line.
    private func runs(_ range: Range<Int>) -> [[UInt8]: Range<Int>] {
        bytes.withUnsafeBufferPointer { bytes in
            var runs: [[UInt8]: Range<Int>] = [:]
            SearchIndex.forEachRun(bytes, in: range) { prefix, run in runs[prefix.bytes] = run }
            return runs
        }
    }

    /// Where `document`'s run is in `segments` (in document order), or would be inserted.
    private func insertion(of document: Int, in segments: [SearchIndex.Segment]) -> Int {
        var low = 0, high = segments.count
        while low < high {
            let middle = (low + high) / 2
            if segments[middle].document < document { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The index of `document`'s run in `segments`; nil when it has none.
    private func position(of document: Int, in segments: [SearchIndex.Segment]) -> Int? {
        let at = insertion(of: document, in: segments)
        return at < segments.count && segments[at].document == document ? at : nil
    }

    /// Drops the garbage of ``bytes`` once it is more than half of it (and over 1 MiB): every
    /// line copied into a new buffer, every run moved with its line.
    func compact() {
        guard garbage > 1 << 20, garbage * 2 > bytes.count else { return }
        var packed: [UInt8] = []
        packed.reserveCapacity(bytes.count - garbage)
        var shift: [Int] = []
        shift.reserveCapacity(lines.count)
        for (document, range) in lines.enumerated() {
            shift.append(packed.count - range.lowerBound)
            packed += bytes[range]
            lines[document] = (range.lowerBound + shift[document])..<(range.upperBound + shift[document])
        }
        for prefix in Array(chunks.keys) {
            for i in chunks[prefix]!.segments.indices {
                let segment = chunks[prefix]!.segments[i]
                let by = shift[segment.document]
                chunks[prefix]!.segments[i].range = (segment.range.lowerBound + by)..<(segment.range.upperBound + by)
            }
        }
        bytes = packed
        garbage = 0
    }
}

extension SearchIndex {
    /// The index files of a rebuild in which only the documents `changed` (by number) may
    /// differ from those `state` was made or last updated with, `documents` otherwise the same
    /// in number, order, paths and terms; `state` is brought up to date.
    ///
    /// Made, through `output` as ``files(_:terms:output:)`` makes them: the manifest, the term
    /// chunks in which a changed document's terms differ, the document chunks holding a changed
    /// document. Every other file of the index is the one the last build made, unchanged:
    /// `paths` lists every file of the index (as `files` names them), those not made
    /// included. `terms` is told what a full index tells it (each document's line and the
    /// memo), so that the store and memo it saves are a full build's.
    /// Nil when `state` does not hold as many documents, or there are no `terms` (the index
    /// is not keyed: a build without them gives every document the same terms key).
    package func update<File>(
        _ state: SearchIndexState, documents: [SearchDocument], changed: [Int], terms: SearchTermsCache?,
        output: some SearchIndexOutput<File>
    ) -> (files: [File], paths: [String])? {
        guard let terms, state.count == documents.count else { return nil }
        state.compact()
        var dirty: Set<[UInt8]> = [], blocks: Set<Int> = []
        for i in Set(changed).sorted() {
            guard i >= 0, i < documents.count else { return nil }
            blocks.insert(i / Self.chunkSize)
            let key = SearchTermsCache.key(documents[i])
            guard key != state.keys[i] else { continue }
            let line = terms.line(key) ?? Self.termsLine(documents[i])
            terms.record(key, line)
            dirty.formUnion(state.replace(i, key: key, line: line))
        }
        let prefixes = Array(dirty)
        let made = parallelMap(prefixes.count) { state.made(prefixes[$0], output: output) }
        for (prefix, made) in zip(prefixes, made) { if let made { state.setKey(made.key, of: prefix) } }
        let chunkFiles = made.compactMap { $0?.file }
        let ordered = state.ordered
        // Every document's terms are in the store but the changed ones', just recorded.
        terms.keep(Set(state.keys))
        terms.recordMemo(
            SearchIndexMemo(
                keys: state.keys,
                chunks: ordered.map { SearchIndexMemo.Chunk(name: $0.chunk.name, prefix: $0.prefix, key: $0.chunk.key) }))
        let names = ordered.map(\.chunk.name)
        let keys = state.keys
        let sorted = blocks.sorted()
        let documentFiles = parallelMap(sorted.count * Language.allCases.count) { job in
            documentFile(
                documents, keys: keys, start: sorted[job / Language.allCases.count] * Self.chunkSize,
                Language.allCases[job % Language.allCases.count], output: output)
        }
        let manifest = output.file(Self.directory + "manifest.json", key: nil) {
            Self.manifest(documents: documents.count, chunks: names)
        }
        var paths = [Self.directory + "manifest.json"] + names.map { Self.directory + "t-\($0).json" }
        for language in Language.allCases {
            for start in stride(from: 0, to: documents.count, by: Self.chunkSize) {
                paths.append(Self.directory + Self.documentChunkName(start: start, language))
            }
        }
        return ([manifest] + chunkFiles + documentFiles, paths)
    }
}
