import CECSiteCore
import Foundation

/// With `CECSITE_TRACE` set in the environment, ``mark(_:)`` prints to standard error the seconds
/// since the first mark and what was reached: where a build spends its time, stage by part.
package enum Trace {
    package static let enabled = ProcessInfo.processInfo.environment["CECSITE_TRACE"] != nil
    nonisolated(unsafe) private static var start: UInt64 = 0
    private static let lock = NSLock()

    package static func mark(_ what: @autoclosure () -> String) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = DispatchTime.now().uptimeNanoseconds
        if start == 0 { start = now }
        FileHandle.standardError.write(Data(String(format: "%8.3f  %@\n", Double(now - start) / 1e9, what()).utf8))
    }
}
