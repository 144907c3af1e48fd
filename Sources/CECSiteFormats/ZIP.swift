import CECSiteCore
import CZlib
import Foundation

/// A ZIP writer for XLSX workbooks: entries are compressed with zlib's raw deflate (stored when
/// deflate would not shrink them), in the order given, with a fixed timestamp, so the same
/// entries give the same bytes with the same zlib. No ZIP64: an archive that would need it (an
/// entry or the whole archive past 4 GiB, or more than 65,535 entries) is an error, not a trap.
struct ZIPArchive {
    /// Why an archive cannot be written.
    enum Failure: Error, Equatable, CustomStringConvertible {
        /// The archive would pass a limit of the ZIP format without ZIP64.
        case tooLarge(entry: String, limit: Int)
        /// zlib reported an error code.
        case zlib(entry: String, code: Int32)

        var description: String {
            switch self {
            case .tooLarge(let entry, let limit):
                return "The workbook is too large for a ZIP archive without ZIP64 at '\(entry)' (limit \(limit) bytes or 65,535 entries); split the dataset"
            case .zlib(let entry, let code):
                return "zlib failed with code \(code) while compressing '\(entry)'"
            }
        }
    }

    private var body = Data()
    private var directory = Data()
    private var count = 0
    /// The largest size or offset a field holds: 4 GiB - 1, lower in tests.
    private let limit: Int

    /// 1980-01-01 00:00, the earliest MS-DOS date: no clock is read.
    private static let dosTime: UInt16 = 0
    private static let dosDate: UInt16 = (0 << 9) | (1 << 5) | 1

    init(limit: Int = Int(UInt32.max)) {
        self.limit = min(limit, Int(UInt32.max))
    }

    /// Appends a file named `path` (UTF-8, `/` separators) holding `data`.
    /// - Throws: `Failure` when the archive would pass a ZIP limit, or zlib fails.
    mutating func add(_ path: String, _ data: Data) throws {
        let name = Data(path.utf8)
        let offset = body.count
        guard count < 0xFFFF, name.count <= 0xFFFF, data.count <= limit, offset <= limit else {
            throw Failure.tooLarge(entry: path, limit: limit)
        }
        let crc = CRC32.checksum(data)
        var method: UInt16 = 8
        var packed = try Self.deflate(data, entry: path)
        if packed.count >= data.count {
            method = 0
            packed = data
        }
        guard offset + 30 + name.count + packed.count <= limit else { throw Failure.tooLarge(entry: path, limit: limit) }

        var local = Data()
        local.append(le32: 0x0403_4b50)
        local.append(le16: 20)  // version needed: 2.0
        local.append(le16: 0x0800)  // flags: names are UTF-8
        local.append(le16: method)
        local.append(le16: Self.dosTime)
        local.append(le16: Self.dosDate)
        local.append(le32: crc)
        local.append(le32: UInt32(packed.count))
        local.append(le32: UInt32(data.count))
        local.append(le16: UInt16(name.count))
        local.append(le16: 0)
        body.append(local)
        body.append(name)
        body.append(packed)

        directory.append(le32: 0x0201_4b50)
        directory.append(le16: 20)  // made by: 2.0, MS-DOS
        directory.append(le16: 20)
        directory.append(le16: 0x0800)
        directory.append(le16: method)
        directory.append(le16: Self.dosTime)
        directory.append(le16: Self.dosDate)
        directory.append(le32: crc)
        directory.append(le32: UInt32(packed.count))
        directory.append(le32: UInt32(data.count))
        directory.append(le16: UInt16(name.count))
        directory.append(le16: 0)  // extra
        directory.append(le16: 0)  // comment
        directory.append(le16: 0)  // disk
        directory.append(le16: 0)  // internal attributes
        directory.append(le32: 0)  // external attributes
        directory.append(le32: UInt32(offset))
        directory.append(name)
        count += 1
    }

    /// The archive's bytes: the entries, the central directory and its end record.
    /// - Throws: `Failure.tooLarge` when the central directory would start or end past the limit.
    func data() throws -> Data {
        guard body.count + directory.count + 22 <= limit else { throw Failure.tooLarge(entry: "central directory", limit: limit) }
        var result = body
        result.append(directory)
        result.append(le32: 0x0605_4b50)
        result.append(le16: 0)
        result.append(le16: 0)
        result.append(le16: UInt16(count))
        result.append(le16: UInt16(count))
        result.append(le32: UInt32(directory.count))
        result.append(le32: UInt32(body.count))
        result.append(le16: 0)
        return result
    }

    /// `data` as a raw deflate stream (no zlib header), at zlib's default level.
    static func deflate(_ data: Data, entry: String = "") throws -> Data {
        var stream = z_stream()
        var code = deflateInit2_(
            &stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY,
            ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard code == Z_OK else { throw Failure.zlib(entry: entry, code: code) }
        defer { deflateEnd(&stream) }
        var output = Data()
        let chunk = 1 << 16
        var buffer = [UInt8](repeating: 0, count: chunk)
        try data.withUnsafeBytes { (input: UnsafeRawBufferPointer) in
            var position = 0
            repeat {
                // zlib counts in 32-bit lengths: feed at most 1 GiB at a time.
                let size = min(input.count - position, 1 << 30)
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.advanced(by: position).assumingMemoryBound(to: Bytef.self))
                stream.avail_in = uInt(size)
                position += size
                let flush = position == input.count ? Z_FINISH : Z_NO_FLUSH
                repeat {
                    code = buffer.withUnsafeMutableBytes { out in
                        stream.next_out = out.baseAddress?.assumingMemoryBound(to: Bytef.self)
                        stream.avail_out = uInt(chunk)
                        return CZlib.deflate(&stream, flush)
                    }
                    guard code == Z_OK || code == Z_STREAM_END || code == Z_BUF_ERROR else { throw Failure.zlib(entry: entry, code: code) }
                    output.append(contentsOf: buffer[0..<(chunk - Int(stream.avail_out))])
                } while stream.avail_out == 0
            } while position < input.count
        }
        guard code == Z_STREAM_END else { throw Failure.zlib(entry: entry, code: code) }
        return output
    }
}

/// CRC-32 (ISO 3309, the polynomial ZIP uses), by zlib.
enum CRC32 {
    static func checksum(_ data: Data) -> UInt32 {
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> UInt32 in
            var crc = crc32(0, nil, 0)
            var position = 0
            while position < bytes.count {
                let size = min(bytes.count - position, 1 << 30)
                crc = crc32(crc, bytes.baseAddress?.advanced(by: position).assumingMemoryBound(to: Bytef.self), uInt(size))
                position += size
            }
            return UInt32(crc)
        }
    }
}

extension Data {
    mutating func append(le16 value: UInt16) {
        append(UInt8(value & 0xFF))
        append(UInt8(value >> 8))
    }

    mutating func append(le32 value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }
}
