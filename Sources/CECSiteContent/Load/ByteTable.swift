import CECSiteCore
import Foundation

/// A hash set of byte strings that numbers them in order of insertion, so a column's values can
/// be recognised from their bytes without making a `String` of each: the records aggregation
/// sees a few hundred distinct values in a million rows.
package struct ByteTable {
    private var arena: [UInt8] = []
    private var entries: [(hash: UInt64, start: Int, count: Int)] = []
    /// Entry number + 1 per slot, 0 for an empty slot; the count is a power of two.
    private var slots = [Int32](repeating: 0, count: 64)

    /// How many byte strings are in the table.
    package var count: Int { entries.count }

    /// The number of `bytes`, if they are in the table.
    @inline(__always)
    package func find(_ bytes: UnsafeRawBufferPointer, hash: UInt64) -> Int? {
        // Through the buffers, with the bytes compared inline: the records aggregation calls
        // this five times per row, and the calls of `memcmp` alone were 7 % of its time.
        slots.withUnsafeBufferPointer { slots in
            entries.withUnsafeBufferPointer { entries in
                arena.withUnsafeBytes { arena in
                    let mask = slots.count - 1
                    var slot = Int(truncatingIfNeeded: hash) & mask
                    while true {
                        let entry = Int(slots[slot]) - 1
                        if entry < 0 { return nil }
                        let e = entries[entry]
                        if e.hash == hash && e.count == bytes.count && ByteTable.equal(arena.baseAddress! + e.start, bytes.baseAddress, e.count) {
                            return entry
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
    }

    /// Adds `bytes` (not yet in the table) and returns its number.
    @discardableResult
    package mutating func insert(_ bytes: UnsafeRawBufferPointer, hash: UInt64) -> Int {
        let number = entries.count
        entries.append((hash, arena.count, bytes.count))
        arena.append(contentsOf: bytes)
        if entries.count * 2 > slots.count {
            slots = [Int32](repeating: 0, count: slots.count * 2)
            for (n, e) in entries.enumerated() { place(n, e.hash) }
        } else {
            place(number, hash)
        }
        return number
    }

    private mutating func place(_ entry: Int, _ hash: UInt64) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(entry + 1)
    }

    /// Whether `count` bytes at `a` and `b` are equal, eight at a time (values are a few dozen
    /// bytes; a call of `memcmp` cost more than the comparison). The last word overlaps the one
    /// before it rather than leaving a tail to compare byte by byte (a name of 30 bytes had six).
    @inline(__always)
    private static func equal(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer?, _ count: Int) -> Bool {
        guard count > 0, let b else { return true }
        if count >= 8 {
            var i = 0
            while i + 8 < count {
                if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
                i += 8
            }
            return a.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) == b.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        }
        if count >= 4 {
            return a.loadUnaligned(as: UInt32.self) == b.loadUnaligned(as: UInt32.self)
                && a.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self) == b.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
        }
        for i in 0..<count where a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
        return true
    }

    /// A 64-bit hash of `bytes`: their count and their first and last eight bytes (four, or
    /// three single bytes, when there are fewer). The values of a column differ within those
    /// (a region's name by its first letters, an election by its year), and a value that shares
    /// them with another costs one more comparison, never a wrong number. Hashing every word of
    /// every value (a multiply each, one after the other) was a third of the per-row lookups.
    @inline(__always)
    package static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let n = bytes.count
        guard let base = bytes.baseAddress, n > 0 else { return 0x9E37_79B9_7F4A_7C15 }
        let first: UInt64, last: UInt64
        if n >= 8 {
            first = base.loadUnaligned(as: UInt64.self)
            last = base.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
        } else if n >= 4 {
            first = UInt64(base.loadUnaligned(as: UInt32.self))
            last = UInt64(base.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self))
        } else {
            first = UInt64(base.load(as: UInt8.self)) | UInt64(base.load(fromByteOffset: n / 2, as: UInt8.self)) << 8
            last = UInt64(base.load(fromByteOffset: n - 1, as: UInt8.self))
        }
        var h = (first ^ UInt64(truncatingIfNeeded: n) &* 0x9E37_79B9_7F4A_7C15) &* 0xFF51_AFD7_ED55_8CCD
        h ^= last &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 32
        return h &* 0x9E37_79B9_7F4A_7C15 ^ (h >> 29)
    }
}
