import CECSiteContent
import CECSiteCore
import CECSiteKit
import Foundation

extension PreviewServer {
    /// A request as the connection handler decoded it: nothing here was read past the head.
    struct Request: Sendable {
        var method: String
        /// The raw request target, path and query (`/plan?x=1`).
        var target: String
        var headers: [(name: String, value: String)]

        func values(_ name: String) -> [String] {
            headers.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map(\.value)
        }
    }

    /// An answer. Its `Content-Length` is the body's (a HEAD answer sends the length, not the body).
    struct Response: Sendable {
        var status: Int
        var headers: [(name: String, value: String)]
        var body: Data
        /// Close the connection after this answer (the request may have had a body left unread).
        var close = false
    }

    /// The methods a server may know; any other is answered 501 (the HTTP decoder already
    /// refuses methods outside its own list, which it reports as an invalid method: also 501).
    static let knownMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"]

    /// Answers one request: the live-reload script, the reload long-poll, or a file.
    func respond(_ request: Request) async -> Response {
        guard inFlight.enter(limit: options.maxRequests) else {
            var busy = Self.text(503, "Too many requests at once; try again.\n")
            busy.headers.append(("Retry-After", "1"))
            return busy
        }
        defer { inFlight.leave() }
        guard request.method == "GET" || request.method == "HEAD" else {
            guard Self.knownMethods.contains(request.method) else {
                var unknown = Self.text(501, "Only GET and HEAD are served.\n")
                unknown.close = true
                return unknown
            }
            var refused = Self.text(405, "Only GET and HEAD are served.\n")
            refused.headers.append(("Allow", "GET, HEAD"))
            refused.close = true
            return refused
        }
        // Nothing served takes a body; a request with one is refused unread, and so is one
        // whose length is ambiguous (two different Content-Length values).
        let lengths = Set(
            request.values("Content-Length").flatMap { $0.split(separator: ",") }
                .map { $0.trimmingCharacters(in: .whitespaces) })
        if lengths.count > 1 || !request.values("Transfer-Encoding").isEmpty || lengths.contains(where: { $0 != "0" }) {
            var refused = Self.text(400, "GET and HEAD requests take no body.\n")
            refused.close = true
            return refused
        }
        let path = request.target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        switch path {
        case "/__cecsite/live.js":
            return Response(status: 200, headers: Self.headers("text/javascript; charset=utf-8"), body: Data(LiveReload.script.utf8))
        case "/__cecsite/events":
            let since = URLComponents(string: request.target)?.queryItems?.first { $0.name == "since" }.flatMap { $0.value.flatMap(Int.init) } ?? -1
            guard await builds.wait(since: since, timeout: options.holdSeconds, limit: options.maxReloadPolls) else {
                var full = Self.text(503, "Too many pages are waiting for a rebuild; ask again later.\n")
                full.headers.append(("Retry-After", "\(Self.reloadRetrySeconds)"))
                return full
            }
            return Response(status: 200, headers: Self.headers("application/json; charset=utf-8"), body: Data(await builds.status.utf8))
        default:
            return await file(target: request.target)
        }
    }

    /// Seconds a page waits before polling again when the reload long-polls are full.
    static let reloadRetrySeconds = 5

    /// A file of the newest site: from memory while it is being written (``BuildSession``),
    /// else from the output folder. Directories map to their `index.html`, a directory without
    /// its trailing slash is redirected, a missing file gets the site's 404 page.
    func file(target: String) async -> Response {
        let root = URL(fileURLWithPath: options.build.output).standardizedFileURL.path
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let raw = parts.first.map(String.init) ?? ""
        guard raw.hasPrefix("/"), let relative = Self.safePath(raw) else { return Self.text(403, "Forbidden.\n") }
        func redirect() -> Response {
            var response = Self.text(301, "Moved.\n")
            let query = parts.count > 1 ? "?" + parts[1] : ""
            response.headers.append(("Location", Self.redirectLocation(relative) + query))
            return response
        }
        func notFound() async -> Response {
            var body = Data(Self.plainNotFound.utf8)
            if let page = contents(root, "404.html") { body = await inject(page) }
            return Response(status: 404, headers: Self.headers("text/html; charset=utf-8"), body: body)
        }
        func found(_ path: String, _ data: Data) async -> Response {
            let type = Self.contentType(path)
            return Response(status: 200, headers: Self.headers(type), body: type.hasPrefix("text/html") ? await inject(data) : data)
        }
        // The newest site in memory: a folder is known by its index page.
        if let session = currentSession, session.isPending {
            let index = relative.isEmpty ? "index.html" : relative + "/index.html"
            switch session.lookup(relative) {
            case .missing where session.lookup(index) != BuildSession.Answer.missing:
                if !relative.isEmpty && !raw.hasSuffix("/") { return redirect() }
                if let data = contents(root, index) { return await found(index, data) }
                return await notFound()
            case .missing: return await notFound()
            case .memory(let data): return await found(relative, data)
            case .disk: break
            }
        }
        var path = relative.isEmpty ? root : root + "/" + relative
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            if !raw.hasSuffix("/") { return redirect() }
            path += "/index.html"
        }
        // A symbolic link inside the output may point anywhere: only what lies inside is served.
        if let real = realPath(path), let realRoot = realPath(root), real != realRoot, !real.hasPrefix(realRoot + "/") {
            return Self.text(403, "Forbidden.\n")
        }
        guard let data = FileManager.default.contents(atPath: path) else { return await notFound() }
        return await found(path, data)
    }

    /// The newest site's file `relative`: from memory while it is being written, else from the
    /// output folder `root` (a file outside it, through a symbolic link, is not read).
    private func contents(_ root: String, _ relative: String) -> Data? {
        if let session = currentSession, session.isPending {
            switch session.lookup(relative) {
            case .memory(let data): return data
            case .missing: return nil
            case .disk: break
            }
        }
        let path = root + "/" + relative
        if let real = realPath(path), let realRoot = realPath(root), !real.hasPrefix(realRoot + "/") { return nil }
        return FileManager.default.contents(atPath: path)
    }

    /// The redirect to a directory's slash form, built from the cleaned path: always one leading
    /// slash, each segment percent-encoded again, so `//host` (which a browser reads as another
    /// site) can never come out.
    static func redirectLocation(_ relative: String) -> String {
        let segments = relative.split(separator: "/").map {
            String($0).addingPercentEncoding(withAllowedCharacters: segmentAllowed) ?? ""
        }
        return "/" + segments.map { $0 + "/" }.joined()
    }

    private static let segmentAllowed = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))

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

    static func headers(_ type: String) -> [(name: String, value: String)] {
        [("Content-Type", type), ("Cache-Control", "no-store"), ("X-Content-Type-Options", "nosniff")]
    }

    static func text(_ status: Int, _ message: String) -> Response {
        Response(status: status, headers: headers("text/plain; charset=utf-8"), body: Data(message.utf8))
    }

    static let plainNotFound = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Not found</title></head>
        <body><main><h1>Not found</h1><p>No file at this address in the built site.</p></main></body></html>

        """
}
