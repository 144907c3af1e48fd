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

    /// `path:line:column: error: message`, the form editors jump to, on one line: control
    /// characters in the path or the message are written as escapes (``printable(_:)``).
    public var description: String {
        "\(location): \(severity.rawValue): \(printable(message))"
    }
}

extension Array where Element == Diagnostic {
    /// Sorted by file, line and column, so a report reads top to bottom like the files.
    func sortedByLocation() -> [Diagnostic] {
        sorted { ($0.location, $0.message) < ($1.location, $1.message) }
    }

    /// Sorted by location, with at most `limit` diagnostics of one kind in one file: after the
    /// last of them comes one that counts the rest. Two messages are of one kind when they differ
    /// only in their quoted values and numbers ("Unknown column 'a'" and "Unknown column 'b'"),
    /// so a records header of 100,000 unknown columns prints 21 lines, not 100,001.
    public func sortedAndCapped(_ limit: Int = 20) -> [Diagnostic] {
        var out: [Diagnostic] = []
        var seen: [String: (count: Int, last: Int)] = [:]
        for diagnostic in sortedByLocation() {
            let key = diagnostic.location.file + "\u{0}" + diagnostic.severity.rawValue + "\u{0}" + Self.kind(of: diagnostic.message)
            var entry = seen[key, default: (0, 0)]
            entry.count += 1
            if entry.count <= limit {
                out.append(diagnostic)
                entry.last = out.count - 1
            }
            seen[key] = entry
        }
        var summaries: [(index: Int, diagnostic: Diagnostic)] = []
        for (_, entry) in seen where entry.count > limit {
            let shown = out[entry.last]
            summaries.append(
                (
                    entry.last,
                    Diagnostic(
                        shown.severity, SourceLocation(file: shown.location.file),
                        "\(entry.count - limit) more \(shown.severity.rawValue)(s) like the one above not listed; fix those and build again",
                        stage: shown.stage)
                ))
        }
        for summary in summaries.sorted(by: { $0.index > $1.index }) { out.insert(summary.diagnostic, at: summary.index + 1) }
        return out
    }

    /// A message without its quoted values and numbers.
    private static func kind(of message: String) -> String {
        var kind = "", quoted = false
        for character in message {
            if character == "'" { quoted.toggle(); continue }
            if !quoted, !character.isNumber { kind.append(character) }
        }
        return kind
    }
}

/// A diagnostic can be thrown or carried in a `Result` where one problem stops a step.
extension Diagnostic: Error {}
