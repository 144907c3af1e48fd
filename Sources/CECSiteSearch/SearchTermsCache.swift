import CECSiteContent
import CECSiteCore
import Foundation

/// The weighted terms of each search document as the previous build computed them, so that an
/// incremental build tokenises only the documents whose text changed. A document is known by a
/// fingerprint of everything its terms come from (title, text and keywords in every language);
/// the terms of one fingerprint never change, since tokenising is a pure function.
///
/// Kept in the ``Store`` of kind `terms` beside the output, by fingerprint: `term weight` pairs
/// separated by spaces (terms hold neither). Written only by a successful build, with the
/// build record.
package final class SearchTermsCache: @unchecked Sendable {
    /// The previous build's terms, read on first use; a value is checked only when its key is
    /// asked for, on the asking thread.
    private let store: Store
    /// This build's values, as they are written: an array of pairs would take four times the
    /// memory, for as long as the build runs.
    private var current: [String: [UInt8]] = [:]
    /// True when a value of the previous record could not be read: the record is written again.
    private var damaged = false
    private let lock = NSLock()

    /// The terms kept in the incremental-build folder `folder`.
    package init(folder: String) { store = Store(folder: folder, kind: .terms) }

    /// The fingerprint that stands for `document`'s terms: its own key when it has one (a
    /// page's or news item's source stamps, which the path joins), else one of its section,
    /// title, text and keywords; with the program's stamp, since a new cecsite may tokenise
    /// differently.
    package static func key(_ document: SearchDocument) -> String {
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

    /// The previous build's terms for `key`: `term weight` pairs separated by spaces, in term
    /// order; nil when there is none or it is damaged.
    package func line(_ key: String) -> [UInt8]? {
        guard let value = store.value(key) else { return nil }
        let line = [UInt8](value)
        guard Self.isValid(line) else {
            lock.lock()
            damaged = true
            lock.unlock()
            return nil
        }
        return line
    }

    /// Notes this build's terms for `key`, as a line in the format ``line(_:)`` returns.
    package func record(_ key: String, _ line: [UInt8]) {
        lock.lock()
        current[key] = line
        lock.unlock()
    }

    /// Writes this build's terms: the documents the store does not hold yet (nothing when there
    /// are none), or all of them when a value of it was damaged.
    package func save() {
        let fresh = current.keys.filter { !store.contains($0) }.sorted()
        store.save(keys: current.keys.sorted(), changed: fresh, whole: damaged) { current[$0]! }
    }

    /// True when `line` is `term weight` pairs: terms of at least one byte, weights of one to
    /// nine digits, one space between any two fields.
    package static func isValid(_ line: [UInt8]) -> Bool {
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
