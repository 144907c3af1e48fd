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

    /// Checks the pages' links, reporting the broken ones to the sink.
    ///
    /// - Returns: The files the pages it read link to, and whether it read every page (false
    ///   when a reused page was skipped or could not be read back).
    @discardableResult
    func run() -> (targets: Set<String>, complete: Bool) {
        let paths = Set(files.map(\.path))
        let pages = files.filter { $0.path.hasSuffix(".html") }
        let reusedFolder = reusedFolder
        // Pages are independent: scan them in parallel, report in file order.
        let scanned = parallelMap(pages.count) { i -> (found: [(SourceLocation, String)], targets: Set<String>, read: Bool) in
            var file = pages[i]
            if file.previous == .same, file.data.isEmpty {
                guard let folder = reusedFolder, let data = FileManager.default.contents(atPath: folder + "/" + file.path) else {
                    return ([], [], false)
                }
                file.data = data
            }
            var found: [(SourceLocation, String)] = []
            var reported: Set<String> = []
            var targets: Set<String> = []
            for (url, line) in Self.links(in: file.data, rootRelativeOnly: true) {
                var path = String(url.dropFirst())
                if let cut = path.firstIndex(where: { $0 == "#" || $0 == "?" }) { path = String(path[..<cut]) }
                let target = path.isEmpty || path.hasSuffix("/") ? path + "index.html" : path
                targets.insert(target)
                if !paths.contains(target), reported.insert(url).inserted {
                    found.append(
                        (
                            SourceLocation(file: file.path, line: line, column: 1),
                            "Broken internal link '\(url)': the build has no file '\(target)'; fix the link in the template or content that produced it"
                        ))
                }
            }
            return (found, targets, true)
        }
        for (location, message) in scanned.map(\.found).joined() { sink.error(location, message) }
        var targets: Set<String> = []
        for page in scanned { targets.formUnion(page.targets) }
        return (targets, scanned.allSatisfy(\.read))
    }

    /// The values of `href="…"` and `src="…"` attributes, with their line numbers.
    static func links(in html: String) -> [(String, Int)] {
        links(in: Data(html.utf8), rootRelativeOnly: false)
    }

    /// The values of `href="…"` and `src="…"` attributes in UTF-8 HTML, with their line numbers;
    /// with `rootRelativeOnly`, only those starting with a single `/`.
    static func links(in html: Data, rootRelativeOnly: Bool) -> [(String, Int)] {
        var result: [(String, Int)] = []
        html.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            let count = bytes.count
            var line = 1
            var i = 0
            while i < count {
                let byte = bytes[i]
                if byte == 0x0A {
                    line += 1
                } else if byte == 0x20, i + 6 < count {
                    // ` href="` or ` src="`
                    var start = -1
                    if bytes[i + 1] == 0x68, bytes[i + 2] == 0x72, bytes[i + 3] == 0x65, bytes[i + 4] == 0x66, bytes[i + 5] == 0x3D,
                        bytes[i + 6] == 0x22
                    {
                        start = i + 7
                    } else if bytes[i + 1] == 0x73, bytes[i + 2] == 0x72, bytes[i + 3] == 0x63, bytes[i + 4] == 0x3D, bytes[i + 5] == 0x22 {
                        start = i + 6
                    }
                    if start >= 0 {
                        var end = start
                        while end < count, bytes[end] != 0x22 { end += 1 }
                        let rooted = end > start && bytes[start] == 0x2F && !(end > start + 1 && bytes[start + 1] == 0x2F)
                        if !rootRelativeOnly || rooted {
                            let value = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
                            result.append((value.contains("&amp;") ? value.replacingOccurrences(of: "&amp;", with: "&") : value, line))
                        }
                        i = end
                        continue
                    }
                }
                i += 1
            }
        }
        return result
    }
}
