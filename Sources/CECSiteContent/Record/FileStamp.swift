import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What identifies a file's state cheaply: its size, modification time (nanoseconds) and inode.
package struct FileStamp: Equatable {
    package var size: Int64
    package var modified: Int64
    package var inode: UInt64

    package init(size: Int64, modified: Int64, inode: UInt64) {
        self.size = size
        self.modified = modified
        self.inode = inode
    }

    /// The stamp of the regular file at `path`, or nil when there is none.
    package init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        self.init(info)
    }

    /// The stamp of what `stat` or `lstat` returned.
    package init(_ info: stat) {
        size = Int64(info.st_size)
        #if canImport(Darwin)
            modified = Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
        #else
            modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        #endif
        inode = UInt64(info.st_ino)
    }
}

extension Fingerprint {
    package mutating func add(_ stamp: FileStamp) {
        add(word: UInt64(bitPattern: stamp.size))
        add(word: UInt64(bitPattern: stamp.modified))
        add(word: stamp.inode)
    }
}
