import CECSiteCore
import Foundation

/// With `CECSITE_TRACE` set in the environment, ``mark(_:)`` prints to standard error the seconds
/// since the first mark and what was reached: where a build spends its time, stage by part.
package enum Trace {
    package static let enabled = ProcessInfo.processInfo.environment["CECSITE_TRACE"] != nil
    /// With `CECSITE_TRACE=cpu`, each mark also prints the CPU seconds its thread has used.
    private static let cpu = ProcessInfo.processInfo.environment["CECSITE_TRACE"] == "cpu"
    nonisolated(unsafe) private static var start: UInt64 = 0
    private static let lock = NSLock()

    package static func mark(_ what: @autoclosure () -> String) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = DispatchTime.now().uptimeNanoseconds
        if start == 0 { start = now }
        var line = String(format: "%8.3f  %@", Double(now - start) / 1e9, what())
        if cpu {
            // The calling thread's CPU seconds: on a shared machine, what a stage cost it.
            var time = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
            line += String(format: "  [thread cpu %.3f]", Double(time.tv_sec) + Double(time.tv_nsec) / 1e9)
        }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
