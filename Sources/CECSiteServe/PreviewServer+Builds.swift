import CECSiteCore
import CECSiteFormats
import Foundation

extension PreviewServer {
    /// The state of the last build, shared by the request handlers, and the reload long-polls
    /// waiting for the next one.
    actor Builds {
        private(set) var generation = 0
        private(set) var ok = true
        private(set) var errors: [String] = []
        private var waiters: [(Int, CheckedContinuation<Void, Never>)] = [] {
            didSet { changed() }
        }
        private var nextWaiter = 0
        /// Those waiting in ``until(timeout:_:)`` for the state to change.
        private var watchers: [(Int, CheckedContinuation<Void, Never>)] = []
        private var nextWatcher = 0

        func finished(ok: Bool, errors: [String]) {
            generation += 1
            self.ok = ok
            self.errors = errors
            let ready = waiters
            waiters = []
            for (_, continuation) in ready { continuation.resume() }
            changed()
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

        /// Suspends until `condition` holds, checked at once and after each change of the state (a
        /// build finished, a long-poll began or ended), or until `timeout` seconds pass; true when
        /// it held. A signal, not a poll: for tests and tools that wait on the server.
        func until(timeout: Double, _ condition: (isolated Builds) -> Bool) async -> Bool {
            let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
            while !condition(self) {
                guard ContinuousClock.now < deadline else { return false }
                let id = nextWatcher
                nextWatcher += 1
                let timer = Task { [weak self] in
                    try? await Task.sleep(until: deadline, clock: .continuous)
                    await self?.resumeWatcher(id)
                }
                await withCheckedContinuation { watchers.append((id, $0)) }
                timer.cancel()
            }
            return true
        }

        private func resumeWatcher(_ id: Int) {
            if let index = watchers.firstIndex(where: { $0.0 == id }) { watchers.remove(at: index).1.resume() }
        }

        /// Wakes every ``until(timeout:_:)`` to check its condition again.
        private func changed() {
            let ready = watchers
            watchers = []
            for (_, continuation) in ready { continuation.resume() }
        }

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
