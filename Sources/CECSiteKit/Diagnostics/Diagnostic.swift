/// One problem found in the input, with where it is and what to do about it.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    /// How serious a problem is: errors stop the build, warnings do not (unless `--strict`).
    public enum Severity: String, Sendable, Comparable {
        case warning
        case error

        public static func < (a: Severity, b: Severity) -> Bool { a == .warning && b == .error }
    }

    /// The pipeline stage that found the problem.
    public enum Stage: String, Sendable {
        case load, validate, render, write
    }

    public var severity: Severity
    public var location: SourceLocation
    /// A sentence-case message that quotes the bad value and says what to change.
    public var message: String
    public var stage: Stage

    /// Creates a diagnostic.
    public init(_ severity: Severity, _ location: SourceLocation, _ message: String, stage: Stage) {
        self.severity = severity
        self.location = location
        self.message = message
        self.stage = stage
    }

    /// `path:line:column: error: message`, the form editors jump to.
    public var description: String {
        "\(location): \(severity.rawValue): \(message)"
    }
}

extension Array where Element == Diagnostic {
    /// Sorted by file, line and column, so a report reads top to bottom like the files.
    func sortedByLocation() -> [Diagnostic] {
        sorted { ($0.location, $0.message) < ($1.location, $1.message) }
    }
}
