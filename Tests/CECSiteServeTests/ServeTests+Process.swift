import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteFormats
@testable import CECSiteKit
@testable import CECSiteMarkdown
@testable import CECSiteServe
@testable import CECSiteTemplates

/// `cecsite serve` as a process: under a low descriptor limit it survives more connections than
/// it may open, and a taken port fails at once with its message.
extension ServeTests {
    /// A `cecsite` child whose output is collected on its own threads; every wait is bounded.
    final class Child: @unchecked Sendable {
        let process = Process()
        private let lock = NSLock()
        private var out = Data(), err = Data()
        /// Waits woken when output arrives or the process ends, and how many times that happened.
        private var watchers: [CheckedContinuation<Void, Never>] = []
        private var changes = 0

        init(_ shell: String, _ arguments: [String]) throws {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", shell, "sh"] + arguments
            let outPipe = Pipe(), errPipe = Pipe()
            process.standardOutput = outPipe
            process.standardError = errPipe
            process.terminationHandler = { [weak self] _ in self?.signal() }
            try process.run()
            drain(outPipe.fileHandleForReading) { self.out.append($0) }
            drain(errPipe.fileHandleForReading) { self.err.append($0) }
        }

        /// Wakes every ``wait(_:until:)``.
        private func signal() {
            let ready = lock.withLock {
                changes += 1
                let ready = watchers
                watchers = []
                return ready
            }
            for continuation in ready { continuation.resume() }
        }

        private func drain(_ handle: FileHandle, _ append: @escaping (Data) -> Void) {
            Thread.detachNewThread {
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { return }
                    self.lock.withLock { append(chunk) }
                    self.signal()
                }
            }
        }

        var stdout: String { lock.withLock { String(decoding: out, as: UTF8.self) } }
        var stderr: String { lock.withLock { String(decoding: err, as: UTF8.self) } }

        /// Waits until `condition` holds, checked at once and whenever output arrives or the process
        /// ends (a signal, not a poll), for at most `seconds`; true when it held.
        func wait(_ seconds: Double, until condition: () -> Bool) async -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while true {
                let seen = lock.withLock { changes }
                if condition() { return true }
                guard Date() < deadline else { return false }
                let timer = Task { [weak self] in
                    try? await Task.sleep(nanoseconds: UInt64(max(0, deadline.timeIntervalSinceNow) * 1e9))
                    self?.signal()
                }
                await withCheckedContinuation { continuation in
                    // A change since the look above wakes at once: no output can slip between.
                    let missed = lock.withLock { () -> Bool in
                        if changes != seen { return true }
                        watchers.append(continuation)
                        return false
                    }
                    if missed { continuation.resume() }
                }
                timer.cancel()
            }
        }

        /// The port from "Serving http://127.0.0.1:PORT/", once printed.
        var port: Int? {
            guard let range = stdout.range(of: "http://127.0.0.1:") else { return nil }
            return Int(stdout[range.upperBound...].prefix { $0.isNumber })
        }

        func stop() async {
            if process.isRunning { process.terminate() }
            _ = await wait(10) { !process.isRunning }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
    }

    @Test
    func runningOutOfFileDescriptorsIsSurvived() async throws {
        try requireCECSiteBinary()
        let site = try TempSite.minimal()
        defer { site.remove() }
        let child = try Child(
            "ulimit -n 64 && exec \"$@\"",
            [
                cecsiteBinary, "serve", "--port", "0", "--content", site.content,
                "--templates", site.templates, "--date", "2021-01-01",
            ])
        defer { Task { await child.stop() } }
        #expect(await child.wait(60) { child.port != nil }, "stdout: \(child.stdout) stderr: \(child.stderr)")
        let client = RawHTTPClient(port: try #require(child.port))
        #expect(await client.exchange(Self.request("GET / HTTP/1.1")).status == 200)

        // More idle connections than the process may hold descriptors.
        var idle: [Int32] = []
        defer { idle.forEach { close($0) } }
        for _ in 0..<100 { idle.append(RawHTTPClient.connect(port: client.port)) }
        #expect(await child.wait(15) { child.stderr.contains("out of file descriptors") }, "stderr: \(child.stderr)")
        #expect(child.process.isRunning)
        idle.forEach { close($0) }
        idle = []

        // The listener is still there: a normal request is answered again.
        var status = 0
        let deadline = Date().addingTimeInterval(30)
        while status != 200, Date() < deadline {
            status = await client.exchange(Self.request("GET / HTTP/1.1"), timeout: 3).status
        }
        #expect(status == 200)
        #expect(child.stderr.contains("accepting connections again"), "stderr: \(child.stderr)")
        await child.stop()
    }

    @Test
    func aTakenPortEndsTheCommandAtOnce() async throws {
        try requireCECSiteBinary()
        try await withServer { _, client in
            let start = Date()
            let child = try Child("exec \"$@\"", [cecsiteBinary, "serve", "--port", "\(client.port)", "--content", "/nonexistent"])
            #expect(await child.wait(10) { !child.process.isRunning })
            #expect(Date().timeIntervalSince(start) < 5)
            await child.stop()
            #expect(child.process.terminationStatus == 1)
            #expect(child.stderr.contains("serve: error: port \(client.port) is in use; try --port 0"), "stderr: \(child.stderr)")
        }
    }
}
