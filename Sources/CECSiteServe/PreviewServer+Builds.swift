import Foundation
import CECSiteCore
import CECSiteFormats

extension PreviewServer {
    /// The state of the last build, shared by the request handlers, and the reload long-polls
    /// waiting for the next one.
    actor Builds {
        private(set) var generation = 0
        private(set) var ok = true
        private(set) var errors: [String] = []
        private var waiters: [(Int, CheckedContinuation<Void, Never>)] = []
        private var nextWaiter = 0

        func finished(ok: Bool, errors: [String]) {
            generation += 1
            self.ok = ok
            self.errors = errors
            let ready = waiters
            waiters = []
            for (_, continuation) in ready { continuation.resume() }
        }

        /// Waits until a build newer than `since` finishes, or `timeout` seconds pass. Returns
        /// false at once, without waiting, when `limit` requests are already waiting: the caller
        /// answers 503 so that idle tabs can neither pile up nor poll in a tight loop.
        func wait(since: Int, timeout: Double, limit: Int) async -> Bool {
            guard generation <= since else { return true }
            guard waiters.count < limit else { return false }
            let id = nextWaiter
            nextWaiter += 1
            let timer = Task {
                try? await Task.sleep(nanoseconds: UInt64(timeout * 1e9))
                self.release(id)
            }
            await withCheckedContinuation { continuation in waiters.append((id, continuation)) }
            timer.cancel()
            return true
        }

        /// The number of long-polls being held (tests wait for it).
        var waiting: Int { waiters.count }

        private func release(_ id: Int) {
            if let index = waiters.firstIndex(where: { $0.0 == id }) { waiters.remove(at: index).1.resume() }
        }

        var status: String {
            JSONValue.object([
                ("generation", .int(generation)), ("ok", .bool(ok)), ("errors", .array(errors.map(JSONValue.string))),
            ]).serialized(pretty: false, scriptSafe: true)
        }
    }
}
