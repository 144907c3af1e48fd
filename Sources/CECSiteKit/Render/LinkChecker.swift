import Foundation

/// Checks that every root-relative `href` and `src` in the rendered HTML leads to a file of the
/// build, so no template or content change can publish a broken internal link.
struct LinkChecker {
    let files: [OutputFile]
    /// Files outside this build that links may also lead to (the site `cecsite data` updates).
    var existing: Set<String> = []
    let sink: DiagnosticSink

    func run() {
        let paths = Set(files.map(\.path)).union(existing)
        for file in files where file.path.hasSuffix(".html") {
            guard let html = String(data: file.data, encoding: .utf8) else { continue }
            var reported: Set<String> = []
            for (url, line) in Self.links(in: html) {
                guard url.hasPrefix("/"), !url.hasPrefix("//") else { continue }
                var path = String(url.dropFirst())
                if let cut = path.firstIndex(where: { $0 == "#" || $0 == "?" }) { path = String(path[..<cut]) }
                let target = path.isEmpty || path.hasSuffix("/") ? path + "index.html" : path
                if !paths.contains(target), reported.insert(url).inserted {
                    sink.error(SourceLocation(file: file.path, line: line, column: 1),
                               "Broken internal link '\(url)': the build has no file '\(target)'; fix the link in the template or content that produced it")
                }
            }
        }
    }

    /// The values of `href="…"` and `src="…"` attributes, with their line numbers.
    static func links(in html: String) -> [(String, Int)] {
        var result: [(String, Int)] = []
        var line = 1
        let bytes = Array(html.utf8)
        let patterns = [Array(" href=\"".utf8), Array(" src=\"".utf8)]
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == 0x0A { line += 1 }
            if byte == 0x20 {
                for pattern in patterns where i + pattern.count <= bytes.count
                    && bytes[i..<i + pattern.count].elementsEqual(pattern)
                {
                    let start = i + pattern.count
                    var end = start
                    while end < bytes.count, bytes[end] != 0x22 { end += 1 }
                    let value = String(decoding: bytes[start..<end], as: UTF8.self)
                    result.append((value.replacingOccurrences(of: "&amp;", with: "&"), line))
                }
            }
            i += 1
        }
        return result
    }
}
