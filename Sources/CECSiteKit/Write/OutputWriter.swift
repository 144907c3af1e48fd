import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The write stage: writes the files into a staging folder beside the output folder and swaps it
/// in only when every file was written, so a failed or killed build leaves the previous site
/// untouched. A file whose bytes did not change is hard-linked from the previous site, keeping
/// its timestamp. Folders are made and files written in parallel, with plain system calls.
///
/// The spare site. After the swap the staging folder holds the previous site; instead of being
/// removed it is kept beside the output as `.<name>.spare`, and the next build starts from it:
/// it claims it by renaming it to its staging folder (a rename succeeds for one build only, so
/// two builds at once never share it), then brings it to exactly the new site in place. Most of
/// its files are hard links to the live site's, so a rebuild that changed little does little:
/// no folder to make, no link to make, no tree to delete. Nothing records what the spare holds:
/// it may have been cut short by a kill, or changed by hand, so every folder is read and every
/// entry checked. What the new site has not goes (files, folders with all they hold, links);
/// a missing folder is made, and a file where a folder should be, or the reverse, is replaced.
/// A file that must be the live site's file (unchanged, equal bytes, or kept) is right when it
/// is the same inode as the live file, else it is linked again. New bytes always go into a new
/// file, made after the old name is removed: the spare's files are the live site's too, so
/// writing into one would change the site being served. When there is no spare, a staging folder
/// a killed build left behind serves instead, else an empty one; when anything fails in the
/// spare, the build starts again from an empty folder. When another spare appeared meanwhile,
/// the retired site is removed as before.
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

    /// The spare site kept beside `output`: `public` → `.public.spare`.
    static func spare(of output: String) -> String {
        let target = URL(fileURLWithPath: output).standardizedFileURL
        return target.deletingLastPathComponent().path + "/." + target.lastPathComponent + ".spare"
    }

    /// Writes `files` as the new site. The previous site's files named in `kept` (and not
    /// replaced by `files`) are carried over unchanged: for a run that makes only part of a site
    /// (no command does at present; `cecsite data` makes the whole site, see ``buildData(_:progress:)``).
    func write(_ files: [OutputFile], keeping kept: [String] = []) -> [Diagnostic] {
        let sink = DiagnosticSink(stage: .write)
        let target = URL(fileURLWithPath: output).standardizedFileURL
        let parent = target.deletingLastPathComponent().path
        let name = target.lastPathComponent
        let staging = parent + "/.\(name).tmp-\(getpid())"
        let spare = Self.spare(of: output)

        // Every file to place: the new ones, then the kept ones not replaced.
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
        if sink.hasErrors { return sink.diagnostics }

        Self.removeTree(staging)
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            sink.error(SourceLocation(file: output), "Cannot create the folder '\(parent)': \(error.localizedDescription); check its permissions")
            return sink.diagnostics
        }
        // The spare site, claimed by renaming it (one build only can), else a site a killed build
        // left behind, else nothing.
        var claimed = Self.claim(spare, as: staging)
        claimed = Self.removeAbandoned(in: parent, name: name, claimingAs: claimed ? nil : staging) || claimed
        var attempt = place(sources, in: staging, previous: target.path, fromSpare: claimed)
        if claimed, attempt.hasErrors {
            // Whatever went wrong in the spare, a build from nothing may not meet it.
            Self.removeTree(staging)
            attempt = place(sources, in: staging, previous: target.path, fromSpare: false)
        }
        for diagnostic in attempt.diagnostics { sink.error(diagnostic.location, diagnostic.message) }
        if sink.hasErrors {
            Self.removeTree(staging)
            return sink.diagnostics
        }
        // The swap: one atomic exchange where the system has it, so that the output folder is at
        // every moment either the whole previous site or the whole new one. The previous site
        // then becomes the spare, unless another build put one there first.
        if access(target.path, F_OK) == 0 {
            if Self.exchange(staging, target.path) {
                Self.retire(staging, as: spare)
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
            Self.retire(retired, as: spare)
        } else if rename(staging, target.path) != 0 {
            sink.error(SourceLocation(file: output), "Cannot create the site: \(Self.lastError()); check the folder's permissions")
            Self.removeTree(staging)
        }
        return sink.diagnostics
    }

    /// Places `sources` in the folder `staging`: in the spare site claimed there, or in a new
    /// empty folder made there. The errors go to the sink returned; a full disk fails every file
    /// after the first, so it reports the first and counts the rest.
    private func place(_ sources: [Source], in staging: String, previous: String, fromSpare: Bool) -> DiagnosticSink {
        let sink = DiagnosticSink(stage: .write)
        if !fromSpare, mkdir(staging, 0o755) != 0 {
            sink.error(SourceLocation(file: output), "Cannot create '\(staging)': \(Self.lastError()); check the folder's permissions and free space")
            return sink
        }
        let full = FullDisk()
        place(sources, in: staging, previous: previous, empty: !fromSpare) { location, message in
            let code = errno
            if code == ENOSPC || code == EDQUOT, !full.first() { return }
            sink.error(location, message)
        }
        if full.others > 0 {
            sink.error(SourceLocation(file: output), "\(full.others) more file(s) could not be written: no space left on device; free space and build again")
        }
        return sink
    }

    /// Takes the folder `folder` for this build by renaming it to `staging`; false when there is
    /// none, another build took it first, or it was not a folder (then it is gone).
    static func claim(_ folder: String, as staging: String) -> Bool {
        guard rename(folder, staging) == 0 else { return false }
        var info = stat()
        if lstat(staging, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { return true }
        unlink(staging)
        return false
    }

    /// Keeps the retired site `folder` as the spare, or removes it when there already is one.
    static func retire(_ folder: String, as spare: String) {
        if rename(folder, spare) != 0 { removeTree(folder) }
    }

    /// Writes `data` into the file open as `fd`, then closes it; false on failure, with `errno`
    /// set.
    static func write(_ data: Data, to fd: Int32) -> Bool {
        var ok = data.withUnsafeBytes { writeAll(fd, $0) }
        let saved = errno
        if close(fd) != 0 { ok = false } else if !ok { errno = saved }
        return ok
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

    /// Removes a folder tree, its subfolders in parallel; what resists (a folder without write
    /// permission) is then removed entry by entry.
    static func removeTree(_ path: String) {
        removeTreeInParallel(path)
        var info = stat()
        if lstat(path, &info) == 0 { _ = remove(path, in: AT_FDCWD, type: UInt8(DT_UNKNOWN)) }
    }

    private static func removeTreeInParallel(_ path: String) {
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

    /// Clears away the staging and retired folders that builds killed before they could clean up
    /// left beside the output (`.<name>.tmp-<pid>`, `.<name>.old-<pid>` of a process that is
    /// gone). Each is first renamed, so that only one build handles it: the first, when
    /// `staging` is given, becomes this build's staging folder (it holds a whole or partial site,
    /// as good a start as a spare); the others are removed. True when one was claimed.
    @discardableResult
    static func removeAbandoned(in parent: String, name: String, claimingAs staging: String? = nil) -> Bool {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return false }
        var claimed = false
        let trash = parent + "/.\(name).old-\(getpid())"
        for entry in entries.sorted() {
            for prefix in [".\(name).tmp-", ".\(name).old-"] where entry.hasPrefix(prefix) {
                guard let pid = Int32(entry.dropFirst(prefix.count)), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
                if let staging, !claimed, claim(parent + "/" + entry, as: staging) {
                    claimed = true
                } else if rename(parent + "/" + entry, trash) == 0 {
                    removeTree(trash)
                }
            }
        }
        return claimed
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
