import CECSiteCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// How the records of incremental builds beside the output (``BuildRecord``'s `pages.tsv`,
/// ``SearchTermsCache``'s `terms.tsv`) are written: one line per key, a later line for a key
/// replacing an earlier one, so that a build appends only the lines it changed instead of
/// writing 40,000 again. A record is written whole, through a temporary file renamed over it,
/// when it was missing or damaged, when it ends in a cut line (a build killed while appending),
/// or when more than half of its lines would be stale.
enum LineRecord {
    /// The number of lines of a record read as `data`, or nil when it cannot be appended to:
    /// empty, or its last line cut (it does not end with a line break).
    static func appendable(_ data: Data) -> Int? {
        data.withUnsafeBytes { bytes in
            guard bytes.last == 0x0A else { return nil }
            var lines = 0
            for byte in bytes where byte == 0x0A { lines += 1 }
            return lines
        }
    }

    /// Brings the record `file` to this build's `keys` lines.
    ///
    /// - Parameters:
    ///   - recorded: The lines of the record as the build read it (``appendable(_:)``), nil to
    ///     write it whole.
    ///   - changed: The lines whose key is new or whose value changed, in key order.
    ///   - keys: How many keys this build records.
    ///   - whole: Every line of this build, made only when the record is written whole.
    static func save(_ file: String, recorded: Int?, changed: [[UInt8]], keys: Int, whole: () -> [UInt8]) {
        if let recorded, recorded + changed.count <= 2 * max(keys, 1) {
            if changed.isEmpty || appendAll(file, changed.joined()) { return }
        }
        writePrivately(file, whole())
    }
}

/// Appends `bytes` to the existing file at `path`; false when it cannot. A short write removes
/// the file, since a cut entry would hide the entries appended after it.
func appendAll(_ path: String, _ bytes: some Sequence<UInt8>) -> Bool {
    let fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
    guard fd >= 0 else { return false }
    let bytes = Array(bytes)
    let written = bytes.withUnsafeBytes { writeAll(fd, $0) }
    let closed = close(fd) == 0
    if !(written && closed) { unlink(path) }
    return written && closed
}
