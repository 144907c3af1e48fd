import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The lines of `bytes` as strings, split at each newline byte with empty lines left out, as
/// `split(separator: 0x0A)` splits them. The lists of the build record and the output folder's
/// marker are 44,000 lines at 10,000 pages, read three or four times by every build: Foundation's
/// `Data.split` took about 50 ms of CPU per list (measured), this a few milliseconds.
///
/// - Parameter validating: When true, nil is returned if any line is not valid UTF-8 (as
///   `String(data:encoding: .utf8)` refuses such a file); when false, invalid bytes are repaired.
package func lines(_ bytes: UnsafeRawBufferPointer, validating: Bool = false) -> [String]? {
    guard let base = bytes.baseAddress, !bytes.isEmpty else { return [] }
    var result: [String] = []
    let count = bytes.count
    var start = 0
    while start < count {
        let end = memchr(base + start, 0x0A, count - start).map { UnsafeRawPointer($0) - base } ?? count
        if end > start {
            let line = UnsafeBufferPointer(start: (base + start).assumingMemoryBound(to: UInt8.self), count: end - start)
            if validating {
                guard let text = String(validating: line, as: UTF8.self) else { return nil }
                result.append(text)
            } else {
                result.append(String(decoding: line, as: UTF8.self))
            }
        }
        start = end + 1
    }
    return result
}

/// The lines of `data` after its first `skipping` bytes, as ``lines(_:validating:)`` splits them.
package func lines(_ data: Data, skipping: Int = 0, validating: Bool = false) -> [String]? {
    data.withUnsafeBytes { all in
        lines(UnsafeRawBufferPointer(rebasing: all[min(skipping, all.count)...]), validating: validating)
    }
}
