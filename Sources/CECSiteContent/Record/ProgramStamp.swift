import CECSiteCore
import Foundation

#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#endif

/// What identifies the running program in the build record: a fingerprint of its executable
/// file's bytes, so that every build of cecsite, on every platform, has its own stamp and reuses
/// nothing another build of the program recorded (a new cecsite may render, tokenise or parse
/// the same input differently).
///
/// The executable is found through the system, never through `argv[0]` (which may name a link,
/// a wrapper or nothing useful): `/proc/self/exe` on Linux, which stays the running file even
/// when a new build replaced it on disk, and `_NSGetExecutablePath` on macOS. Hashing every
/// byte of the 20 MB release binary costs a few milliseconds (see BENCHMARKS.md, "One build
/// record"), once per process.
package enum ProgramStamp {
    /// The stamp of this process's executable: 32 hexadecimal digits, or, when the file cannot
    /// be read, a value no other process has, so that nothing recorded is trusted.
    package static let current: String = executablePath().flatMap(of(file:)) ?? "unknown-" + UUID().uuidString

    /// The running executable's path as the system knows it.
    package static func executablePath() -> String? {
        #if os(Linux)
            return "/proc/self/exe"
        #elseif canImport(Darwin)
            var size: UInt32 = 0
            _ = _NSGetExecutablePath(nil, &size)
            var buffer = [CChar](repeating: 0, count: Int(size) + 1)
            guard _NSGetExecutablePath(&buffer, &size) == 0 else { return nil }
            return String(cString: buffer)
        #else
            return nil
        #endif
    }

    /// The fingerprint of the bytes of the file at `path` (and of their count); nil when it
    /// cannot be read to its end.
    package static func of(file path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var hasher = Fingerprint()
        hasher.add("cecsite program")
        let chunk = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 64)
        defer { buffer.deallocate() }
        var total: UInt64 = 0
        while true {
            let count = read(fd, buffer.baseAddress, chunk)
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { break }
            hasher.stream(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            total += UInt64(count)
        }
        hasher.add(word: total)
        return hasher.hex
    }
}
