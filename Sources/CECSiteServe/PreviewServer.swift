import CECSiteCore
import CECSiteKit
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// `cecsite serve`: builds the site, serves the output folder over HTTP on a loopback address,
/// rebuilds when content or templates change, and makes open pages reload. A failed build keeps
/// the last good site served and shows its errors in the terminal and over the page.
///
/// Live reload is a long poll: the script injected into every HTML response (never into the
/// built files) asks `/__cecsite/events?since=N`, which answers as soon as build N+1 finishes (or
/// after 20 s with nothing new). A long poll needs no streaming body, works through any proxy
/// and reconnects by simply asking again.
///
/// HTTP is SwiftNIO's (`NIOHTTP1`, llhttp underneath): its decoder caps the header size, and
/// ``HTTPConnection`` caps the request line, so a request costs bounded time and memory.
public final class PreviewServer: @unchecked Sendable {
    /// What to build and where to listen.
    public struct Options: Sendable {
        public var build: BuildOptions
        /// The address to listen on; loopback unless the user asks otherwise.
        public var bind: String
        /// 0 for any free port.
        public var port: UInt16
        /// Seconds a reload request is held open when nothing changes.
        public var holdSeconds: Double = 20
        /// Requests answered at once; more get 503 at once instead of piling up.
        public var maxRequests = 256
        /// Reload long-polls held at once; more get 503 with `Retry-After`.
        public var maxReloadPolls = 64
        /// Seconds a connection may stay silent (between requests, or inside a request head)
        /// before it is closed; never less than ``holdSeconds`` plus 5.
        public var idleSeconds: Double = 30
        /// True when the output folder is the server's own private folder, which nothing else
        /// writes (``makePrivateFolder(prefix:)``): it is not checked again for others' files
        /// after each rebuild wrote it (``BuildSession/init(options:ownsOutput:)``).
        public var privateOutput = false

        /// - Parameters:
        ///   - build: What to build (its output is the folder served).
        ///   - bind: The address to listen on.
        ///   - port: The port; 0 for any free one.
        public init(build: BuildOptions, bind: String = "127.0.0.1", port: UInt16 = 8000) {
            self.build = build
            self.bind = bind
            self.port = port
        }
    }

    let options: Options
    let log: @Sendable (String) -> Void
    let builds = Builds()
    let connections = Connections()
    private var channel: Channel?
    private var watcher: FileWatcher?
    private let buildQueue = DispatchQueue(label: "cecsite-serve-build")
    private let stateLock = NSLock()
    private var rebuildPending = false
    /// When the first change not yet built was seen.
    private var pendingSince: DispatchTime?
    /// The files changed and not yet built, as the watcher named them.
    private var pendingChanges: [String] = []
    private var buildSession: BuildSession?
    /// The session whose newest site is answered; nil before the first build.
    var currentSession: BuildSession? { stateLock.withLock { buildSession } }
    private var building = false
    /// The address the server listens on, known once ``start()`` returned.
    public private(set) var url = ""

    /// - Parameter options: What to build and where to listen.
    /// - Parameter log: Receives the terminal's lines: build progress, diagnostics, results, and
    ///   the server's own troubles (running out of file descriptors, say).
    public init(options: Options, log: @escaping @Sendable (String) -> Void) {
        self.options = options
        self.log = log
    }

    /// Listens, runs the first build and starts watching. Returns once the site is served.
    /// - Throws: ``ServeError/portInUse(_:)`` at once when the port is taken, or
    ///   ``ServeError/cannotListen(_:_:_:)`` when the address cannot be used otherwise.
    public func start() async throws {
        makeConnectionHandlersOnce()
        let channel: Channel
        do {
            channel = try await bootstrap().bind(host: options.bind, port: Int(options.port)).get()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw ServeError.portInUse(options.port)
        } catch {
            throw ServeError.cannotListen(options.bind, options.port, "\(error)")
        }
        self.channel = channel
        let port = channel.localAddress?.port ?? Int(options.port)
        let host = options.bind.contains(":") ? "[\(options.bind)]" : options.bind
        url = "http://\(host):\(port)/"
        // Watched before the first build starts, so that no change made during it or right after
        // it is missed: such a change is built once the first build is done.
        stateLock.withLock { building = true }
        let watcher = FileWatcher(folders: [options.build.content, options.build.templates]) { [weak self] changed, seen in
            self?.log(
                "Changed: " + changed.prefix(3).map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")
                    + (changed.count > 3 ? " and \(changed.count - 3) more" : ""))
            self?.scheduleRebuild(changed: changed, seen: seen)
        }
        watcher.start()
        self.watcher = watcher
        await rebuild(seen: nil, changed: nil)
        if takePendingRebuild() { Task { await self.rebuildLoop() } }
    }

    /// Stops watching and serving; open connections are closed.
    public func stop() async {
        watcher?.stop()
        try? await channel?.close()
        await connections.closeAll()
    }

    /// The generation of the last finished build (tests wait for it to grow).
    public var generation: Int { get async { await builds.generation } }

    /// Creates a new folder only the current user can enter (mode 0700, an unpredictable name)
    /// in the system's temporary folder, for a preview build, its cache and its spare copy.
    /// - Throws: An error naming the folder when it cannot be created.
    public static func makePrivateFolder(prefix: String = "cecsite-serve-") throws -> String {
        let pattern = FileManager.default.temporaryDirectory.path + "/" + prefix + "XXXXXX"
        var template = Array(pattern.utf8CString)
        guard let made = mkdtemp(&template) else {
            throw ServeError.cannotCreateFolder(pattern, String(cString: strerror(errno)))
        }
        let path = String(cString: made)
        chmod(path, 0o700)  // mkdtemp makes it 0700 already; said again so no umask can widen it
        return path
    }

    // MARK: Listening

    /// Makes, on the calling thread and before the first connection, each handler of a
    /// connection's pipeline (``bootstrap()``), so that the generic types' metadata exist before
    /// any event loop asks for them. Swift's runtime can crash when two threads are the first to
    /// instantiate the same generic type from its mangled name at once (a segmentation fault in
    /// `swift_checkMetadataState` under `swift_conformsToProtocol` was seen in CI: two event
    /// loops set up their first connections together, one instantiating `HTTPPart` for
    /// `ByteToMessageHandler<HTTPRequestDecoder>`; swiftlang/swift#37763 fixed one race of that
    /// kind). Once made, the metadata are complete and cached, and concurrent reads are safe.
    private func makeConnectionHandlersOnce() {
        let state = HTTPConnection.State()
        let handlers: [any ChannelHandler] = [
            IdleStateHandler(readTimeout: .seconds(1)), RequestLineLimit(state: state), HTTPResponseEncoder(),
            ByteToMessageHandler(
                HTTPRequestDecoder(
                    leftOverBytesStrategy: .dropBytes, informationalResponseStrategy: .drop,
                    limitConfiguration: HTTPConnection.decoderLimits)),
            HTTPConnection(server: self, state: state),
        ]
        let parts: [Any.Type] = [HTTPServerRequestPart.self, HTTPServerResponsePart.self, NIOAny.self]
        withExtendedLifetime((handlers, parts)) {}
    }

    /// The listening socket's set-up: the accept back-off, then one pipeline per connection.
    private func bootstrap() -> ServerBootstrap {
        let limits = HTTPConnection.decoderLimits
        let idle = TimeAmount.milliseconds(Int64(max(options.idleSeconds, options.holdSeconds + 5) * 1000))
        let log = self.log
        return ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    // Out of file descriptors, `accept` fails; NIO's back-off waits 1 s before trying
                    // again instead of spinning or giving up, and the next handler says so.
                    try channel.pipeline.syncOperations.addHandler(AcceptBackoffHandler(shouldForwardIOErrorCaught: true))
                    try channel.pipeline.syncOperations.addHandler(AcceptFailureLog(log: log))
                }
            }
            .childChannelOption(ChannelOptions.autoRead, value: false)
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    let state = HTTPConnection.State()
                    let pipeline = channel.pipeline.syncOperations
                    try pipeline.addHandler(IdleStateHandler(readTimeout: idle))
                    try pipeline.addHandler(RequestLineLimit(state: state))
                    try pipeline.addHandler(HTTPResponseEncoder())
                    try pipeline.addHandler(
                        ByteToMessageHandler(
                            HTTPRequestDecoder(
                                leftOverBytesStrategy: .dropBytes, informationalResponseStrategy: .drop, limitConfiguration: limits)))
                    try pipeline.addHandler(HTTPConnection(server: self, state: state))
                    connections.add(channel)
                }
            }
    }

    // MARK: Building

    /// One rebuild at a time: a change during a build schedules exactly one more.
    private func scheduleRebuild(changed: [String], seen: DispatchTime) {
        stateLock.lock()
        if pendingSince == nil { pendingSince = seen }
        pendingChanges += changed
        if building {
            rebuildPending = true
            stateLock.unlock()
            return
        }
        building = true
        stateLock.unlock()
        Task { await self.rebuildLoop() }
    }

    private func rebuildLoop() async {
        repeat {
            let (seen, changed) = stateLock.withLock {
                defer { (pendingSince, pendingChanges) = (nil, []) }
                return (pendingSince, pendingChanges)
            }
            await rebuild(seen: seen, changed: changed)
        } while takePendingRebuild()
    }

    /// True when a change arrived during the build (and clears it); otherwise ends the loop.
    private func takePendingRebuild() -> Bool {
        stateLock.lock()
        defer { stateLock.unlock() }
        if rebuildPending {
            rebuildPending = false
            return true
        }
        building = false
        return false
    }

    /// Builds the site with the server's own address as its base URL, through one
    /// ``BuildSession`` kept for the server's life: the new site is answered from memory as
    /// soon as it rendered, and open pages reload then, while it is written. This is the one
    /// place a build happens.
    ///
    /// - Parameters:
    ///   - seen: When the change that caused the rebuild was first seen; the terminal gets the
    ///     time from it to the new site being served.
    ///   - changed: The files changed since the last build, as the watcher named them; nil for
    ///     the first build.
    private func rebuild(seen: DispatchTime?, changed: [String]?) async {
        let session = self.session()
        let builds = self.builds
        let log = self.log
        let (report, served): (BuildReport, Bool) = await withCheckedContinuation { continuation in
            buildQueue.async {
                let start = DispatchTime.now()
                var served = false
                let report = session.rebuild(
                    changed: changed.map { Array(Set($0)).sorted() },
                    servable: { partial in
                        served = true
                        // Served from now on: open pages reload while the site is written.
                        let now = DispatchTime.now()
                        let sinceSave = seen.map { Double(now.uptimeNanoseconds - $0.uptimeNanoseconds) / 1e6 }
                        let sinceBuild = Double(now.uptimeNanoseconds - start.uptimeNanoseconds) / 1e6
                        for diagnostic in partial.diagnostics { log(diagnostic.description) }
                        log(
                            String(format: "Built %d pages, served %.0f ms after ", partial.pages, sinceSave ?? sinceBuild)
                                + (sinceSave == nil ? "the build started" : String(format: "the save (build %.0f ms)", sinceBuild))
                                + (partial.warnings.isEmpty ? "" : ", \(partial.warnings.count) warning(s)"))
                        let semaphore = DispatchSemaphore(value: 0)
                        Task {
                            await builds.finished(ok: true, errors: [])
                            semaphore.signal()
                        }
                        semaphore.wait()
                    })
                continuation.resume(returning: (report, served))
            }
        }
        if report.succeeded {
            log(String(format: "Written to %@, %.2f s after the build started", options.build.output, report.seconds))
        } else if served {
            // It rendered (and is served) but could not be written.
            for diagnostic in report.errors { log(diagnostic.description) }
            log("Writing failed: \(report.errors.count) error(s); the new site is served from memory")
        } else {
            for diagnostic in report.diagnostics { log(diagnostic.description) }
            log("Build failed: \(report.errors.count) error(s); still serving the last good site")
            await builds.finished(ok: false, errors: report.errors.map(\.description))
        }
    }

    /// The server's one build session, made at the first build, when its address is known.
    private func session() -> BuildSession {
        stateLock.withLock {
            if let made = buildSession { return made }
            var buildOptions = options.build
            buildOptions.baseURL = String(url.dropLast())
            let made = BuildSession(options: buildOptions, ownsOutput: options.privateOutput)
            buildSession = made
            return made
        }
    }

    // MARK: Bookkeeping

    /// The requests being answered, bounded by ``Options/maxRequests``.
    final class InFlight: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0

        /// Counts one more request, or returns false when `limit` are already being answered.
        func enter(limit: Int) -> Bool {
            lock.lock()
            defer { lock.unlock() }
            guard count < limit else { return false }
            count += 1
            return true
        }

        func leave() {
            lock.lock()
            count -= 1
            lock.unlock()
        }
    }

    let inFlight = InFlight()

    /// The open connections, so that ``stop()`` can close them.
    final class Connections: @unchecked Sendable {
        private let lock = NSLock()
        private var open: [ObjectIdentifier: Channel] = [:]

        func add(_ channel: Channel) {
            let id = ObjectIdentifier(channel)
            lock.lock()
            open[id] = channel
            lock.unlock()
            channel.closeFuture.whenComplete { _ in
                self.lock.lock()
                self.open[id] = nil
                self.lock.unlock()
            }
        }

        func closeAll() async {
            let all = lock.withLock { Array(open.values) }
            for channel in all { try? await channel.close() }
        }
    }
}

/// Why the server could not start.
public enum ServeError: Error, CustomStringConvertible, Equatable {
    /// Another program listens on the port.
    case portInUse(UInt16)
    /// The address cannot be listened on (address, port, the system's reason).
    case cannotListen(String, UInt16, String)
    /// The private temporary folder could not be made (path, the system's reason).
    case cannotCreateFolder(String, String)

    public var description: String {
        switch self {
        case let .portInUse(port):
            return "port \(port) is in use; try --port 0 (any free port) or another --port"
        case let .cannotListen(address, port, reason):
            return "Cannot listen on \(address):\(port) (\(reason)); choose another address with --bind or port with --port"
        case let .cannotCreateFolder(path, reason):
            return "Cannot create the preview folder '\(path)' (\(reason)); set TMPDIR to a writable folder or pass --output"
        }
    }
}
