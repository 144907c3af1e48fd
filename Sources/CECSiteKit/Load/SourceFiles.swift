import Foundation

/// Reads input files as text, reporting undecodable or unsafe files instead of crashing.
struct SourceFiles {
    let sink: DiagnosticSink

    /// The largest content or template file read: 2 MiB. Real pages and data files are a few
    /// kilobytes; person-level records (CSV) are streamed and not limited.
    static let sizeLimit = 2 * 1024 * 1024

    /// The file's UTF-8 text without a leading byte-order mark; nil (with an error) when it is not
    /// valid UTF-8, holds NUL bytes, is larger than ``sizeLimit`` or cannot be read.
    func text(_ path: String) -> String? {
        // `attributesOfItem` does not follow a link: a link to /dev/zero is refused, not read.
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        switch attributes?[.type] as? FileAttributeType {
        case .typeSymbolicLink?:
            sink.error(SourceLocation(file: path), "Symbolic links are not followed; replace the link with the file itself")
            return nil
        case .typeRegular?, nil:
            break
        default:
            sink.error(SourceLocation(file: path), "Not a regular file; replace it with a text file")
            return nil
        }
        if let size = attributes?[.size] as? NSNumber, size.intValue > Self.sizeLimit {
            sink.error(SourceLocation(file: path),
                       "The file is \(size.intValue) bytes, over the limit of \(Self.sizeLimit) bytes (2 MiB) for a content or template file; split it into smaller files")
            return nil
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            sink.error(SourceLocation(file: path), "Cannot read the file; check that it exists and is readable")
            return nil
        }
        var bytes = data[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            sink.error(SourceLocation(file: path, line: 1, column: 1),
                       "The file is UTF-16; save it as UTF-8")
            return nil
        }
        if bytes.count >= 2, (bytes[bytes.startIndex] == 0) != (bytes[bytes.startIndex + 1] == 0) {
            sink.error(SourceLocation(file: path, line: 1, column: 1),
                       "The file looks like UTF-16 without a byte-order mark; save it as UTF-8")
            return nil
        }
        if let nul = bytes.firstIndex(of: 0) {
            sink.error(location(of: nul, in: bytes, file: path), "The file holds a NUL byte; remove it or save the file as UTF-8 text")
            return nil
        }
        guard let text = String(bytes: bytes, encoding: .utf8) else {
            sink.error(SourceLocation(file: path, line: 1, column: 1),
                       "The file is not valid UTF-8 (perhaps Windows-1251); save it as UTF-8")
            return nil
        }
        return text
    }

    private func location(of index: Data.Index, in bytes: Data.SubSequence, file: String) -> SourceLocation {
        let before = bytes[bytes.startIndex..<index]
        let line = before.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? bytes.startIndex
        return SourceLocation(file: file, line: line, column: index - lineStart + 1)
    }

    /// The regular files below `directory` whose names end in one of `extensions`, sorted, as paths
    /// joined to `directory`. Symbolic links are reported and skipped: content stays inside its tree.
    func list(_ directory: String, extensions: Set<String>, recursive: Bool = true) -> [String] {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else { return [] }
        let names: [String]
        if recursive {
            names = (fm.enumerator(atPath: directory)?.allObjects as? [String]) ?? []
        } else {
            names = (try? fm.contentsOfDirectory(atPath: directory)) ?? []
        }
        var result: [String] = []
        for name in names.sorted() {
            let path = (directory as NSString).appendingPathComponent(name)
            let ext = (name as NSString).pathExtension
            guard extensions.contains(ext) else { continue }
            if let attributes = try? fm.attributesOfItem(atPath: path),
                attributes[.type] as? FileAttributeType == .typeSymbolicLink
            {
                sink.error(SourceLocation(file: path), "Symbolic links are not followed; replace the link with the file itself")
                continue
            }
            result.append(path)
        }
        return result
    }
}
