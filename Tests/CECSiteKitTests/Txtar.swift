import Foundation

/// A txtar archive (the format of Go's `golang.org/x/tools/txtar`, which Hugo's integration tests
/// use for whole sites): free text as a comment, then files, each after a `-- name --` line.
///
/// A file's text is every line up to the next marker line, each with its line feed; a last line
/// without one gets it. Nothing is unescaped here: what the names and texts mean is up to the reader.
struct Txtar: Equatable {
    struct File: Equatable {
        var name: String
        var text: String
    }

    var comment: String
    var files: [File]

    init(_ text: String) {
        comment = ""
        files = []
        var current: File?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast(text.hasSuffix("\n") ? 1 : 0) {
            if let name = Self.marker(line) {
                if let current { files.append(current) }
                current = File(name: name, text: "")
            } else if current != nil {
                current!.text += line + "\n"
            } else {
                comment += line + "\n"
            }
        }
        if let current { files.append(current) }
    }

    /// The name of a `-- name --` line, nil for any other line.
    static func marker(_ line: Substring) -> String? {
        guard line.hasPrefix("-- "), line.hasSuffix(" --"), line.count >= 7 else { return nil }
        let name = line.dropFirst(3).dropLast(3).trimmingCharacters(in: .whitespaces)
        return name.isEmpty ? nil : name
    }
}
