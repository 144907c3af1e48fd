import CECSiteKit
import FlyingFox
import FlyingSocks
import Foundation

/// `cecsite serve`: builds the site, serves the output folder over HTTP on a loopback address,
/// rebuilds when content or templates change, and makes open pages reload. A failed build keeps
/// the last good site served and shows its errors in the terminal and over the page.
///
/// Live reload is a long poll: the script injected into every HTML response (never into the
/// built files) asks `/__cecsite/events?since=N`, which answers as soon as build N+1 finishes (or
/// after 20 s with nothing new). A long poll needs no streaming body, works through any proxy
/// and reconnects by simply asking again.
public final class PreviewServer: @unchecked Sendable {
    /// The state of the last build, shared by the request handlers.
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

        /// At most this many requests are held waiting for a build at once; more get an
        /// immediate answer, so idle tabs cannot pile up without bound.
        static let maxWaiters = 64

        /// Waits until a build newer than `since` finishes, or `timeout` seconds pass.
        func wait(since: Int, timeout: Double) async {
            guard generation <= since, waiters.count < Self.maxWaiters else { return }
            let id = nextWaiter
            nextWaiter += 1
            let timer = Task {
                try? await Task.sleep(nanoseconds: UInt64(timeout * 1e9))
                self.release(id)
            }
            await withCheckedContinuation { continuation in waiters.append((id, continuation)) }
            timer.cancel()
        }

        private func release(_ id: Int) {
            if let index = waiters.firstIndex(where: { $0.0 == id }) { waiters.remove(at: index).1.resume() }
        }

        var status: String {
            let list = errors.map { "\"" + PreviewServer.jsonEscape($0) + "\"" }.joined(separator: ",")
            return "{\"generation\":\(generation),\"ok\":\(ok),\"errors\":[\(list)]}"
        }
    }

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

        public init(build: BuildOptions, bind: String = "127.0.0.1", port: UInt16 = 8000) {
            self.build = build
            self.bind = bind
            self.port = port
        }
    }

    private let options: Options
    private let log: @Sendable (String) -> Void
    private let builds = Builds()
    private var server: HTTPServer?
    private var watcher: FileWatcher?
    private let buildQueue = DispatchQueue(label: "cecsite-serve-build")
    private let stateLock = NSLock()
    private var rebuildPending = false
    private var building = false
    /// The address the server listens on, known once ``start()`` returned.
    public private(set) var url = ""

    /// - Parameter log: Receives the terminal's lines: build progress, diagnostics, results.
    public init(options: Options, log: @escaping @Sendable (String) -> Void) {
        self.options = options
        self.log = log
    }

    /// Listens, runs the first build and starts watching. Returns once the site is served;
    /// throws when the address cannot be used (a port already taken, say).
    public func start() async throws {
        let address: any SocketAddress = options.bind.contains(":")
            ? try sockaddr_in6.inet6(ip6: options.bind, port: options.port)
            : try sockaddr_in.inet(ip4: options.bind, port: options.port)
        let server = HTTPServer(address: address, timeout: 60, logger: .disabled, handler: Handler(owner: self))
        self.server = server
        let task = Task { try await server.run() }
        do {
            try await server.waitUntilListening(timeout: 60)
        } catch {
            task.cancel()
            if let failure = try? await task.value { _ = failure }
            throw ServeError.cannotListen(options.bind, options.port, "\(error)")
        }
        var port = options.port
        if case .ip4(_, let actual)? = await server.listeningAddress { port = actual }
        if case .ip6(_, let actual)? = await server.listeningAddress { port = actual }
        let host = options.bind.contains(":") ? "[\(options.bind)]" : options.bind
        url = "http://\(host):\(port)/"
        await rebuild()
        let watcher = FileWatcher(folders: [options.build.content, options.build.templates]) { [weak self] changed in
            self?.log("Changed: " + changed.prefix(3).map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")
                + (changed.count > 3 ? " and \(changed.count - 3) more" : ""))
            self?.scheduleRebuild()
        }
        watcher.start()
        self.watcher = watcher
    }

    /// Stops watching and serving; open connections are closed.
    public func stop() async {
        watcher?.stop()
        await server?.stop(timeout: 1)
    }

    /// The generation of the last finished build (tests wait for it to grow).
    public var generation: Int { get async { await builds.generation } }

    // MARK: Building

    /// One rebuild at a time: a change during a build schedules exactly one more.
    private func scheduleRebuild() {
        stateLock.lock()
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
            await rebuild()
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

    /// Builds the site with the server's own address as its base URL. This is the one place a
    /// build happens, so an incremental build can replace it.
    private func rebuild() async {
        var buildOptions = options.build
        buildOptions.baseURL = String(url.dropLast())
        let final = buildOptions
        let report: BuildReport = await withCheckedContinuation { continuation in
            buildQueue.async { continuation.resume(returning: CECSiteKit.build(final)) }
        }
        for diagnostic in report.diagnostics { log(diagnostic.description) }
        if report.succeeded {
            log(String(format: "Built %d pages in %.2f s", report.pages, report.seconds)
                + (report.warnings.isEmpty ? "" : ", \(report.warnings.count) warning(s)"))
        } else {
            log("Build failed: \(report.errors.count) error(s); still serving the last good site")
        }
        await builds.finished(ok: report.succeeded, errors: report.errors.map(\.description))
    }

    // MARK: Serving

    struct Handler: HTTPHandler {
        let owner: PreviewServer

        func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
            guard owner.inFlight.enter(limit: owner.options.maxRequests) else {
                return PreviewServer.text(.serviceUnavailable, "Too many requests at once; try again.\n")
            }
            defer { owner.inFlight.leave() }
            guard request.method == .GET || request.method == .HEAD else {
                return PreviewServer.text(.methodNotAllowed, "Only GET and HEAD are served.\n")
            }
            // Nothing served takes a body; one is refused unread rather than buffered.
            if let length = request.headers[HTTPHeader("Content-Length")].flatMap(Int.init), length > 0 {
                return PreviewServer.text(.payloadTooLarge, "Requests with a body are not served.\n")
            }
            guard request.target.path().utf8.count <= PreviewServer.maxPathLength else {
                return PreviewServer.text(.uriTooLong, "The address is too long.\n")
            }
            switch request.target.path() {
            case "/__cecsite/live.js":
                return HTTPResponse(statusCode: .ok, headers: PreviewServer.headers("text/javascript; charset=utf-8"),
                                    body: Data(LiveReload.script.utf8))
            case "/__cecsite/events":
                let since = request.query.first { $0.name == "since" }.flatMap { Int($0.value) } ?? -1
                await owner.builds.wait(since: since, timeout: owner.options.holdSeconds)
                return HTTPResponse(statusCode: .ok, headers: PreviewServer.headers("application/json; charset=utf-8"),
                                    body: Data(await owner.builds.status.utf8))
            default:
                return await owner.file(request)
            }
        }
    }

    /// A file of the output folder: directories map to their `index.html`, a directory without
    /// its trailing slash is redirected, a missing file gets the site's 404 page.
    func file(_ request: HTTPRequest) async -> HTTPResponse {
        let root = URL(fileURLWithPath: options.build.output).standardizedFileURL.path
        // The raw target: FlyingFox's `path` is standardised, which drops a trailing slash.
        let raw = request.target.path()
        guard let relative = Self.safePath(raw) else { return Self.text(.forbidden, "Forbidden.\n") }
        var path = relative.isEmpty ? root : root + "/" + relative
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            if !raw.hasSuffix("/") {
                let query = request.target.query()
                var headers = Self.headers("text/plain; charset=utf-8")
                headers[.location] = raw + "/" + (query.isEmpty ? "" : "?" + query)
                return HTTPResponse(statusCode: .movedPermanently, headers: headers, body: Data("Moved.\n".utf8))
            }
            path += "/index.html"
        }
        // A symbolic link inside the output may point anywhere: only what lies inside is served.
        if let real = Self.realPath(path), let realRoot = Self.realPath(root), real != realRoot, !real.hasPrefix(realRoot + "/") {
            return Self.text(.forbidden, "Forbidden.\n")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            var body = Data(Self.plainNotFound.utf8)
            if let notFound = FileManager.default.contents(atPath: root + "/404.html") { body = await inject(notFound) }
            return HTTPResponse(statusCode: .notFound, headers: Self.headers("text/html; charset=utf-8"), body: body)
        }
        let type = Self.contentType(path)
        let body = type.hasPrefix("text/html") ? await inject(data) : data
        return HTTPResponse(statusCode: .ok, headers: Self.headers(type), body: request.method == .HEAD ? Data() : body)
    }

    /// The HTML with the live-reload script before `</body>` (or at the end).
    func inject(_ html: Data) async -> Data {
        let tag = "<script src=\"/__cecsite/live.js\" data-generation=\"\(await builds.generation)\" defer></script>\n"
        var text = String(decoding: html, as: UTF8.self)
        if let range = text.range(of: "</body>", options: .backwards) {
            text.insert(contentsOf: tag, at: range.lowerBound)
        } else {
            text += tag
        }
        return Data(text.utf8)
    }

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

    /// The longest request path served, in bytes.
    static let maxPathLength = 4096

    /// The absolute path of `path` with every symbolic link resolved, or nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The request path, percent-decoded, without its leading slash, or nil when it would leave
    /// the output folder or holds a NUL.
    static func safePath(_ path: String) -> String? {
        guard let decoded = path.removingPercentEncoding, !decoded.contains("\0") else { return nil }
        let segments = decoded.split(separator: "/", omittingEmptySubsequences: true)
        guard !segments.contains(where: { $0 == ".." || $0 == "." }), !decoded.contains("\\") else { return nil }
        return segments.joined(separator: "/")
    }

    static let types: [String: String] = [
        "html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8",
        "json": "application/json; charset=utf-8", "jsonld": "application/ld+json; charset=utf-8",
        "xml": "application/xml; charset=utf-8", "atom": "application/atom+xml; charset=utf-8",
        "ics": "text/calendar; charset=utf-8", "csv": "text/csv; charset=utf-8", "txt": "text/plain; charset=utf-8",
        "md": "text/markdown; charset=utf-8", "svg": "image/svg+xml",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "webp": "image/webp", "gif": "image/gif",
        "ico": "image/x-icon", "woff2": "font/woff2", "pdf": "application/pdf",
    ]

    /// The Content-Type of a file, with its charset for text: `atom.xml` is an Atom feed.
    static func contentType(_ path: String) -> String {
        if path.hasSuffix("/atom.xml") || path == "atom.xml" { return "application/atom+xml; charset=utf-8" }
        return types[(path as NSString).pathExtension.lowercased()] ?? "application/octet-stream"
    }

    static func headers(_ type: String) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers[.contentType] = type
        headers[.cacheControl] = "no-store"
        headers[HTTPHeader("X-Content-Type-Options")] = "nosniff"
        return headers
    }

    static func text(_ status: HTTPStatusCode, _ message: String) -> HTTPResponse {
        HTTPResponse(statusCode: status, headers: headers("text/plain; charset=utf-8"), body: Data(message.utf8))
    }

    static let plainNotFound = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Not found</title></head>
        <body><main><h1>Not found</h1><p>No file at this address in the built site.</p></main></body></html>

        """

    static func jsonEscape(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}

/// Why the server could not start.
public enum ServeError: Error, CustomStringConvertible {
    case cannotListen(String, UInt16, String)

    public var description: String {
        switch self {
        case let .cannotListen(address, port, reason):
            return "Cannot listen on \(address):\(port) (\(reason)); is the port in use? Choose another with --port, or --port 0 for any free one"
        }
    }
}
