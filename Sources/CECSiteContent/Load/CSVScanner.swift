import CCSVLine

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
    import CECSiteCore
#endif

/// Reads an RFC 4180 CSV file record by record as raw bytes, with no `String` per field: the
/// reader under ``CSVStream`` and the records aggregation. Memory is one buffer that grows only
/// to the longest record.
///
/// It can start at any byte offset and stop at a chosen one, so a file can be read in parts by
/// several scanners: a part that starts right after a line feed is read as if a record started
/// there, and the scanner before it reports whether that was so (``passedLimit``).
///
/// A value type, so the loops over its state need no run-time exclusivity checks (a class's
/// stored properties get one per access); copies share the buffers, so only one copy may read.
package struct CSVScanner {
    /// One field of the current record: `count` bytes at `start` in the read buffer, or in the
    /// scratch buffer when quotes had to be removed from the middle of it.
    package struct Field {
        package var start: Int
        package var count: Int
        package var copied: Bool
    }

    /// A problem in the current record: 1-based line and column, the message, and whether it is
    /// the encoding report (made once per file, so parts read apart must drop all but the first).
    package struct Problem {
        package var line: Int
        package var column: Int
        package var message: String
        package var isEncoding: Bool
    }

    /// Owns the file and the memory, which the copies of a scanner share.
    private final class Storage {
        package let fd: Int32
        package var buffer: UnsafeMutablePointer<UInt8>
        package var scratch: UnsafeMutablePointer<UInt8>
        package var fields: UnsafeMutablePointer<Field>
        /// The fields' ends of a plain line, as ``CSVScanner/nextPlain()`` finds them.
        package let ends = UnsafeMutablePointer<Int32>.allocate(capacity: CSVScanner.plainFields)

        package init(fd: Int32, buffer: UnsafeMutablePointer<UInt8>, scratch: UnsafeMutablePointer<UInt8>, fields: UnsafeMutablePointer<Field>) {
            self.fd = fd
            self.buffer = buffer
            self.scratch = scratch
            self.fields = fields
        }

        deinit {
            buffer.deallocate()
            scratch.deallocate()
            fields.deallocate()
            ends.deallocate()
            close(fd)
        }
    }

    /// The most fields a line read by ``nextPlain()`` may have; longer ones are parsed by ``next()``.
    private static let plainFields = 64

    private let storage: Storage
    private let ends: UnsafeMutablePointer<Int32>
    private let fd: Int32
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var filled = 0
    /// Where the next record starts in `buffer`.
    private var position = 0
    /// The file offset of `buffer[0]`.
    private var bufferOffset: Int
    private var atEOF = false
    private var pendingCR = false
    private var scratch: UnsafeMutablePointer<UInt8>
    private var scratchCapacity = 256
    private var scratchCount = 0

    /// The line the next record starts on, counted from the scanner's start (1-based).
    package private(set) var line = 1
    /// Set once an encoding problem has been reported; later fields are not checked.
    package private(set) var encodingReported = false
    /// A read failed (a directory, an I/O error): the records so far are all there is.
    package private(set) var readFailed = false
    /// Whether ``next()`` checks each record's encoding. A reader that knows most fields clean
    /// already (values it has seen) turns this off and calls ``checkEncoding()`` for the others.
    package var checksEncoding = true
    /// Where the current record starts in `buffer`.
    private var recordStart = 0
    /// The file offset at which ``next()`` stops, if a record starts exactly there.
    package var limit = Int.max
    /// A record ran across ``limit``: the scanner went on to the end, and a part read from
    /// ``limit`` by another scanner did not start at a record.
    package private(set) var passedLimit = false

    private var fields: UnsafeMutablePointer<Field>
    private var fieldCapacity = 16
    /// How many fields the current record has.
    package private(set) var fieldCount = 0
    /// The problems of the current record, in the order they occur in the file.
    package private(set) var problems: [Problem] = []
    /// The line the current record starts on.
    package private(set) var recordLine = 1
    /// The current record's last field is quoted and not closed before the end of the file (a
    /// problem says so): its fields end wherever the file does, not where the writer meant.
    package private(set) var isUnterminated = false

    /// Opens `path` to read from byte `offset`, `bufferSize` bytes at a time; a byte-order mark
    /// at the start of the file is skipped. Nil when the file cannot be opened.
    package init?(path: String, offset: Int = 0, bufferSize: Int = 1 << 20) {
        fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        capacity = max(bufferSize, 3)
        buffer = .allocate(capacity: capacity)
        scratch = .allocate(capacity: scratchCapacity)
        fields = .allocate(capacity: fieldCapacity)
        storage = Storage(fd: fd, buffer: buffer, scratch: scratch, fields: fields)
        ends = storage.ends
        bufferOffset = offset
        if offset == 0 {
            while filled < 3 && !atEOF { refill() }
            if filled >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { position = 3 }
        }
    }

    /// The file offset where the next record starts.
    package var offset: Int { bufferOffset + position }

    /// A record with one empty field: a blank line, which readers skip.
    package var isBlank: Bool { fieldCount == 1 && fields[0].count == 0 }

    /// The bytes of field `index` of the current record, valid until the next call of ``next()``.
    @inline(__always)
    package func field(_ index: Int) -> UnsafeRawBufferPointer {
        let f = fields[index]
        return UnsafeRawBufferPointer(start: (f.copied ? scratch : buffer) + f.start, count: f.count)
    }

    /// Reads the next record (blank ones included): its fields (``fieldCount``, ``field(_:)``),
    /// ``problems`` and ``recordLine``; false at the end of the file or at ``limit``.
    package mutating func next() -> Bool {
        while true {
            if pendingCR {
                if position == filled && !atEOF { refill(); continue }
                if position < filled && buffer[position] == 0x0A { position += 1 }
                pendingCR = false
            }
            if offset >= limit {
                if offset == limit { return false }
                passedLimit = true
                limit = .max
            }
            if position == filled {
                if atEOF { return false }
                refill()
                continue
            }
            guard let end = parse(checkingFields: false) else { refill(); continue }
            recordStart = position
            // A record that is valid UTF-8 as a whole has only valid fields (fields are cut from
            // it at ASCII bytes), so each field is checked only when the record is not.
            if checksEncoding && !encodingReported && !CSVScanner.isCleanUTF8(buffer + position, end.index - position) {
                _ = parse(checkingFields: true)
            }
            position = end.index
            line = end.line
            pendingCR = end.pendingCR
            return true
        }
    }

    /// Reads the next record as ``next()`` does, when it is a plain line: one already in the
    /// buffer, ending with a line feed, with no quote and no carriage return, so that its fields
    /// are the bytes between its commas (found sixteen bytes at a time, `cecsite_csv_plain_line`).
    /// Otherwise, and while ``checksEncoding`` is on, it reads nothing and returns false: the
    /// caller then calls ``next()``, which parses the record the general way.
    ///
    /// Its fields, ``recordLine``, ``line`` and ``offset`` are then exactly those ``next()``
    /// gives for the line, and it has no problems.
    @inline(__always)
    package mutating func nextPlain() -> Bool {
        guard !checksEncoding, !pendingCR, position < filled, bufferOffset + position < limit else { return false }
        var count: Int32 = 0
        let length = cecsite_csv_plain_line(buffer + position, min(filled - position, Int(Int32.max)), ends, Int32(Self.plainFields), &count)
        guard length > 0, Int(count) <= fieldCapacity else { return false }
        var start = position
        for f in 0..<Int(count) {
            let end = position + Int(ends[f])
            fields[f] = Field(start: start, count: end - start, copied: false)
            start = end + 1
        }
        fieldCount = Int(count)
        if !problems.isEmpty { problems.removeAll(keepingCapacity: true) }
        isUnterminated = false
        scratchCount = 0
        recordStart = position
        recordLine = line
        position += length
        line += 1
        return true
    }

    /// Checks the current record's fields for a NUL byte or invalid UTF-8, as ``next()`` does
    /// unless ``checksEncoding`` is off, and adds the file's encoding problem to ``problems`` in
    /// its place.
    package mutating func checkEncoding() {
        guard !encodingReported else { return }
        let (end, endLine) = (position, line)
        (position, line) = (recordStart, recordLine)
        _ = parse(checkingFields: true)
        (position, line) = (end, endLine)
    }

    /// Whether `bytes` are well-formed UTF-8 without a NUL byte.
    @inline(__always)
    package static func isCleanUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        return isCleanUTF8(base.assumingMemoryBound(to: UInt8.self), bytes.count)
    }

    private struct RecordEnd {
        package var index: Int
        package var line: Int
        package var pendingCR: Bool
    }

    /// Parses the record at `position`; nil when it runs past the buffered bytes before the end of
    /// the file (nothing is kept: it is parsed again from its start after a refill).
    private mutating func parse(checkingFields: Bool) -> RecordEnd? {
        fieldCount = 0
        if !problems.isEmpty { problems.removeAll(keepingCapacity: true) }
        isUnterminated = false
        scratchCount = 0
        let end = filled, buffer = buffer
        var i = position, line = line, lineStart = position
        recordLine = line

        func finishField(_ start: Int, _ count: Int, copied: Bool, line fieldLine: Int, column fieldColumn: Int) {
            if fieldCount == fieldCapacity { growFields() }
            fields[fieldCount] = Field(start: start, count: count, copied: copied)
            fieldCount += 1
            guard checkingFields, !encodingReported, count > 0 else { return }
            let bytes = (copied ? scratch : buffer) + start
            if memchr(bytes, 0, count) != nil {
                encodingReported = true
                problems.append(
                    Problem(
                        line: fieldLine, column: fieldColumn, message: "a NUL byte in this field; remove it or save the file as UTF-8 text", isEncoding: true))
            } else if !CSVScanner.isCleanUTF8(bytes, count) {
                encodingReported = true
                problems.append(
                    Problem(
                        line: fieldLine, column: fieldColumn, message: "this field is not valid UTF-8 (perhaps Windows-1251); save the file as UTF-8",
                        isEncoding: true))
            }
        }
        func strayQuote(line: Int, column: Int) {
            problems.append(
                Problem(
                    line: line, column: column, message: "a quote inside an unquoted field; quote the whole field and double the quote (\"\")",
                    isEncoding: false))
        }

        while true {
            // At the start of a field.
            let fieldLine = line, fieldColumn = i - lineStart + 1
            var segment = i
            var copied = false
            let scratchStart = scratchCount
            if i == end {
                guard atEOF else { return nil }
                finishField(i, 0, copied: false, line: fieldLine, column: fieldColumn)
                return RecordEnd(index: i, line: line, pendingCR: false)
            }
            var unquoted = true
            if buffer[i] == 0x22 {
                unquoted = false
                i += 1
                segment = i
                while true {
                    while i < end {
                        if i + 8 <= end {
                            let m = CSVScanner.quotedStops(UnsafeRawPointer(buffer + i).loadUnaligned(as: UInt64.self))
                            if m == 0 {
                                i += 8
                                continue
                            }
                            i += m.trailingZeroBitCount >> 3
                        }
                        let c = buffer[i]
                        if c == 0x22 || c == 0x0A { break }
                        i += 1
                    }
                    if i == end {
                        guard atEOF else { return nil }
                        if copied { appendScratch(buffer + segment, i - segment) }
                        problems.append(
                            Problem(
                                line: recordLine, column: 1, message: "a quoted field is not closed before the end of the file; add the closing quote",
                                isEncoding: false))
                        isUnterminated = true
                        if copied {
                            finishField(scratchStart, scratchCount - scratchStart, copied: true, line: fieldLine, column: fieldColumn)
                        } else {
                            finishField(segment, i - segment, copied: false, line: fieldLine, column: fieldColumn)
                        }
                        return RecordEnd(index: i, line: line, pendingCR: false)
                    }
                    if buffer[i] == 0x0A {
                        i += 1
                        line += 1
                        lineStart = i
                        continue
                    }
                    // A quote: the closing one, or the first of a doubled one.
                    let close = i
                    i += 1
                    if i == end && !atEOF { return nil }
                    if i < end && buffer[i] == 0x22 {
                        appendScratch(buffer + segment, close - segment + 1)
                        copied = true
                        i += 1
                        segment = i
                        continue
                    }
                    if i < end, buffer[i] != 0x2C, buffer[i] != 0x0D, buffer[i] != 0x0A {
                        // Text after the closing quote joins the field, which goes on unquoted.
                        problems.append(
                            Problem(
                                line: line, column: i - lineStart + 1, message: "text after the closing quote of a field; quote the whole field",
                                isEncoding: false))
                        appendScratch(buffer + segment, close - segment)
                        copied = true
                        segment = i
                        i += 1
                        unquoted = true
                    } else {
                        if copied {
                            appendScratch(buffer + segment, close - segment)
                            finishField(scratchStart, scratchCount - scratchStart, copied: true, line: fieldLine, column: fieldColumn)
                        } else {
                            finishField(segment, close - segment, copied: false, line: fieldLine, column: fieldColumn)
                        }
                    }
                    break
                }
            }
            if unquoted {
                while i < end {
                    if i + 8 <= end {
                        let m = CSVScanner.unquotedStops(UnsafeRawPointer(buffer + i).loadUnaligned(as: UInt64.self))
                        if m == 0 {
                            i += 8
                            continue
                        }
                        i += m.trailingZeroBitCount >> 3
                    }
                    let c = buffer[i]
                    if c == 0x2C || c == 0x0D || c == 0x0A { break }
                    if c == 0x22 { strayQuote(line: line, column: i - lineStart + 1) }
                    i += 1
                }
                if i == end && !atEOF { return nil }
                if copied {
                    appendScratch(buffer + segment, i - segment)
                    finishField(scratchStart, scratchCount - scratchStart, copied: true, line: fieldLine, column: fieldColumn)
                } else {
                    finishField(segment, i - segment, copied: false, line: fieldLine, column: fieldColumn)
                }
            }
            // After a field: a comma, a line end, or the end of the file.
            if i == end { return RecordEnd(index: i, line: line, pendingCR: false) }
            let c = buffer[i]
            i += 1
            if c != 0x2C { return RecordEnd(index: i, line: line + 1, pendingCR: c == 0x0D) }
        }
    }

    // Eight bytes at a time: a byte equal to `c` is a zero byte of `word ^ c`, and `zeros` marks
    // the lowest zero byte exactly (a borrow marks only bytes above one), so the lowest set bit of
    // the union is the first stop. Byte by byte, this loop was a quarter of the records' time
    // (`perf annotate`, 1M records); 0.43 → 0.35 s of CPU with the inline compare in ByteTable.
    @inline(__always)
    private static func zeros(_ v: UInt64) -> UInt64 { (v &- 0x0101_0101_0101_0101) & ~v & 0x8080_8080_8080_8080 }

    /// The high bit of each byte of `word` (read little-endian) that may end an unquoted field
    /// (comma, carriage return, line feed) or is a quote; exact up to the lowest one.
    @inline(__always)
    private static func unquotedStops(_ word: UInt64) -> UInt64 {
        let w = UInt64(littleEndian: word)
        return zeros(w ^ 0x2C2C_2C2C_2C2C_2C2C) | zeros(w ^ 0x0D0D_0D0D_0D0D_0D0D) | zeros(w ^ 0x0A0A_0A0A_0A0A_0A0A)
            | zeros(w ^ 0x2222_2222_2222_2222)
    }

    /// The same for a quoted field: a quote or a line feed.
    @inline(__always)
    private static func quotedStops(_ word: UInt64) -> UInt64 {
        let w = UInt64(littleEndian: word)
        return zeros(w ^ 0x2222_2222_2222_2222) | zeros(w ^ 0x0A0A_0A0A_0A0A_0A0A)
    }

    /// A new allocation of `capacity` holding the first `count` elements of `old`, which is freed.
    private static func moved<T>(_ old: UnsafeMutablePointer<T>, count: Int, capacity: Int) -> UnsafeMutablePointer<T> {
        let grown = UnsafeMutablePointer<T>.allocate(capacity: capacity)
        grown.moveInitialize(from: old, count: count)
        old.deallocate()
        return grown
    }

    private mutating func growFields() {
        fieldCapacity *= 2
        fields = Self.moved(fields, count: fieldCount, capacity: fieldCapacity)
        storage.fields = fields
    }

    private mutating func appendScratch(_ bytes: UnsafePointer<UInt8>, _ count: Int) {
        if scratchCount + count > scratchCapacity {
            scratchCapacity = max(scratchCapacity * 2, scratchCount + count)
            scratch = Self.moved(scratch, count: scratchCount, capacity: scratchCapacity)
            storage.scratch = scratch
        }
        (scratch + scratchCount).update(from: bytes, count: count)
        scratchCount += count
    }

    /// Moves the unread bytes to the front (growing the buffer when one record fills it) and
    /// reads more.
    private mutating func refill() {
        if position > 0 {
            let keep = filled - position
            if keep > 0 { buffer.update(from: buffer + position, count: keep) }
            bufferOffset += position
            filled = keep
            position = 0
        }
        if filled == capacity {
            capacity *= 2
            buffer = Self.moved(buffer, count: filled, capacity: capacity)
            storage.buffer = buffer
        }
        while true {
            let n = pread(fd, buffer + filled, capacity - filled, off_t(bufferOffset + filled))
            if n > 0 {
                filled += n
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                if n < 0 { readFailed = true }
                atEOF = true
            }
            return
        }
    }

    /// The offset just after the first line feed at or after `offset` in the file at `path`; nil
    /// when there is none or the file cannot be read.
    package static func lineStart(after offset: Int, in path: String) -> Int? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var at = offset
        while true {
            let n = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(at)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return nil }
            if let i = chunk[0..<n].firstIndex(of: 0x0A) { return at + i + 1 }
            at += n
        }
    }

    /// Whether `count` bytes at `bytes` are well-formed UTF-8 (as `String(validating:)` decides)
    /// without a NUL byte.
    package static func isCleanUTF8(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        // A short field (a commission's code, "C-04402") in two overlapping four-byte words: ASCII
        // without a zero byte is clean. The loop below took such a field byte by byte.
        if count >= 4 && count <= 8 {
            let raw = UnsafeRawPointer(bytes)
            let a = raw.loadUnaligned(as: UInt32.self), b = raw.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
            if (a | b) & 0x8080_8080 == 0 && (a &- 0x0101_0101) & ~a & 0x8080_8080 == 0 && (b &- 0x0101_0101) & ~b & 0x8080_8080 == 0 {
                return true
            }
        }
        var i = 0
        while i < count {
            if i + 8 <= count {
                let word = UnsafeRawPointer(bytes + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    // No byte of an ASCII word is zero unless subtracting one borrows into its top bit.
                    if (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080 != 0 { return false }
                    i += 8
                    continue
                }
            }
            let b = bytes[i]
            if b < 0x80 {
                if b == 0 { return false }
                i += 1
                continue
            }
            @inline(__always) func continuation(_ at: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
                at < count && bytes[at] >= low && bytes[at] <= high
            }
            if b < 0xC2 {
                return false
            } else if b < 0xE0 {
                guard continuation(i + 1) else { return false }
                i += 2
            } else if b < 0xF0 {
                guard continuation(i + 1, b == 0xE0 ? 0xA0 : 0x80, b == 0xED ? 0x9F : 0xBF), continuation(i + 2) else { return false }
                i += 3
            } else if b < 0xF5 {
                guard continuation(i + 1, b == 0xF0 ? 0x90 : 0x80, b == 0xF4 ? 0x8F : 0xBF), continuation(i + 2), continuation(i + 3) else {
                    return false
                }
                i += 4
            } else {
                return false
            }
        }
        return true
    }
}
