#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Read-only bytes that slices share without copying: a file mapped into memory (`mmap`), or a
/// buffer of their own. A slice keeps the whole alive, so a value taken from a store stays
/// valid for as long as it is used, after the store let go of it.
///
/// Indices are offsets into the whole, as an `ArraySlice`'s are into its array.
///
/// Why not Foundation's `Data` (which can map a file, `.alwaysMapped`): the stores' readers
/// (`ByteReader`, `StoredText`) were written against `ArraySlice<UInt8>`, whose indices are
/// offsets into the whole; this keeps that contract, with one bounds check per read, where
/// `Data`'s subscript switches over its storage representation on every access. Not measured against `Data`;
/// measured against reading the whole file: BENCHMARKS.md, "stores mapped, the page record read
/// by key".
///
/// A mapped file must not be cut shorter while it is mapped: reading a page past its new end
/// stops the process (`SIGBUS`). cecsite never cuts a file it maps (its stores are appended to
/// or replaced by a rename), and maps them only in a process that ends with its build.
public struct SharedBytes: RandomAccessCollection, @unchecked Sendable {
    /// Owns the memory: unmaps or frees it when the last slice is gone.
    private final class Owner {
        let base: UnsafeRawPointer?
        let count: Int
        let mapped: Bool

        init(base: UnsafeRawPointer?, count: Int, mapped: Bool) {
            self.base = base
            self.count = count
            self.mapped = mapped
        }

        deinit {
            guard let base else { return }
            if mapped {
                munmap(UnsafeMutableRawPointer(mutating: base), count)
            } else {
                base.deallocate()
            }
        }
    }

    private let owner: Owner
    public let startIndex: Int
    public let endIndex: Int

    private init(owner: Owner, range: Range<Int>) {
        self.owner = owner
        startIndex = range.lowerBound
        endIndex = range.upperBound
    }

    /// No bytes.
    public init() { self.init(owner: Owner(base: nil, count: 0, mapped: false), range: 0..<0) }

    /// A copy of `bytes`.
    public init<Bytes: Collection>(copying bytes: Bytes) where Bytes.Element == UInt8 {
        guard !bytes.isEmpty else {
            self.init()
            return
        }
        let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 1)
        _ = memory.copyBytes(from: bytes)
        self.init(owner: Owner(base: UnsafeRawPointer(memory.baseAddress!), count: bytes.count, mapped: false), range: 0..<bytes.count)
    }

    /// The file at `path` mapped read-only; nil when it cannot be opened or mapped, or is empty.
    public static func mapping(_ path: String) -> SharedBytes? {
        guard let (fd, count) = openNonEmptyFile(path) else { return nil }
        defer { close(fd) }
        guard let base = mmap(nil, count, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else { return nil }
        return SharedBytes(owner: Owner(base: UnsafeRawPointer(base), count: count, mapped: true), range: 0..<count)
    }

    /// The file at `path` read whole into bytes of their own (as much of it as `fstat` gave
    /// when it was opened); nil when it cannot be read, or is empty.
    public static func reading(_ path: String) -> SharedBytes? {
        guard let (fd, size) = openNonEmptyFile(path) else { return nil }
        defer { close(fd) }
        let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 1)
        var count = 0
        while count < size {
            let n = read(fd, memory.baseAddress! + count, size - count)
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { break }
            count += n
        }
        guard count > 0 else {
            memory.deallocate()
            return nil
        }
        return SharedBytes(owner: Owner(base: UnsafeRawPointer(memory.baseAddress!), count: count, mapped: false), range: 0..<count)
    }

    /// The regular file at `path` opened for reading, with its size; nil when it cannot be
    /// opened or is not a regular file with bytes.
    private static func openNonEmptyFile(_ path: String) -> (Int32, Int)? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0 else {
            close(fd)
            return nil
        }
        return (fd, Int(info.st_size))
    }

    public subscript(position: Int) -> UInt8 {
        precondition(position >= startIndex && position < endIndex, "SharedBytes: index out of range")
        return owner.base!.load(fromByteOffset: position, as: UInt8.self)
    }

    public subscript(bounds: Range<Int>) -> SharedBytes {
        precondition(bounds.lowerBound >= startIndex && bounds.upperBound <= endIndex, "SharedBytes: range out of range")
        return SharedBytes(owner: owner, range: bounds)
    }

    /// Calls `body` with the bytes in memory.
    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        guard let base = owner.base else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return try body(UnsafeRawBufferPointer(start: base + startIndex, count: count))
    }

    /// Copies as one `memcpy` (`Array(bytes)`, `array += bytes`), not byte by byte.
    public func _copyContents(initializing buffer: UnsafeMutableBufferPointer<UInt8>) -> (IndexingIterator<SharedBytes>, Int) {
        let copied = Swift.min(count, buffer.count)
        if copied > 0 {
            withUnsafeBytes { UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: $0.prefix(copied))) }
        }
        return (self[(startIndex + copied)..<endIndex].makeIterator(), copied)
    }

    public func withContiguousStorageIfAvailable<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result? {
        try withUnsafeBytes { try body($0.bindMemory(to: UInt8.self)) }
    }
}

extension SharedBytes: Equatable {
    public static func == (lhs: SharedBytes, rhs: SharedBytes) -> Bool {
        lhs.count == rhs.count && lhs.withUnsafeBytes { a in rhs.withUnsafeBytes { b in a.elementsEqual(b) } }
    }
}

extension String {
    /// The bytes as UTF-8, invalid sequences repaired.
    public init(decoding bytes: SharedBytes) {
        self = bytes.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }
}
