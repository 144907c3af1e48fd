import CECSiteContent
import CECSiteCore
import Foundation

/// Checks that every root-relative `href` and `src` in the rendered HTML leads to a file of the
/// build, so no template or content change can publish a broken internal link.
struct LinkChecker {
    let files: [OutputFile]
    let sink: DiagnosticSink
    /// Where the pages reused from the previous build (``OutputFile/Previous/same``, not read)
    /// are, when their links must be checked again; nil skips them.
    var reusedFolder: String? = nil
    /// The bytes of a page that holds none (reused, or placed in the staging folder as it was
    /// made); nil skips the page. Nil: those of ``reusedFolder``.
    var read: (@Sendable (OutputFile) -> Data?)? = nil
    /// The pages scanned as they were rendered (``Collector``), by index in `files`: their
    /// links are not read again. Shorter than `files` (or empty): the others are read.
    var scanned: [Scan?] = []
    /// What made the scans in ``scanned``.
    var collector: Collector? = nil
    /// When every page of the build is one of the collector's pages and they come first: the
    /// index in `files` of the first file that is not one. A path is then a file of the build
    /// when it is one of those pages or one of the files from here on, and the set of every
    /// path (44,000 at 10,000 pages) is not made.
    var extraFiles: Int? = nil

    /// The files of the previous build (`previous`) that `files` no longer hold; a set of the
    /// new paths is made only when some are (a new file, or fewer files).
    static func gone(from previous: Set<String>, _ files: [OutputFile]) -> Set<String> {
        if files.count == previous.count, files.allSatisfy({ previous.contains($0.path) }) { return [] }
        return previous.subtracting(files.map(\.path))
    }

    /// A page's links that are not to a page of the build, found as it was rendered: each
    /// URL once, by its number in the ``Collector``, with the line of its first use.
    struct Scan: Sendable {
        var others: [(url: UInt32, line: UInt32)] = []
    }

    /// Scans the pages' links as they are rendered, so that no page's bytes need to be kept
    /// (or read back) for the check. A link to a page of the build is right when every page was
    /// made (else the check reads every page again); the others (to the files the build makes
    /// besides pages, known only once all of them are made) are kept, as numbers, for ``run()``.
    /// Holds every link's target, for the record (``BuildRecord/linkTargets``).
    final class Collector: @unchecked Sendable {
        /// The paths of the build's pages.
        let pages: Set<String>
        private let lock = NSLock()
        private(set) var targets: Set<String> = []
        /// Every URL scanned, by its number.
        private var numbers: [String: UInt32] = [:]
        /// By number: a URL and its target.
        private(set) var urls: [(url: String, target: String)] = []
        /// By number: whether the URL's target is a page of the build, and the last scan that
        /// met it (a URL is kept once per page).
        private var known: [(page: Bool, scan: Int)] = []
        private var scans = 0

        init(pages: Set<String>) { self.pages = pages }

        /// The links of one page that are not to a page of the build; its targets are kept.
        ///
        /// Each URL is looked up once, in the table of every URL scanned: the menu's, the
        /// footer's, a document's twins recur on many pages, and their target, whether it is a
        /// page, and the target's place in ``targets`` are found once for the build (a page's URLs
        /// were hashed four times, in sets of its own and the build's: 5 % of a 10,000-page
        /// build's CPU time, BENCHMARKS.md, 2026-12-07, sixth session).
        func scan(_ html: Data) -> Scan {
            let links = LinkChecker.links(in: html, rootRelativeOnly: true)
            lock.lock()
            defer { lock.unlock() }
            scans += 1
            var others: [(url: UInt32, line: UInt32)] = []
            for (url, line) in links {
                let number: Int
                if let found = numbers[url] {
                    number = Int(found)
                } else {
                    let target = LinkChecker.target(of: url)
                    number = urls.count
                    numbers[url] = UInt32(number)
                    urls.append((url, target))
                    known.append((pages.contains(target), 0))
                    targets.insert(target)
                }
                // A URL seen on the page (the menu's, the footer's) is kept once, at its first line.
                guard known[number].scan != scans else { continue }
                known[number].scan = scans
                if !known[number].page { others.append((UInt32(number), UInt32(clamping: line))) }
            }
            return Scan(others: others)
        }
    }

    /// The file a root-relative URL leads to: without its query and fragment, `index.html` in a folder.
    static func target(of url: String) -> String {
        // An ASCII URL (almost every link) is cut over its bytes, the same cut as over characters
        // without walking graphemes: every link of every page passes here.
        let bytes = url.utf8
        guard !bytes.isEmpty, bytes.allSatisfy({ $0 < 0x80 }) else {
            var path = String(url.dropFirst())
            if let cut = path.firstIndex(where: { $0 == "#" || $0 == "?" }) { path = String(path[..<cut]) }
            return path.isEmpty || path.hasSuffix("/") ? path + "index.html" : path
        }
        let start = bytes.index(after: bytes.startIndex)
        let end = bytes[start...].firstIndex { $0 == UInt8(ascii: "#") || $0 == UInt8(ascii: "?") } ?? bytes.endIndex
        let path = String(Substring(url.utf8[start..<end]))
        return start == end || bytes[bytes.index(before: end)] == UInt8(ascii: "/") ? path + "index.html" : path
    }

    /// Checks the pages' links, reporting the broken ones to the sink.
    ///
    /// - Returns: The files the pages it read link to, and whether it read every page (false
    ///   when a reused page was skipped or could not be read back).
    @discardableResult
    func run() -> (targets: Set<String>, complete: Bool) {
        let paths: PathSet
        if let extraFiles, let collector {
            paths = PathSet(pages: collector.pages, others: Set(files[extraFiles...].map(\.path)))
        } else {
            paths = PathSet(pages: [], others: Set(files.map(\.path)))
        }
        let pages = files.indices.filter { files[$0].path.hasSuffix(".html") }
        let reusedFolder = reusedFolder
        let read =
            read ?? { file in
                guard let folder = reusedFolder else { return nil }
                return FileManager.default.contents(atPath: folder + "/" + file.path)
            }
        let scanned = scanned
        let urls = collector?.urls ?? []
        // Pages are independent: scan them in parallel, report in file order.
        let results = parallelMap(pages.count) { k -> (found: [(SourceLocation, String)], targets: Set<String>, read: Bool) in
            let index = pages[k]
            var file = files[index]
            var found: [(SourceLocation, String)] = []
            func broken(_ url: String, _ target: String, _ line: Int) {
                found.append(
                    (
                        SourceLocation(file: file.path, line: line, column: 1),
                        "Broken internal link '\(url)': the build has no file '\(target)'; fix the link in the template or content that produced it"
                    ))
            }
            if index < scanned.count, let scan = scanned[index] {
                for (number, line) in scan.others where !paths.contains(urls[Int(number)].target) {
                    broken(urls[Int(number)].url, urls[Int(number)].target, Int(line))
                }
                return (found, [], true)
            }
            if file.data.isEmpty, file.previous == .same || file.placed != nil {
                guard let data = read(file) else { return ([], [], false) }
                file.data = data
            }
            var reported: Set<String> = []
            var targets: Set<String> = []
            for (url, line) in Self.links(in: file.data, rootRelativeOnly: true) {
                let target = Self.target(of: url)
                targets.insert(target)
                if !paths.contains(target), reported.insert(url).inserted { broken(url, target, line) }
            }
            return (found, targets, true)
        }
        for (location, message) in results.map(\.found).joined() { sink.error(location, message) }
        var targets = collector?.targets ?? []
        for page in results { targets.formUnion(page.targets) }
        return (targets, results.allSatisfy(\.read))
    }

    /// The paths of the build's files: its pages and the others.
    private struct PathSet: Sendable {
        var pages: Set<String>
        var others: Set<String>
        func contains(_ path: String) -> Bool { pages.contains(path) || others.contains(path) }
    }

    /// The values of `href="…"` and `src="…"` attributes, with their line numbers.
    static func links(in html: String) -> [(String, Int)] {
        links(in: Data(html.utf8), rootRelativeOnly: false)
    }

    /// The values of `href="…"` and `src="…"` attributes in UTF-8 HTML, with their line numbers;
    /// with `rootRelativeOnly`, only those starting with a single `/`.
    ///
    /// The lines are counted as a walk over every byte counts them: the line ends inside an
    /// attribute's value are not counted (the walk skips to its closing quote). The attributes are
    /// found from their `=` (``memchr``) and the lines counted between them, not byte by byte: the
    /// walk was 3.4 % of a 10,000-page build's user samples (BENCHMARKS.md, 2026-12-07, fifth session).
    static func links(in html: Data, rootRelativeOnly: Bool) -> [(String, Int)] {
        var result: [(String, Int)] = []
        html.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            let count = bytes.count
            guard let base = bytes.baseAddress else { return }
            var line = 1
            // The lines are counted up to here; a link's value is skipped.
            var counted = 0
            var equals = 0
            while equals < count {
                guard let found = memchr(base + equals, 0x3D, count - equals) else { break }
                let e = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
                equals = e + 1
                // ` href="` or ` src="`, whose space is at `i`; the walk looked at a space only
                // with 6 bytes after it.
                var i = -1
                if e >= 5, bytes[e - 5] == 0x20, bytes[e - 4] == 0x68, bytes[e - 3] == 0x72, bytes[e - 2] == 0x65, bytes[e - 1] == 0x66 {
                    i = e - 5
                } else if e >= 4, bytes[e - 4] == 0x20, bytes[e - 3] == 0x73, bytes[e - 2] == 0x72, bytes[e - 1] == 0x63 {
                    i = e - 4
                }
                guard i >= counted, i + 6 < count, bytes[e + 1] == 0x22 else { continue }
                var newlines = 0
                for k in counted..<i where bytes[k] == 0x0A { newlines += 1 }
                line += newlines
                let start = e + 2
                let end = memchr(base + start, 0x22, count - start).map { UnsafeRawPointer(base).distance(to: UnsafeRawPointer($0)) } ?? count
                counted = end
                equals = end
                let rooted = end > start && bytes[start] == 0x2F && !(end > start + 1 && bytes[start + 1] == 0x2F)
                if !rootRelativeOnly || rooted {
                    let slice = UnsafeBufferPointer(rebasing: bytes[start..<end])
                    let value = String(decoding: slice, as: UTF8.self)
                    // A byte test first: Foundation's `contains` was 2 % of a build.
                    let escaped = slice.contains(UInt8(ascii: "&")) && value.contains("&amp;")
                    result.append((escaped ? value.replacingOccurrences(of: "&amp;", with: "&") : value, line))
                }
            }
        }
        return result
    }
}
