import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteFormats
@testable import CECSiteKit
@testable import CECSiteMarkdown
@testable import CECSiteTemplates

/// The write stage and the link check as incremental builds use them.
@Suite struct OutputWriterTests {
    @Test func reusedPagesAreCheckedAgainOnlyWhenAFileOfThePreviousBuildIsGone() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cecsite-links-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/a", withIntermediateDirectories: true)
        try Data("<p>\n<a href=\"/gone/\">x</a></p>".utf8).write(to: URL(fileURLWithPath: folder + "/a/index.html"))
        let reused = OutputFile(path: "a/index.html", data: Data(), previous: .same)
        let skipped = DiagnosticSink(stage: .render)
        LinkChecker(files: [reused], sink: skipped).run()
        #expect(skipped.diagnostics.isEmpty)
        let checked = DiagnosticSink(stage: .render)
        LinkChecker(files: [reused], sink: checked, reusedFolder: folder).run()
        #expect(
            checked.diagnostics.map(\.description) == [
                "a/index.html:2:1: error: Broken internal link '/gone/': the build has no file 'gone/index.html'; fix the link in the template or content that produced it"
            ])
    }

    @Test func writesReadableFilesSwapsTheWholeSiteAndRemovesAbandonedStagingFolders() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cecsite-writer-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let output = root + "/public"
        // A staging folder a killed build left behind (no process has pid 2^22 + 1 here), marked
        // as cecsite marks its folders; and a user's backup of the same form, not marked.
        let abandoned = root + "/.public.tmp-4194305"
        try FileManager.default.createDirectory(atPath: abandoned + "/x", withIntermediateDirectories: true)
        try Data().write(to: URL(fileURLWithPath: abandoned + "/" + OutputTarget.markerName))
        let backup = root + "/.public.old-2019"
        try FileManager.default.createDirectory(atPath: backup, withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: URL(fileURLWithPath: backup + "/notes.txt"))
        let writer = OutputWriter(output: output)
        #expect(
            writer.write([
                OutputFile(path: "index.html", data: Data("one".utf8)),
                OutputFile(path: "deep/er/page.html", data: Data("two".utf8)),
            ]).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: abandoned))
        #expect(try String(contentsOfFile: backup + "/notes.txt", encoding: .utf8) == "mine", "a folder cecsite did not mark is left alone")
        try FileManager.default.removeItem(atPath: backup)
        let mode = try FileManager.default.attributesOfItem(atPath: output + "/deep/er/page.html")[.posixPermissions] as? Int
        #expect(mode.map { $0 & 0o644 == 0o644 && $0 & 0o022 == 0 } == true, "files are rw-r--r--")
        let before = FileStamp(path: output + "/index.html")
        #expect(writer.write([OutputFile(path: "index.html", data: Data("one".utf8)), OutputFile(path: "new.html", data: Data("3".utf8))]).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: output).sorted() == [OutputTarget.markerName, "index.html", "new.html"])
        #expect(FileStamp(path: output + "/index.html") == before, "an unchanged file keeps its inode and time")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: root).sorted() == [".public.spare", "public"],
            "no staging or retired folder is left, only the spare site")
    }
}

/// The spare site: the previous site kept beside the output after a build, and brought to the
/// next site in place by the next build, whatever state it is in.
extension OutputWriterTests {
    /// A temporary folder with an output folder `public` in it.
    struct Place {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cecsite-spare-\(UUID().uuidString)").path
        var output: String { root + "/public" }
        var spare: String { root + "/.public.spare" }
        var writer: OutputWriter { OutputWriter(output: output) }

        init() throws { try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true) }

        func remove() {
            _ = chmod(spare + "/junk/locked", 0o755)
            try? FileManager.default.removeItem(atPath: root)
        }

        /// Everything in a folder, symbolic links not followed: a file's text, "/" for a
        /// folder, "-> target" for a link.
        func tree(_ folder: String) -> [String: String] {
            var entries: [String: String] = [:]
            func walk(_ relative: String) {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: folder + "/" + relative)) ?? []
                for name in names {
                    let path = relative.isEmpty ? name : relative + "/" + name
                    var info = stat()
                    guard lstat(folder + "/" + path, &info) == 0 else { continue }
                    switch info.st_mode & S_IFMT {
                    case S_IFDIR:
                        entries[path] = "/"
                        walk(path)
                    case S_IFLNK:
                        entries[path] = "-> " + ((try? FileManager.default.destinationOfSymbolicLink(atPath: folder + "/" + path)) ?? "?")
                    default:
                        entries[path] = (try? String(contentsOfFile: folder + "/" + path, encoding: .utf8)) ?? "?"
                    }
                }
            }
            walk("")
            return entries
        }

        func inode(_ path: String) -> UInt64? {
            var info = stat()
            return lstat(path, &info) == 0 ? UInt64(info.st_ino) : nil
        }

        func write(_ text: String, to path: String) throws {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        }

        /// Replaces the bytes of an existing file in place, keeping its inode.
        func overwrite(_ path: String, with text: String) {
            let fd = open(path, O_WRONLY | O_TRUNC)
            _ = text.withCString { Glibc.write(fd, $0, strlen($0)) }
            close(fd)
        }
    }

    static func file(_ path: String, _ text: String, _ previous: OutputFile.Previous = .unknown) -> OutputFile {
        OutputFile(path: path, data: Data(text.utf8), previous: previous)
    }

    /// The expected tree of a site made of `files`: the texts, and "/" for every folder.
    /// The tree of a site of `files`: their folders, and the marker that lists them.
    static func expected(_ files: [String: String]) -> [String: String] {
        var tree = files
        tree[OutputTarget.markerName] = String(decoding: OutputTarget.marker(listing: Array(files.keys)), as: UTF8.self)
        for path in files.keys {
            let parts = path.split(separator: "/").dropLast()
            for end in parts.indices { tree[parts[...end].joined(separator: "/")] = "/" }
        }
        return tree
    }

    @Test func theRetiredSiteIsKeptBesideTheOutputAsTheSpareAndItsUnchangedFilesAreHardLinks() throws {
        let place = try Place()
        defer { place.remove() }
        #expect(place.writer.write([Self.file("index.html", "one"), Self.file("a/b.html", "b")]).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: place.spare), "a first build retires no site")
        let first = (place.inode(place.output + "/index.html"), place.inode(place.output + "/a/b.html"))
        #expect(place.writer.write([Self.file("index.html", "one", .same), Self.file("a/b.html", "b")]).isEmpty)
        #expect(place.tree(place.spare) == Self.expected(["index.html": "one", "a/b.html": "b"]), "the previous site is the spare")
        #expect(place.tree(place.output) == Self.expected(["index.html": "one", "a/b.html": "b"]))
        #expect(!FileManager.default.fileExists(atPath: place.output + "/.public.spare"))
        // Unchanged files, reused or compared, are the previous site's inodes, in both trees.
        #expect(place.inode(place.output + "/index.html") == first.0 && place.inode(place.spare + "/index.html") == first.0)
        #expect(place.inode(place.output + "/a/b.html") == first.1 && place.inode(place.spare + "/a/b.html") == first.1)
        // The third build takes the spare: unchanged files are already right there.
        let spare = place.inode(place.spare)
        #expect(place.writer.write([Self.file("index.html", "", .same), Self.file("a/b.html", "b2", .different)]).isEmpty)
        #expect(place.tree(place.output) == Self.expected(["index.html": "one", "a/b.html": "b2"]))
        #expect(place.tree(place.spare) == Self.expected(["index.html": "one", "a/b.html": "b"]))
        #expect(place.inode(place.output + "/index.html") == first.0)
        #expect(place.inode(place.output) == spare, "the spare became the site")
        #expect(try FileManager.default.contentsOfDirectory(atPath: place.root).sorted() == [".public.spare", "public"])
    }

    @Test func aRebuildThroughADamagedSpareGivesExactlyTheNewSite() throws {
        let place = try Place()
        defer { place.remove() }
        let old = ["index.html": "home", "a/page.html": "a", "b/page.html": "b", "c/x.html": "c", "gone/old.html": "g", "e/page.html": "e"]
        for _ in 0..<2 { #expect(place.writer.write(old.map { Self.file($0.key, $0.value) }).isEmpty) }
        #expect(place.tree(place.spare) == Self.expected(old))
        let live = (
            index: place.inode(place.output + "/index.html"), a: place.inode(place.output + "/a/page.html"),
            b: place.inode(place.output + "/b/page.html")
        )

        // Every kind of damage.
        let spare = place.spare
        try place.write("garbage", to: spare + "/extra.txt")
        try place.write("garbage", to: spare + "/junk/deep/er/f.txt")
        try place.write("garbage", to: spare + "/junk/locked/f.txt")
        #expect(chmod(spare + "/junk/locked", 0o500) == 0)
        #expect(unlink(spare + "/a/page.html") == 0)
        try place.write("a changed file with an inode of its own", to: spare + "/a/page.html")
        try FileManager.default.removeItem(atPath: spare + "/b")
        try place.write("a file where a folder should be", to: spare + "/b")
        #expect(unlink(spare + "/c/x.html") == 0)
        try place.write("a folder where a file should be", to: spare + "/c/x.html/inner.txt")
        #expect(unlink(spare + "/index.html") == 0)
        let outside = place.root + "/outside"
        try place.write("not ours", to: outside + "/page.html")
        try FileManager.default.removeItem(atPath: spare + "/e")
        try FileManager.default.createSymbolicLink(atPath: spare + "/e", withDestinationPath: outside)
        #expect(chmod(spare + "/gone", 0o700) == 0)

        // The spare's folders, to tell that the build brought the spare to the new site rather
        // than starting again from nothing.
        let folders = (top: place.inode(spare), a: place.inode(spare + "/a"), c: place.inode(spare + "/c"))

        let new = [
            "index.html": "home", "a/page.html": "a", "b/page.html": "b", "c/x.html": "c2", "e/page.html": "e2",
            "d/new.html": "d", "new/deep/n.html": "n",
        ]
        #expect(
            place.writer.write([
                Self.file("index.html", "", .same), Self.file("a/page.html", "", .same), Self.file("b/page.html", "b"),
                Self.file("c/x.html", "c2", .different), Self.file("e/page.html", "e2"), Self.file("d/new.html", "d"),
                Self.file("new/deep/n.html", "n", .different),
            ]).isEmpty)
        #expect(place.tree(place.output) == Self.expected(new))
        #expect(place.tree(outside) == ["page.html": "not ours"], "a link in the spare is removed, not followed")
        #expect(
            place.inode(place.output) == folders.top && place.inode(place.output + "/a") == folders.a
                && place.inode(place.output + "/c") == folders.c, "the spare's folders are the new site's")
        #expect(place.inode(place.output + "/index.html") == live.index, "a missing file is linked again")
        #expect(place.inode(place.output + "/a/page.html") == live.a, "a file of the spare that is not the live one is replaced by a link")
        #expect(place.inode(place.output + "/b/page.html") == live.b, "same bytes: a link")
        for folder in ["", "/a", "/b", "/c", "/d", "/new/deep"] {
            let mode = try FileManager.default.attributesOfItem(atPath: place.output + folder)[.posixPermissions] as? Int
            #expect(mode == 0o755 & ~Int(OutputWriter.umask), "the folder '\(folder)'")
        }
        // The build after it brings the retired site, undamaged now, to the same new site.
        #expect(place.writer.write(new.map { Self.file($0.key, $0.value) }).isEmpty)
        #expect(place.tree(place.output) == Self.expected(new))
        #expect(place.tree(place.spare) == Self.expected(new))
    }

    @Test func newBytesNeverGoIntoAFileTheLiveSiteShares() throws {
        let place = try Place()
        defer { place.remove() }
        let files = [Self.file("x.html", "one"), Self.file("y/y.html", "y"), Self.file("z.html", "z")]
        for _ in 0..<2 { #expect(place.writer.write(files).isEmpty) }
        // The spare's files are the live ones: keep another name for each live inode.
        for name in ["x.html", "y/y.html", "z.html"] {
            #expect(place.inode(place.spare + "/" + name) == place.inode(place.output + "/" + name))
            #expect(link(place.output + "/" + name, place.root + "/kept-" + name.replacingOccurrences(of: "/", with: "-")) == 0)
        }
        #expect(place.writer.write([Self.file("x.html", "two", .different), Self.file("y/y.html", "y2"), Self.file("z.html", "z")]).isEmpty)
        #expect(place.tree(place.output) == Self.expected(["x.html": "two", "y/y.html": "y2", "z.html": "z"]))
        #expect(
            place.tree(place.root).filter { $0.key.hasPrefix("kept-") } == ["kept-x.html": "one", "kept-y-y.html": "y", "kept-z.html": "z"],
            "the previous site's files keep their bytes")
        #expect(place.tree(place.spare) == Self.expected(["x.html": "one", "y/y.html": "y", "z.html": "z"]))
    }

    @Test func aLiveFileEditedInPlaceIsReplacedByTheNewBytes() throws {
        let place = try Place()
        defer { place.remove() }
        for _ in 0..<2 { #expect(place.writer.write([Self.file("x.html", "one"), Self.file("k.csv", "kept")]).isEmpty) }
        // Edited by hand, in place: the spare's file is the same inode, so it changes too.
        place.overwrite(place.output + "/x.html", with: "edited")
        #expect(place.tree(place.spare)["x.html"] == "edited")
        #expect(place.writer.write([Self.file("x.html", "one")], keeping: ["k.csv"]).isEmpty)
        #expect(place.tree(place.output) == Self.expected(["x.html": "one", "k.csv": "kept"]))
        place.overwrite(place.output + "/x.html", with: "edited again")
        #expect(place.writer.write([Self.file("x.html", "two", .different)], keeping: ["k.csv"]).isEmpty)
        #expect(place.tree(place.output) == Self.expected(["x.html": "two", "k.csv": "kept"]))
    }

    @Test func aStagingFolderAKilledBuildLeftBecomesTheStartOfTheNextSite() throws {
        let place = try Place()
        defer { place.remove() }
        #expect(place.writer.write([Self.file("index.html", "one")]).isEmpty)
        // The spare a build took, half brought to its site when it was killed.
        let abandoned = place.root + "/.public.tmp-4194305"
        #expect(rename(place.root + "/public", abandoned) == 0 || true)
        try? FileManager.default.removeItem(atPath: abandoned)
        try place.write("half", to: abandoned + "/index.html")
        try place.write("stray", to: abandoned + "/stray/f.html")
        try place.write("", to: abandoned + "/" + OutputTarget.markerName)
        try place.write("more", to: place.root + "/.public.old-4194306/x.html")
        try place.write("", to: place.root + "/.public.old-4194306/" + OutputTarget.markerName)
        #expect(place.writer.write([Self.file("index.html", "two"), Self.file("p/q.html", "q")]).isEmpty)
        #expect(place.tree(place.output) == Self.expected(["index.html": "two", "p/q.html": "q"]))
        #expect(try FileManager.default.contentsOfDirectory(atPath: place.root).sorted() == ["public"])
    }

    @Test func aFailedBuildLeavesTheOutputAndItsPreviousSiteAlone() throws {
        let place = try Place()
        defer { place.remove() }
        for _ in 0..<2 { #expect(place.writer.write([Self.file("a/b.html", "b"), Self.file("c.html", "c")]).isEmpty) }
        let before = place.tree(place.output)
        // A file and a folder of the same name cannot both be placed.
        let errors = place.writer.write([Self.file("a/b.html", "b2"), Self.file("c.html", "c2"), Self.file("c.html/d.html", "d")])
        #expect(!errors.isEmpty)
        #expect(place.tree(place.output) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: place.root).allSatisfy { !$0.contains(".tmp-") })
        #expect(place.writer.write([Self.file("a/b.html", "b2"), Self.file("c.html", "c2")]).isEmpty)
        #expect(place.tree(place.output) == Self.expected(["a/b.html": "b2", "c.html": "c2"]))
    }
}
