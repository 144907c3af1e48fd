import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteFormats
@testable import CECSiteKit
@testable import CECSiteMarkdown
@testable import CECSiteSearch
@testable import CECSiteTemplates

/// Incremental builds: after every kind of change, a build that reuses the previous output is
/// byte-identical to a clean build, and renders only the pages whose inputs changed.
@Suite struct IncrementalTests {
    @Test func incrementalBuildsEqualCleanBuildsThroughASequenceOfEdits() throws {
        let footer = try String(contentsOf: repositoryRoot.appendingPathComponent("templates/partials/footer.mustache"), encoding: .utf8)
        let site = try TempSite.minimal(["templates/partials/footer.mustache": footer])
        defer { site.remove() }
        let incremental = site.root.appendingPathComponent("incremental").path
        let clean = site.root.appendingPathComponent("clean").path
        func write(_ path: String, _ text: String?) throws {
            let url = site.root.appendingPathComponent(path)
            if let text { try Data(text.utf8).write(to: url) } else { try FileManager.default.removeItem(at: url) }
        }
        func read(_ path: String) throws -> String { try String(contentsOf: site.root.appendingPathComponent(path), encoding: .utf8) }
        /// Builds both ways and compares every file; returns how many pages were reused, and of
        /// those how many without building their context.
        func check(_ step: String) throws -> (reused: Int, pages: Int, unbuilt: Int, made: [String], kept: Int) {
            let report = site.build(incremental, incremental: true)
            try? FileManager.default.removeItem(atPath: clean)
            try? FileManager.default.removeItem(atPath: BuildOptions.cacheDirectory(for: clean))
            let reference = site.build(clean, incremental: false)
            #expect(report.succeeded && reference.succeeded, "\(step)")
            let a = try snapshot(incremental), b = try snapshot(clean)
            #expect(Set(a.keys) == Set(b.keys), "\(step): different files")
            for (path, data) in b where a[path] != data { Issue.record("\(step): \(path) differs from a clean build") }
            return (report.reused, report.pages, report.unbuilt, report.madeProducts, report.reusedProducts)
        }

        let first = try check("first build")
        #expect(first.reused == 0)
        let cache = BuildOptions.cacheDirectory(for: incremental)
        let pageRecord = URL(fileURLWithPath: StoreFile.path(folder: cache, kind: .pages))
        /// The page store's entries, and how many paths they name.
        func recordLines() throws -> (lines: Int, paths: Int) {
            let read = StoreFile.read(folder: cache, kind: .pages, program: ProgramStamp.current)
            return (read.entries ?? -1, read.index.count)
        }
        let recorded = try Data(contentsOf: pageRecord)
        let unchanged = try check("nothing changed")
        let recordedAgain = try Data(contentsOf: pageRecord)
        #expect(recordedAgain == recorded, "a build that changed nothing leaves the page record as it was")
        #expect(unchanged.reused == first.pages - 2, "every page but the two 404 pages is reused")
        #expect(unchanged.unbuilt == first.pages - 2, "no page's context is built: \(unchanged)")
        #expect(first.made.contains("sitemap.xml") && first.made.contains("search/index/en-0.json"), "\(first.made)")
        #expect(
            unchanged.made.isEmpty && unchanged.kept == first.made.count,
            "no search index file, sitemap or feed is made again: \(unchanged.made)")

        try write("content/news/first.en.md", try read("content/news/first.en.md").replacingOccurrences(of: "Body of the news.", with: "A new body."))
        let edited = try check("a news body edited")
        #expect(edited.reused > 0 && edited.pages - edited.reused < 12, "only the news item's pages are rendered: \(edited)")
        #expect(
            edited.unbuilt == unchanged.unbuilt - 4,
            "only the edited item's four pages build a context; the lists show no body: \(edited)")
        // "Body of the news." became "A new body.": the terms `of` and `the` went (`news` and
        // `new` are one stem, `new`, as often as before), so their chunks, the documents' chunks
        // (the snippet) and the feeds (the body) are made; nothing else is.
        #expect(
            edited.made == [
                "en/news/atom.xml", "news/atom.xml", "search/index/en-0.json",
                "search/index/t-6f-66.json", "search/index/t-74-68.json", "search/index/uk-0.json",
            ],
            "only what shows the edited text is made again: \(edited.made)")

        let appended = try recordLines()
        #expect(
            appended.lines > appended.paths && appended.lines < appended.paths + 20,
            "the entries of the changed pages are appended, the record is not written again: \(appended)")
        try write("content/news/second.en.md", "---\ntitle: \"Second\"\ndate: 2020-10-01\n---\nMore.\n")
        let added = try check("a news item added")
        #expect(added.made.contains("sitemap.xml"), "a new page is a new address")
        #expect(
            added.unbuilt >= 8 && added.unbuilt < unchanged.unbuilt,
            "another document's page depends only on its own sources; the lists build again: \(added)")
        try write("content/news/second.en.md", nil)
        _ = try check("a news item deleted")
        try write(
            "content/news/first.en.md", try read("content/news/first.en.md").replacingOccurrences(of: "title: \"First news\"", with: "title: \"Retitled news\"")
        )
        let retitled = try check("a news title edited")
        #expect(retitled.unbuilt == added.unbuilt - 4, "the item's pages and the lists build a context, no other document's: \(retitled)")
        try write("content/plan/units.yaml", try read("content/plan/units.yaml").replacingOccurrences(of: "Office of Informatization", with: "Office of IT"))
        let shared = try check("shared data (a unit's name) changed")
        #expect(shared.unbuilt == 0, "a change outside the documents builds every context again: \(shared)")
        try write(
            "content/site.yaml",
            try read("content/site.yaml").replacingOccurrences(of: "Test site", with: "Renamed site")
                .replacingOccurrences(of: "Тестовий сайт", with: "Перейменований сайт"))
        let renamed = try check("the site's title changed")
        #expect(renamed.reused == 0, "the title is on every page in both languages")
        try write(
            "templates/partials/footer.mustache",
            footer.replacingOccurrences(of: "<footer class=\"site-footer\">", with: "<footer class=\"site-footer\">\n<p>Changed.</p>"))
        let template = try check("a template changed")
        #expect(template.reused == 0, "every page uses the footer")
        // A built file damaged by hand is rendered again, not reused.
        try Data("damaged".utf8).write(to: URL(fileURLWithPath: incremental + "/plan/index.html"))
        _ = try check("an output file damaged")
        // Damaged values of the search-terms record (here every value, so that the values of the
        // documents in use are among them; a stale value is never read): those documents are
        // tokenised again and the record is written whole, without the damaged values.
        let terms = StoreFile.read(folder: cache, kind: .terms, program: ProgramStamp.current)
        StoreFile.save(
            folder: cache, kind: .terms, program: ProgramStamp.current, previous: StoreContents(),
            keys: terms.index.keys.sorted(), changed: [], whole: true
        ) { _ in Array("term notanumber".utf8) }
        let termsFile = StoreFile.path(folder: cache, kind: .terms)
        #expect(try Data(contentsOf: URL(fileURLWithPath: termsFile)).range(of: Data("notanumber".utf8)) != nil)
        _ = try check("the search-terms record damaged")
        #expect(try Data(contentsOf: URL(fileURLWithPath: termsFile)).range(of: Data("notanumber".utf8)) == nil)
        // Each store cut in the middle of its last entry, as by a build killed while saving: it
        // is read as far as it is intact, the build is still exact, and it is written whole again.
        for kind in StoreKind.allCases {
            try write("content/news/first.en.md", try read("content/news/first.en.md") + "\nCut \(kind).\n")
            _ = try check("an edit before the \(kind) store is cut")
            let file = URL(fileURLWithPath: StoreFile.path(folder: cache, kind: kind))
            let whole = try Data(contentsOf: file)
            try whole.dropLast(3).write(to: file)
            let program = kind == .documents ? DocumentCache.format + " " + ProgramStamp.current : ProgramStamp.current
            let cut = StoreFile.read(folder: cache, kind: kind, program: program)
            #expect(cut.entries == nil && !cut.index.isEmpty, "\(kind): the entries before the cut are read")
            _ = try check("the \(kind) store cut")
            let rewritten = StoreFile.read(folder: cache, kind: kind, program: program)
            #expect(rewritten.entries == rewritten.index.count, "\(kind): written whole")
        }
        // A record another program wrote: a new cecsite may render the same context otherwise.
        let ours = try Data(contentsOf: pageRecord)
        try (Data("cecsite-store 1 pages another-program\n".utf8) + ours.drop(while: { $0 != 0x0A }).dropFirst()).write(to: pageRecord)
        let other = try check("the page record of another program")
        #expect(other.reused == 0 && other.made.contains("sitemap.xml"), "nothing of another program's record is reused: \(other.reused)")
    }
}

/// The search index of a rebuild whose memo holds (``SearchIndexMemo``): only the term chunks
/// of the changed documents' changed terms are found and made again, and the index is a clean
/// build's.
@Suite struct SearchIndexMemoTests {
    @Test func anEditMakesExactlyTheTermChunksThatChange() throws {
        let site = try TempSite.minimal()
        defer { site.remove() }
        let incremental = site.root.appendingPathComponent("incremental").path
        let clean = site.root.appendingPathComponent("clean").path
        let cache = BuildOptions.cacheDirectory(for: incremental)
        /// The term chunks of a clean build.
        func cleanChunks() throws -> [String: Data] {
            try? FileManager.default.removeItem(atPath: clean)
            #expect(site.build(clean, incremental: false).succeeded)
            return try snapshot(clean).filter { $0.key.hasPrefix("search/index/") }
        }
        /// Builds incrementally; returns the term chunks it made, after checking that its index
        /// is a clean build's and that they are the chunks whose bytes changed.
        @discardableResult
        func check(_ step: String, before: inout [String: Data]) throws -> Set<String> {
            let report = site.build(incremental, incremental: true)
            #expect(report.succeeded, "\(step)")
            let after = try cleanChunks()
            let index = try snapshot(incremental).filter { $0.key.hasPrefix("search/index/") }
            #expect(index == after, "\(step): the index is not a clean build's")
            let made = Set(report.madeProducts.filter { $0.hasPrefix("search/index/t-") })
            let changed = Set(after.keys.filter { $0.hasPrefix("search/index/t-") && before[$0] != after[$0] })
            #expect(made == changed, "\(step): made \(made.sorted()), changed \(changed.sorted())")
            before = after
            return made
        }
        var chunks = try cleanChunks()
        #expect(site.build(incremental, incremental: true).succeeded)
        #expect(FileManager.default.fileExists(atPath: cache + "/search-index.memo"))
        try check("nothing changed", before: &chunks)
        // A word changed: `corpus` came (the chunk t-63-6f), `body` went (its chunk t-62-6f with it).
        try site.edit("content/news/first.en.md") { $0.replacingOccurrences(of: "Body of the news.", with: "Corpus of the news.") }
        let word = try check("a word changed", before: &chunks)
        #expect(word == ["search/index/t-63-6f.json"], "\(word.sorted())")
        #expect(chunks["search/index/t-62-6f.json"] == nil, "the chunk of `body` is gone")
        // A word added to one of a chunk's terms, another removed: the chunks of `news` and `of`.
        try site.edit("content/news/first.en.md") { $0.replacingOccurrences(of: "Corpus of the news.", with: "Corpus news news.") }
        try check("a weight changed and a term went", before: &chunks)
        // Text that makes no term (one letter): no term chunk is made.
        try site.edit("content/news/first.en.md") { $0 + "\nx\n" }
        #expect(try check("no term changed", before: &chunks).isEmpty)
        // A new chunk, and then the only term of a chunk gone.
        try site.edit("content/news/first.en.md") { $0 + "\nZygote.\n" }
        #expect(try check("a new chunk", before: &chunks) == ["search/index/t-7a-79.json"])
        try site.edit("content/news/first.en.md") { $0.replacingOccurrences(of: "Zygote.", with: "") }
        try check("a chunk gone", before: &chunks)
        // A terms store rewritten by another hand: the memo no longer stands for it.
        let terms = StoreFile.read(folder: cache, kind: .terms, program: ProgramStamp.current)
        StoreFile.save(
            folder: cache, kind: .terms, program: ProgramStamp.current, previous: StoreContents(),
            keys: terms.index.keys.sorted(), changed: [], whole: true
        ) { _ in Array("term notanumber".utf8) }
        try site.edit("content/news/first.en.md") { $0.replacingOccurrences(of: "Corpus", with: "Body") }
        try check("the terms store rewritten", before: &chunks)
        // A damaged memo is not read.
        try Data("cecsite-search-memo 1 damaged\n".utf8).write(to: URL(fileURLWithPath: cache + "/search-index.memo"))
        try site.edit("content/news/first.en.md") { $0.replacingOccurrences(of: "Body", with: "Corpus") }
        try check("the memo damaged", before: &chunks)
    }

    @Test func theMemoReadsBackAsWritten() {
        let memo = SearchIndexMemo(
            keys: ["a1", "b2", ""],
            chunks: [.init(name: "61-62", prefix: Array("ab".utf8), key: "k1"), .init(name: "456-438", prefix: Array("жи".utf8), key: "k2")])
        let stamp = FileStamp(size: 3, modified: 4, inode: 5)
        let bytes = Data(memo.serialized(program: "p", store: stamp))
        #expect(SearchIndexMemo(bytes, program: "p", store: stamp) == memo)
        #expect(SearchIndexMemo(bytes, program: "q", store: stamp) == nil, "another program's")
        #expect(SearchIndexMemo(bytes, program: "p", store: FileStamp(size: 3, modified: 4, inode: 6)) == nil, "another store's")
        #expect(SearchIndexMemo(bytes.dropLast(2), program: "p", store: stamp) == nil, "cut")
    }
}

/// The calendar's iCalendar files are keyed like its pages (the list key): reused unmade after
/// a document's body changed, made again when the events change.
@Suite struct CalendarFeedReuseTests {
    @Test func aBodyEditReusesTheCalendarFeedsAndAnEventEditRemakesThem() throws {
        let site = try TempSite.minimal()
        defer { site.remove() }
        let incremental = site.root.appendingPathComponent("incremental").path
        let clean = site.root.appendingPathComponent("clean").path
        /// Builds incrementally and cleanly, checks that the outputs are the same; returns the
        /// calendar files made.
        func check(_ step: String) throws -> [String] {
            let report = site.build(incremental, incremental: true)
            try? FileManager.default.removeItem(atPath: clean)
            #expect(report.succeeded && site.build(clean, incremental: false).succeeded, "\(step)")
            let a = try snapshot(incremental), b = try snapshot(clean)
            #expect(Set(a.keys) == Set(b.keys), "\(step): different files")
            for (path, data) in b where a[path] != data { Issue.record("\(step): \(path) differs from a clean build") }
            return report.madeProducts.filter { $0.hasSuffix(".ics") }
        }
        let first = try check("first build")
        #expect(!first.isEmpty, "the plan's milestones have calendar files")
        try site.edit("content/news/first.en.md") { $0.replacingOccurrences(of: "Body of the news.", with: "A new body.") }
        #expect(try check("a news body edited").isEmpty, "no calendar file is made again")
        try site.edit("content/plan/pillars/1-capacity.yaml") { $0.replacingOccurrences(of: "CEC staff advanced training", with: "Staff training") }
        #expect(try check("a milestone's action renamed").count == first.count, "every calendar file is made again")
    }
}

/// The one place that decides whether a file of a build is the previous build's file.
@Suite struct BuildRecordTests {
    @Test func aFileIsReusedOnlyUnderItsKeyAndWhileIntact() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("record-\(UUID().uuidString)")
        let output = root.appendingPathComponent("site").path
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        var made: [String] = []
        /// One build of two files, `a` under `keyA` and the page `p` (first key `keyP`, second
        /// key `detail`): what each gave, saved as a build would once the files are in place.
        func build(_ keyA: String, _ keyP: String, _ detail: String, bytes: String = "page", trusted: Bool = false) throws -> [OutputFile] {
            let record = BuildRecord(outputDirectory: output)
            record.trustsOutput = trusted
            let a = record.output("a.txt", key: keyA) {
                made.append("a")
                return Data("a \(keyA)".utf8)
            }
            let p = try #require(
                record.output("p.html", key: keyP, counted: .page) {
                    made.append("p context")
                    return BuildRecord.Refined(
                        key: { detail },
                        make: {
                            made.append("p")
                            return Data(bytes.utf8)
                        })
                })
            // As the writer does: a file the record found the same stays as it is (linked).
            for file in [a, p] where file.previous != .same {
                try file.data.write(to: URL(fileURLWithPath: output + "/" + file.path))
            }
            record.save(files: ["a.txt", "p.html"])
            return [a, p]
        }
        _ = try build("1", "x", "d")
        #expect(made == ["a", "p context", "p"])
        made = []
        let same = try build("1", "x", "d")
        #expect(made.isEmpty, "both keys as recorded: nothing is made or even built")
        #expect(same.allSatisfy { $0.previous == .same && $0.data.isEmpty })
        made = []
        _ = try build("2", "y", "d")
        #expect(made == ["a", "p context"], "a new key makes the file; a page's second key can still reuse it")
        made = []
        _ = try build("2", "y", "d")
        #expect(made.isEmpty, "the page reused by its second key was recorded under its new first key")
        let pages = StoreFile.path(folder: BuildRecord.directory(for: output), kind: .pages)
        let size = try #require(FileStamp(path: pages)).size
        made = []
        _ = try build("2", "y", "d")
        #expect(made.isEmpty && FileStamp(path: pages)?.size == size, "nothing changed: nothing appended to the page record")
        // Damaged entries: not six fields, or a stamp that is not a number. The file is made again.
        for damaged in ["y\td\tfingerprint\t4", "y\td\tfingerprint\t4\t1\tinode", "y\td\tf\t4\t1\t2\t3"] {
            StoreFile.save(
                folder: BuildRecord.directory(for: output), kind: .pages, program: ProgramStamp.current, previous: StoreContents(),
                keys: ["a.txt", "p.html"], changed: [], whole: true
            ) { $0 == "p.html" ? Array(damaged.utf8) : Array("2\t\t\(Fingerprint.of(Data("a 2".utf8)))\t1\t1\t1".utf8) }
            made = []
            _ = try build("2", "y", "d")
            #expect(made == ["a", "p context", "p"], "\(damaged): a stamp not as the file is, and a damaged entry")
        }
        made = []
        _ = try build("2", "z", "e", bytes: "page")
        #expect(made == ["p context", "p"])
        made = []
        try Data("edited by hand".utf8).write(to: URL(fileURLWithPath: output + "/a.txt"))
        let damaged = try build("2", "z", "e")
        #expect(made == ["a"], "a file not as the record left it is made again")
        #expect(damaged[0].previous == .different)
        // A folder trusted to be as the record's build left it (a session's own): no file is
        // looked at, so one edited behind its back is reused; not trusted, it is made again.
        try Data("edited by hand".utf8).write(to: URL(fileURLWithPath: output + "/a.txt"))
        made = []
        let trusted = try build("2", "z", "e", trusted: true)
        #expect(made.isEmpty && trusted.allSatisfy { $0.previous == .same }, "a trusted folder's files are not looked at")
        made = []
        _ = try build("2", "z", "e")
        #expect(made == ["a"], "not trusted, the edited file is made again")
        made = []
        _ = try build("2", "", "")
        #expect(made == ["p context", "p"], "no key: nothing reused")
        let off = BuildRecord()
        let file = off.output("a.txt", key: "2") { Data("a 2".utf8) }
        #expect(file.previous == .unknown && !off.recording, "a record that does not record makes every file")
    }

    /// A file deep in the output folder is stamped where it is (by its last names in the folder
    /// above its folder, opened once for its neighbours): each file is reused while intact and
    /// made again once edited by hand, at every depth and below folders of any name.
    @Test func aFileDeepInTheOutputIsStampedWhereItIs() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("deep-\(UUID().uuidString)")
        let output = root.appendingPathComponent("site").path
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let paths = [
            "top.html", "a/index.html", "a/b/index.html", "a/b/c/index.html", "a/b/d/index.html", "a/b/c/e/f/index.html",
            "caf\u{E9}/n/index.html", "\u{0444}/n/index.html",
        ]
        /// Writes `text` at `path` below the output with the system's calls, the bytes of the
        /// path as they are (no layer that might normalize them).
        func put(_ path: String, _ text: String) {
            var folder = ""
            for name in path.split(separator: "/").dropLast() {
                folder += (folder.isEmpty ? "" : "/") + name
                mkdir(output + "/" + folder, 0o755)
            }
            unlink(output + "/" + path)
            let fd = open(output + "/" + path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            _ = Array(text.utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
        }
        var made: [[UInt8]] = []
        func build() {
            let record = BuildRecord(outputDirectory: output)
            for path in paths {
                let file = record.output(path, key: "k") {
                    made.append(Array(path.utf8))
                    return Data(path.utf8)
                }
                if file.previous != .same { put(path, path) }
            }
            record.save(files: paths)
        }
        build()
        #expect(made == paths.map { Array($0.utf8) })
        made = []
        build()
        #expect(made.isEmpty, "every file intact where it is: reused")
        for edited in ["caf\u{E9}/n/index.html", "a/b/c/e/f/index.html", "a/b/index.html", "top.html"] {
            put(edited, "edited by hand")
            made = []
            build()
            #expect(made == [Array(edited.utf8)], "\(edited): made again, and only it")
        }
    }
}

/// The record's lists kept in memory by a session (``ListMemory``): taken only while the file
/// is as it was read.
@Suite struct ListMemoryTests {
    @Test func aListIsReadAgainOnceItsFileChanged() throws {
        StoreMemory.shared.enable()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lists-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let path = root.appendingPathComponent("files.txt").path
        let memory = ListMemory()
        #expect(memory.read(path) == nil)
        try Data("a\nb\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(memory.read(path) == ["a", "b"])
        #expect(memory.read(path) == ["a", "b"])
        // Another list of the same size, written in place (the same inode): its time differs.
        let file = try #require(FileHandle(forWritingAtPath: path))
        usleep(10_000)
        try file.write(contentsOf: Data("a\nc\n".utf8))
        try file.close()
        #expect(memory.read(path) == ["a", "c"], "a file written since it was read is read again")
        try Data("d\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(memory.read(path) == ["d"])
        try FileManager.default.removeItem(atPath: path)
        #expect(memory.read(path) == nil, "a removed list is none")
    }
}

/// A reused page is not read again to check its links unless a file it may link to is gone.
@Suite struct ReusedLinksTests {
    /// The minimal site built once; then a reused page made (behind cecsite's back, keeping its
    /// stamp) to link to `ghost/index.html`, which the record says the last build had.
    func siteWithAGhostLink(listedAsLinked: Bool?) throws -> (TempSite, BuildReport) {
        let site = try TempSite.minimal()
        #expect(site.build().succeeded)
        let page = site.output + "/plan/index.html"
        var info = stat()
        #expect(stat(page, &info) == 0)
        let text = try String(contentsOfFile: page, encoding: .utf8)
        let link = try #require(text.range(of: "href=\"/\""))
        // The same size, written in place, the time put back: the record's stamp still holds.
        try Data(text.replacingCharacters(in: link, with: "href=\"/ghost/\"").utf8.dropLast(6)).write(to: URL(fileURLWithPath: page))
        var times = [info.st_atim, info.st_mtim]
        #expect(utimensat(AT_FDCWD, page, &times, 0) == 0)
        let cache = BuildOptions.cacheDirectory(for: site.output)
        let files = try String(contentsOfFile: cache + "/files.txt", encoding: .utf8)
        try Data((files + "ghost/index.html\n").utf8).write(to: URL(fileURLWithPath: cache + "/files.txt"))
        let links = cache + "/links.txt"
        switch listedAsLinked {
        case nil: try FileManager.default.removeItem(atPath: links)
        case true?: try Data((try String(contentsOfFile: links, encoding: .utf8) + "ghost/index.html\n").utf8).write(to: URL(fileURLWithPath: links))
        case false?: break
        }
        return (site, site.build())
    }

    @Test func aGoneFileThatAPageLinksToIsCheckedInTheReusedPages() throws {
        for listed in [true, nil] as [Bool?] {
            let (site, report) = try siteWithAGhostLink(listedAsLinked: listed)
            defer { site.remove() }
            #expect(!report.succeeded)
            #expect(
                site.lines(report).contains { $0.contains("plan/index.html:") && $0.contains("Broken internal link '/ghost/'") },
                "\(site.lines(report))")
        }
    }

    @Test func aTargetFirstLinkedByAnEditedPageIsListedAndAnUnchangedListKept() throws {
        let site = try TempSite.minimal()
        defer { site.remove() }
        #expect(site.build().succeeded)
        let links = BuildOptions.cacheDirectory(for: site.output) + "/links.txt"
        let news = site.root.appendingPathComponent("content/news/first.en.md")
        let text = try String(contentsOf: news, encoding: .utf8)
        // An edit whose pages link to nothing new: the list is kept as it is, not written.
        try Data((text + "\nMore [news](/news/).\n").utf8).write(to: news)
        let stamp = FileStamp(path: links)
        #expect(site.build().succeeded)
        #expect(FileStamp(path: links) == stamp, "the list is as it was")
        // A new item: the pages that list it (rendered) link to files no page linked to; the list
        // gains them, so that a build in which they are gone checks the reused pages again.
        #expect(try !String(contentsOfFile: links, encoding: .utf8).contains("news/second/index.html\n"))
        try Data("---\ntitle: \"Second\"\ndate: 2020-10-01\n---\nMore.\n".utf8)
            .write(to: site.root.appendingPathComponent("content/news/second.en.md"))
        #expect(site.build().succeeded)
        #expect(try String(contentsOfFile: links, encoding: .utf8).contains("news/second/index.html\n"))
    }

    @Test func aGoneFileNoPageLinksToCostsNoReading() throws {
        let (site, report) = try siteWithAGhostLink(listedAsLinked: false)
        defer { site.remove() }
        #expect(report.succeeded, "the reused pages were not read: \(site.lines(report))")
        let links = try String(contentsOfFile: BuildOptions.cacheDirectory(for: site.output) + "/links.txt", encoding: .utf8)
        #expect(links.contains("index.html\n") && !links.contains("ghost/"), "the reused pages' links are those known")
    }
}
