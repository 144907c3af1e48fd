import CECSiteCore

/// Hugo's shortcodes (`{{< figure src="…" >}}`, `{{% note %}}`) in a Markdown body: cecsite has
/// none, and left alone they would be published as literal text, so each is a located error
/// naming it. Code (fenced blocks and inline code spans) is left alone: it may show a shortcode.
enum Shortcodes {
    /// An error for each shortcode opening in `body`, whose first line is line `firstLine` of `file`.
    static func errors(in body: String, file: String, firstLine: Int) -> [(location: SourceLocation, message: String)] {
        var found: [(SourceLocation, String)] = []
        var fence: Substring?
        for (offset, line) in body.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop { $0 == " " }
            if let open = fence {
                if trimmed.hasPrefix(open) { fence = nil }
                continue
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                fence = trimmed.prefix(3)
                continue
            }
            // Columns count characters, as every location of the build does.
            let characters = Array(line)
            var index = 0, inCode = 0
            while index < characters.count {
                if characters[index] == "`" {
                    var run = 0
                    while index < characters.count, characters[index] == "`" { run += 1; index += 1 }
                    inCode = inCode == 0 ? run : (inCode == run ? 0 : inCode)
                    continue
                }
                if inCode == 0, index + 2 < characters.count, characters[index] == "{", characters[index + 1] == "{",
                    characters[index + 2] == "<" || characters[index + 2] == "%"
                {
                    var rest = characters[(index + 3)...].drop { $0 == " " || $0 == "/" }
                    let name = String(rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
                    rest = rest.dropFirst(name.count)
                    let shown = name.isEmpty ? "{{\(characters[index + 2]) … \(characters[index + 2])}}" : "'\(name)'"
                    found.append((SourceLocation(file: file, line: firstLine + offset, column: index + 1),
                                  "Hugo shortcode \(shown) is not supported and would be published as text; write it in Markdown (a figure is ![what it shows](picture.png)), or put it in `code` to show it"))
                    index += 3
                    continue
                }
                index += 1
            }
        }
        return found
    }
}
