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
    private var previous: (data: Data, lines: [String: Range<Int>])?
    private var current: [String: [(String, Int)]] = [:]
    private let lock = NSLock()

    init(file: String) { self.file = file }

    /// The fingerprint that stands for `document`'s terms.
    static func key(_ document: SearchDocument) -> String {
        var parts = [document.section]
        for text in [document.title, document.text] {
            for language in text.values.keys.sorted() { parts += [language.rawValue, text.values[language]!] }
            parts.append("|")
        }
        return Fingerprint.of(parts + document.keywords)
    }

    /// The previous build's weights for `key`.
    func weights(_ key: String) -> [(String, Int)]? {
        lock.lock()
        if previous == nil { previous = Self.read(file) }
        let data = previous!.data, range = previous!.lines[key]
        lock.unlock()
        return range.flatMap { Self.parse(data[$0]) }
    }

    /// Notes this build's weights for `key`.
    func record(_ key: String, _ weights: [(String, Int)]) {
        lock.lock()
        current[key] = weights
        lock.unlock()
    }

    /// Writes this build's terms.
    func save() {
        var out = ""
        for key in current.keys.sorted() {
            out += key + "\t" + current[key]!.map { "\($0.0) \($0.1)" }.joined(separator: " ") + "\n"
        }
        try? Data(out.utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
    }

    private static func read(_ file: String) -> (data: Data, lines: [String: Range<Int>]) {
        guard let data = FileManager.default.contents(atPath: file) else { return (Data(), [:]) }
        var lines: [String: Range<Int>] = [:]
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var start = 0
            while start < bytes.count {
                let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
                if let tab = bytes[start..<end].firstIndex(of: 0x09) {
                    lines[String(decoding: bytes[start..<tab], as: UTF8.self)] = (tab + 1)..<end
                }
                start = end + 1
            }
        }
        return (data, lines)
    }

    /// The `term weight` pairs of one line; nil when the line is damaged.
    private static func parse(_ line: Data) -> [(String, Int)]? {
        let fields = line.split(separator: 0x20)
        guard fields.count % 2 == 0 else { return nil }
        var weights: [(String, Int)] = []
        weights.reserveCapacity(fields.count / 2)
        for i in stride(from: 0, to: fields.count, by: 2) {
            guard let weight = Int(String(decoding: fields[i + 1], as: UTF8.self)) else { return nil }
            weights.append((String(decoding: fields[i], as: UTF8.self), weight))
        }
        return weights
    }
}
