import CECSiteCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A store as one append-only file per kind, `<kind>.store`: a header line naming the format,
/// the kind and the program that wrote it, then entries, each the key's length and the value's
/// (4 bytes each, little-endian), the key's UTF-8 and the value's bytes. A later entry for a key
/// replaces an earlier one, so a build appends only the entries it changed.
///
/// The file is written whole, through a temporary file renamed over it (0600), when it was
/// missing, foreign or damaged, when it ends in a cut entry (a build killed while appending:
/// the entries before it are read), or when more than half of its entries would be stale.
package enum StoreFile {
    package static func path(folder: String, kind: StoreKind) -> String { folder + "/" + kind.rawValue + ".store" }

    package static func header(kind: StoreKind, program: String) -> [UInt8] {
        Array("cecsite-store 1 \(kind.rawValue) \(program)\n".utf8)
    }

    /// The store's entries: an index of each key's value in the file's bytes, with no value
    /// read. `mapped`: the file is mapped into memory (``SharedBytes/mapping(_:)``), so that a
    /// build reads only the pages of the values it asks for, rather than read whole.
    package static func read(folder: String, kind: StoreKind, program: String, mapped: Bool = false) -> StoreContents {
        let file = path(folder: folder, kind: kind)
        let bytes = (mapped ? SharedBytes.mapping(file) : nil) ?? SharedBytes.reading(file) ?? SharedBytes()
        let header = header(kind: kind, program: program)
        guard bytes.starts(with: header) else { return StoreContents() }
        var index: [String: Range<Int>] = [:]
        var entries = 0, intact = true
        bytes.withUnsafeBytes { bytes in
            var offset = header.count
            func length(_ at: Int) -> Int {
                Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24
            }
            while offset < bytes.count {
                // A cut entry runs past the end; a key is never empty (zeros are not an entry).
                guard bytes.count - offset >= 8 else {
                    intact = false
                    break
                }
                let keyLength = length(offset), valueLength = length(offset + 4)
                let key = offset + 8, value = key + keyLength
                guard keyLength > 0, bytes.count - key >= keyLength, bytes.count - value >= valueLength else {
                    intact = false
                    break
                }
                index[String(decoding: UnsafeRawBufferPointer(rebasing: bytes[key..<value]), as: UTF8.self)] =
                    value..<(value + valueLength)
                entries += 1
                offset = value + valueLength
            }
        }
        return StoreContents(bytes: bytes, index: index, entries: intact ? entries : nil)
    }

    /// How ``save(folder:kind:program:previous:keys:changed:whole:value:)`` changed the file.
    package enum Saved: Equatable {
        /// Not at all: nothing had changed.
        case unchanged
        /// The changed entries were appended.
        case appended
        /// Written whole, or removed when it could not be.
        case replaced
    }

    @discardableResult
    package static func save(
        folder: String, kind: StoreKind, program: String, previous: StoreContents, keys: [String], changed: [String],
        whole: Bool, value: (String) -> [UInt8]
    ) -> Saved {
        let file = path(folder: folder, kind: kind)
        if !whole, let entries = previous.entries, entries + changed.count <= 2 * max(keys.count, 1) {
            guard !changed.isEmpty else { return .unchanged }
            var bytes: [UInt8] = []
            for key in changed { entry(&bytes, key, value(key)) }
            if appendAll(file, bytes) { return .appended }
        }
        // Whole, through a temporary file renamed over the store, a megabyte at a time.
        let temporary = file + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return .replaced }
        var bytes = header(kind: kind, program: program)
        var ok = true
        for key in keys.sorted() {
            entry(&bytes, key, value(key))
            if bytes.count >= 1 << 20 {
                ok = ok && bytes.withUnsafeBytes { writeAll(fd, $0) }
                bytes.removeAll(keepingCapacity: true)
            }
        }
        ok = ok && bytes.withUnsafeBytes { writeAll(fd, $0) }
        ok = close(fd) == 0 && ok
        if !ok || rename(temporary, file) != 0 {
            unlink(temporary)
        } else if let retired = retiredFiles[kind] {
            // The file this kind was kept in before the one store: cecsite's own, never read again.
            unlink((folder as NSString).appendingPathComponent(retired))
        }
        return .replaced
    }

    /// The files earlier versions kept each kind in, removed once the store is written whole.
    package static let retiredFiles: [StoreKind: String] = [.pages: "pages.tsv", .terms: "terms.tsv", .documents: "documents.bin"]

    /// Appends the entry of `key` and `value` to `bytes`; nothing for a key or value of 4 GiB
    /// or more (it is made again by the next build).
    private static func entry(_ bytes: inout [UInt8], _ key: String, _ value: [UInt8]) {
        let utf8 = Array(key.utf8)
        guard !utf8.isEmpty, utf8.count <= Int(UInt32.max), value.count <= Int(UInt32.max) else { return }
        for length in [utf8.count, value.count] {
            withUnsafeBytes(of: UInt32(length).littleEndian) { bytes += $0 }
        }
        bytes += utf8
        bytes += value
    }
}

/// Appends `bytes` to the existing file at `path`; false when it cannot. A short write removes
/// the file, since a cut entry would hide the entries appended after it.
package func appendAll(_ path: String, _ bytes: [UInt8]) -> Bool {
    let fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
    guard fd >= 0 else { return false }
    let written = bytes.withUnsafeBytes { writeAll(fd, $0) }
    let closed = close(fd) == 0
    if !(written && closed) { unlink(path) }
    return written && closed
}
