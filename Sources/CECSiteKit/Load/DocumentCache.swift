import CECSiteCore
import CECSiteMarkdown
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What one Markdown file of `pages/` or `news/` says, parsed: its front matter's fields and its
/// body. ``DocumentLoader`` makes one per file and merges a document's files into a
/// ``Document``; ``DocumentCache`` keeps it between builds.
struct ParsedDocumentFile {
    var title: Located<String>?
    var description: String?
    var summary: String?
    var tags: [String] = []
    var draft = false
    var section: Located<String>?
    var order: Located<Int>?
    var includes: [Located<String>] = []
    /// Hugo's `slug`: the URL segment instead of the file's name.
    var slug: Located<String>?
    /// Hugo's `aliases`: old addresses of the page, each to redirect to it.
    var aliases: [Located<String>] = []
    var date: Located<Day>?
    /// Hugo's `lastmod`, `publishDate` and `expiryDate`.
    var lastModified: Located<Day>?, publishDate: Located<Day>?, expiryDate: Located<Day>?
    var source: String?
    var corrections: [Correction] = []
    /// `translated_from:`, the language the file was translated from.
    var translatedFrom: Located<Language>?
    var markdown: MarkdownDocument
}

/// The parsed Markdown files of the previous builds, so that a rebuild reads and parses only the
/// files that changed: with 10,000 news items, parsing is most of the load stage.
///
/// A file is known by its path and its stamp (size, modification time, inode: ``FileStamp``),
/// taken with `lstat` before anything is read. Only files that parsed without any diagnostic are
/// kept, so every error and warning is reported again by every build. The record is
/// `documents.bin` in the incremental-build folder beside the output (see ``BuildRecord``): a
/// header naming the program that wrote it (a new cecsite parses every file again), then
/// entries appended by each successful build, a later one replacing an earlier one for the same
/// path. A damaged or missing record only means that files are parsed.
///
/// `DocumentCacheTests` holds the restored documents to be the same, field by field (by their
/// `dump`), as freshly parsed ones, so a field added to ``ParsedDocumentFile`` and not to the
/// record fails a test instead of going stale.
final class DocumentCache: @unchecked Sendable {
    private let file: String
    private let program: String
    /// The previous record's bytes and, by path, each entry's stamp and where its value is;
    /// released by ``releaseRecord()`` once loading is done.
    private var data: [UInt8]
    private var index: [String: (stamp: FileStamp, range: Range<Int>)]
    /// Entries in the record, counting those a later entry replaced; false when it was damaged.
    private let entries: Int, intact: Bool
    /// This build's files, parsed or restored (`fresh` false); they share their text with the
    /// loaded documents, so keeping them costs no memory.
    private var files: [String: (stamp: FileStamp, parsed: ParsedDocumentFile, fresh: Bool)] = [:]
    private let lock = NSLock()
    /// Files taken from the record in this build.
    var hits: Int {
        lock.lock()
        defer { lock.unlock() }
        return files.values.filter { !$0.fresh }.count
    }

    static let format = "cecsite-documents 5"

    /// The record beside `output`, if there is one written by this program.
    init(outputDirectory: String, program: String = ProgramStamp.current) {
        file = BuildRecord.directory(for: outputDirectory) + "/documents.bin"
        self.program = program
        var index: [String: (FileStamp, Range<Int>)] = [:]
        let data = Self.contents(file)
        var reader = ByteReader(data[...])
        var entries = 0, intact = false
        if reader.string() == Self.format, reader.string() == program {
            intact = true
            // Entries are appended; a later entry for a path replaces an earlier one. A build
            // killed while appending leaves a cut entry at the end: the entries before it count.
            while !reader.atEnd {
                guard let path = reader.string(), let stamp = reader.stamp(), let length = reader.int(), length >= 0,
                    let range = reader.skip(length)
                else {
                    intact = false
                    break
                }
                index[path] = (stamp, range)
                entries += 1
            }
        }
        self.data = data
        self.index = index
        self.entries = entries
        self.intact = intact
    }

    /// The whole file, or nothing when it cannot be read.
    private static func contents(_ path: String) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size > 0 else { return [] }
        return readAll(fd, expected: Int(info.st_size)) ?? []
    }

    /// The stamp of the file at `path` as the record knows files: `lstat`, so a link is not a hit.
    static func stamp(_ path: String) -> FileStamp? {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return FileStamp(info)
    }

    /// The parsed file at `path` when the record has it with the same stamp; it is kept for the
    /// next build.
    func lookup(_ path: String, stamp: FileStamp) -> ParsedDocumentFile? {
        lock.lock()
        let entry = index[path]
        lock.unlock()
        guard let entry, entry.stamp == stamp else { return nil }
        var reader = ByteReader(data[entry.range])
        guard let parsed = reader.parsedFile(path: path), reader.atEnd, !parsed.draft else { return nil }
        lock.lock()
        files[path] = (stamp, parsed, false)
        lock.unlock()
        return parsed
    }

    /// Notes a file parsed in this build without any diagnostic. A draft is not kept: its text
    /// is not published, so it is never written outside the content folder (a draft is parsed
    /// again by every build, which costs little since drafts are few).
    func record(_ path: String, stamp: FileStamp, _ parsed: ParsedDocumentFile) {
        guard !parsed.draft else { return }
        lock.lock()
        files[path] = (stamp, parsed, true)
        lock.unlock()
    }

    /// Lets go of the previous record: called when loading is done. Its bytes stay as long as
    /// the restored bodies keep their texts in them (``StoredText``), which costs no more than
    /// the decoded texts did, and spares decoding the bodies no page or search term needs.
    func releaseRecord() {
        lock.lock()
        data = []
        index = [:]
        lock.unlock()
    }

    /// Writes this build's record. Usually that is appending the new files' entries (nothing at
    /// all when every file came from the record); the record is written whole, entry by entry,
    /// when it was missing or damaged, or when more than half of its entries are stale.
    func save() {
        let fresh = files.keys.filter { files[$0]!.fresh }.sorted()
        var writer = ByteWriter()
        func entry(_ path: String) {
            let (stamp, parsed, _) = files[path]!
            var value = ByteWriter()
            value.parsedFile(parsed, path: path)
            writer.string(path)
            writer.stamp(stamp)
            writer.int(value.bytes.count)
            writer.bytes += value.bytes
        }
        if intact, entries + fresh.count <= 2 * max(files.count, 1) {
            guard !fresh.isEmpty else { return }
            for path in fresh { entry(path) }
            _ = appendAll(file, writer.bytes)
            return
        }
        // Whole, through a temporary file renamed over the record, a megabyte at a time.
        makePrivateFolder((file as NSString).deletingLastPathComponent)
        let temporary = file + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        writer.string(Self.format)
        writer.string(program)
        var ok = true
        for path in files.keys.sorted() {
            entry(path)
            if writer.bytes.count >= 1 << 20 {
                ok = ok && writer.bytes.withUnsafeBytes { writeAll(fd, $0) }
                writer.bytes.removeAll(keepingCapacity: true)
            }
        }
        ok = ok && writer.bytes.withUnsafeBytes { writeAll(fd, $0) }
        ok = close(fd) == 0 && ok
        if !ok || rename(temporary, file) != 0 { unlink(temporary) }
    }
}

/// Appends values as bytes: integers as 8 little-endian bytes, strings as their length and UTF-8.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func int(_ value: Int) {
        withUnsafeBytes(of: Int64(value).littleEndian) { bytes += $0 }
    }

    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            int(utf8.count)
            bytes += utf8
        }
    }

    mutating func flag(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func optional<T>(_ value: T?, _ write: (inout ByteWriter, T) -> Void) {
        flag(value != nil)
        if let value { write(&self, value) }
    }

    mutating func list<T>(_ values: [T], _ write: (inout ByteWriter, T) -> Void) {
        int(values.count)
        for value in values { write(&self, value) }
    }

    mutating func stamp(_ stamp: FileStamp) {
        int(Int(stamp.size))
        int(Int(stamp.modified))
        int(Int(bitPattern: UInt(stamp.inode)))
    }

    /// A location's line and column; its file is the entry's own.
    mutating func location(_ location: SourceLocation) {
        int(location.line)
        int(location.column)
    }

    mutating func located(_ value: Located<String>) {
        string(value.value)
        location(value.location)
    }

    mutating func parsedFile(_ parsed: ParsedDocumentFile, path: String) {
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
    mutating func text(_ value: StoredText) {
        guard let kept = value.bytes else { return string(value.string) }
        int(kept.count)
        bytes += kept
    }
}

/// Reads what ``ByteWriter`` wrote; every read is nil once the bytes run out or do not fit.
struct ByteReader {
    private let bytes: ArraySlice<UInt8>
    private var offset: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        offset = bytes.startIndex
    }

    var atEnd: Bool { offset == bytes.endIndex }

    mutating func skip(_ count: Int) -> Range<Int>? {
        guard count >= 0, bytes.endIndex - offset >= count else { return nil }
        defer { offset += count }
        return offset..<(offset + count)
    }

    mutating func int() -> Int? {
        guard let range = skip(8) else { return nil }
        var value: UInt64 = 0
        for (shift, index) in range.enumerated() { value |= UInt64(bytes[index]) << UInt64(8 * shift) }
        return Int(Int64(bitPattern: value))
    }

    mutating func string() -> String? {
        guard let count = int(), let range = skip(count) else { return nil }
        return String(decoding: bytes[range], as: UTF8.self)
    }

    /// A string as ``string()`` reads it, kept as its bytes until it is read.
    mutating func text() -> StoredText? {
        guard let count = int(), let range = skip(count) else { return nil }
        return StoredText(bytes: bytes[range])
    }

    mutating func flag() -> Bool? {
        guard let range = skip(1) else { return nil }
        return bytes[range.lowerBound] != 0
    }

    /// nil when the bytes are damaged; `.some(nil)` when the value was absent.
    mutating func optional<T>(_ read: (inout ByteReader) -> T?) -> T?? {
        guard let present = flag() else { return nil }
        guard present else { return .some(nil) }
        guard let value = read(&self) else { return nil }
        return .some(value)
    }

    mutating func list<T>(_ read: (inout ByteReader) -> T?) -> [T]? {
        guard let count = int(), count >= 0, count <= bytes.endIndex - offset else { return nil }
        var values: [T] = []
        values.reserveCapacity(count)
        for _ in 0..<count {
            guard let value = read(&self) else { return nil }
            values.append(value)
        }
        return values
    }

    mutating func stamp() -> FileStamp? {
        guard let size = int(), let modified = int(), let inode = int() else { return nil }
        return FileStamp(size: Int64(size), modified: Int64(modified), inode: UInt64(UInt(bitPattern: inode)))
    }

    mutating func location(_ file: String) -> SourceLocation? {
        guard let line = int(), let column = int() else { return nil }
        return SourceLocation(file: file, line: line, column: column)
    }

    mutating func located(_ file: String) -> Located<String>? {
        guard let value = string(), let location = location(file) else { return nil }
        return Located(value, at: location)
    }

    mutating func parsedFile(path: String) -> ParsedDocumentFile? {
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
