import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The write stage: writes the files into a staging folder beside the output folder and swaps it
/// in only when every file was written, so a failed or killed build leaves the previous site
/// untouched. A file whose bytes did not change is hard-linked from the previous site, keeping
/// its timestamp. Folders are made and files written in parallel, with plain system calls.
struct OutputWriter {
    let output: String

    /// The files of the previous site, relative to the output folder, in sorted order.
    static func existingFiles(in output: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: output) else { return [] }
        var paths: [String] = []
        while let path = walker.nextObject() as? String {
            if walker.fileAttributes?[.type] as? FileAttributeType == .typeRegular { paths.append(path) }
        }
        return paths.sorted()
    }

    /// Writes `files` as the new site. The previous site's files named in `kept` (and not
    /// replaced by `files`) are carried over unchanged: this is how `cecsite data` replaces the
    /// open data and nothing else.
    func write(_ files: [OutputFile], keeping kept: [String] = []) -> [Diagnostic] {
        let sink = DiagnosticSink(stage: .write)
        let target = URL(fileURLWithPath: output).standardizedFileURL
        let parent = target.deletingLastPathComponent().path
        let name = target.lastPathComponent
        let staging = parent + "/.\(name).tmp-\(getpid())"
        Self.removeAbandoned(in: parent, name: name)
        try? FileManager.default.removeItem(atPath: staging)
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            sink.error(SourceLocation(file: output), "Cannot create the folder '\(parent)': \(error.localizedDescription); check its permissions")
            return sink.diagnostics
        }
        guard mkdir(staging, 0o755) == 0 else {
            sink.error(SourceLocation(file: output), "Cannot create '\(staging)': \(Self.lastError()); check the folder's permissions and free space")
            return sink.diagnostics
        }

        // A full disk fails every file after the first: report the first, count the rest.
        let full = FullDisk()
        @Sendable func failed(_ location: SourceLocation, _ message: String) {
            let code = errno
            if code == ENOSPC || code == EDQUOT, !full.first() { return }
            sink.error(location, message)
        }

        // Every file to place: the new ones, then the kept ones not replaced.
        enum Source { case file(OutputFile), kept(String) }
        var sources: [Source] = []
        sources.reserveCapacity(files.count + kept.count)
        for file in files {
            if Self.isSafe(file.path) {
                sources.append(.file(file))
            } else {
                sink.error(SourceLocation(file: file.path), "Refusing to write outside the output folder: '\(file.path)'")
            }
        }
        if !kept.isEmpty {
            let replaced = Set(files.map(\.path))
            sources += kept.filter { !replaced.contains($0) && Self.isSafe($0) }.map(Source.kept)
        }
        let previousRoot = target.path
        let paths = sources.map { source -> String in
            switch source {
            case .file(let file): return file.path
            case .kept(let path): return path
            }
        }
        if !sink.hasErrors { makeFolders(for: paths, in: staging, failed: failed) }
        if !sink.hasErrors {
            sources.withUnsafeBufferPointer { sources in
                DispatchQueue.concurrentPerform(iterations: sources.count) { i in
                    let path = paths[i]
                    let destination = staging + "/" + path, previous = previousRoot + "/" + path
                    switch sources[i] {
                    case .kept:
                        if link(previous, destination) != 0, !Self.copy(previous, to: destination) {
                            failed(SourceLocation(file: previous), "Cannot keep the file: \(Self.lastError()); check the folder's permissions and free space")
                        }
                    case .file(let file):
                        switch file.previous {
                        case .same:
                            if link(previous, destination) == 0 { return }
                            if file.data.isEmpty {
                                if !Self.copy(previous, to: destination) {
                                    failed(SourceLocation(file: previous), "Cannot carry the unchanged file over: \(Self.lastError()); check the folder's permissions and free space")
                                }
                                return
                            }
                        case .unknown:
                            if Self.sameBytes(previous, file.data), link(previous, destination) == 0 { return }
                        case .different:
                            break
                        }
                        if !Self.write(file.data, to: destination) {
                            failed(SourceLocation(file: path), "Cannot write the file: \(Self.lastError()); check the folder's permissions and free space")
                        }
                    }
                }
            }
        }
        if full.others > 0 {
            sink.error(SourceLocation(file: output), "\(full.others) more file(s) could not be written: no space left on device; free space and build again")
        }
        if sink.hasErrors {
            Self.removeTree(staging)
            return sink.diagnostics
        }
        // The swap: one atomic exchange where the system has it, so that the output folder is at
        // every moment either the whole previous site or the whole new one.
        if access(target.path, F_OK) == 0 {
            if Self.exchange(staging, target.path) {
                Self.removeTree(staging)
                return sink.diagnostics
            }
            let retired = parent + "/.\(name).old-\(getpid())"
            guard rename(target.path, retired) == 0 else {
                sink.error(SourceLocation(file: output), "Cannot replace the site: \(Self.lastError()); check the folder's permissions")
                Self.removeTree(staging)
                return sink.diagnostics
            }
            if rename(staging, target.path) != 0 {
                sink.error(SourceLocation(file: output), "Cannot replace the site: \(Self.lastError()); check the folder's permissions")
                _ = rename(retired, target.path)
                Self.removeTree(staging)
                return sink.diagnostics
            }
            Self.removeTree(retired)
        } else if rename(staging, target.path) != 0 {
            sink.error(SourceLocation(file: output), "Cannot create the site: \(Self.lastError()); check the folder's permissions")
            Self.removeTree(staging)
        }
        return sink.diagnostics
    }

    /// Creates the folders of `paths` inside `root`. The folders that hold other folders (few)
    /// are made first, parents first; then the rest, in parallel one parent folder at a time:
    /// two threads making folders in the same parent only wait for each other on its lock.
    private func makeFolders(for paths: [String], in root: String, failed: @Sendable (SourceLocation, String) -> Void) {
        var folders: Set<Substring> = []
        for path in paths {
            var folder = path[...]
            while let slash = folder.lastIndex(of: "/") {
                folder = folder[..<slash]
                if !folders.insert(folder).inserted { break }
            }
        }
        func parent(_ folder: Substring) -> Substring { folder.lastIndex(of: "/").map { folder[..<$0] } ?? "" }
        let parents = Set(folders.map(parent))
        func make(_ folder: Substring) {
            if mkdir(root + "/" + folder, 0o755) != 0, errno != EEXIST {
                failed(SourceLocation(file: String(folder)), "Cannot create the folder: \(Self.lastError()); check the folder's permissions and free space")
            }
        }
        // Sorted, a folder comes after its parent.
        for folder in folders.filter({ parents.contains($0) }).sorted() { make(folder) }
        let leaves = Array(Dictionary(grouping: folders.filter { !parents.contains($0) }, by: parent).values)
        DispatchQueue.concurrentPerform(iterations: leaves.count) { i in
            for folder in leaves[i] { make(folder) }
        }
    }

    /// Writes `data` into a new file at `path` (mode 0644 before the umask); false on failure,
    /// with `errno` set.
    static func write(_ data: Data, to path: String) -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return false }
        var ok = true
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    ok = false
                    return
                }
                offset += n
            }
        }
        let saved = errno
        if close(fd) != 0 { ok = false } else if !ok { errno = saved }
        if !ok { let failed = errno; unlink(path); errno = failed }
        return ok
    }

    /// Copies the file at `source` to `destination`.
    static func copy(_ source: String, to destination: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: source) else { return false }
        return write(data, to: destination)
    }

    /// True when the file at `path` holds exactly `data`.
    static func sameBytes(_ path: String, _ data: Data) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, Int(info.st_size) == data.count else { return false }
        return FileManager.default.contents(atPath: path) == data
    }

    /// Swaps two folders in one step (Linux `renameat2` with `RENAME_EXCHANGE`, looked up at run
    /// time); false when the system cannot, and then nothing changed.
    static func exchange(_ a: String, _ b: String) -> Bool {
        #if os(Linux)
            typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return false }
            let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
            return renameat2(AT_FDCWD, a, AT_FDCWD, b, 2 /* RENAME_EXCHANGE */) == 0
        #else
            return false
        #endif
    }

    /// Removes a folder tree, its subfolders in parallel.
    static func removeTree(_ path: String) {
        let fm = FileManager.default
        guard let top = try? fm.contentsOfDirectory(atPath: path) else {
            try? fm.removeItem(atPath: path)
            return
        }
        var entries: [String] = []
        for entry in top {
            let full = path + "/" + entry
            if let inner = try? fm.contentsOfDirectory(atPath: full) {
                entries += inner.map { full + "/" + $0 }
            }
        }
        DispatchQueue.concurrentPerform(iterations: entries.count) { i in try? fm.removeItem(atPath: entries[i]) }
        try? fm.removeItem(atPath: path)
    }

    /// Removes the staging and retired folders that builds killed before they could clean up
    /// left beside the output (`.<name>.tmp-<pid>`, `.<name>.old-<pid>` of a process that is gone).
    static func removeAbandoned(in parent: String, name: String) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return }
        for entry in entries {
            for prefix in [".\(name).tmp-", ".\(name).old-"] where entry.hasPrefix(prefix) {
                guard let pid = Int32(entry.dropFirst(prefix.count)), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
                removeTree(parent + "/" + entry)
            }
        }
    }

    /// Counts the failures for lack of space after the first.
    final class FullDisk: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var others = 0
        private var seen = false

        /// True the first time only.
        func first() -> Bool {
            lock.lock()
            defer { lock.unlock() }
            if seen { others += 1 }
            defer { seen = true }
            return !seen
        }
    }

    static func lastError() -> String { String(cString: strerror(errno)) }

    /// A relative path with no `..`, no empty and no absolute component.
    static func isSafe(_ path: String) -> Bool {
        !path.isEmpty && !path.hasPrefix("/") && !path.split(separator: "/", omittingEmptySubsequences: false)
            .contains(where: { $0 == ".." || $0 == "." || $0.isEmpty })
    }
}
