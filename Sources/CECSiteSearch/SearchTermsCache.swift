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
    /// The keys of this build whose value is the previous build's, as the store holds it: kept
    /// without being read (``keep(_:)``).
    private var kept: Set<String> = []
    /// This build's index memo (``SearchIndexMemo``), written with the store; nil removes it.
    private var memo: SearchIndexMemo?
    private let lock = NSLock()

    /// The terms kept in the incremental-build folder `folder`.
    package init(folder: String) { store = Store(folder: folder, kind: .terms) }

    /// The file of the index memo beside the store.
    private var memoPath: String { store.folder + "/search-index.memo" }

    /// The previous build's index memo: nil when there is none, it is damaged, another program
    /// wrote it, or the store is no longer exactly as the build that wrote the memo left it
    /// (its lines could then differ from those the memo stands for).
    package func previousMemo() -> SearchIndexMemo? {
        guard let data = FileManager.default.contents(atPath: memoPath) else { return nil }
        guard let stamp = FileStamp(path: StoreFile.path(folder: store.folder, kind: .terms)) else { return nil }
        return SearchIndexMemo(data, program: ProgramStamp.current, store: stamp)
    }

    /// Notes this build's index memo, written by ``save()`` once the store is written.
    package func recordMemo(_ memo: SearchIndexMemo) {
        lock.lock()
        self.memo = memo
        lock.unlock()
    }

    /// Notes that this build's terms for `keys` are the previous build's, without reading them
    /// (the store has a value for each: the index memo stands for them).
    package func keep(_ keys: Set<String>) {
        lock.lock()
        kept.formUnion(keys)
        lock.unlock()
    }

    /// The previous build's stored value for `key`, unchecked and uncopied: for a key whose
    /// value the index memo stands for.
    package func storedLine(_ key: String) -> SharedBytes? { store.value(key) }

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
        let keys = kept.isEmpty ? Array(current.keys) : Array(Set(current.keys).union(kept))
        store.save(keys: keys.sorted(), changed: fresh, whole: damaged) { key in
            current[key] ?? store.value(key).map(Array.init) ?? []
        }
        // After the store, stamped as it now is.
        if let memo, let stamp = FileStamp(path: StoreFile.path(folder: store.folder, kind: .terms)),
            writePrivately(memoPath, memo.serialized(program: ProgramStamp.current, store: stamp))
        {
            return
        }
        unlink(memoPath)
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
