import CECSiteCore

/// Hugo's shortcodes (`{{< figure src="…" >}}`, `{{% note %}}`) in a Markdown body: cecsite has
/// none, and left alone they would be published as literal text, so each is a located error
/// naming it. Code (fenced blocks and inline code spans) is left alone: it may show a shortcode.
package enum Shortcodes {
    /// An error for each shortcode opening in `body`, whose first line is line `firstLine` of `file`.
    ///
    /// Over UTF-8 bytes, and only a body holding `{{` is read line by line: every page and news
    /// item passes here (a scan by `Character` cost a tenth of a 10,000-page load, measured).
    package static func errors(in body: String, file: String, firstLine: Int) -> [(location: SourceLocation, message: String)] {
        let bytes = Array(body.utf8)
        let brace = UInt8(ascii: "{"), tick = UInt8(ascii: "`"), newline = UInt8(ascii: "\n")
        guard bytes.indices.dropLast().contains(where: { bytes[$0] == brace && bytes[$0 + 1] == brace }) else { return [] }
        var found: [(SourceLocation, String)] = []
        var fence: [UInt8]?
        var lineNumber = firstLine, start = 0
        while start <= bytes.count {
            let end = bytes[start...].firstIndex(of: newline) ?? bytes.count
            let line = bytes[start..<end]
            let trimmed = line.drop { $0 == UInt8(ascii: " ") }
            if let open = fence {
                if trimmed.starts(with: open) { fence = nil }
            } else if trimmed.starts(with: Array("```".utf8)) || trimmed.starts(with: Array("~~~".utf8)) {
                fence = Array(trimmed.prefix(3))
            } else {
                var index = line.startIndex, inCode = 0
                while index < line.endIndex {
                    if line[index] == tick {
                        var run = 0
                        while index < line.endIndex, line[index] == tick { run += 1; index += 1 }
                        inCode = inCode == 0 ? run : (inCode == run ? 0 : inCode)
                        continue
                    }
                    if inCode == 0, index + 2 < line.endIndex, line[index] == brace, line[index + 1] == brace,
                        line[index + 2] == UInt8(ascii: "<") || line[index + 2] == UInt8(ascii: "%")
                    {
                        let rest = line[(index + 3)...].drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "/") }
                        let name = String(
                            decoding: rest.prefix { byte in
                                (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x2D || byte == 0x5F
                            }, as: UTF8.self)
                        let kind = Character(UnicodeScalar(line[index + 2]))
                        let shown = name.isEmpty ? "{{\(kind) … \(kind)}}" : "'\(name)'"
                        // Columns count characters, as every location of the build does.
                        let column = String(decoding: line[line.startIndex..<index], as: UTF8.self).count + 1
                        found.append(
                            (
                                SourceLocation(file: file, line: lineNumber, column: column),
                                "Hugo shortcode \(shown) is not supported and would be published as text; write it in Markdown (a figure is ![what it shows](picture.png)), or put it in `code` to show it"
                            ))
                        index += 3
                        continue
                    }
                    index += 1
                }
            }
            lineNumber += 1
            start = end + 1
        }
        return found
    }
}
