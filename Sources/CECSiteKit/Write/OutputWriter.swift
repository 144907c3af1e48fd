import CECSiteContent
import CECSiteCore
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
    /// True when an unmarked spare site beside the output may be claimed: the output is a site
    /// an earlier cecsite built before sites were marked (``OutputTarget/adoptsUnmarkedSpare``).
    var adoptsUnmarkedSpare = false
    /// Files of the new site (``OutputFile/Previous/same``) that the build has just found to be
    /// the live file at their path, as its record left it (``BuildRecord/linked``): their
    /// inodes, so that an entry of the spare site is known to be that file by its directory
    /// entry, without a look at either file.
    var linked: [String: UInt64] = [:]
    /// True when the live site was found to hold only what cecsite made
    /// (``OutputTarget/verified``): the site it retires as the spare may then be described by a
    /// ``SpareRecord`` that the next build trusts.
    var liveVerified = false

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
    /// (no command does at present; `cecsite data` makes the whole site, see
    /// ``buildData(_:progress:)``). `output` must be the real folder ``OutputTarget`` resolved and
    /// checked: this replaces it whole.
    ///
    /// The new site gets the marker (``OutputTarget/markerName``) listing its files, written
    /// last; the output folder keeps its mode, owner and group. The staging folder is private
    /// (0700) until it is complete, and so is the spare site once retired.
    ///
    /// - Parameter staged: The staging folder ``stage(comparesLive:)`` took before the files
    ///   were made, holding those of them that were placed already (``OutputFile/placed``); nil
    ///   takes one now. Either way it is gone when this returns: swapped in, or given back.
    func write(_ files: [OutputFile], keeping kept: [String] = [], staging staged: Staging? = nil) -> [Diagnostic] {
        let sink = DiagnosticSink(stage: .write)
        let target = URL(fileURLWithPath: output).standardizedFileURL
        let parent = target.deletingLastPathComponent().path
        let name = target.lastPathComponent
        let spare = Self.spare(of: output)

        // Every file to place: the new ones, then the kept ones not replaced, then the marker.
        var sources: [Source] = []
        sources.reserveCapacity(files.count + kept.count + 1)
        for file in files {
            if Self.isSafe(file.path), file.path != OutputTarget.markerName {
                sources.append(.file(file))
            } else {
                sink.error(SourceLocation(file: file.path), "Refusing to write outside the output folder: '\(file.path)'")
            }
        }
        if !kept.isEmpty {
            let replaced = Set(files.map(\.path))
            sources += kept.filter { !replaced.contains($0) && Self.isSafe($0) && $0 != OutputTarget.markerName }.map(Source.kept)
        }
        // A path that is a file and also a folder of another path cannot both be placed: said
        // here, once, rather than found by whichever folder task comes second.
        // Each folder is looked at once: a walk up stops at a folder already seen.
        let paths = sources.map(\.path).sorted()
        let files = Set(paths)
        var folders: Set<Substring> = []
        for path in paths {
            var folder = path[...]
            // Found by its bytes: stepping back by `Character` cost as much as the set.
            while let slash = folder.utf8.lastIndex(of: UInt8(ascii: "/")) {
                folder = folder[..<slash]
                guard folders.insert(folder).inserted else { break }
                if files.contains(String(folder)) {
                    sink.error(
                        SourceLocation(file: String(folder)),
                        "The site has both a file '\(folder)' and a file '\(path)' inside a folder of that name; rename one of them")
                }
            }
        }
        if sink.hasErrors {
            staged?.abandon()
            return sink.diagnostics
        }
        sources.append(.file(OutputFile(path: OutputTarget.markerName, data: OutputTarget.marker(listing: paths), previous: .different)))

        var live = stat()
        let replacing = lstat(target.path, &live) == 0
        guard let taken = staged ?? stage(sink: sink) else { return sink.diagnostics }
        taken.close()
        let staging = taken.path
        var attempt: DiagnosticSink
        if taken.claimed, let record = taken.spareRecord,
            placeTrusting(record, sources, files: files, sorted: paths, folders: folders, in: staging, previous: target.path)
        {
            attempt = DiagnosticSink(stage: .write)
            taken.broughtUpByRecord = true
        } else {
            attempt = place(sources, in: staging, previous: target.path, trusted: !taken.claimed)
        }
        if taken.claimed, attempt.hasErrors {
            // Whatever went wrong in the spare, a build from nothing may not meet it. The files
            // placed in it already are linked from it into the new folder.
            let old = parent + "/.\(name).old-\(getpid())"
            if rename(staging, old) == 0 {
                attempt = DiagnosticSink(stage: .write)
                if Self.makeStaging(staging, sink: attempt) {
                    attempt = place(sources, in: staging, previous: target.path, trusted: true, placedIn: old)
                }
                Self.removeTree(old)
            }
        }
        Trace.mark(taken.broughtUpByRecord ? "write: spare brought up to date from its record" : "write: files placed")
        for diagnostic in attempt.diagnostics { sink.error(diagnostic.location, diagnostic.message) }
        if sink.hasErrors {
            Self.removeTree(staging)
            return sink.diagnostics
        }
        // The marker's time is when the site was complete: what changes in it later is not ours.
        _ = utimensat(AT_FDCWD, staging + "/" + OutputTarget.markerName, nil, AT_SYMLINK_NOFOLLOW)
        Self.takeOver(staging, from: replacing ? live : nil)
        // The swap: one atomic exchange where the system has it, so that the output folder is at
        // every moment either the whole previous site or the whole new one. The previous site
        // then becomes the spare, unless another build put one there first.
        // What the spare will be is known only when the site it replaces held nothing but its files.
        let differing = replacing && liveVerified ? Self.differing(sources) : nil
        SpareRecord.keep(nil, for: output)
        if replacing {
            if Self.exchange(staging, target.path) {
                if Self.retire(staging, as: spare), let differing, let spare = Identity(path: spare),
                    let marker = Identity(path: target.path + "/" + OutputTarget.markerName)
                {
                    SpareRecord.keep(SpareRecord(spare: spare, marker: marker, differing: differing), for: output)
                }
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

    /// Gives the complete staging folder what the output folder had: its mode (setgid bit
    /// included), owner and group; a new output gets 0755 less the umask.
    static func takeOver(_ staging: String, from live: stat?) {
        guard let live else {
            chmod(staging, mode_t(0o755) & ~umask)
            return
        }
        // Owner and group where allowed (root), else the group alone (a member may), else neither.
        if chown(staging, live.st_uid, live.st_gid) != 0 { _ = chown(staging, uid_t.max, live.st_gid) }
        chmod(staging, live.st_mode & 0o7777)
    }

    /// True when the folder at `path` is one cecsite made: it holds the marker.
    static func isMarked(_ path: String) -> Bool {
        var info = stat()
        return lstat(path + "/" + OutputTarget.markerName, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
    }

    /// Removes the folder at `path` when it is one cecsite made; true when nothing is there now.
    static func removeIfMarked(_ path: String) -> Bool {
        guard isMarked(path) else { return access(path, F_OK) != 0 }
        removeTree(path)
        return true
    }

    /// Takes the staging folder for this build: the spare site, claimed by renaming it (one
    /// build only can), else a folder a killed build left behind, else a new empty one. Nil when
    /// it cannot: the reason is in `sink`.
    func stage(comparesLive: Bool = false, sink: DiagnosticSink) -> Staging? {
        let target = URL(fileURLWithPath: output).standardizedFileURL
        let parent = target.deletingLastPathComponent().path
        let name = target.lastPathComponent
        let staging = parent + "/.\(name).tmp-\(getpid())"
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            sink.error(SourceLocation(file: output), "Cannot create the folder '\(parent)': \(error.localizedDescription); check its permissions")
            return nil
        }
        if access(staging, F_OK) == 0, !Self.removeIfMarked(staging) {
            sink.error(
                SourceLocation(file: staging),
                "This folder is in the way of the build and cecsite did not make it (it has no \(OutputTarget.markerName)); move it away and build again")
            return nil
        }
        // What the build that retired the spare knew of it: read before the spare is claimed
        // (the claim changes what the record names it by), and only for the spare.
        let record = SpareRecord.take(for: output, spare: Self.spare(of: output))
        let fromSpare = Self.claim(Self.spare(of: output), as: staging, unmarked: adoptsUnmarkedSpare)
        var claimed = fromSpare
        claimed = Self.removeAbandoned(in: parent, name: name, claimingAs: claimed ? nil : staging) || claimed
        if claimed {
            chmod(staging, 0o700)
        } else if !Self.makeStaging(staging, sink: sink) {
            return nil
        }
        guard
            let taken = Staging(
                path: staging, output: target.path, claimed: claimed, comparesLive: comparesLive, spareRecord: fromSpare ? record : nil)
        else {
            sink.error(SourceLocation(file: output), "Cannot open '\(staging)': \(Self.lastError()); check the folder's permissions")
            Self.removeTree(staging)
            return nil
        }
        return taken
    }

    /// Makes the empty staging folder `staging`: private (0700) while it is made, and marked at
    /// once, so that a build killed now leaves a folder the next one knows to be its own (the
    /// marker is replaced with the list of the site's files when all of them are placed). False
    /// when it cannot: the reason is in `sink`.
    static func makeStaging(_ staging: String, sink: DiagnosticSink) -> Bool {
        guard mkdir(staging, 0o700) == 0 else {
            sink.error(SourceLocation(file: staging), "Cannot create '\(staging)': \(lastError()); check the folder's permissions and free space")
            return false
        }
        let fd = open(staging + "/" + OutputTarget.markerName, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0, write(Data((OutputTarget.markerHeader + "\n").utf8), to: fd) else {
            sink.error(SourceLocation(file: staging), "Cannot write in '\(staging)': \(lastError()); check the folder's permissions and free space")
            return false
        }
        return true
    }

    /// Places `sources` in the staging folder `staging`. When `trusted`, the build made it and
    /// nothing else wrote in it: the files placed already are there, and folders that hold them
    /// are not read. With `placedIn`, the files placed already are in that folder instead, and
    /// are linked from it. The errors go to the sink returned; a full disk fails every file after
    /// the first, so it reports the first and counts the rest.
    private func place(_ sources: [Source], in staging: String, previous: String, trusted: Bool, placedIn: String? = nil) -> DiagnosticSink {
        let sink = DiagnosticSink(stage: .write)
        let full = FullDisk()
        place(sources, in: staging, previous: previous, trusted: trusted, placedIn: placedIn) { location, message in
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
    /// none, it is not marked as cecsite's (unless `unmarked`), another build took it first, or
    /// it was not a folder (then it is gone).
    static func claim(_ folder: String, as staging: String, unmarked: Bool = false) -> Bool {
        guard unmarked || isMarked(folder), rename(folder, staging) == 0 else { return false }
        var info = stat()
        if lstat(staging, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { return true }
        unlink(staging)
        return false
    }

    /// Keeps the retired site `folder` as the spare, private (0700) and marked (it was the output
    /// a build was allowed to replace, so it is cecsite's now), or removes it when there already
    /// is one; true when it is the spare.
    @discardableResult
    static func retire(_ folder: String, as spare: String) -> Bool {
        chmod(folder, 0o700)
        if !isMarked(folder) {
            let fd = open(folder + "/" + OutputTarget.markerName, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if fd >= 0 { _ = write(Data((OutputTarget.markerHeader + "\n").utf8), to: fd) }
        }
        if rename(folder, spare) == 0 { return true }
        removeTree(folder)
        return false
    }

    /// The paths of the new site whose file may not be the previous site's, once placed: all
    /// but those carried over from it (``OutputFile/Previous/same``, kept); see ``SpareRecord``.
    static func differing(_ sources: [Source]) -> Set<String> {
        var paths: Set<String> = []
        for source in sources {
            if case .file(let file) = source, file.previous != .same, file.path != OutputTarget.markerName { paths.insert(file.path) }
        }
        return paths
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
        let all = entries
        parallelForEach(all.count) { i in try? FileManager.default.removeItem(atPath: all[i]) }
        try? fm.removeItem(atPath: path)
    }

    /// Clears away the staging and retired folders that builds killed before they could clean up
    /// left beside the output (`.<name>.tmp-<pid>`, `.<name>.old-<pid>` of a process that is
    /// gone, holding the marker: a folder of that name that cecsite did not make, such as a
    /// backup `.site.old-2019`, is left alone). Each is first renamed, so that only one build handles it: the first, when
    /// `staging` is given, becomes this build's staging folder (it holds a whole or partial site,
    /// as good a start as a spare); the others are removed. True when one was claimed.
    @discardableResult
    static func removeAbandoned(in parent: String, name: String, claimingAs staging: String? = nil) -> Bool {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return false }
        var claimed = false
        let trash = parent + "/.\(name).old-\(getpid())"
        for entry in entries.sorted() {
            for prefix in [".\(name).tmp-", ".\(name).old-"] where entry.hasPrefix(prefix) {
                guard let pid = Int32(entry.dropFirst(prefix.count)), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH,
                    isMarked(parent + "/" + entry)
                else { continue }
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

    /// A relative path with no `..`, no empty and no absolute component. Read as bytes: the
    /// write stage asks it of each of 44,000 paths at 10,000 pages, which took 0.1 s split into
    /// components (measured).
    static func isSafe(_ path: String) -> Bool {
        var path = path
        return path.withUTF8 { bytes in
            guard !bytes.isEmpty else { return false }
            var start = 0
            for i in 0...bytes.count where i == bytes.count || bytes[i] == UInt8(ascii: "/") {
                // The component bytes[start..<i]: not empty, not "." nor "..".
                let length = i - start
                if length == 0 { return false }
                if length <= 2, bytes[start] == UInt8(ascii: "."), length == 1 || bytes[start + 1] == UInt8(ascii: ".") { return false }
                start = i + 1
            }
            return true
        }
    }
}
