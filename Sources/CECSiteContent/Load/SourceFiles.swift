import CECSiteCore
import Foundation

/// Reads input files as text, reporting undecodable or unsafe files instead of crashing.
package struct SourceFiles {
    package let sink: DiagnosticSink

    /// The largest content or template file read: 2 MiB. Real pages and data files are a few
    /// kilobytes; person-level records (CSV) are streamed and not limited.
    package static let sizeLimit = 2 * 1024 * 1024

    /// The file's UTF-8 text without a leading byte-order mark; nil (with an error) when it is not
    /// valid UTF-8, holds NUL bytes, is larger than ``sizeLimit`` or cannot be read.
    package func text(_ path: String) -> String? {
        read(path)?.text
    }

    /// The file's text as ``text(_:)`` reads it, with the stamp of the file taken (by `fstat` on
    /// the open file) before its bytes are read: an edit during the read changes the stamp.
    package func read(_ path: String) -> (text: String, stamp: FileStamp)? {
        // O_NOFOLLOW: a link (to /dev/zero, say) is refused, not read. O_NONBLOCK: opening a FIFO
        // does not wait for a writer; it is refused below as not a regular file.
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard fd >= 0 else {
            refuseUnopened(path)
            return nil
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            sink.error(SourceLocation(file: path), "Cannot read the file; check that it exists and is readable")
            return nil
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            sink.error(SourceLocation(file: path), "Not a regular file; replace it with a text file")
            return nil
        }
        guard info.st_size <= Self.sizeLimit else {
            sink.error(
                SourceLocation(file: path),
                "The file is \(info.st_size) bytes, over the limit of \(Self.sizeLimit) bytes (2 MiB) for a content or template file; split it into smaller files"
            )
            return nil
        }
        let stamp = FileStamp(info)
        guard let bytes = readAll(fd, expected: Int(info.st_size)) else {
            sink.error(SourceLocation(file: path), "Cannot read the file; check that it exists and is readable")
            return nil
        }
        return bytes.withUnsafeBufferPointer { decode($0, path: path) }.map { ($0, stamp) }
    }

    /// Reports why `path` could not be opened, as a check of the path itself (not followed) says.
    private func refuseUnopened(_ path: String) {
        var info = stat()
        if lstat(path, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFLNK:
                sink.error(SourceLocation(file: path), "Symbolic links are not followed; replace the link with the file itself")
                return
            case S_IFREG:
                if info.st_size > Self.sizeLimit {
                    sink.error(
                        SourceLocation(file: path),
                        "The file is \(info.st_size) bytes, over the limit of \(Self.sizeLimit) bytes (2 MiB) for a content or template file; split it into smaller files"
                    )
                    return
                }
            default:
                sink.error(SourceLocation(file: path), "Not a regular file; replace it with a text file")
                return
            }
        }
        sink.error(SourceLocation(file: path), "Cannot read the file; check that it exists and is readable")
    }

    /// The text of a file's bytes; nil (with an error) for UTF-16, a NUL byte or invalid UTF-8.
    private func decode(_ all: UnsafeBufferPointer<UInt8>, path: String) -> String? {
        var bytes = all[...]
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        if bytes.starts(with: bom) { bytes = bytes.dropFirst(3) }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            sink.error(
                SourceLocation(file: path, line: 1, column: 1),
                "The file is UTF-16; save it as UTF-8")
            return nil
        }
        if bytes.count >= 2, (bytes[bytes.startIndex] == 0) != (bytes[bytes.startIndex + 1] == 0) {
            sink.error(
                SourceLocation(file: path, line: 1, column: 1),
                "The file looks like UTF-16 without a byte-order mark; save it as UTF-8")
            return nil
        }
        let body = UnsafeBufferPointer(rebasing: bytes)
        if let base = body.baseAddress, let nul = memchr(base, 0, body.count) {
            let index = bytes.startIndex + (UnsafeRawPointer(nul) - UnsafeRawPointer(base))
            sink.error(location(of: index, in: bytes, file: path), "The file holds a NUL byte; remove it or save the file as UTF-8 text")
            return nil
        }
        // As Foundation's `String(bytes:encoding: .utf8)` did: one more leading byte-order mark is dropped.
        let text = bytes.starts(with: bom) ? UnsafeBufferPointer(rebasing: bytes.dropFirst(3)) : body
        guard let string = String(validating: text, as: UTF8.self) else {
            sink.error(
                SourceLocation(file: path, line: 1, column: 1),
                "The file is not valid UTF-8 (perhaps Windows-1251); save it as UTF-8")
            return nil
        }
        return string
    }

    private func location(of index: Int, in bytes: Slice<UnsafeBufferPointer<UInt8>>, file: String) -> SourceLocation {
        let before = bytes[bytes.startIndex..<index]
        let line = before.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? bytes.startIndex
        return SourceLocation(file: file, line: line, column: index - lineStart + 1)
    }

    /// The regular files below `directory` whose names end in one of `extensions`, sorted, as paths
    /// joined to `directory`. Symbolic links are reported and skipped: content stays inside its tree.
    /// `directory` itself may be a link to a folder (`--templates` or `--content` given as one),
    /// which is followed, as every other tool follows a folder named on its command line.
    package func list(_ directory: String, extensions: Set<String>, recursive: Bool = true) -> [String] {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else { return [] }
        // FileManager's enumerator does not go into a link: it is given the link's target.
        let root = isSymbolicLink(directory) ? realPath(directory) ?? directory : directory
        let names: [String]
        if recursive {
            names = (fm.enumerator(atPath: root)?.allObjects as? [String]) ?? []
        } else {
            names = (try? fm.contentsOfDirectory(atPath: root)) ?? []
        }
        var result: [String] = []
        for name in names.sorted() {
            let path = (directory as NSString).appendingPathComponent(name)
            let ext = (name as NSString).pathExtension
            guard extensions.contains(ext) else { continue }
            if isSymbolicLink(path) {
                sink.error(SourceLocation(file: path), "Symbolic links are not followed; replace the link with the file itself")
                continue
            }
            result.append(path)
        }
        return result
    }
}

/// True when `path` itself (not followed) is a symbolic link.
package func isSymbolicLink(_ path: String) -> Bool {
    var info = stat()
    return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
}

/// Every byte up to the end of the file (which may have grown since `fstat`); nil on an error.
package func readAll(_ fd: CInt, expected: Int) -> [UInt8]? {
    var bytes = [UInt8](repeating: 0, count: max(expected, 0) + 1)
    var count = 0
    while true {
        if count == bytes.count { bytes.append(contentsOf: repeatElement(0, count: bytes.count)) }
        let n = bytes.withUnsafeMutableBytes { buffer in
            read(fd, buffer.baseAddress! + count, buffer.count - count)
        }
        if n < 0 {
            if errno == EINTR { continue }
            return nil
        }
        if n == 0 { break }
        count += n
    }
    bytes.removeSubrange(count...)
    return bytes
}

/// Writes all of `bytes` to `fd`, again after an interrupted call; false on failure, with
/// `errno` set.
package func writeAll(_ fd: CInt, _ bytes: UnsafeRawBufferPointer) -> Bool {
    var offset = 0
    while offset < bytes.count {
        let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
        if n < 0 {
            if errno == EINTR { continue }
            return false
        }
        offset += n
    }
    return true
}
