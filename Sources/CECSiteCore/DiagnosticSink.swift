import Foundation

/// A thread-safe collector of diagnostics, shared by the readers of one stage.
public final class DiagnosticSink: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Diagnostic] = []
    public let stage: Diagnostic.Stage

    public init(stage: Diagnostic.Stage) { self.stage = stage }

    public func error(_ location: SourceLocation, _ message: String) { add(.error, location, message) }
    public func warning(_ location: SourceLocation, _ message: String) { add(.warning, location, message) }

    private func add(_ severity: Diagnostic.Severity, _ location: SourceLocation, _ message: String) {
        lock.lock()
        items.append(Diagnostic(severity, location, message, stage: stage))
        lock.unlock()
    }

    /// Adds diagnostics another sink collected.
    public func append(contentsOf other: [Diagnostic]) {
        guard !other.isEmpty else { return }
        lock.lock()
        items += other
        lock.unlock()
    }

    public var diagnostics: [Diagnostic] {
        lock.lock()
        defer { lock.unlock() }
        return items
    }

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}
