import CECSiteCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What a build read, identified cheaply: the stamp (size, time, inode) of every file below the
/// content and templates folders, taken before the loader reads them.
///
/// It gives the key of the inputs a document page shares with every other page (see
/// ``BuildRecord``): everything except the documents' own Markdown files, which each document
/// page depends on through its own stamps. Scanning costs one `lstat` per file.
package struct SourceStamps {
    /// Every regular file and link below the scanned folders, by path (`content/site.yaml`),
    /// with its stamp; a link is stamped itself, not followed.
    package private(set) var files: [(path: String, stamp: FileStamp)] = []
    /// The stamps of the regular Markdown files among them, by path: the document cache's
    /// (``DocumentLoader/knownStamps``), which then need not look at each file again.
    package private(set) var markdown: [String: FileStamp] = [:]

    /// Scans `folders` recursively, each path joined to its folder as the loader joins it.
    package init(_ folders: [String]) {
        for folder in folders { scan(folder) }
    }

    private mutating func scan(_ folder: String) {
        guard let directory = opendir(folder) else { return }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = entryName(entry)
            if name != ".", name != ".." { names.append(name) }
        }
        // Each entry looked at by its name in the open folder, not by a path walked from the top.
        let fd = dirfd(directory)
        for name in names.sorted() {
            let path = join(folder, name)
            var info = stat()
            guard fstatat(fd, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                scan(path)
            } else {
                files.append((path, FileStamp(info)))
                if (info.st_mode & S_IFMT) == S_IFREG, name.hasSuffix(".md") { markdown[path] = FileStamp(info) }
            }
        }
    }

    /// The fingerprint of every scanned file except the documents' Markdown files (`pages/*.md`
    /// and `news/*.md` directly below `content`), salted with `options` (the key of the build's
    /// options, ``BuildOptions/key``).
    package func sharedKey(content: String, options: String) -> String {
        let documentFolders: Set<String> = [join(content, "pages"), join(content, "news")]
        var hasher = Fingerprint()
        hasher.add(options)
        for (path, stamp) in files {
            // The folder is the path up to its last slash: the scan joined the name to it.
            if path.hasSuffix(".md"), let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")), documentFolders.contains(String(path[..<slash])) {
                continue
            }
            hasher.add(path)
            hasher.add(stamp)
        }
        return hasher.hex
    }
}
