/// Splits a Markdown file into its YAML front matter and body (the `---` convention of Hugo and Jekyll).
struct FrontMatter {
    /// The YAML between the fences.
    var yaml: String
    /// The Markdown after the closing fence.
    var body: String
    /// The 1-based line of the file on which the body starts.
    var bodyFirstLine: Int

    /// Why a file could not be split.
    enum Problem: Error, Equatable {
        case missing
        case unterminated
    }

    /// Splits `text`; the opening fence must be the first line, the closing one `---` or `...`.
    static func split(_ text: String) -> Result<FrontMatter, Problem> {
        // By scalars: a CRLF is one Character, so splitting Characters at "\n" misses CRLF files.
        var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map(Substring.init)
        func fence(_ line: Substring) -> Substring { line.hasSuffix("\r") ? line.dropLast() : line }
        guard let first = lines.first, fence(first) == "---" else { return .failure(.missing) }
        lines.removeFirst()
        guard let end = lines.firstIndex(where: { fence($0) == "---" || fence($0) == "..." }) else {
            return .failure(.unterminated)
        }
        let yaml = lines[..<end].joined(separator: "\n")
        let body = lines[(end + 1)...].joined(separator: "\n")
        return .success(FrontMatter(yaml: yaml, body: body, bodyFirstLine: end + 3))
    }
}
