import Foundation

/// A minimal ZIP writer for XLSX workbooks: entries are stored (not compressed) with their
/// CRC-32, in the order given, with a fixed timestamp, so the same entries give the same bytes.
struct ZIPArchive {
    private var body = Data()
    private var directory = Data()
    private var count = 0

    /// 1980-01-01 00:00, the earliest MS-DOS date: no clock is read.
    private static let dosTime: UInt16 = 0
    private static let dosDate: UInt16 = (0 << 9) | (1 << 5) | 1

    /// Appends a file named `path` (UTF-8, `/` separators) holding `data`.
    mutating func add(_ path: String, _ data: Data) {
        let name = Data(path.utf8)
        let crc = CRC32.checksum(data)
        let offset = UInt32(body.count)
        var local = Data()
        local.append(le32: 0x0403_4b50)
        local.append(le16: 20)  // version needed: 2.0
        local.append(le16: 0x0800)  // flags: names are UTF-8
        local.append(le16: 0)  // method: stored
        local.append(le16: Self.dosTime)
        local.append(le16: Self.dosDate)
        local.append(le32: crc)
        local.append(le32: UInt32(data.count))
        local.append(le32: UInt32(data.count))
        local.append(le16: UInt16(name.count))
        local.append(le16: 0)
        body.append(local)
        body.append(name)
        body.append(data)

        directory.append(le32: 0x0201_4b50)
        directory.append(le16: 20)  // made by: 2.0, MS-DOS
        directory.append(le16: 20)
        directory.append(le16: 0x0800)
        directory.append(le16: 0)
        directory.append(le16: Self.dosTime)
        directory.append(le16: Self.dosDate)
        directory.append(le32: crc)
        directory.append(le32: UInt32(data.count))
        directory.append(le32: UInt32(data.count))
        directory.append(le16: UInt16(name.count))
        directory.append(le16: 0)  // extra
        directory.append(le16: 0)  // comment
        directory.append(le16: 0)  // disk
        directory.append(le16: 0)  // internal attributes
        directory.append(le32: 0)  // external attributes
        directory.append(le32: offset)
        directory.append(name)
        count += 1
    }

    /// The archive's bytes: the entries, the central directory and its end record.
    var data: Data {
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
}

/// CRC-32 (ISO 3309, the polynomial ZIP uses).
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum(_ data: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
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
