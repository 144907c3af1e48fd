import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteFormats
@testable import CECSiteKit
@testable import CECSiteMarkdown
@testable import CECSiteTemplates

/// Never lose a user's data (issue 21): a build replaces only an output folder it made, keeps the
/// folder's mode and group, follows a symbolic link, leaves what it did not mark alone, and keeps
/// its records private; `aggregate` never writes over its records; messages are one line each.
@Suite struct OutputOwnershipTests {
    static let binary = repositoryRoot.appendingPathComponent(".build/debug/cecsite").path

    /// The minimal site, built into `output` (default: its `public/`).
    func build(_ site: TempSite, output: String? = nil, forceReplace: Bool = false) -> BuildReport {
        var options = BuildOptions(
            content: site.content, templates: site.templates, output: output ?? site.output,
            date: Day(iso: "2021-01-15"))
        options.forceReplace = forceReplace
        return CECSiteKit.build(options)
    }

    /// Every entry below `folder`, folders ending in `/`, with each file's text.
    func tree(_ folder: String) -> [String: String] {
        var found: [String: String] = [:]
        for path in (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String]) ?? [] {
            var isFolder: ObjCBool = false
            FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isFolder)
            found[isFolder.boolValue ? path + "/" : path] = isFolder.boolValue ? "" : (try? String(contentsOfFile: folder + "/" + path, encoding: .utf8)) ?? "?"
        }
        return found
    }

    func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// Runs the binary in `folder`.
    func run(_ arguments: [String], in folder: String) throws -> (status: Int32, stderr: String) {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "swift build builds .build/debug/cecsite")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stderr, as: UTF8.self))
    }

    @Test func aFolderOfTheUsersSurvivesTwoBuildsUntouched() throws {
        let site = try TempSite.minimal()
        defer { site.remove() }
        try write("my notes", to: site.output + "/notes.txt")
        try FileManager.default.createDirectory(atPath: site.output + "/photos", withIntermediateDirectories: true)
        let before = tree(site.output)
        for _ in 0..<2 {
            let report = build(site)
            #expect(!report.succeeded)
            #expect(
                report.errors.map(\.message) == [
                    "The output folder '\(site.output)' holds 2 file(s) or folder(s) that cecsite did not make (notes.txt, photos/) and no mark of a site cecsite built (.cecsite-output); a build would delete them. Build into another folder (--output), move them away, or pass --force-replace to replace the folder and delete what it holds"
                ])
            #expect(tree(site.output) == before)
        }
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: site.root.path).sorted() == ["content", "public"],
            "no staging, spare or record beside it")
    }

    @Test func filesPutIntoABuiltSiteAreRefusedUntilTheUserSaysToDeleteThem() throws {
        let site = try TempSite.minimal()
        defer { site.remove() }
        #expect(build(site).succeeded)
        #expect(build(site).succeeded, "a site cecsite built is rebuilt")
        try write("mine", to: site.output + "/notes.txt")
        try write("mine too", to: site.output + "/en/plan/mine/x.txt")
        let report = build(site)
        #expect(!report.succeeded)
        #expect(
            report.errors.first?.message.contains("2 file(s) or folder(s) in it were put there since (en/plan/mine/, notes.txt)") == true,
            "\(report.errors)")
        #expect(site.read("notes.txt") == "mine")
        let forced = build(site, forceReplace: true)
        #expect(forced.succeeded)
        #expect(!FileManager.default.fileExists(atPath: site.output + "/notes.txt"))
        #expect(!FileManager.default.fileExists(atPath: site.output + "/en/plan/mine"))
        #expect(build(site).succeeded)
    }

    /// The ownership check looks at each folder of the site by its name in its parent folder:
    /// a file put into a page's own folder, deep in the site, is found as well as one at the top;
    /// and it is found when the folder's time is the marker's to the nanosecond, as when the file
    /// is put there within the clock tick (a few milliseconds) in which the build marked the site.
    @Test func aFilePutIntoADeepPageFolderIsRefusedEvenWithinTheMarkersClockTick() throws {
        let site = try TempSite.minimal()
        defer { site.remove() }
        #expect(build(site).succeeded)
        #expect(build(site).succeeded)
        let marker = try String(contentsOfFile: site.output + "/" + OutputTarget.markerName, encoding: .utf8)
        let deep = try #require(
            marker.split(separator: "\n").dropFirst().filter { $0.hasSuffix("/index.html") }.max {
                $0.split(separator: "/").count < $1.split(separator: "/").count
            })
        #expect(deep.split(separator: "/").count >= 3, "a page folder inside another folder")
        let folder = String(deep.dropLast("/index.html".count))
        try write("mine", to: site.output + "/" + folder + "/mine.txt")
        var marked = stat()
        #expect(lstat(site.output + "/" + OutputTarget.markerName, &marked) == 0)
        var times = [marked.st_mtim, marked.st_mtim]
        #expect(utimensat(AT_FDCWD, site.output + "/" + folder, &times, AT_SYMLINK_NOFOLLOW) == 0)
        let report = build(site)
        #expect(!report.succeeded)
        #expect(report.errors.first?.message.contains("1 file(s) or folder(s) in it were put there since (\(folder)/mine.txt)") == true, "\(report.errors)")
        #expect(site.read(folder + "/mine.txt") == "mine")
    }

    /// A user's file or folder whose name reads as a listed one but is written with other code
    /// points (`café` with `e` and U+0301, as macOS writes names, beside the site's `café` with
    /// U+00E9) is two entries on disk: it is found as not the site's, never taken for its twin
    /// and deleted with the site.
    @Test func aNameThatReadsAsTheSitesButIsOtherBytesIsTheUsers() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("owned-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let composed = "caf\u{E9}", decomposed = "cafe\u{301}"
        #expect(composed == decomposed && !composed.utf8.elementsEqual(decomposed.utf8))
        try write("site", to: root + "/" + composed + ".html")
        try write("site", to: root + "/" + composed + "/index.html")
        try write("mine", to: root + "/" + decomposed + ".html")
        try write("mine", to: root + "/" + decomposed + "/notes.txt")
        let files: [Substring] = [composed + ".html", composed + "/index.html"]
        #expect(OutputTarget.foreignEntries(in: root, files: files, changedSince: nil) == [decomposed + "/", decomposed + ".html"].sorted())
    }

    /// The folders whose times the ownership check reads are every folder that holds a listed
    /// file, at every depth, whatever the order of the list (sorted as a marker lists it, or not),
    /// told apart by their bytes: two names that read the same but are written with other code
    /// points are two folders on disk, each looked at.
    @Test func theOwnershipCheckLooksAtEveryFolderOfTheListedFiles() {
        func expected(_ files: [Substring]) -> Set<[UInt8]> {
            var folders: Set<[UInt8]> = [[]]
            for file in files {
                var bytes = Array(file.utf8)
                while let slash = bytes.lastIndex(of: UInt8(ascii: "/")) {
                    bytes = Array(bytes[..<slash])
                    folders.insert(bytes)
                }
            }
            return folders
        }
        let lists: [[String]] = [
            [],
            ["index.html", "404.html"],
            ["a/b/c/index.html", "a/b/d/index.html", "a/index.html", "ab/index.html", "a/b/index.html"],
            ["en/news/post-1/index.html", "en/news/post-10/index.html", "en/news/post-2/index.html", "en/news/index.html", "search/0.json"],
            ["a/x.html", "b/c/x.html", "a/y.html", "a/b/c/x.html", "a/b/x.html"],
            ["caf\u{E9}/index.html", "cafe\u{301}/index.html", "caf\u{E9}/more/index.html"],
            ["a-b/index.html", "a/b/index.html", "a.b/x/index.html", "a/b/c/index.html"],
        ]
        for list in lists {
            for files in [list, list.sorted(), list.sorted().reversed()] {
                let found = OutputTarget.folders(of: files.map { $0[...] })
                #expect(Set(found.map { Array($0.utf8) }) == expected(files.map { $0[...] }), "\(files)")
                #expect(found.first == "", "the top folder first")
            }
        }
    }

    @Test func theMarkerListsTheSiteAndAnOlderCecsitesUnmarkedSiteIsTakenOver() throws {
        let site = try TempSite.minimal()
        defer { site.remove() }
        #expect(build(site).succeeded)
        let marker = site.read(OutputTarget.markerName)
        let listed = marker.split(separator: "\n").dropFirst().map(String.init)
        let files = tree(site.output).keys.filter { !$0.hasSuffix("/") && $0 != OutputTarget.markerName }.sorted()
        #expect(listed == files)
        // A site an earlier cecsite built has no marker, nor has its spare; its record lists its
        // files. The spare is claimed all the same (else every build would start from nothing),
        // and the site retired becomes a marked spare.
        #expect(build(site).succeeded)
        try FileManager.default.removeItem(atPath: site.output + "/" + OutputTarget.markerName)
        try FileManager.default.removeItem(atPath: site.root.path + "/.public.spare/" + OutputTarget.markerName)
        func inode(_ path: String) -> UInt64? {
            var info = stat()
            return stat(path, &info) == 0 ? UInt64(info.st_ino) : nil
        }
        let spare = try #require(inode(site.root.path + "/.public.spare"))
        #expect(build(site).succeeded)
        #expect(inode(site.output) == spare, "the unmarked spare became the site")
        #expect(OutputWriter.isMarked(site.root.path + "/.public.spare"))
        try FileManager.default.removeItem(atPath: site.output + "/" + OutputTarget.markerName)
        try write("x", to: site.output + "/extra.txt")
        let report = build(site)
        #expect(report.errors.first?.message.contains("did not make (") == true, "\(report.errors)")
    }

    @Test func foldersNoBuildMayReplaceAreRefused() throws {
        let site = try TempSite.minimal()
        defer { site.remove() }
        let root = site.root.path
        let home = root + "/home", temporary = root + "/scratch"
        try FileManager.default.createDirectory(atPath: home + "/me", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        try write("x", to: root + "/a-file")
        try FileManager.default.createSymbolicLink(atPath: root + "/dangling", withDestinationPath: root + "/nowhere")
        let protected = OutputTarget.Protected(homes: [home + "/me"], temporary: [temporary], workingDirectory: root)
        func refusal(_ given: String) -> String? {
            if case .failure(let diagnostic) = OutputTarget.resolve(given, content: site.content, templates: site.templates, protected: protected) {
                return diagnostic.message
            }
            return nil
        }
        let cases: [(String, String)] = [
            ("", "The output folder is empty (''): is a variable unset?"),
            (" ", "The output folder is empty (' '): is a variable unset?"),
            (".", "is the current folder or holds it"),
            ("/", "is the root folder"),
            (home + "/me", "is the home folder"),
            (home, "holds the home folder"),
            (temporary, "is the system's temporary folder"),
            ("content", "is the content folder"),
            ("content/public", "is inside the content folder"),
            ((site.templates as NSString).deletingLastPathComponent, "holds the templates folder"),
            ("a-file", "is a file, not a folder"),
            ("dangling", "is a symbolic link to '\(root)/nowhere', which does not exist"),
            ("/proc", "is a mount point"),
        ]
        for (given, expected) in cases {
            let message = refusal(given)
            #expect(message?.contains(expected) == true, "'\(given)': \(message ?? "accepted")")
        }
        #expect(refusal("public") == nil)
        #expect(refusal("site/deeper") == nil)
        // The command line, run in a folder of the test's own: '.' and '' never move it.
        let dot = try run(["build", "--content", site.content, "--output", "."], in: root)
        #expect(dot.status == 1 && dot.stderr.contains("is the current folder or holds it"), "\(dot.stderr)")
        let empty = try run(["build", "--content", site.content, "--output", ""], in: root)
        #expect(empty.status == 1 && empty.stderr.contains("The output folder is empty"), "\(empty.stderr)")
        #expect(empty.stderr.contains("the output folder was left unchanged"))
        #expect(FileManager.default.fileExists(atPath: site.content + "/site.yaml"))
    }

    @Test func theOutputFolderKeepsItsModeAndGroupAndALinkIsFollowed() throws {
        let site = try TempSite.minimal()
        defer { site.remove() }
        let real = site.root.path + "/web/real", link = site.root.path + "/web/site"
        try FileManager.default.createDirectory(atPath: real, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real")
        // A web group: any group when root (as CI is), else the user's own.
        let group = getuid() == 0 ? gid_t(50) : getgid()
        #expect(chown(real, uid_t.max, group) == 0)
        #expect(chmod(real, 0o2775) == 0)
        for round in 0..<2 {
            #expect(build(site, output: link).succeeded, "round \(round)")
            var info = stat()
            #expect(lstat(link, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK, "the link stays a link")
            #expect(stat(real, &info) == 0)
            #expect(info.st_mode & 0o7777 == 0o2775 && info.st_gid == group, "mode \(String(info.st_mode & 0o7777, radix: 8)), group \(info.st_gid)")
            #expect(FileManager.default.fileExists(atPath: real + "/index.html"))
        }
        // The record and the spare beside the link's target are private.
        var info = stat()
        #expect(stat(site.root.path + "/web/.real.cecsite-cache", &info) == 0 && info.st_mode & 0o777 == 0o700)
        #expect(stat(site.root.path + "/web/.real.cecsite-cache/pages.store", &info) == 0 && info.st_mode & 0o777 == 0o600)
        #expect(stat(site.root.path + "/web/.real.spare", &info) == 0 && info.st_mode & 0o777 == 0o700)
    }

    @Test func aBackupBesideTheOutputIsNeverALeftover() throws {
        let site = try TempSite.minimal()
        defer { site.remove() }
        let backups = [".public.old-2019", ".public.tmp-4194305", ".public.spare"].map { site.root.path + "/" + $0 }
        for folder in backups { try write("keep me", to: folder + "/notes.txt") }
        for _ in 0..<2 { #expect(build(site).succeeded) }
        for folder in backups {
            #expect((try? String(contentsOfFile: folder + "/notes.txt", encoding: .utf8)) == "keep me", "\(folder)")
        }
    }

    @Test func aggregateNeverWritesOverItsRecords() throws {
        let site = try TempSite([:])
        defer { site.remove() }
        let root = site.root.path
        let records = "election,level,commission_id,region,position,gender\nlocal-2020,district,c1,Kyiv,member,female\n"
        try write(records, to: root + "/rec.csv")
        #expect(link(root + "/rec.csv", root + "/same.csv") == 0)
        for output in ["rec.csv", "./rec.csv", "same.csv"] {
            let result = try run(["aggregate", "--kind", "members", "rec.csv", "-o", output, "--overwrite"], in: root)
            #expect(result.status == 1 && result.stderr.contains("is the records file 'rec.csv' itself"), "\(output): \(result.stderr)")
        }
        #expect(try String(contentsOfFile: root + "/rec.csv", encoding: .utf8) == records)
        try write("old", to: root + "/out.csv")
        let refused = try run(["aggregate", "--kind", "members", "rec.csv", "-o", "out.csv"], in: root)
        #expect(refused.status == 1 && refused.stderr.contains("This file exists; pass --overwrite"), "\(refused.stderr)")
        #expect(try String(contentsOfFile: root + "/out.csv", encoding: .utf8) == "old")
        let replaced = try run(["aggregate", "--kind", "members", "rec.csv", "-o", "out.csv", "--overwrite"], in: root)
        #expect(replaced.status == 0, "\(replaced.stderr)")
        #expect(try String(contentsOfFile: root + "/out.csv", encoding: .utf8).contains("local-2020"))
        // A pipe (as /dev/null, a device) is not replaced by a regular file, even with --overwrite.
        #expect(mkfifo(root + "/pipe", 0o600) == 0)
        let piped = try run(["aggregate", "--kind", "members", "rec.csv", "-o", "pipe", "--overwrite"], in: root)
        #expect(piped.status == 1 && piped.stderr.contains("This is not a regular file"), "\(piped.stderr)")
        var info = stat()
        #expect(stat(root + "/pipe", &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
    }

    @Test func messagesAreOneLineEachAndEveryKindIsCapped() throws {
        #expect(
            Diagnostic(.error, SourceLocation(file: "pages/a\nb.md", line: 2, column: 3), "Bad value 'x\u{1B}[31m'", stage: .load).description
                == "pages/a\\nb.md:2:3: error: Bad value 'x\\u{1B}[31m'")
        let many =
            (1...25).map { Diagnostic(.error, SourceLocation(file: "r.csv", line: 1, column: $0), "Unknown column 'c\($0)'", stage: .load) }
            + [Diagnostic(.error, SourceLocation(file: "r.csv", line: 1, column: 30), "Another problem", stage: .load)]
        let capped = many.sortedAndCapped()
        #expect(capped.count == 22)
        #expect(capped[19].message == "Unknown column 'c20'")
        #expect(capped[20].message == "5 more error(s) like the one above not listed; fix those and build again")
        #expect(capped[21].message == "Another problem")
    }

    @Test func aTemplatesFolderGivenAsALinkIsRead() throws {
        let site = try TempSite.minimal()
        defer { site.remove() }
        try FileManager.default.createSymbolicLink(atPath: site.root.path + "/theme", withDestinationPath: site.templates)
        var options = BuildOptions(content: site.content, templates: site.root.path + "/theme", output: site.output, date: Day(iso: "2021-01-15"))
        options.incremental = false
        let report = CECSiteKit.build(options)
        #expect(report.succeeded, "\(site.lines(report))")
        #expect(site.read("index.html").contains("<html"))
    }
}
