import CECSiteContent
import CECSiteCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension OutputWriter {
    /// One file to place in the staging folder.
    enum Source {
        /// A file of the new site.
        case file(OutputFile)
        /// A file of the previous site carried over as it is.
        case kept(String)

        var path: String {
            switch self {
            case .file(let file): return file.path
            case .kept(let path): return path
            }
        }
    }

    /// A folder of the new site: its path relative to the output folder ("" for the top), the
    /// names of its files (with their index in the sources) and of its subfolders.
    struct Folder {
        var path: String
        var files: [(name: String, index: Int)] = []
        var folders: [Int] = []
        var name: String { path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path }
    }

    /// The folders that hold the files at `paths`, the top folder first.
    static func folders(for paths: [String]) -> [Folder] {
        var folders = [Folder(path: "")]
        var index: [Substring: Int] = ["": 0]
        func folder(_ path: Substring) -> Int {
            if let i = index[path] { return i }
            let parent = folder(path.lastIndex(of: "/").map { path[..<$0] } ?? "")
            folders.append(Folder(path: String(path)))
            index[path] = folders.count - 1
            folders[parent].folders.append(folders.count - 1)
            return folders.count - 1
        }
        for (i, path) in paths.enumerated() {
            let slash = path.lastIndex(of: "/")
            let parent = folder(slash.map { path[..<$0] } ?? "")
            folders[parent].files.append((slash.map { String(path[path.index(after: $0)...]) } ?? path, i))
        }
        return folders
    }

    /// Brings the folder `staging` to exactly the files of `sources`, whatever it holds. When
    /// `empty`, it was just made and holds nothing, so nothing of it is read. Each folder is one
    /// task: it reads its entries, removes those that the new site has not, makes or repairs its
    /// subfolders and starts their tasks, then places its files. Nothing is ever written into a
    /// file that exists: the staging folder may hold hard links to the files of the live site.
    ///
    /// When `trusted`, the staging folder was made empty by this build, which alone wrote in it:
    /// the files it placed already (``OutputFile/placed``) are there, and a folder that holds
    /// nothing else is not even opened. With `placedIn`, those files are in that folder instead
    /// (a spare site the build gave up on), and are linked from it.
    func place(
        _ sources: [Source], in staging: String, previous: String, trusted: Bool, placedIn: String? = nil,
        failed: @escaping @Sendable (SourceLocation, String) -> Void
    ) {
        let folders = Self.folders(for: sources.map(\.path))
        // In a trusted staging folder, the folders that hold a placed file, or a folder that
        // does, were made when it was placed.
        var made = [Bool](repeating: false, count: folders.count)
        if trusted, placedIn == nil {
            var index: [String: Int] = [:]
            for (i, folder) in folders.enumerated() { index[folder.path] = i }
            for source in sources {
                guard case .file(let file) = source, file.placed != nil else { continue }
                var path = file.path[...]
                while let slash = path.lastIndex(of: "/") {
                    path = path[..<slash]
                    guard let i = index[String(path)], !made[i] else { break }
                    made[i] = true
                }
            }
            made[0] = true
        }
        let root = open(staging, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard root >= 0 else {
            failed(SourceLocation(file: staging), "Cannot open the folder: \(Self.lastError()); check its permissions")
            return
        }
        defer { close(root) }
        // The previous site, opened once: every file carried over comes from this one tree.
        let live = open(previous, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        defer { if live >= 0 { close(live) } }
        let placed = placedIn.map { open($0, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) } ?? -1
        defer { if placed >= 0 { close(placed) } }
        let mode = mode_t(0o755) & ~Self.umask
        let tasks = Tasks()
        // Inode numbers name one file only on one file system.
        var rootInfo = stat(), liveInfo = stat()
        let sameDevice = live >= 0 && fstat(root, &rootInfo) == 0 && fstat(live, &liveInfo) == 0 && rootInfo.st_dev == liveInfo.st_dev
        let work = Placing(
            sources: sources, folders: folders, root: root, live: live, previous: previous,
            folderMode: mode, sameDevice: sameDevice, linked: linked, trusted: trusted, made: made, placed: placedIn == nil ? nil : placed,
            failed: failed, tasks: tasks)
        // Never `empty`: the top folder holds the marker.
        tasks.add { work.place(folder: 0, empty: false) }
        tasks.run()
    }

    /// The process's umask, read without changing it (Linux); 0o022 where it cannot be read.
    static let umask: mode_t = {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Umask:") }),
            let mask = mode_t(line.dropFirst("Umask:".count).trimmingCharacters(in: .whitespaces), radix: 8)
        {
            return mask
        }
        return 0o022
    }()

    /// Tasks that add tasks, run on every core until none is left. The calling thread works
    /// too (`concurrentPerform`), so no thread only waits for others to be given one.
    final class Tasks: @unchecked Sendable {
        private let condition = NSCondition()
        private var pending: [() -> Void] = []
        private var running = 0

        func add(_ task: @escaping () -> Void) {
            condition.lock()
            pending.append(task)
            condition.signal()
            condition.unlock()
        }

        func run() {
            DispatchQueue.concurrentPerform(iterations: max(1, ProcessInfo.processInfo.activeProcessorCount)) { _ in
                while true {
                    condition.lock()
                    while pending.isEmpty, running > 0 { condition.wait() }
                    guard let task = pending.popLast() else {
                        condition.unlock()
                        return
                    }
                    running += 1
                    condition.unlock()
                    task()
                    condition.lock()
                    running -= 1
                    if running == 0, pending.isEmpty { condition.broadcast() }
                    condition.unlock()
                }
            }
        }
    }

    /// The work of one `place` call, shared by its folder tasks.
    struct Placing: @unchecked Sendable {
        let sources: [Source]
        let folders: [Folder]
        let root: Int32, live: Int32
        let previous: String
        let folderMode: mode_t
        /// True when the staging folder and the live site are on one file system, so that an
        /// entry's inode number tells whether it is a live file.
        let sameDevice: Bool
        /// The files the build knows to be the live file at their path (``OutputWriter/linked``).
        let linked: [String: UInt64]
        /// True when the staging folder holds only what this build put there.
        let trusted: Bool
        /// By folder: true when it exists in a trusted staging folder, made for a placed file.
        let made: [Bool]
        /// The folder that holds the files placed already, when it is not the staging folder
        /// (-1: it cannot be opened); nil when it is.
        let placed: Int32?
        let failed: @Sendable (SourceLocation, String) -> Void
        let tasks: Tasks
        /// Subfolders placed one after another by one task.
        static let foldersPerTask = 32

        /// True when the source at `index` is a file placed already, in the staging folder itself.
        func isPlacedHere(_ index: Int) -> Bool {
            guard placed == nil, case .file(let file) = sources[index] else { return false }
            return file.placed != nil
        }

        func place(folder index: Int, empty: Bool) {
            let folder = folders[index]
            // A folder of placed files (and of folders made for them) in a trusted staging
            // folder: nothing to do in it, so it is not opened (40,000 page folders).
            if empty, made[index], folder.folders.allSatisfy({ made[$0] }), folder.files.allSatisfy({ isPlacedHere($0.index) }) {
                start(folder.folders.map { ($0, true) })
                return
            }
            let here = folder.path.isEmpty ? dup(root) : openat(root, folder.path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard here >= 0 else {
                failed(SourceLocation(file: folder.path), "Cannot open the folder: \(OutputWriter.lastError()); check the folder's permissions")
                return
            }
            // A folder to read is read through a stream on `here` itself (one open, not two), and
            // closing the stream closes `here`.
            let stream = empty ? nil : fdopendir(here)
            defer { if let stream { closedir(stream) } else { close(here) } }
            // The previous site's folder, opened when a file needs it: not when every file of the
            // spare's folder is already known to be the live file.
            let previous = LiveFolder(live: live, path: folder.path)

            // What the folder holds: anything the new site has not goes.
            var found: [String: (type: UInt8, inode: UInt64)] = [:]
            if !empty {
                var info = stat()
                // The top folder's mode is the output folder's, given when the site is complete.
                if !folder.path.isEmpty, fstat(here, &info) == 0, info.st_mode & 0o7777 != folderMode { fchmod(here, folderMode) }
                var wanted = Set(folder.files.map(\.name))
                for sub in folder.folders { wanted.insert(folders[sub].name) }
                for (name, type, inode) in stream.map(OutputWriter.entries(of:)) ?? OutputWriter.entries(here) {
                    if wanted.contains(name) {
                        found[name] = (type, inode)
                    } else if type == DT_DIR {
                        tasks.add { remove(name, in: folder.path) }
                    } else if !OutputWriter.remove(name, in: here, type: type) {
                        failed(
                            SourceLocation(file: joined(folder.path, name)),
                            "Cannot remove the file: \(OutputWriter.lastError()); check the folder's permissions")
                    }
                }
            }
            // The subfolders, made or repaired, then placed by tasks of a few folders each: a
            // task per folder (40,000 page folders) kept the threads waking each other.
            var subfolders: [(index: Int, empty: Bool)] = []
            for sub in folder.folders {
                let name = folders[sub].name
                // In a trusted staging folder every folder holds only what the build put there.
                if trusted, self.made[sub] {
                    subfolders.append((sub, true))
                    continue
                }
                var made = false
                switch found[name]?.type {
                case nil:
                    made = true
                case UInt8(DT_DIR):
                    break
                default:
                    var info = stat()
                    if fstatat(here, name, &info, AT_SYMLINK_NOFOLLOW) != 0 || info.st_mode & S_IFMT != S_IFDIR {
                        _ = OutputWriter.remove(name, in: here, type: UInt8(DT_UNKNOWN))
                        made = true
                    }
                }
                // (A trusted folder may hold a folder made for a page that could not be placed.)
                if made, mkdirat(here, name, 0o755) != 0, !(trusted && errno == EEXIST) {
                    failed(
                        SourceLocation(file: folders[sub].path),
                        "Cannot create the folder: \(OutputWriter.lastError()); check the folder's permissions and free space")
                    continue
                }
                subfolders.append((sub, made || trusted))
            }
            start(subfolders)
            for (name, index) in folder.files {
                var file = Placement(here: here, previous: previous, name: name, present: found[name]?.type)
                let path = joined(folder.path, name)
                switch sources[index] {
                case .kept:
                    if !file.carryOver(copying: true) {
                        failed(
                            SourceLocation(file: self.previous + "/" + path),
                            "Cannot keep the file: \(OutputWriter.lastError()); check the folder's permissions and free space")
                    }
                    continue
                case .file(let output):
                    if let placed = output.placed {
                        if let from = self.placed {
                            if !file.link(from: from, path: folder.path, inode: placed.inode) {
                                failed(
                                    SourceLocation(file: path),
                                    "Cannot link the file written while the pages rendered: \(OutputWriter.lastError()); check the folder's permissions and free space"
                                )
                            }
                        } else if !trusted, !file.holds(inode: placed.inode, found: found[name]) {
                            failed(
                                SourceLocation(file: path),
                                "The file written while the pages rendered is no longer in the staging folder: another program changed it; build again")
                        }
                        continue
                    }
                    switch output.previous {
                    case .same:
                        // The entry is the live file the build has just checked: nothing to look at.
                        if sameDevice, let inode = linked[path], let entry = found[name], entry.type == DT_REG, entry.inode == inode {
                            continue
                        }
                        if file.carryOver(copying: output.data.isEmpty) { continue }
                        if output.data.isEmpty {
                            failed(
                                SourceLocation(file: self.previous + "/" + path),
                                "Cannot carry the unchanged file over: \(OutputWriter.lastError()); check the folder's permissions and free space")
                            continue
                        }
                    case .unknown:
                        if file.previousHolds(output.data), file.carryOver(copying: false) { continue }
                    case .different:
                        break
                    }
                    if !file.write(output.data) {
                        failed(SourceLocation(file: path), "Cannot write the file: \(OutputWriter.lastError()); check the folder's permissions and free space")
                    }
                }
            }
        }

        /// Starts the tasks that place `subfolders`, a few folders each: a task per folder
        /// (40,000 page folders) kept the threads waking each other.
        func start(_ subfolders: [(index: Int, empty: Bool)]) {
            for start in stride(from: 0, to: subfolders.count, by: Self.foldersPerTask) {
                let batch = subfolders[start..<min(start + Self.foldersPerTask, subfolders.count)]
                tasks.add { for (sub, empty) in batch { place(folder: sub, empty: empty) } }
            }
        }

        /// Removes the folder `name` of the folder at `path` and everything in it.
        func remove(_ name: String, in path: String) {
            let here = path.isEmpty ? dup(root) : openat(root, path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard here >= 0 else { return }
            defer { close(here) }
            if !OutputWriter.remove(name, in: here, type: UInt8(DT_DIR)) {
                failed(SourceLocation(file: joined(path, name)), "Cannot remove the folder: \(OutputWriter.lastError()); check the folder's permissions")
            }
        }
    }

    /// A folder of the previous site, opened on first use and closed with the value.
    final class LiveFolder {
        private let live: Int32
        private let path: String
        private var opened: Int32?

        init(live: Int32, path: String) {
            self.live = live
            self.path = path
        }

        /// The open folder, or -1 when there is no previous site or it has no such folder.
        var fd: Int32 {
            if let opened { return opened }
            let fd = live < 0 ? -1 : path.isEmpty ? dup(live) : openat(live, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            opened = fd
            return fd
        }

        deinit { if let opened, opened >= 0 { close(opened) } }
    }

    /// One file's place in a staging folder: what is there, and the previous site's folder.
    struct Placement {
        let here: Int32
        let live: LiveFolder
        var previous: Int32 { live.fd }
        let name: String
        /// The type of the entry that holds the name in the staging folder, nil when none does.
        var present: UInt8?
        /// The previous site's file, once looked at.
        var previousInfo: stat?

        init(here: Int32, previous: LiveFolder, name: String, present: UInt8?) {
            self.here = here
            self.live = previous
            self.name = name
            self.present = present
        }

        /// The previous site's file, when it is a regular file (errno set when not).
        mutating func previousFile() -> stat? {
            if let previousInfo { return previousInfo }
            guard previous >= 0 else { errno = ENOENT; return nil }
            var info = stat()
            guard fstatat(previous, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
            guard info.st_mode & S_IFMT == S_IFREG else { errno = EINVAL; return nil }
            previousInfo = info
            return info
        }

        /// True when the previous site's file holds exactly `data`.
        mutating func previousHolds(_ data: Data) -> Bool {
            guard let info = previousFile(), Int(info.st_size) == data.count else { return false }
            return OutputWriter.read(name, in: previous) == data
        }

        /// Makes the name the previous site's file: nothing to do when it already is (the same
        /// inode), else a hard link, else (when `copying`) a copy.
        mutating func carryOver(copying: Bool) -> Bool {
            guard let source = previousFile() else { return false }
            if present != nil {
                var info = stat()
                if fstatat(here, name, &info, AT_SYMLINK_NOFOLLOW) == 0, info.st_mode & S_IFMT == S_IFREG,
                    info.st_dev == source.st_dev, info.st_ino == source.st_ino
                {
                    return true
                }
                guard clear() else { return false }
            }
            if linkat(previous, name, here, name, 0) == 0 { return true }
            guard copying, let data = OutputWriter.read(name, in: previous) else { return false }
            return write(data)
        }

        /// True when the entry that holds the name (`found`, as the folder listed it) is the
        /// regular file with inode number `inode`.
        func holds(inode: UInt64, found: (type: UInt8, inode: UInt64)?) -> Bool {
            guard let found else { return false }
            if found.type == DT_REG { return found.inode == inode }
            guard found.type == DT_UNKNOWN else { return false }
            var info = stat()
            return fstatat(here, name, &info, AT_SYMLINK_NOFOLLOW) == 0 && info.st_mode & S_IFMT == S_IFREG && UInt64(info.st_ino) == inode
        }

        /// Links the file of the same name in the folder `path` of the open folder `tree`, when
        /// it is the regular file with inode number `inode` (errno set when not).
        mutating func link(from tree: Int32, path: String, inode: UInt64) -> Bool {
            let folder = path.isEmpty ? dup(tree) : openat(tree, path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard folder >= 0 else { return false }
            defer { close(folder) }
            var info = stat()
            guard fstatat(folder, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return false }
            guard info.st_mode & S_IFMT == S_IFREG, UInt64(info.st_ino) == inode else {
                errno = ENOENT
                return false
            }
            guard clear() else { return false }
            return linkat(folder, name, here, name, 0) == 0
        }

        /// Removes whatever holds the name.
        mutating func clear() -> Bool {
            guard let type = present else { return true }
            guard OutputWriter.remove(name, in: here, type: type) else { return false }
            present = nil
            return true
        }

        /// Writes `data` into a new file (a new inode: an existing file is removed first).
        mutating func write(_ data: Data) -> Bool {
            guard clear() else { return false }
            let fd = openat(here, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            guard fd >= 0 else { return false }
            present = UInt8(DT_REG)
            return OutputWriter.write(data, to: fd)
        }
    }

    /// The entries of an open folder, with their types (`DT_UNKNOWN` where the file system does
    /// not say) and inode numbers, without `.` and `..`.
    static func entries(_ folder: Int32) -> [(name: String, type: UInt8, inode: UInt64)] {
        let fd = openat(folder, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0, let stream = fdopendir(fd) else {
            if fd >= 0 { close(fd) }
            return []
        }
        defer { closedir(stream) }
        return entries(of: stream)
    }

    /// The entries of an open folder stream, read from where it stands to its end.
    static func entries(of stream: OpaquePointer) -> [(name: String, type: UInt8, inode: UInt64)] {
        var entries: [(name: String, type: UInt8, inode: UInt64)] = []
        while let entry = readdir(stream) {
            let name = entryName(entry)
            if name != ".", name != ".." { entries.append((name, entry.pointee.d_type, UInt64(entry.pointee.d_ino))) }
        }
        return entries
    }

    /// Removes the entry `name` of an open folder, a folder with everything in it; true when it
    /// is gone (errno set when not).
    static func remove(_ name: String, in folder: Int32, type: UInt8) -> Bool {
        if type != DT_DIR {
            if unlinkat(folder, name, 0) == 0 || errno == ENOENT { return true }
            guard errno == EISDIR || errno == EPERM else { return false }
        }
        var fd = openat(folder, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        if fd < 0, errno == EACCES, fchmodat(folder, name, 0o700, 0) == 0 {
            fd = openat(folder, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        }
        if fd < 0 {
            if errno == ENOENT { return true }
            if errno == ENOTDIR { return unlinkat(folder, name, 0) == 0 }
            return false
        }
        var info = stat()
        if fstat(fd, &info) == 0, info.st_mode & 0o700 != 0o700 { fchmod(fd, 0o700) }
        for entry in entries(fd) { _ = remove(entry.name, in: fd, type: entry.type) }
        close(fd)
        return unlinkat(folder, name, AT_REMOVEDIR) == 0 || errno == ENOENT
    }

    /// The bytes of the file `name` of an open folder; nil when it cannot be read.
    static func read(_ name: String, in folder: Int32) -> Data? {
        let fd = openat(folder, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        var data = Data(count: Int(info.st_size))
        var offset = 0
        let ok = data.withUnsafeMutableBytes { (raw: UnsafeMutableRawBufferPointer) -> Bool in
            while offset < raw.count {
                let n = Glibc.read(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0, errno == EINTR { continue }
                if n <= 0 { return n == 0 }
                offset += n
            }
            return true
        }
        guard ok else { return nil }
        if offset < data.count { data.removeSubrange(offset...) }
        return data
    }
}

/// `folder/name`, or `name` in the top folder.
private func joined(_ folder: String, _ name: String) -> String { folder.isEmpty ? name : folder + "/" + name }
