import CECSiteCore
import Foundation

/// The weighted terms of each search document as the previous build computed them, so that an
/// incremental build tokenises only the documents whose text changed. A document is known by a
/// fingerprint of everything its terms come from (title, text and keywords in every language);
/// the terms of one fingerprint never change, since tokenising is a pure function.
///
/// Stored beside the output in `.<output>.cecsite-cache/terms.tsv`, one line per document:
/// the fingerprint, a tab, then `term weight` pairs separated by spaces (terms hold neither).
/// Written only by a successful build, with the render cache's record.
final class SearchTermsCache: @unchecked Sendable {
    private let file: String
    /// The previous build's file and where each key's line is in it, read on first use; a
    /// line is parsed only when its key is asked for, on the asking thread.
    private var previous: (data: Data, lines: [String: Range<Int>], recorded: Int?)?
    /// This build's lines after the key and tab, as they are written: an array of pairs would
    /// take four times the memory, for as long as the build runs.
    private var current: [String: [UInt8]] = [:]
    /// True when a line of the previous record could not be read: the record is written again.
    private var damaged = false
    private let lock = NSLock()

    init(file: String) { self.file = file }

    /// The fingerprint that stands for `document`'s terms: its own key when it has one (a
    /// page's or news item's source stamps, which the path joins), else one of its section,
    /// title, text and keywords; with the program's stamp, since a new cecsite may tokenise
    /// differently.
    static func key(_ document: SearchDocument) -> String {
        var hasher = Fingerprint()
        hasher.add(ProgramStamp.current)
        if let key = document.key {
            hasher.add("stamped")
            hasher.add(document.path)
            hasher.add(key)
            return hasher.hex
        }
        hasher.add("text")
        hasher.add(document.section)
        hasher.add(document.title)
        hasher.add(document.text)
        hasher.add(word: UInt64(document.keywords.count))
        for keyword in document.keywords { hasher.add(keyword) }
        return hasher.hex
    }

    /// The previous build's terms for `key`: its line after the tab, `term weight` pairs
    /// separated by spaces, in term order; nil when there is none or it is damaged.
    func line(_ key: String) -> [UInt8]? {
        lock.lock()
        if previous == nil { previous = Self.read(file) }
        let data = previous!.data, range = previous!.lines[key]
        lock.unlock()
        guard let range else { return nil }
        let line = [UInt8](data[range])
        guard Self.isValid(line) else {
            lock.lock()
            damaged = true
            lock.unlock()
            return nil
        }
        return line
    }

    /// Notes this build's terms for `key`, as a line in the format ``line(_:)`` returns.
    func record(_ key: String, _ line: [UInt8]) {
        lock.lock()
        current[key] = line
        lock.unlock()
    }

    /// Writes this build's terms: appends the documents the record does not hold yet (nothing
    /// when there are none), or writes it whole (see ``LineRecord``); whole also when a line of
    /// it was damaged.
    func save() {
        func line(_ key: String) -> [UInt8] { Array(key.utf8) + [0x09] + current[key]! + [0x0A] }
        let fresh = current.keys.filter { previous?.lines[$0] == nil }.sorted()
        LineRecord.save(file, recorded: damaged ? nil : previous?.recorded, changed: fresh.map(line), keys: current.count) {
            current.keys.sorted().flatMap(line)
        }
    }

    private static func read(_ file: String) -> (data: Data, lines: [String: Range<Int>], recorded: Int?) {
        guard let data = FileManager.default.contents(atPath: file) else { return (Data(), [:], nil) }
        var lines: [String: Range<Int>] = [:]
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var start = 0
            // A last line without its line break was cut by a killed build: it is not read.
            while let end = bytes[start...].firstIndex(of: 0x0A) {
                if let tab = bytes[start..<end].firstIndex(of: 0x09) {
                    lines[String(decoding: bytes[start..<tab], as: UTF8.self)] = (tab + 1)..<end
                }
                start = end + 1
            }
        }
        return (data, lines, LineRecord.appendable(data))
    }

    /// True when `line` is `term weight` pairs: terms of at least one byte, weights of one to
    /// nine digits, one space between any two fields.
    static func isValid(_ line: [UInt8]) -> Bool {
        var i = 0
        while i < line.count {
            let start = i
            while i < line.count, line[i] != 0x20 { i += 1 }
            guard i > start, i < line.count else { return false }
            i += 1
            var digits = 0
            while i < line.count, line[i] != 0x20 {
                guard (0x30...0x39).contains(line[i]), digits < 9 else { return false }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return false }
            i += 1
        }
        return true
    }
}
