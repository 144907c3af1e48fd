import CECSiteContent
import CECSiteCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension OutputWriter {
    /// What the build that retired the spare site knew of it, so that the next build can bring it
    /// up to date without reading it: 40,000 folders opened and read cost about 0.5 s of a
    /// one-page rebuild at 10,000 pages (measured), where a handful of files changed.
    ///
    /// The spare is the site the build replaced, so its files are those its marker lists. Most
    /// of them are hard links to the new live site's files: all but those the build wrote anew
    /// (``differing``). The record is kept in the build record's folder as `spare.txt`, and is
    /// trusted only for the folder it was written for, untouched since: the same device, inode
    /// and status-change time (every rename, `chmod` and claim changes it; a build claims the
    /// spare by renaming it and removes the record at once, so a build that fails and gives the
    /// spare back leaves none). And only while the live site is the one that build left (its
    /// marker's inode and times), which a build checked for files it did not make
    /// (``OutputTarget/checkOwnership(forceReplace:)``) before replacing it, without
    /// `--force-replace`: what else could be in the spare came from the live site, and the live
    /// site's files the build reuses are each checked by the build record (size, time, inode), so
    /// a file edited or deleted in the output folder is made again and is among ``differing``.
    ///
    /// What is trusted: that nothing but cecsite changes the spare folder (`.<name>.spare`,
    /// private to its owner), as with the build record's own files.
    struct SpareRecord: Equatable {
        /// The spare folder as it was retired.
        var spare: Identity
        /// The live site's marker as the build that retired the spare left it.
        var marker: Identity
        /// The files of the live site that may not be the spare's file at the same path: those the
        /// build wrote anew, and any it did not know to be linked from the previous site.
        var differing: Set<String>

        static let header = "cecsite-spare 1"

        /// The record's file for the output folder `output`.
        static func file(for output: String) -> String { Store.folder(beside: output) + "/spare.txt" }

        /// The record kept for the spare site of `output` when it still describes the folder at
        /// `spare`, else nil; the record's file is removed either way (it describes that folder
        /// only until it is claimed).
        static func take(for output: String, spare: String) -> SpareRecord? {
            let path = file(for: output)
            guard let data = FileManager.default.contents(atPath: path) else { return nil }
            unlink(path)
            guard let record = SpareRecord(data), Identity(path: spare) == record.spare else { return nil }
            return record
        }

        /// Writes the record of the spare site just retired at `spare`, or removes any old one
        /// when `record` is nil.
        static func keep(_ record: SpareRecord?, for output: String) {
            let path = file(for: output)
            guard let record else {
                unlink(path)
                return
            }
            makePrivateFolder(Store.folder(beside: output))
            if !writePrivately(path, record.bytes) { unlink(path) }
        }

        init(spare: Identity, marker: Identity, differing: Set<String>) {
            self.spare = spare
            self.marker = marker
            self.differing = differing
        }

        /// The record a file holds; nil when it is not one.
        init?(_ data: Data) {
            let lines = data.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            guard lines.count >= 3, lines[0] == Self.header, let spare = Identity(lines[1]), let marker = Identity(lines[2]) else { return nil }
            self.spare = spare
            self.marker = marker
            differing = Set(lines.dropFirst(3).filter { !$0.isEmpty })
        }

        var bytes: [UInt8] {
            var text = Self.header + "\n" + spare.line + "\n" + marker.line + "\n"
            for path in differing.sorted() { text += path + "\n" }
            return Array(text.utf8)
        }
    }

    /// Which file an entry is and when it last changed, as `lstat` gives it: its stamp (size,
    /// modification time, inode), with the device and the status-change time, which every
    /// rename and `chmod` moves.
    struct Identity: Equatable {
        var device: UInt64
        var stamp: FileStamp
        var changed: Int64

        init?(path: String) {
            var info = stat()
            guard lstat(path, &info) == 0 else { return nil }
            device = UInt64(info.st_dev)
            stamp = FileStamp(info)
            changed = Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec)
        }

        init?(_ line: String) {
            let fields = line.split(separator: " ")
            guard fields.count == 5, let device = UInt64(fields[0]), let inode = UInt64(fields[1]), let size = Int64(fields[2]),
                let modified = Int64(fields[3]), let changed = Int64(fields[4])
            else { return nil }
            (self.device, self.changed) = (device, changed)
            stamp = FileStamp(size: size, modified: modified, inode: inode)
        }

        var line: String { "\(device) \(stamp.inode) \(stamp.size) \(stamp.modified) \(changed)" }
    }

    /// The paths a site's marker lists, read from the marker of the folder open as `folder`;
    /// nil when it has none that cecsite wrote.
    static func markedFiles(in folder: Int32) -> [String]? {
        guard let data = read(OutputTarget.markerName, in: folder) else { return nil }
        let header = Array((OutputTarget.markerHeader + "\n").utf8)
        guard data.count >= header.count, data.prefix(header.count).elementsEqual(header) else { return nil }
        return lines(data, skipping: header.count)
    }

    /// Brings a claimed spare site to exactly the files of `sources`, trusting what `record` says
    /// of it instead of reading its folders: the files of the spare that the new site has not
    /// are removed (with the folders left without a file), and of the new site's files only
    /// those the spare may not hold yet are placed (linked from the live site or written); the
    /// files the pages wrote as they rendered are there. False when the record does not apply
    /// (the live site is not the one it was made against, the spare's marker cannot be read),
    /// when there is too much to do for file-by-file work, or when anything fails: then the
    /// spare is read and checked whole (``place(_:in:previous:trusted:placedIn:)``), which also
    /// says what failed.
    ///
    /// - Parameters:
    ///   - files: The paths of the new site's files.
    ///   - sorted: The same paths, sorted as a marker lists them.
    ///   - folders: The folders that hold them.
    func placeTrusting(
        _ record: SpareRecord, _ sources: [Source], files: Set<String>, sorted: [String], folders: Set<Substring>, in staging: String,
        previous: String
    ) -> Bool {
        guard Identity(path: previous + "/" + OutputTarget.markerName) == record.marker else { return false }
        let root = open(staging, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard root >= 0 else { return false }
        defer { close(root) }
        let live = open(previous, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard live >= 0 else { return false }
        defer { close(live) }
        guard let held = Self.markedFiles(in: root) else { return false }
        // After a rebuild that added and removed no file, the spare's marker lists exactly the
        // new site's files, in the same order: its set is the new site's, not made again from
        // 44,000 lines, and nothing of the spare is to go. Compared byte for byte: two names
        // that read the same but differ in code points are two files.
        let same = held.count == sorted.count && zip(held, sorted).allSatisfy { $0.utf8.elementsEqual($1.utf8) }
        let spareFiles = same ? files : Set(held)
        // The files to place: those the pages did not place as they rendered, unless the spare
        // holds the live site's file at their path and that is what the new site has there.
        var work: [Int] = []
        for (i, source) in sources.enumerated() {
            let inSpare = spareFiles.contains(source.path) && !record.differing.contains(source.path)
            switch source {
            case .kept:
                if !inSpare { work.append(i) }
            case .file(let file):
                if file.placed != nil || (file.previous == .same && inSpare) { continue }
                work.append(i)
            }
        }
        // Beyond this, the folder-by-folder pass is the quicker (one task per 32 folders).
        guard work.count <= Self.mostTrustedWork else { return false }
        // What the spare has and the new site has not: its files, then the folders left without one.
        var gone: Set<Substring> = []
        for path in held where !same && !files.contains(path) {
            if folders.contains(path[...]) {
                // A file where the new site has a folder (unless the pages placed made it already).
                if unlinkat(root, path, 0) != 0, errno != ENOENT, errno != EISDIR { return false }
                continue
            }
            guard Self.removeEntry(path, in: root) else { return false }
            var folder = path[...]
            while let slash = folder.lastIndex(of: "/") {
                folder = folder[..<slash]
                if folders.contains(folder) || !gone.insert(folder).inserted { break }
            }
        }
        for folder in gone.sorted() {
            // Its folder is gone with it already.
            var above = folder
            var within = false
            while let slash = above.lastIndex(of: "/") {
                above = above[..<slash]
                if gone.contains(above) { within = true }
            }
            if !within, !Self.removeEntry(String(folder), in: root) { return false }
        }
        let todo = work
        let done = parallelMap(todo.count) { n -> Bool in
            let source = sources[todo[n]]
            let path = source.path
            let slash = path.lastIndex(of: "/")
            let folder = slash.map { String(path[..<$0]) } ?? ""
            let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
            let here = Self.folder(folder, in: root)
            guard here >= 0 else { return false }
            defer { close(here) }
            let inSpare = spareFiles.contains(path) && !record.differing.contains(path)
            var file = Placement(here: here, previous: LiveFolder(live: live, path: folder), name: name, present: UInt8(DT_UNKNOWN))
            switch source {
            case .kept:
                return file.carryOver(copying: true)
            case .file(let output):
                switch output.previous {
                case .same:
                    return file.carryOver(copying: output.data.isEmpty) || (!output.data.isEmpty && file.write(output.data))
                case .unknown:
                    if file.previousHolds(output.data) { return inSpare || file.carryOver(copying: false) || file.write(output.data) }
                    return file.write(output.data)
                case .different:
                    return file.write(output.data)
                }
            }
        }
        return !done.contains(false)
    }

    /// The most files ``placeTrusting(_:_:files:folders:in:previous:)`` places one by one.
    static let mostTrustedWork = 2000

    /// Removes the entry at `path` of the folder open as `root`, a folder with all it holds;
    /// true when nothing is there now.
    static func removeEntry(_ path: String, in root: Int32) -> Bool {
        if unlinkat(root, path, 0) == 0 || errno == ENOENT { return true }
        let slash = path.lastIndex(of: "/")
        let parent = slash.map { String(path[..<$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let fd = parent.isEmpty ? dup(root) : openat(root, parent, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return errno == ENOENT }
        defer { close(fd) }
        return remove(name, in: fd, type: UInt8(DT_UNKNOWN))
    }

    /// The folder `path` of the folder open as `root`, opened, made with the folders above it
    /// where missing; -1 when it cannot be (a file in the way, say).
    static func folder(_ path: String, in root: Int32) -> Int32 {
        if path.isEmpty { return dup(root) }
        let fd = openat(root, path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd < 0, errno == ENOENT else { return fd }
        var end = path.startIndex
        while end < path.endIndex {
            end = path[path.index(after: end)...].firstIndex(of: "/") ?? path.endIndex
            if mkdirat(root, String(path[..<end]), 0o755) != 0, errno != EEXIST { return -1 }
        }
        return openat(root, path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
    }
}
