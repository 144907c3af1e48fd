import CECSiteCore

/// Splits a Markdown file into its YAML front matter and body (the `---` convention of Hugo and Jekyll).
package struct FrontMatter {
    /// The YAML between the fences.
    package var yaml: String
    /// The Markdown after the closing fence.
    package var body: String
    /// The 1-based line of the file on which the body starts.
    package var bodyFirstLine: Int

    /// Why a file could not be split.
    package enum Problem: Error, Equatable {
        case missing
        case unterminated
    }

    /// Splits `text`; the opening fence must be the first line, the closing one `---` or `...`.
    /// Lines end at LF (a CR before it belongs to the line), as libyaml and libcmark read them;
    /// only the lines up to the closing fence are scanned.
    package static func split(_ text: String) -> Result<FrontMatter, Problem> {
        var text = text
        // Byte offsets of the YAML and the body, and the body's first line.
        let found = text.withUTF8 { bytes -> Result<(yaml: Range<Int>, body: Range<Int>, line: Int), Problem> in
            var start = 0, line = 0, yamlStart = 0
            while true {
                var end = start
                while end < bytes.count, bytes[end] != 0x0A { end += 1 }
                var content = end
                if content > start, bytes[content - 1] == 0x0D { content -= 1 }
                let three = content - start == 3
                let dashes = three && bytes[start] == 0x2D && bytes[start + 1] == 0x2D && bytes[start + 2] == 0x2D
                let dots = three && bytes[start] == 0x2E && bytes[start + 1] == 0x2E && bytes[start + 2] == 0x2E
                if line == 0 {
                    guard dashes else { return .failure(.missing) }
                    yamlStart = end + 1
                } else if dashes || dots {
                    let yaml = start > yamlStart ? yamlStart..<(start - 1) : 0..<0
                    let body = end < bytes.count ? (end + 1)..<bytes.count : 0..<0
                    return .success((yaml, body, line + 2))
                }
                guard end < bytes.count else { return .failure(.unterminated) }
                start = end + 1
                line += 1
            }
        }
        // The parts start and end after a line feed (or at the ends): whole characters of the
        // valid text, so they are copied without decoding them again.
        func part(_ range: Range<Int>) -> String {
            let utf8 = text.utf8
            return String(text[utf8.index(utf8.startIndex, offsetBy: range.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: range.upperBound)])
        }
        return found.map { FrontMatter(yaml: part($0.yaml), body: part($0.body), bodyFirstLine: $0.line) }
    }
}
