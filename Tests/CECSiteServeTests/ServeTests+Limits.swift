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

/// The preview server's bounds: request heads are capped and refused in bounded time, running
/// out of file descriptors is survived, reload polls are capped, redirects stay on the site, a
/// taken port fails at once, and HEAD, bodies and unknown methods get the answers HTTP asks for.
extension ServeTests {
    /// Starts a server on any free port for a minimal site, runs `body`, stops the server.
    func withServer(
        _ configure: (inout PreviewServer.Options) -> Void = { _ in },
        _ body: (PreviewServer, RawHTTPClient) async throws -> Void
    ) async throws {
        let site = try TempSite.minimal()
        defer { site.remove() }
        var options = PreviewServer.Options(
            build: BuildOptions(
                content: site.content, templates: site.templates,
                output: site.root.appendingPathComponent("preview").path,
                date: Day(iso: "2021-01-15")), port: 0)
        configure(&options)
        let server = PreviewServer(options: options) { _ in }
        try await server.start()
        let port = try #require(Int(server.url.dropLast().split(separator: ":").last ?? ""))
        do {
            try await body(server, RawHTTPClient(port: port))
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    static func request(_ line: String, _ headers: String = "") -> String {
        "\(line)\r\nHost: 127.0.0.1\r\n\(headers)\r\n"
    }

    @Test func aHugeHeaderGets431WithinASecondWhileOtherRequestsAreAnswered() async throws {
        try await withServer { _, client in
            let huge = Array(Self.request("GET / HTTP/1.1", "X-Huge: " + String(repeating: "a", count: 1 << 20) + "\r\n").utf8)
            // Two at once (the measured defect: two 150 KB headers stalled every other request).
            async let first = Task { await client.exchange(huge, timeout: 10) }.value
            async let second = Task { await client.exchange(huge, timeout: 10) }.value
            async let normal = Task { await client.exchange(Self.request("GET / HTTP/1.1"), timeout: 10) }.value
            let answers = await [first, second]
            for answer in answers {
                #expect(answer.status == 431)
                #expect(answer.seconds < 1, "answered in \(answer.seconds) s")
            }
            let page = await normal
            #expect(page.status == 200 && page.seconds < 5, "\(page.status) in \(page.seconds) s")
            // Just under the limits is served.
            let large = await client.exchange(Self.request("GET / HTTP/1.1", "X-Large: " + String(repeating: "a", count: 60_000) + "\r\n"))
            #expect(large.status == 200)
            #expect(await client.exchange(Self.request("GET / HTTP/1.1")).status == 200)
        }
    }

    @Test func aHugeRequestLineGets414Fast() async throws {
        try await withServer { _, client in
            let huge = await client.exchange(Self.request("GET /" + String(repeating: "a", count: 1 << 20) + " HTTP/1.1"))
            #expect(huge.status == 414)
            #expect(huge.seconds < 1, "answered in \(huge.seconds) s")
            #expect(await client.exchange(Self.request("GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1")).status == 414)
            #expect(await client.exchange(Self.request("GET /" + String(repeating: "a", count: 7000) + " HTTP/1.1")).status == 404)
            #expect(await client.exchange(Self.request("GET / HTTP/1.1")).status == 200)
        }
    }

    @Test func reloadPollsOverTheCapGet503WithRetryAfter() async throws {
        try await withServer({
            $0.maxReloadPolls = 2; $0.holdSeconds = 20
        }) { server, client in
            let since = await server.generation
            let held = (0..<2).map { _ in
                Task { await client.exchange(Self.request("GET /__cecsite/events?since=\(since) HTTP/1.1"), timeout: 30) }
            }
            #expect(await server.builds.until(timeout: 20) { $0.waiting == 2 })
            let refused = await client.exchange(Self.request("GET /__cecsite/events?since=\(since) HTTP/1.1"))
            #expect(refused.status == 503)
            #expect(refused.headers["retry-after"] == "\(PreviewServer.reloadRetrySeconds)")
            #expect(refused.seconds < 5)
            // Pages are still served, and the page's script waits as told before asking again.
            #expect(await client.exchange(Self.request("GET / HTTP/1.1")).status == 200)
            #expect(LiveReload.script.contains("r.headers.get(\"Retry-After\")"))
            await server.stop()
            for task in held { #expect(await task.value.seconds < 10, "a held poll ends when the server stops") }
        }
    }

    @Test func redirectsStayOnTheSite() async throws {
        try await withServer { _, client in
            for target in ["//en", "///en", "/%2Fen", "//en?x=1", "/./en"] {
                let answer = await client.exchange(Self.request("GET \(target) HTTP/1.1"))
                let location = answer.headers["location"] ?? ""
                #expect(!location.hasPrefix("//") && !location.contains("\\"), "\(target) → \(location)")
                if answer.status == 301 { #expect(location.hasPrefix("/en/"), "\(target) → \(location)") }
            }
            #expect(await client.exchange(Self.request("GET //en HTTP/1.1")).headers["location"] == "/en/")
            #expect(await client.exchange(Self.request("GET /plan?x=1 HTTP/1.1")).headers["location"] == "/plan/?x=1")
        }
        #expect(PreviewServer.redirectLocation("a b/ü") == "/a%20b/%C3%BC/")
    }

    @Test func aPortInUseFailsAtOnceWithTheMessage() async throws {
        try await withServer { server, client in
            var options = PreviewServer.Options(
                build: BuildOptions(content: "content", templates: "templates", output: "unused"),
                port: UInt16(client.port))
            options.holdSeconds = 1
            let start = Date()
            await #expect(throws: ServeError.portInUse(UInt16(client.port))) {
                try await PreviewServer(options: options) { _ in }.start()
            }
            #expect(Date().timeIntervalSince(start) < 2)
            #expect(ServeError.portInUse(8000).description.hasPrefix("port 8000 is in use; try --port 0"))
            _ = server
        }
    }

    @Test func headSendsTheLengthOfTheBodyGetSends() async throws {
        try await withServer { _, client in
            for path in ["/", "/assets/site.css", "/no/such/page/"] {
                let get = await client.exchange(Self.request("GET \(path) HTTP/1.1"))
                let head = await client.exchange(Self.request("HEAD \(path) HTTP/1.1"), head: true)
                #expect(get.body.count > 0)
                #expect(head.status == get.status)
                #expect(head.headers["content-length"] == "\(get.body.count)", "HEAD \(path)")
                #expect(head.body.isEmpty)
            }
        }
    }

    @Test func bodiesConflictingLengthsAndUnknownMethodsAreRefused() async throws {
        try await withServer { _, client in
            let conflicting = await client.exchange(Self.request("GET / HTTP/1.1", "Content-Length: 0\r\nContent-Length: 5\r\n") + "hello")
            #expect(conflicting.status == 400)
            let body = await client.exchange(Self.request("GET / HTTP/1.1", "Content-Length: 5\r\n") + "hello")
            #expect(body.status == 400)
            let chunked = await client.exchange(Self.request("GET / HTTP/1.1", "Transfer-Encoding: chunked\r\n") + "5\r\nhello\r\n0\r\n\r\n")
            #expect(chunked.status == 400)
            let unknown = await client.exchange(Self.request("FROBNICATE / HTTP/1.1"))
            #expect(unknown.status == 501)
            let post = await client.exchange(Self.request("POST / HTTP/1.1", "Content-Length: 5\r\n") + "hello")
            #expect(post.status == 405 && post.headers["allow"] == "GET, HEAD")
            #expect(await client.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\nGET /en/ HTTP/1.1\r\nHost: a\r\n\r\n").status == 200)
        }
    }

    @Test func aSilentConnectionIsClosed() async throws {
        try await withServer({
            $0.holdSeconds = 0.1; $0.idleSeconds = 1
        }) { _, client in
            // Idle time is never under the reload hold plus 5 s: here 5.1 s.
            let closedAfter = await withCheckedContinuation { continuation in
                Thread.detachNewThread {
                    let fd = RawHTTPClient.connect(port: client.port)
                    defer { close(fd) }
                    let start = Date()
                    var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                    var byte: UInt8 = 0
                    let closed = poll(&poller, 1, 20_000) == 1 && recv(fd, &byte, 1, 0) == 0
                    continuation.resume(returning: closed ? Date().timeIntervalSince(start) : -1)
                }
            }
            #expect(closedAfter >= 4 && closedAfter < 15, "closed after \(closedAfter) s (-1: not within 20 s)")
        }
    }

    @Test func thePreviewFolderIsPrivate() throws {
        let folder = try PreviewServer.makePrivateFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let mode = try FileManager.default.attributesOfItem(atPath: folder)[.posixPermissions] as? Int
        #expect(mode == 0o700)
    }

    @Test func servesTheShippedContent() async throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("cecsite-serve-shipped-\(UUID().uuidString)").path
        defer {
            try? FileManager.default.removeItem(atPath: output)
            try? FileManager.default.removeItem(atPath: BuildOptions.cacheDirectory(for: output))
            try? FileManager.default.removeItem(atPath: BuildOptions.spareDirectory(for: output))
        }
        let root = repositoryRoot.path
        let server = PreviewServer(
            options: .init(
                build: BuildOptions(
                    content: root + "/content", templates: root + "/templates",
                    output: output, date: Day(iso: "2021-01-15")), port: 0)
        ) { _ in }
        try await server.start()
        let client = RawHTTPClient(port: Int(server.url.dropLast().split(separator: ":").last ?? "") ?? 0)
        for path in ["/", "/en/", "/plan/", "/en/faq/", "/data/", "/sitemap.xml"] {
            let answer = await client.exchange(Self.request("GET \(path) HTTP/1.1"), timeout: 30)
            #expect(answer.status == 200, "\(path)")
        }
        #expect(await client.exchange(Self.request("GET /en HTTP/1.1")).headers["location"] == "/en/")
        #expect(await client.exchange(Self.request("GET /no-such-page/ HTTP/1.1")).status == 404)
        await server.stop()
    }
}
