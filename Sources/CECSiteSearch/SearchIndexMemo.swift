import CECSiteContent
import CECSiteCore
import Foundation

/// What a build's search index was made of, kept beside the terms store (`search-index.memo`) so
/// that the next build makes only the term chunks whose terms changed (``SearchIndex``): the
/// terms key of each document, by document number (``SearchTermsCache/key(_:)``), and each term
/// chunk's name, first two characters (as UTF-8 bytes) and key (the fingerprint of its terms,
/// by document number, that the build record keyed its file with).
///
/// A memo stands for the terms store as the build that wrote it left it: it is read only while
/// the store's file has the stamp (size, modification time, inode) written in it, and only by
/// the program that wrote it.
package struct SearchIndexMemo: Equatable, Sendable {
    /// One term chunk: its name (`t-<name>.json`), its terms' first two characters and its key.
    package struct Chunk: Equatable, Sendable {
        package var name: String
        package var prefix: [UInt8]
        package var key: String

        package init(name: String, prefix: [UInt8], key: String) {
            self.name = name
            self.prefix = prefix
            self.key = key
        }
    }

    /// The terms key of each document, in document order.
    package var keys: [String]
    /// The term chunks, in the manifest's order.
    package var chunks: [Chunk]

    package init(keys: [String], chunks: [Chunk]) {
        self.keys = keys
        self.chunks = chunks
    }

    private static let magic = "cecsite-search-memo 1"

    /// The memo's file: a header naming `program` and the store's `stamp`, the number of
    /// documents and their keys, the number of chunks and each as `name prefix-hex key`, one a line.
    package func serialized(program: String, store stamp: FileStamp) -> [UInt8] {
        var text = "\(Self.magic) \(program)\n\(stamp.size) \(stamp.modified) \(stamp.inode)\n\(keys.count)\n"
        text.reserveCapacity(text.utf8.count + keys.count * 33 + chunks.count * 60)
        for key in keys { text += key + "\n" }
        text += "\(chunks.count)\n"
        for chunk in chunks { text += chunk.name + " " + Self.hex(chunk.prefix) + " " + chunk.key + "\n" }
        return Array(text.utf8)
    }

    /// The memo of `data`, when it was written by `program` for the store as stamped `stamp`;
    /// nil otherwise, or when it is damaged.
    package init?(_ data: Data, program: String, store stamp: FileStamp) {
        let lines = data.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        guard lines.count >= 4, lines[0] == Self.magic + " " + program,
            lines[1] == "\(stamp.size) \(stamp.modified) \(stamp.inode)", let count = Int(lines[2]), count >= 0,
            lines.count > 3 + count, let chunkCount = Int(lines[3 + count]), chunkCount >= 0,
            lines.count == 5 + count + chunkCount, lines.last == ""
        else { return nil }
        keys = Array(lines[3..<(3 + count)])
        var chunks: [Chunk] = []
        chunks.reserveCapacity(chunkCount)
        for line in lines[(4 + count)..<(4 + count + chunkCount)] {
            let fields = line.split(separator: " ", omittingEmptySubsequences: false)
            guard fields.count == 3, let prefix = Self.bytes(fields[1]), !prefix.isEmpty, !fields[2].isEmpty else { return nil }
            chunks.append(Chunk(name: String(fields[0]), prefix: prefix, key: String(fields[2])))
        }
        self.chunks = chunks
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    private static func bytes(_ hex: Substring) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        for i in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[i..<(i + 2)], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }
}
