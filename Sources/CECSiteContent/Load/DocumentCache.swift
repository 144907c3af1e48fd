import CECSiteCore
import CECSiteMarkdown
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What one Markdown file of `pages/` or `news/` says, parsed: its front matter's fields and its
/// body. ``DocumentLoader`` makes one per file and merges a document's files into a
/// ``Document``; ``DocumentCache`` keeps it between builds.
package struct ParsedDocumentFile {
    package var title: Located<String>?
    package var description: String?
    package var summary: String?
    package var tags: [String] = []
    package var draft = false
    package var section: Located<String>?
    package var order: Located<Int>?
    package var includes: [Located<String>] = []
    /// Hugo's `slug`: the URL segment instead of the file's name.
    package var slug: Located<String>?
    /// Hugo's `aliases`: old addresses of the page, each to redirect to it.
    package var aliases: [Located<String>] = []
    package var date: Located<Day>?
    /// Hugo's `lastmod`, `publishDate` and `expiryDate`.
    package var lastModified: Located<Day>?, publishDate: Located<Day>?, expiryDate: Located<Day>?
    package var source: String?
    package var corrections: [Correction] = []
    /// `translated_from:`, the language the file was translated from.
    package var translatedFrom: Located<Language>?
    package var markdown: MarkdownDocument
}

/// The parsed Markdown files of the previous builds, so that a rebuild reads and parses only the
/// files that changed: with 10,000 news items, parsing is most of the load stage.
///
/// A file is known by its path and its stamp (size, modification time, inode: ``FileStamp``),
/// taken with `lstat` before anything is read. Only files that parsed without any diagnostic are
/// kept, so every error and warning is reported again by every build. The record is the
/// ``Store`` of kind `documents` in the incremental-build folder beside the output (see
/// ``BuildRecord``), written by each successful build for the program that wrote it (a new
/// cecsite parses every file again). A damaged or missing record only means that files are
/// parsed.
///
/// `DocumentCacheTests` holds the restored documents to be the same, field by field (by their
/// `dump`), as freshly parsed ones, so a field added to ``ParsedDocumentFile`` and not to the
/// record fails a test instead of going stale.
package final class DocumentCache: @unchecked Sendable {
    /// The previous build's entries, by path: each the file's stamp, then its parsed file as
    /// ``ByteWriter`` writes it.
    private let store: Store
    /// This build's files, parsed or restored (`fresh` false); they share their text with the
    /// loaded documents, so keeping them costs no memory.
    private var files: [String: (stamp: FileStamp, parsed: ParsedDocumentFile, fresh: Bool)] = [:]
    /// The files the last build of this process that saved this record parsed or restored
    /// (``StoreMemory``), when the record is still as it left it; empty otherwise.
    private let kept: [String: (stamp: FileStamp, parsed: ParsedDocumentFile)]
    private let lock = NSLock()
    /// Files taken from the record in this build.
    package var hits: Int {
        lock.lock()
        defer { lock.unlock() }
        return files.values.filter { !$0.fresh }.count
    }

    /// The format of the entries, a part of the name of the program that wrote them.
    package static let format = "cecsite-documents 6"

    /// The record beside `output`, if there is one written by this program; read now.
    package init(outputDirectory: String, program: String = ProgramStamp.current) {
        store = Store(folder: Store.folder(beside: outputDirectory), kind: .documents, program: Self.format + " " + program)
        kept = Self.kept(store)
        store.load()
        // Sized once: grown file by file under the lock, it cost a tenth of the load's CPU.
        files.reserveCapacity(max(store.count, kept.count))
    }

    /// The stamp of the file at `path` as the record knows files: `lstat`, so a link is not a hit.
    package static func stamp(_ path: String) -> FileStamp? {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return FileStamp(info)
    }

    /// The parsed file at `path` when the record has it with the same stamp; it is kept for the
    /// next build.
    package func lookup(_ path: String, stamp: FileStamp) -> ParsedDocumentFile? {
        if let kept = kept[path], kept.stamp == stamp {
            lock.lock()
            files[path] = (stamp, kept.parsed, false)
            lock.unlock()
            return kept.parsed
        }
        guard let value = store.value(path) else { return nil }
        var reader = ByteReader(value)
        guard reader.stamp() == stamp, let parsed = reader.parsedFile(path: path), reader.atEnd, !parsed.draft else { return nil }
        lock.lock()
        files[path] = (stamp, parsed, false)
        lock.unlock()
        return parsed
    }

    /// Notes a file parsed in this build without any diagnostic. A draft is not kept: its text
    /// is not published, so it is never written outside the content folder (a draft is parsed
    /// again by every build, which costs little since drafts are few).
    package func record(_ path: String, stamp: FileStamp, _ parsed: ParsedDocumentFile) {
        guard !parsed.draft else { return }
        lock.lock()
        files[path] = (stamp, parsed, true)
        lock.unlock()
    }

    /// Lets go of the previous record: called when loading is done. Its bytes stay as long as
    /// the restored bodies keep their texts in them (``StoredText``), which costs no more than
    /// the decoded texts did, and spares decoding the bodies no page or search term needs.
    package func releaseRecord() { store.release() }

    /// Per record file, the files of the last build of this process that saved it, parsed, for a
    /// process that keeps its stores in memory (``StoreMemory``): restoring 10,000 of them from
    /// the record's bytes costs more than looking them up. They are taken only while the record
    /// file is as that build left it (its stamp), and a file only with the stamp it had then.
    nonisolated(unsafe) private static var keptFiles:
        [String: (program: String, stamp: FileStamp?, files: [String: (stamp: FileStamp, parsed: ParsedDocumentFile)])] = [:]
    private static let keptLock = NSLock()

    private static func kept(_ store: Store) -> [String: (stamp: FileStamp, parsed: ParsedDocumentFile)] {
        guard StoreMemory.shared.isEnabled else { return [:] }
        let path = StoreFile.path(folder: store.folder, kind: .documents)
        guard let record = keptLock.withLock({ keptFiles[path] }), record.program == store.program, let stamp = record.stamp,
            FileStamp(path: path) == stamp
        else { return [:] }
        return record.files
    }

    /// Writes this build's record: the entries of the files parsed in this build (nothing at
    /// all when every file came from the record), or every entry when the store is written
    /// whole (see ``Store``).
    package func save() {
        // The keys in no particular order: the store sorts them when it writes them all.
        let fresh = files.compactMap { $0.value.fresh ? $0.key : nil }.sorted()
        store.save(keys: Array(files.keys), changed: fresh) { path in
            let (stamp, parsed, _) = files[path]!
            var value = ByteWriter()
            value.stamp(stamp)
            value.parsedFile(parsed, path: path)
            return value.bytes
        }
        if StoreMemory.shared.isEnabled {
            let path = StoreFile.path(folder: store.folder, kind: .documents)
            let record = (program: store.program, stamp: FileStamp(path: path), files: files.mapValues { ($0.stamp, $0.parsed) })
            Self.keptLock.withLock { Self.keptFiles[path] = record }
        }
    }
}

/// Appends values as bytes: integers as 8 little-endian bytes, strings as their length and UTF-8.
package struct ByteWriter {
    package var bytes: [UInt8] = []

    package mutating func int(_ value: Int) {
        withUnsafeBytes(of: Int64(value).littleEndian) { bytes += $0 }
    }

    package mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            int(utf8.count)
            bytes += utf8
        }
    }

    package mutating func flag(_ value: Bool) { bytes.append(value ? 1 : 0) }

    package mutating func optional<T>(_ value: T?, _ write: (inout ByteWriter, T) -> Void) {
        flag(value != nil)
        if let value { write(&self, value) }
    }

    package mutating func list<T>(_ values: [T], _ write: (inout ByteWriter, T) -> Void) {
        int(values.count)
        for value in values { write(&self, value) }
    }

    package mutating func stamp(_ stamp: FileStamp) {
        int(Int(stamp.size))
        int(Int(stamp.modified))
        int(Int(bitPattern: UInt(stamp.inode)))
    }

    /// A location's line and column; its file is the entry's own.
    package mutating func location(_ location: SourceLocation) {
        int(location.line)
        int(location.column)
    }

    package mutating func located(_ value: Located<String>) {
        string(value.value)
        location(value.location)
    }

    package mutating func parsedFile(_ parsed: ParsedDocumentFile, path: String) {
        optional(parsed.title) { $0.located($1) }
        optional(parsed.description) { $0.string($1) }
        optional(parsed.summary) { $0.string($1) }
        list(parsed.tags) { $0.string($1) }
        flag(parsed.draft)
        optional(parsed.section) { $0.located($1) }
        optional(parsed.order) { writer, order in
            writer.int(order.value)
            writer.location(order.location)
        }
        list(parsed.includes) { $0.located($1) }
        optional(parsed.slug) { $0.located($1) }
        list(parsed.aliases) { $0.located($1) }
        for day in [parsed.date, parsed.lastModified, parsed.publishDate, parsed.expiryDate] {
            optional(day) { writer, date in
                writer.int(date.value.year)
                writer.int(date.value.month)
                writer.int(date.value.day)
                writer.location(date.location)
            }
        }
        optional(parsed.source) { $0.string($1) }
        list(parsed.corrections) { writer, correction in
            writer.string(correction.field)
            writer.string(correction.source)
            writer.list(correction.reason.values.sorted { $0.key < $1.key }) { writer, entry in
                writer.string(entry.key.rawValue)
                writer.string(entry.value)
                writer.flag(correction.reason.translated.contains(entry.key))
            }
            writer.location(correction.reason.location ?? SourceLocation(file: path))
        }
        optional(parsed.translatedFrom) { writer, from in
            writer.string(from.value.rawValue)
            writer.location(from.location)
        }
        let markdown = parsed.markdown
        text(markdown.storedSource)
        list(markdown.headings) { writer, heading in
            writer.int(heading.level)
            writer.location(heading.location)
        }
        list(markdown.links) { $0.located($1) }
        text(markdown.storedPlainText)
    }

    /// A text as ``string(_:)`` writes it; one kept as bytes is copied as it is.
    package mutating func text(_ value: StoredText) {
        guard let kept = value.bytes else { return string(value.string) }
        int(kept.count)
        bytes += kept
    }
}

/// Reads what ``ByteWriter`` wrote; every read is nil once the bytes run out or do not fit.
package struct ByteReader {
    private let bytes: SharedBytes
    private var offset: Int

    package init(_ bytes: SharedBytes) {
        self.bytes = bytes
        offset = bytes.startIndex
    }

    package var atEnd: Bool { offset == bytes.endIndex }

    package mutating func skip(_ count: Int) -> Range<Int>? {
        guard count >= 0, bytes.endIndex - offset >= count else { return nil }
        defer { offset += count }
        return offset..<(offset + count)
    }

    package mutating func int() -> Int? {
        guard let range = skip(8) else { return nil }
        let value = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: range.lowerBound - bytes.startIndex, as: UInt64.self) }
        return Int(Int64(bitPattern: UInt64(littleEndian: value)))
    }

    package mutating func string() -> String? {
        guard let count = int(), let range = skip(count) else { return nil }
        return String(decoding: bytes[range], as: UTF8.self)
    }

    /// A string as ``string()`` reads it, kept as its bytes until it is read.
    package mutating func text() -> StoredText? {
        guard let count = int(), let range = skip(count) else { return nil }
        return StoredText(bytes: bytes[range])
    }

    package mutating func flag() -> Bool? {
        guard let range = skip(1) else { return nil }
        return bytes[range.lowerBound] != 0
    }

    /// nil when the bytes are damaged; `.some(nil)` when the value was absent.
    package mutating func optional<T>(_ read: (inout ByteReader) -> T?) -> T?? {
        guard let present = flag() else { return nil }
        guard present else { return .some(nil) }
        guard let value = read(&self) else { return nil }
        return .some(value)
    }

    package mutating func list<T>(_ read: (inout ByteReader) -> T?) -> [T]? {
        guard let count = int(), count >= 0, count <= bytes.endIndex - offset else { return nil }
        var values: [T] = []
        values.reserveCapacity(count)
        for _ in 0..<count {
            guard let value = read(&self) else { return nil }
            values.append(value)
        }
        return values
    }

    package mutating func stamp() -> FileStamp? {
        guard let size = int(), let modified = int(), let inode = int() else { return nil }
        return FileStamp(size: Int64(size), modified: Int64(modified), inode: UInt64(UInt(bitPattern: inode)))
    }

    package mutating func location(_ file: String) -> SourceLocation? {
        guard let line = int(), let column = int() else { return nil }
        return SourceLocation(file: file, line: line, column: column)
    }

    package mutating func located(_ file: String) -> Located<String>? {
        guard let value = string(), let location = location(file) else { return nil }
        return Located(value, at: location)
    }

    package mutating func parsedFile(path: String) -> ParsedDocumentFile? {
        func day(_ reader: inout ByteReader) -> Located<Day>? {
            guard let year = reader.int(), let month = reader.int(), let day = reader.int(),
                let value = Day(year: year, month: month, day: day), let location = reader.location(path)
            else { return nil }
            return Located(value, at: location)
        }
        guard let title = optional({ $0.located(path) }),
            let description = optional({ $0.string() }),
            let summary = optional({ $0.string() }),
            let tags = list({ $0.string() }),
            let draft = flag(),
            let section = optional({ $0.located(path) }),
            let order = optional({ reader -> Located<Int>? in
                guard let value = reader.int(), let location = reader.location(path) else { return nil }
                return Located(value, at: location)
            }),
            let includes = list({ $0.located(path) }),
            let slug = optional({ $0.located(path) }),
            let aliases = list({ $0.located(path) }),
            let date = optional(day),
            let lastModified = optional(day),
            let publishDate = optional(day),
            let expiryDate = optional(day),
            let source = optional({ $0.string() }),
            let corrections = list({ reader -> Correction? in
                guard let field = reader.string(), let source = reader.string(),
                    let reason = reader.list({ reader -> (Language, String, Bool)? in
                        guard let code = reader.string(), let language = Language(rawValue: code), let text = reader.string(),
                            let translated = reader.flag()
                        else { return nil }
                        return (language, text, translated)
                    }),
                    let location = reader.location(path)
                else { return nil }
                return Correction(
                    field: field, source: source,
                    reason: LocalizedText(
                        Dictionary(reason.map { ($0.0, $0.1) }, uniquingKeysWith: { a, _ in a }),
                        translated: Set(reason.filter(\.2).map(\.0)), at: location))
            }),
            let translatedFrom = optional({ reader -> Located<Language>? in
                guard let code = reader.string(), let language = Language(rawValue: code), let location = reader.location(path) else { return nil }
                return Located(language, at: location)
            }),
            let body = text(),
            let headings = list({ reader -> MarkdownDocument.Heading? in
                guard let level = reader.int(), let location = reader.location(path) else { return nil }
                return MarkdownDocument.Heading(level: level, location: location)
            }),
            let links = list({ $0.located(path) }),
            let plainText = text()
        else { return nil }
        let markdown = MarkdownDocument(source: body, headings: headings, links: links, plainText: plainText)
        return ParsedDocumentFile(
            title: title, description: description, summary: summary, tags: tags, draft: draft,
            section: section, order: order, includes: includes, slug: slug, aliases: aliases, date: date,
            lastModified: lastModified, publishDate: publishDate, expiryDate: expiryDate, source: source,
            corrections: corrections, translatedFrom: translatedFrom, markdown: markdown)
    }
}
