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
    private var previous: [String: [(String, Int)]]?
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

    /// The previous build's weights for `key`, loaded on first use.
    func weights(_ key: String) -> [(String, Int)]? {
        lock.lock()
        if previous == nil { previous = Self.read(file) }
        let found = previous?[key]
        lock.unlock()
        return found
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

    private static func read(_ file: String) -> [String: [(String, Int)]] {
        guard let data = FileManager.default.contents(atPath: file) else { return [:] }
        var table: [String: [(String, Int)]] = [:]
        for line in data.split(separator: 0x0A) {
            guard let tab = line.firstIndex(of: 0x09) else { continue }
            let key = String(decoding: line[line.startIndex..<tab], as: UTF8.self)
            let fields = line[(tab + 1)...].split(separator: 0x20)
            guard fields.count % 2 == 0 else { continue }
            var weights: [(String, Int)] = []
            weights.reserveCapacity(fields.count / 2)
            var valid = true
            for i in stride(from: 0, to: fields.count, by: 2) {
                guard let weight = Int(String(decoding: fields[i + 1], as: UTF8.self)) else { valid = false; break }
                weights.append((String(decoding: fields[i], as: UTF8.self), weight))
            }
            if valid { table[key] = weights }
        }
        return table
    }
}
