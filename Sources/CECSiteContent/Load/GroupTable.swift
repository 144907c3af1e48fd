import CECSiteCore

/// The groups of one part of a records file: each distinct key (the numbers of its values, see
/// ``ByteTable``) gets a group number in order of first appearance. Open addressing with a
/// multiplicative hash: a `Dictionary` would hash every row's key with SipHash.
package struct GroupTable {
    /// The key of each group, by group number.
    package private(set) var keys: [SIMD4<Int32>] = []
    /// Group number + 1 per slot, 0 for an empty slot; the count is a power of two.
    private var slots = [Int32](repeating: 0, count: 1024)

    /// The group number of `key`, which gets the next number when it is new.
    @inline(__always)
    package mutating func group(_ key: SIMD4<Int32>) -> Int {
        let mask = slots.count - 1
        var slot = GroupTable.hash(key) & mask
        while true {
            let found = Int(slots[slot]) - 1
            if found < 0 { break }
            if keys[found] == key { return found }
            slot = (slot + 1) & mask
        }
        let number = keys.count
        keys.append(key)
        if keys.count * 2 > slots.count {
            slots = [Int32](repeating: 0, count: slots.count * 2)
            for (n, k) in keys.enumerated() { place(n, k) }
        } else {
            slots[slot] = Int32(number + 1)
        }
        return number
    }

    private mutating func place(_ number: Int, _ key: SIMD4<Int32>) {
        let mask = slots.count - 1
        var slot = GroupTable.hash(key) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(number + 1)
    }

    @inline(__always)
    private static func hash(_ key: SIMD4<Int32>) -> Int {
        var h = UInt64(UInt32(bitPattern: key[0]))
        h = (h &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(UInt32(bitPattern: key[1]))
        h = (h &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(UInt32(bitPattern: key[2]))
        h = (h &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(UInt32(bitPattern: key[3]))
        h &*= 0xFF51_AFD7_ED55_8CCD
        return Int(truncatingIfNeeded: h >> 32)
    }
}
