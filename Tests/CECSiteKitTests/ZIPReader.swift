import CECSiteTestSupport
import CZlib
import Foundation

@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteFormats
@testable import CECSiteKit
@testable import CECSiteMarkdown
@testable import CECSiteTemplates

/// One file of a ZIP archive, as the test reader found it.
struct ZIPEntry: Equatable {
    var name: String
    /// 0 stored, 8 deflated.
    var method: Int
    var data: Data
}

struct ZIPReadError: Error, CustomStringConvertible {
    var description: String
}

/// Reads the entries of a ZIP archive through its central directory, inflating deflated ones
/// with zlib and checking each entry's CRC-32 and sizes: a small independent reader for tests.
func unzip(_ archive: Data) throws -> [ZIPEntry] {
    let bytes = [UInt8](archive)
    func u16(_ i: Int) throws -> Int {
        guard i >= 0, i + 2 <= bytes.count else { throw ZIPReadError(description: "read past the end at \(i)") }
        return Int(bytes[i]) | Int(bytes[i + 1]) << 8
    }
    func u32(_ i: Int) throws -> Int { try u16(i) | (try u16(i + 2)) << 16 }
    let end = bytes.count - 22
    guard try u32(end) == 0x0605_4b50 else { throw ZIPReadError(description: "no end record") }
    let count = try u16(end + 10)
    var at = try u32(end + 16)
    var entries: [ZIPEntry] = []
    for _ in 0..<count {
        guard try u32(at) == 0x0201_4b50 else { throw ZIPReadError(description: "no directory entry at \(at)") }
        let method = try u16(at + 10), crc = try u32(at + 16), packed = try u32(at + 20), size = try u32(at + 24)
        let nameLength = try u16(at + 28), extra = try u16(at + 30), comment = try u16(at + 32), offset = try u32(at + 42)
        let name = String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
        at += 46 + nameLength + extra + comment
        guard try u32(offset) == 0x0403_4b50, try u16(offset + 8) == method, try u32(offset + 18) == packed else {
            throw ZIPReadError(description: "local header of \(name) differs from its directory entry")
        }
        let start = offset + 30 + (try u16(offset + 26)) + (try u16(offset + 28))
        guard start + packed <= bytes.count else { throw ZIPReadError(description: "\(name) runs past the end") }
        let body = Data(bytes[start..<(start + packed)])
        let data: Data
        switch method {
        case 0: data = body
        case 8: data = try inflate(body, size: size)
        default: throw ZIPReadError(description: "\(name): method \(method)")
        }
        guard data.count == size, CRC32.checksum(data) == UInt32(crc) else { throw ZIPReadError(description: "\(name): size or CRC-32") }
        entries.append(ZIPEntry(name: name, method: method, data: data))
    }
    return entries
}

private func inflate(_ data: Data, size: Int) throws -> Data {
    var stream = z_stream()
    guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
        throw ZIPReadError(description: "inflateInit2")
    }
    defer { inflateEnd(&stream) }
    var input = [UInt8](data), output = [UInt8](repeating: 0, count: size + 1)
    let code = input.withUnsafeMutableBufferPointer { inp in
        output.withUnsafeMutableBufferPointer { out in
            stream.next_in = inp.baseAddress
            stream.avail_in = uInt(inp.count)
            stream.next_out = out.baseAddress
            stream.avail_out = uInt(out.count)
            return CZlib.inflate(&stream, Z_FINISH)
        }
    }
    guard code == Z_STREAM_END else { throw ZIPReadError(description: "inflate: \(code)") }
    return Data(output[0..<Int(stream.total_out)])
}
