/// A place in a source file: the path as the user gave it, and a 1-based line and column.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The file's path, relative to the directory the build was started from when possible.
    public var file: String
    /// The 1-based line, or 0 when the problem concerns the whole file.
    public var line: Int
    /// The 1-based column, counted in Unicode scalars, or 0 when unknown.
    public var column: Int

    /// Creates a location.
    public init(file: String, line: Int = 0, column: Int = 0) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `path:line:column`, or `path` alone when the line is unknown; control characters in the
    /// path are written as escapes (``printable(_:)``).
    public var description: String {
        line > 0 ? "\(printable(file)):\(line):\(max(column, 1))" : printable(file)
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}
