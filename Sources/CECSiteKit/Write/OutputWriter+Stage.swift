import CECSiteContent
import CECSiteCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension OutputWriter {
    /// The staging folder of a build, taken before its pages are rendered so that each page is
    /// written into it as soon as it is made (``place(_:)``): the pages' bytes are not held until
    /// the write stage, which at 10,000 pages (517 MB written) were most of a build's peak memory.
    /// The write stage (``OutputWriter/write(_:keeping:staging:)``) then places the other files,
    /// checks that the placed pages are still there, and swaps the folder in. A build that fails
    /// gives it back (``abandon()``): the output folder is untouched either way.
    ///
    /// A page is written as ``OutputWriter`` writes any file: new bytes always into a new file,
    /// made after the old name is removed (the staging folder's files may be the live site's),
    /// bytes equal to the live file's not written at all: linked now in a folder the build made
    /// (``linkLive(_:)``), by the write stage in a claimed spare site.
    final class Staging: @unchecked Sendable {
        /// The staging folder.
        let path: String
        /// The output folder it is to replace.
        let output: String
        /// True when the folder is a spare site (or a folder a killed build left) that the build
        /// claimed: it may hold anything, so every folder of it is read by the write stage and
        /// nothing in it is trusted; false when the build made it empty, so that it holds only
        /// what the build put there.
        let claimed: Bool
        /// When true, a page's bytes are compared with the output folder's file even when the
        /// build record says they differ (``OutputFile/Placed/changed`` exact, for `cecsite data`).
        let comparesLive: Bool
        /// What the build that retired the claimed spare site knew of it, when that still holds.
        let spareRecord: SpareRecord?
        /// Set by the write stage when it brought the claimed spare up to date from its record,
        /// without reading it.
        var broughtUpByRecord = false
        private let root: Int32
        private let live: Int32
        private let lock = NSLock()
        /// The folders above the pages' own folders (`en`, `en/news`), opened once.
        private var opened: [String: Int32] = [:]
        /// Set when the disk is full: nothing more is placed (the write stage reports it).
        private var full = false
        private var closed = false

        init?(path: String, output: String, claimed: Bool, comparesLive: Bool, spareRecord: SpareRecord? = nil) {
            let root = Glibc.open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard root >= 0 else { return nil }
            self.path = path
            self.output = output
            self.claimed = claimed
            self.comparesLive = comparesLive
            self.spareRecord = spareRecord
            self.root = root
            live = Glibc.open(output, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        }

        deinit { close() }

        /// Closes the folders it holds open; nothing is placed after.
        func close() {
            lock.lock()
            defer { lock.unlock() }
            guard !closed else { return }
            closed = true
            for fd in opened.values { Glibc.close(fd) }
            opened = [:]
            Glibc.close(root)
            if live >= 0 { Glibc.close(live) }
        }

        /// Gives the folder back after a build that failed: a claimed spare site is kept as the
        /// spare again (the next build checks every entry of it), a folder the build made is
        /// removed.
        func abandon() {
            close()
            if claimed {
                OutputWriter.retire(path, as: OutputWriter.spare(of: output))
            } else {
                OutputWriter.removeTree(path)
            }
        }

        /// Puts a file of the new site in the staging folder now, and returns it as the write
        /// stage is to see it: without its bytes when they are placed (``OutputFile/placed``) or
        /// when they are the live file's (then ``OutputFile/Previous/same``). A file that cannot
        /// be placed is returned as it is, bytes and all: the write stage tries again and reports
        /// the failure.
        func place(_ file: OutputFile) -> OutputFile {
            var file = file
            switch file.previous {
            case .same:
                // The live file's bytes. In a folder the build made, linked now by its path (a
                // folder made where missing, then a link: no folder opened, nothing looked at), so
                // that the write stage need not open this page's folder; in a claimed spare, the
                // write stage links it where the entry is not that file already.
                file.data = Data()
                if !claimed, linkLive(file.path) { file.placed = OutputFile.Placed(inode: 0, changed: false) }
                return file
            case .unknown:
                if liveHolds(file.path, file.data) {
                    file.data = Data()
                    file.previous = .same
                    if !claimed, linkLive(file.path) { file.placed = OutputFile.Placed(inode: 0, changed: false) }
                    return file
                }
            case .different:
                break
            }
            lock.lock()
            let stop = full || closed
            lock.unlock()
            guard !stop, OutputWriter.isSafe(file.path), file.path != OutputTarget.markerName else { return file }
            let changed = file.previous == .unknown || !comparesLive || !liveHolds(file.path, file.data)
            guard let inode = write(file.path, file.data) else {
                if errno == ENOSPC || errno == EDQUOT {
                    lock.lock()
                    full = true
                    lock.unlock()
                }
                return file
            }
            file.data = Data()
            file.placed = OutputFile.Placed(inode: inode, changed: changed)
            return file
        }

        /// The bytes of a file ``place(_:)`` returned: the staging folder's when it was placed,
        /// else those it holds, else (unchanged) the output folder's.
        func read(_ file: OutputFile) -> Data? {
            if file.placed != nil { return OutputWriter.read(file.path, in: root) }
            if !file.data.isEmpty || file.previous != .same { return file.data }
            return live < 0 ? nil : OutputWriter.read(file.path, in: live)
        }

        /// Links the output folder's file at `path` into the staging folder the build made, at
        /// the same path (the file a symbolic link there leads to: the file the build record
        /// stamped, since stamps follow links); false when it cannot (the write stage then tries
        /// again and says why). The first rebuild after a build from nothing has no spare site:
        /// every unchanged page is linked into a new folder, 44,000 links at 10,000 pages, and
        /// here a link costs a `mkdirat` and a `linkat` in a render worker, where the write stage
        /// opened the page's folder and its live folder and looked at the live file first.
        private func linkLive(_ path: String) -> Bool {
            guard !claimed, live >= 0, OutputWriter.isSafe(path), path != OutputTarget.markerName else { return false }
            lock.lock()
            let stop = full || closed
            lock.unlock()
            guard !stop else { return false }
            let folder = path.lastIndex(of: "/").map { path[..<$0] } ?? ""
            return made(folder) && linkat(live, path, root, path, AT_SYMLINK_FOLLOW) == 0
        }

        /// True when the output folder's file at `path` holds exactly `data`.
        private func liveHolds(_ path: String, _ data: Data) -> Bool {
            guard live >= 0 else { return false }
            var info = stat()
            guard fstatat(live, path, &info, AT_SYMLINK_NOFOLLOW) == 0, info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) == data.count
            else { return false }
            return OutputWriter.read(path, in: live) == data
        }

        /// Writes `data` into a new file at `path`; its inode (0 in a folder the build made,
        /// where nothing is looked up by inode), or nil with `errno` set.
        private func write(_ path: String, _ data: Data) -> UInt64? {
            let slash = path.lastIndex(of: "/")
            let folder = slash.map { path[..<$0] } ?? ""
            guard claimed else {
                // Nothing but this build writes in a folder it made: paths are trusted, and a
                // page costs a folder, a file and its bytes.
                guard made(folder) else { return nil }
                let fd = openat(root, path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
                guard fd >= 0 else { return nil }
                guard OutputWriter.write(data, to: fd) else { return removing(path, in: root) }
                return 0
            }
            let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
            let (here, owned) = open(folder)
            guard here >= 0 else { return nil }
            defer { if owned { Glibc.close(here) } }
            // A claimed folder may hold an older file (or anything else) under the name.
            if unlinkat(here, name, 0) != 0, errno != ENOENT, !OutputWriter.remove(name, in: here, type: UInt8(DT_UNKNOWN)) {
                return nil
            }
            var fd = openat(here, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            if fd < 0, errno == EEXIST, OutputWriter.remove(name, in: here, type: UInt8(DT_UNKNOWN)) {
                fd = openat(here, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            }
            guard fd >= 0 else { return nil }
            var info = stat()
            guard fstat(fd, &info) == 0 else {
                let saved = errno
                Glibc.close(fd)
                errno = saved
                return nil
            }
            guard OutputWriter.write(data, to: fd) else { return removing(name, in: here) }
            return UInt64(info.st_ino)
        }

        /// Removes a file cut short (the disk is full, say), so that the write stage finds no
        /// name taken; nil, with the write's `errno`.
        private func removing(_ name: String, in folder: Int32) -> UInt64? {
            let saved = errno
            unlinkat(folder, name, 0)
            errno = saved
            return nil
        }

        /// Makes the folder `folder` of a staging folder the build made, and the folders above
        /// it where missing; false with `errno` set when it cannot.
        private func made(_ folder: Substring) -> Bool {
            if folder.isEmpty || mkdirat(root, String(folder), 0o755) == 0 || errno == EEXIST { return true }
            guard errno == ENOENT else { return false }
            var end = folder.startIndex
            while end < folder.endIndex {
                end = folder[folder.index(after: end)...].firstIndex(of: "/") ?? folder.endIndex
                if mkdirat(root, String(folder[..<end]), 0o755) != 0, errno != EEXIST { return false }
            }
            return true
        }

        /// The folder `folder` of a claimed staging folder, made or repaired where it is not a
        /// folder (a file, a symbolic link: removed, never followed), one name at a time from the
        /// top. The descriptor (-1 with `errno` set) and whether the caller is to close it.
        private func open(_ folder: Substring) -> (fd: Int32, owned: Bool) {
            if folder.isEmpty { return (root, false) }
            let slash = folder.lastIndex(of: "/")
            let parent = slash.map { folder[..<$0] } ?? ""
            let name = String(slash.map { folder[folder.index(after: $0)...] } ?? folder)
            let (above, ownsAbove) = kept(parent)
            guard above >= 0 else { return (-1, false) }
            let fd = child(name, of: above)
            if ownsAbove {
                let saved = errno
                Glibc.close(above)
                errno = saved
            }
            return (fd, fd >= 0)
        }

        /// A folder above the pages' own folders (`en`, `en/news`), as ``open(_:)`` gives it but
        /// kept open for the next page: a page then costs one folder to open, not one per level.
        private func kept(_ folder: Substring) -> (fd: Int32, owned: Bool) {
            if folder.isEmpty { return (root, false) }
            lock.lock()
            let known = opened[String(folder)]
            lock.unlock()
            if let known { return (known, false) }
            let (fd, owned) = open(folder)
            guard fd >= 0, owned else { return (fd, owned) }
            lock.lock()
            defer { lock.unlock() }
            if let other = opened[String(folder)] {
                Glibc.close(fd)
                return (other, false)
            }
            // A bound on the descriptors kept: past it, such a folder is opened for each page.
            if closed || opened.count >= 256 { return (fd, true) }
            opened[String(folder)] = fd
            return (fd, false)
        }

        /// The folder `name` of the open folder `parent`, made or repaired where it is not a folder.
        private func child(_ name: String, of parent: Int32) -> Int32 {
            for _ in 0..<4 {
                let fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                if fd >= 0 { return fd }
                switch errno {
                case ENOENT:
                    if mkdirat(parent, name, 0o755) != 0, errno != EEXIST { return -1 }
                case ENOTDIR, ELOOP:
                    // A file or a link where a folder should be. Replaced under the lock, so that
                    // two pages of one folder never both replace it (the second would remove the
                    // folder the first made).
                    lock.lock()
                    let again = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                    if again >= 0 {
                        lock.unlock()
                        return again
                    }
                    if errno == ENOTDIR || errno == ELOOP {
                        _ = unlinkat(parent, name, 0)
                        _ = mkdirat(parent, name, 0o755)
                    }
                    lock.unlock()
                case EACCES:
                    // A folder whose mode a hand changed: the write stage gives every folder its mode.
                    if fchmodat(parent, name, 0o755, 0) != 0 { return -1 }
                default:
                    return -1
                }
            }
            return -1
        }
    }
}
