import CECSiteContent
import CECSiteCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The output folder of a build, resolved, and the checks that keep cecsite to folders it made.
///
/// A build replaces its output folder whole (see ``OutputWriter``), so before anything is read
/// the folder is checked: cecsite replaces only a folder that is empty, missing, or marked as a
/// site it built, and never one that holds files it did not make. Every site it writes holds the
/// marker `.cecsite-output`: a header line, then the path of every file of the site, one a line.
/// The marker is written last, so its modification time is the moment the site was complete: a
/// folder of the site modified after it had an entry added or removed by someone else, and only
/// such folders are read to find files cecsite did not make (reading all 40,000 folders of a
/// 10,000-page site cost 0.25–0.45 s of system time, a `stat` of each 0.06 s; measured).
///
/// Refused whatever the marker says: an empty path (an unset variable), `/`, the home folder,
/// the system's temporary folders, the current folder, the content or templates folder, any
/// folder that holds one of these, a folder inside the content or templates folder, an existing
/// file, a symbolic link to nothing, and a mount point (which cannot be renamed into place). A
/// symbolic link to a folder is followed: the site goes into its target.
struct OutputTarget: Equatable {
    /// The output as the user gave it, for messages.
    let given: String
    /// The real folder: absolute, every symbolic link resolved.
    let path: String
    /// True when the folder is a site an earlier cecsite built, before sites were marked: the
    /// spare site beside it, unmarked too, is then that cecsite's as well, and may be claimed.
    var adoptsUnmarkedSpare = false
    /// True when ``checkOwnership(forceReplace:)`` found the folder to hold nothing but what
    /// cecsite made (or nothing at all), without `--force-replace`.
    var verified = false

    /// The file that marks a folder as a site cecsite built, and lists its files.
    static let markerName = ".cecsite-output"
    /// The first line of the marker.
    static let markerHeader = "cecsite-output 1: a site built by cecsite, which replaces this folder whole; the files it made follow"

    /// The marker of a site whose files are `paths`: the header, then the paths in order.
    static func marker(listing paths: [String]) -> Data {
        var bytes = Array((markerHeader + "\n").utf8)
        for path in paths.sorted() where path != markerName {
            bytes += path.utf8
            bytes.append(0x0A)
        }
        return Data(bytes)
    }

    /// The folders no build may replace, whatever they hold.
    struct Protected: Sendable {
        /// The home folders (of `$HOME` and of the user's account).
        var homes: [String]
        /// The system's temporary folders.
        var temporary: [String]
        /// The folder the command runs in.
        var workingDirectory: String

        /// This process's.
        static var current: Protected {
            var homes: [String] = []
            if let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty { homes.append(home) }
            if let account = getpwuid(getuid()), let directory = account.pointee.pw_dir { homes.append(String(cString: directory)) }
            var temporary = ["/tmp", "/var/tmp", "/dev/shm", NSTemporaryDirectory()]
            if let folder = ProcessInfo.processInfo.environment["TMPDIR"], !folder.isEmpty { temporary.append(folder) }
            return Protected(homes: homes, temporary: temporary, workingDirectory: FileManager.default.currentDirectoryPath)
        }
    }

    /// Resolves `given` and checks that a build may replace it: ``resolve(_:content:templates:protected:)``,
    /// then ``checkOwnership(forceReplace:)``.
    static func resolve(
        _ given: String, content: String, templates: String, forceReplace: Bool,
        protected: Protected = .current
    ) -> Result<OutputTarget, Diagnostic> {
        resolve(given, content: content, templates: templates, protected: protected).flatMap { $0.checkOwnership(forceReplace: forceReplace) }
    }

    /// Resolves `given` and checks that it is a folder a build may replace, whoever made it: the
    /// quick checks, made before anything is read.
    ///
    /// - Parameters:
    ///   - given: The output folder as the user wrote it.
    ///   - content: The content folder, which the output may neither be, hold nor be inside.
    ///   - templates: The templates folder, likewise.
    ///   - protected: The home, temporary and current folders.
    /// - Returns: The target, or the one error that refuses it.
    static func resolve(
        _ given: String, content: String, templates: String,
        protected: Protected = .current
    ) -> Result<OutputTarget, Diagnostic> {
        let location = SourceLocation(file: given.isEmpty ? "--output" : given)
        func refuse(_ message: String) -> Result<OutputTarget, Diagnostic> {
            .failure(Diagnostic(.error, location, message, stage: .write))
        }
        let shown = printable(given)
        guard !given.allSatisfy(\.isWhitespace) else {
            return refuse("The output folder is empty ('\(shown)'): is a variable unset? Name the folder to build into, e.g. --output public")
        }
        let absolute = URL(fileURLWithPath: given, relativeTo: URL(fileURLWithPath: protected.workingDirectory, isDirectory: true))
            .standardizedFileURL.path
        var info = stat()
        let exists = lstat(absolute, &info) == 0
        var path: String
        if exists {
            if info.st_mode & S_IFMT == S_IFLNK, stat(absolute, &info) != 0 {
                return refuse(
                    "The output '\(shown)' is a symbolic link to '\(printable(linkTarget(absolute)))', which does not exist; make that folder, or choose another --output"
                )
            }
            guard info.st_mode & S_IFMT == S_IFDIR else {
                return refuse(
                    "The output '\(shown)' is a file, not a folder: cecsite builds a site into a folder of its own; choose another --output, e.g. --output public"
                )
            }
            path = realPath(absolute) ?? absolute
        } else {
            let parent = (absolute as NSString).deletingLastPathComponent
            let name = (absolute as NSString).lastPathComponent
            let real = realPath(parent) ?? parent
            path = real == "/" ? "/" + name : real + "/" + name
        }
        if let reason = protectedReason(path, content: content, templates: templates, protected: protected) {
            return refuse("The output '\(shown)' \(reason); a build replaces its output folder whole. Choose a folder of its own, e.g. --output public")
        }
        guard exists else { return .success(OutputTarget(given: given, path: path)) }

        var parentInfo = stat()
        if stat((path as NSString).deletingLastPathComponent, &parentInfo) == 0, parentInfo.st_dev != info.st_dev {
            return refuse(
                "The output '\(shown)' is a mount point: a build puts the new site in place by renaming a folder, which a mount point does not allow; build into a folder inside it, e.g. --output \(shown.hasSuffix("/") ? shown : shown + "/")site"
            )
        }
        return .success(OutputTarget(given: given, path: path))
    }

    /// Checks that the folder holds nothing cecsite did not make: it is missing or empty, or a
    /// site cecsite built with nothing added since. At 10,000 pages this takes 0.12–0.16 s (the
    /// marker's 40,000 lines and a `stat` of each folder), so a build makes it while it loads.
    ///
    /// - Parameter forceReplace: When true, a folder holding files cecsite did not make is
    ///   replaced (and they are deleted).
    /// - Returns: The target (``adoptsUnmarkedSpare`` set for a site of an earlier cecsite), or
    ///   the error that refuses it.
    func checkOwnership(forceReplace: Bool) -> Result<OutputTarget, Diagnostic> {
        let shown = Self.printable(given)
        func refuse(_ message: String) -> Result<OutputTarget, Diagnostic> {
            .failure(Diagnostic(.error, SourceLocation(file: given.isEmpty ? "--output" : given), message, stage: .write))
        }
        var info = stat()
        if forceReplace || lstat(path, &info) != 0 { return .success(self) }
        switch Self.ownership(of: path) {
        case .empty, .owned:
            var target = self
            target.verified = true
            return .success(target)
        case .builtBeforeMarks:
            var target = self
            target.adoptsUnmarkedSpare = true
            return .success(target)
        case .unmarked(let entries, let count):
            return refuse(
                "The output folder '\(shown)' holds \(count) file(s) or folder(s) that cecsite did not make (\(Self.listed(entries, count))) and no mark of a site cecsite built (\(Self.markerName)); a build would delete them. Build into another folder (--output), move them away, or pass --force-replace to replace the folder and delete what it holds"
            )
        case .foreign(let entries):
            return refuse(
                "The output folder '\(shown)' is a site cecsite built, but \(entries.count) file(s) or folder(s) in it were put there since (\(Self.listed(entries, entries.count))); the next build would delete them. Move them out of the output folder, or pass --force-replace to delete them"
            )
        }
    }

    /// Why `path` may not be an output folder, or nil when it may.
    static func protectedReason(_ path: String, content: String, templates: String, protected: Protected) -> String? {
        if path == "/" { return "is the root folder" }
        let here = realPath(protected.workingDirectory) ?? protected.workingDirectory
        if path == here || isAncestor(path, of: here) {
            return "is the current folder or holds it: the build would move away the folder you work in"
        }
        for home in protected.homes {
            let home = realPath(home) ?? home
            if path == home { return "is the home folder" }
            if isAncestor(path, of: home) { return "holds the home folder '\(printable(home))'" }
        }
        for folder in protected.temporary {
            let folder = realPath(folder) ?? folder
            if path == folder { return "is the system's temporary folder, shared by every program" }
            if isAncestor(path, of: folder) { return "holds the system's temporary folder '\(printable(folder))'" }
        }
        for (what, folder) in [("content", content), ("templates", templates)] {
            let absolute = URL(fileURLWithPath: folder, relativeTo: URL(fileURLWithPath: here, isDirectory: true)).standardizedFileURL.path
            let real = realPath(absolute) ?? absolute
            if path == real { return "is the \(what) folder" }
            if isAncestor(path, of: real) { return "holds the \(what) folder '\(printable(folder))'" }
            if isAncestor(real, of: path) { return "is inside the \(what) folder '\(printable(folder))', where the next build would read the site as \(what)" }
        }
        return nil
    }

    /// Whose an existing folder is.
    enum Ownership: Equatable {
        /// It holds nothing.
        case empty
        /// A site cecsite built, holding only what it made.
        case owned
        /// A site an earlier cecsite built before sites were marked, holding only the files its
        /// record lists.
        case builtBeforeMarks
        /// A site cecsite built, with these entries (relative paths, folders ending in `/`) put
        /// there since.
        case foreign([String])
        /// Not marked as a site cecsite built: a few of its entries, and how many it has.
        case unmarked([String], Int)
    }

    /// Whose the folder at `path` is. A folder without the marker still counts as a site cecsite
    /// built when the record of an earlier build beside it (`files.txt`, written before sites
    /// were marked) lists every file in it.
    static func ownership(of path: String) -> Ownership {
        var info = stat()
        let header = Array((markerHeader + "\n").utf8)
        if lstat(path + "/" + markerName, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
            let data = FileManager.default.contents(atPath: path + "/" + markerName),
            data.starts(with: header), let listed = lines(data, skipping: header.count, validating: true)
        {
            let files = listed.map { $0[...] }
            let found = foreignEntries(in: path, files: files, changedSince: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec))
            return found.isEmpty ? .owned : .foreign(found)
        }
        let top = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        if top.isEmpty { return .empty }
        if let data = FileManager.default.contents(atPath: BuildRecord.directory(for: path) + "/files.txt"),
            let text = String(data: data, encoding: .utf8)
        {
            let files = text.split(separator: "\n")
            if !files.isEmpty, foreignEntries(in: path, files: files, changedSince: nil).isEmpty { return .builtBeforeMarks }
        }
        return .unmarked(
            Array(top.sorted().prefix(5)).map { name in
                var info = stat()
                return lstat(path + "/" + name, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR ? name + "/" : name
            }, top.count)
    }

    /// The entries of the site at `root` that are not among its `files` (nor their folders, nor
    /// the marker), in path order; folders end in `/`. Only folders modified at or after
    /// `changedSince` (nanoseconds since 1970) are read, every folder when it is nil.
    ///
    /// The folders are found from `files` without a set: in the sorted order a marker lists them
    /// in, the files of a folder follow one another, so a folder is new when it does not hold the
    /// previous file (in another order a folder may be listed twice, and is looked at twice); the
    /// sets are made only when a folder was modified. At 10,000 pages (44,000 files, 40,000
    /// folders) the sets made up front cost about 0.15 s of CPU in every build (measured).
    static func foreignEntries(in root: String, files: [Substring], changedSince: Int64?) -> [String] {
        let folders = folders(of: files)
        let top = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard top >= 0 else { return [] }
        defer { close(top) }
        let list = folders
        let chunk = 256
        let changed = parallelMap((list.count + chunk - 1) / chunk) { part -> [Substring] in
            var changed: [Substring] = []
            // Each folder is looked at by its name in its parent folder, opened once for the
            // folders that follow one another in it (a page's folder in `en/news`): a path of
            // four names walked by the system for each of 40,000 folders cost most of the scan.
            var parent: (path: Substring, fd: Int32)?
            defer { if let parent, parent.fd >= 0 { close(parent.fd) } }
            for folder in list[(part * chunk)..<min(list.count, (part + 1) * chunk)] {
                var info = stat()
                // Found by its bytes: `Character` steps through a `Substring` cost as much as the calls.
                let slash = folder.utf8.lastIndex(of: UInt8(ascii: "/"))
                var (at, name) = (top, folder.isEmpty ? "." : String(folder))
                if let slash {
                    let above = folder[..<slash]
                    if parent.map({ !$0.path.utf8.elementsEqual(above.utf8) }) ?? true {
                        if let parent, parent.fd >= 0 { close(parent.fd) }
                        parent = (above, openat(top, String(above), O_RDONLY | O_DIRECTORY | O_CLOEXEC))
                    }
                    // A parent that cannot be opened: the folder is looked at by its whole path.
                    if let parent, parent.fd >= 0 { (at, name) = (parent.fd, String(folder[folder.utf8.index(after: slash)...])) }
                }
                guard fstatat(at, name, &info, AT_SYMLINK_NOFOLLOW) == 0, info.st_mode & S_IFMT == S_IFDIR else { continue }
                // Only a folder last changed before the marker is skipped: the system's clock moves
                // in ticks of a few milliseconds, so a file put in a folder just after the build
                // set the marker's time can leave the folder with that very time.
                if let changedSince, Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec) < changedSince { continue }
                changed.append(folder)
            }
            return changed
        }.joined()
        guard !changed.isEmpty else { return [] }
        let known = Set(folders), files = Set(files)
        var found: Set<String> = []
        for folder in Set(changed) {
            var info = stat()
            let name = folder.isEmpty ? "." : String(folder)
            let fd = openat(top, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0 else { continue }
            for entry in OutputWriter.entries(fd) {
                let path = folder.isEmpty ? entry.name : folder + "/" + entry.name
                var type = entry.type
                if type == DT_UNKNOWN, fstatat(fd, entry.name, &info, AT_SYMLINK_NOFOLLOW) == 0 {
                    type = info.st_mode & S_IFMT == S_IFDIR ? UInt8(DT_DIR) : info.st_mode & S_IFMT == S_IFREG ? UInt8(DT_REG) : UInt8(DT_LNK)
                }
                if folder.isEmpty, entry.name == markerName, type == DT_REG { continue }
                if type == DT_DIR ? listed(path, in: known) : type == DT_REG && listed(path, in: files) { continue }
                found.insert(type == DT_DIR ? path + "/" : path)
            }
            close(fd)
        }
        return found.sorted()
    }

    /// True when `set` holds `path` with its very bytes. A `String` set finds a name by canonical
    /// equivalence: `café` written with U+00E9 and with `e` and U+0301 (as macOS writes names)
    /// are one string to it but two files to the file system, so a user's file could pass for
    /// the site's file of the same look and be deleted with the site.
    static func listed(_ path: String, in set: Set<Substring>) -> Bool {
        guard let index = set.firstIndex(of: path[...]) else { return false }
        return set[index].utf8.elementsEqual(path.utf8)
    }

    /// The folders that hold `files` (relative paths), the top folder ("") first, each folder
    /// with those above it; found without a set: in the sorted order a marker lists them in, the
    /// files of a folder follow one another, so a folder is new when it does not hold the
    /// previous file's folder (in another order a folder may be listed twice, and is looked at
    /// twice). Compared by their bytes, as the file system names them: at 10,000 pages (44,000
    /// files) comparing them as `Character`s cost about 0.1 s of CPU in every build (measured).
    static func folders(of files: [Substring]) -> [Substring] {
        var folders: [Substring] = [""]
        var previous: Substring = ""
        for file in files {
            let folder = file.utf8.lastIndex(of: UInt8(ascii: "/")).map { file[..<$0] } ?? ""
            withBytes(folder) { f in
                withBytes(previous) { p in
                    if f.count == p.count, f.isEmpty || memcmp(f.baseAddress!, p.baseAddress!, f.count) == 0 { return }
                    // How far the two folders' paths agree: a folder above this one holds the
                    // previous folder when that is it, or starts with it and a slash.
                    var common = 0
                    while common < f.count, common < p.count, f[common] == p[common] { common += 1 }
                    var end = f.count
                    while end > 0, !(common >= end && (p.count == end || p[end] == UInt8(ascii: "/"))) {
                        folders.append(file[..<file.utf8.index(file.startIndex, offsetBy: end)])
                        end = f[..<end].lastIndex(of: UInt8(ascii: "/")) ?? 0
                    }
                }
            }
            previous = folder
        }
        return folders
    }

    /// Calls `body` with the UTF-8 bytes of `text`, without a copy when it is stored as UTF-8.
    private static func withBytes<R>(_ text: Substring, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(text.utf8).withUnsafeBufferPointer(body)
    }

    /// True when the folder `folder` holds the file or folder `path` (at any depth).
    static func isAncestor(_ folder: String, of path: String) -> Bool {
        path.hasPrefix(folder == "/" ? "/" : folder + "/")
    }

    /// What the symbolic link at `path` points to, as written in it.
    static func linkTarget(_ path: String) -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
    }

    /// `text` as messages quote it (``CECSiteCore/printable(_:)``).
    static func printable(_ text: String) -> String { CECSiteCore.printable(text) }

    /// Up to ten of `entries`, then how many more.
    static func listed(_ entries: [String], _ count: Int) -> String {
        let shown = entries.prefix(10).map(printable).joined(separator: ", ")
        return count > min(entries.count, 10) ? shown + ", … \(count - min(entries.count, 10)) more" : shown
    }
}
