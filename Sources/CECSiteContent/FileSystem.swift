import CECSiteCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

// The records of incremental builds (beside the output: `.<output>.cecsite-cache/`) hold what
// the site is made of, the bodies of unpublished drafts' neighbours included, so they are
// readable by their owner only: the folder 0700, its files 0600. A web server that serves the
// output's parent folder by mistake cannot hand them out.

/// Makes the folder `path` (and its parents) if missing, and makes it private (0700).
package func makePrivateFolder(_ path: String) {
    if mkdir(path, 0o700) != 0 {
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    var info = stat()
    if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_mode & 0o7777 != 0o700 { chmod(path, 0o700) }
}

/// Writes `bytes` as the file `path`, readable and writable by its owner only (0600), through a
/// temporary file renamed over it; false when it could not.
@discardableResult
package func writePrivately(_ path: String, _ bytes: [UInt8]) -> Bool {
    let temporary = path + ".tmp-\(getpid())"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o600)
    guard fd >= 0 else { return false }
    let written = bytes.withUnsafeBytes { writeAll(fd, $0) }
    guard close(fd) == 0, written, rename(temporary, path) == 0 else {
        unlink(temporary)
        return false
    }
    return true
}

/// The absolute path of `path` with every symbolic link resolved, or nil when it does not exist.
public func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
}

/// The name of a folder entry that `readdir` returned, read where it lies. An entry is only
/// `d_reclen` bytes long, so copying the whole 256-byte `d_name` field (as
/// `withUnsafeBytes(of: entry.pointee.d_name)` does) reads past the last entry of the buffer and
/// can fault on an unmapped page: `cecsite build` crashed so on a 10,000-page site.
package func entryName(_ entry: UnsafeMutablePointer<dirent>) -> String {
    let offset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
    return String(cString: (UnsafeRawPointer(entry) + offset).assumingMemoryBound(to: CChar.self))
}
