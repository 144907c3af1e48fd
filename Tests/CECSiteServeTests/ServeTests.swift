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

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `cecsite serve`: it answers on loopback with the right types, rebuilds after a change, keeps
/// the last good site on a failed build, and stops. Every wait is bounded.
@Suite(.serialized) struct ServeTests {
    struct Reply {
        var status: Int
        var type: String
        var location: String
        var body: String
    }

    /// A GET that does not follow redirects, with a timeout. The default is generous: the other
    /// suites build sites in parallel with this one, and on two cores a request waited over 10 s
    /// for a thread in one full run.
    final class NoRedirect: NSObject, URLSessionTaskDelegate {
        func urlSession(
            _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
            newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
        ) {
            completionHandler(nil)
        }
    }

    func get(_ url: String, timeout: TimeInterval = 30) async throws -> Reply {
        var request = URLRequest(url: URL(string: url)!)
        request.timeoutInterval = timeout
        request.cachePolicy = .reloadIgnoringLocalCacheData
        let configuration = URLSessionConfiguration.ephemeral
        configuration.urlCache = nil
        let session = URLSession(configuration: configuration, delegate: NoRedirect(), delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        return Reply(
            status: http.statusCode, type: http.value(forHTTPHeaderField: "Content-Type") ?? "",
            location: http.value(forHTTPHeaderField: "Location") ?? "", body: String(decoding: data, as: UTF8.self))
    }

    /// Polls the events endpoint until a build newer than `since` is reported (at most 45 s).
    func nextBuild(_ server: PreviewServer, after since: Int) async throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(45)
        while Date() < deadline {
            let reply = try await get(server.url + "__cecsite/events?since=\(since)")
            let state = try JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [String: Any] ?? [:]
            if (state["generation"] as? Int ?? 0) > since { return state }
        }
        Issue.record("no build after generation \(since) within 45 s")
        return [:]
    }

    @Test func servesRebuildsKeepsTheLastGoodSiteAndStops() async throws {
        let site = try TempSite.minimal()
        defer { site.remove() }
        let output = site.root.appendingPathComponent("preview").path
        var options = PreviewServer.Options(
            build: BuildOptions(
                content: site.content, templates: site.templates, output: output,
                date: Day(iso: "2021-01-15")), port: 0)
        options.holdSeconds = 2
        let server = PreviewServer(options: options) { _ in }
        try await server.start()
        #expect(server.url.hasPrefix("http://127.0.0.1:"))

        let home = try await get(server.url)
        #expect(home.status == 200)
        #expect(home.type == "text/html; charset=utf-8")
        #expect(home.body.contains("<script src=\"/__cecsite/live.js\" data-generation=\"1\" defer></script>\n</body>"))
        // The built file itself has no script, and the preview's base URL is its own address.
        #expect(!site.read("index.html", in: output).contains("live.js"))
        #expect(home.body.contains("<link rel=\"canonical\" href=\"\(server.url)\">"))
        #expect(try await get(server.url + "assets/site.css").type == "text/css; charset=utf-8")
        #expect(try await get(server.url + "news/atom.xml").type == "application/atom+xml; charset=utf-8")
        let redirect = try await get(server.url + "plan?x=1")
        #expect(redirect.status == 301 && redirect.location.hasSuffix("/plan/?x=1"))
        #expect(try await get(server.url + "%2e%2e/secret").status == 403)
        // A symbolic link placed in the output that points outside it is not followed.
        try FileManager.default.createSymbolicLink(atPath: output + "/leak.txt", withDestinationPath: site.content + "/site.yaml")
        #expect(try await get(server.url + "leak.txt").status == 403)
        // A file the build did not make stops the next build from replacing the folder.
        try FileManager.default.removeItem(atPath: output + "/leak.txt")
        let missing = try await get(server.url + "no/such/page/")
        #expect(missing.status == 404 && missing.body.contains("Сторінку не знайдено"))
        #expect(try await get(server.url + "__cecsite/live.js").type == "text/javascript; charset=utf-8")

        // A saved change is rebuilt and served.
        let page = site.root.appendingPathComponent("content/pages/about.en.md")
        let original = try String(contentsOf: page, encoding: .utf8)
        try Data(original.replacingOccurrences(of: "The plan has", with: "Edited while serving. The plan has").utf8).write(to: page)
        let rebuilt = try await nextBuild(server, after: 1)
        #expect(rebuilt["ok"] as? Bool == true)
        #expect(try await get(server.url + "en/plan/about/").body.contains("Edited while serving."))

        // A broken file: the errors are reported, the last good site stays.
        let plan = site.root.appendingPathComponent("content/plan/plan.yaml")
        let good = try String(contentsOf: plan, encoding: .utf8)
        try Data("title: [unclosed\n".utf8).write(to: plan)
        let failed = try await nextBuild(server, after: rebuilt["generation"] as? Int ?? 2)
        #expect(failed["ok"] as? Bool == false)
        #expect((failed["errors"] as? [String] ?? []).contains { $0.contains("plan.yaml:") })
        #expect(try await get(server.url + "en/plan/about/").body.contains("Edited while serving."))
        try Data(good.utf8).write(to: plan)
        #expect(try await nextBuild(server, after: failed["generation"] as? Int ?? 3)["ok"] as? Bool == true)

        await server.stop()
        await #expect(throws: (any Error).self) { _ = try await get(server.url, timeout: 2) }
    }

    @Test func requestsBeyondTheLimitGet503AtOnce() async throws {
        let site = try TempSite.minimal()
        defer { site.remove() }
        var options = PreviewServer.Options(
            build: BuildOptions(
                content: site.content, templates: site.templates,
                output: site.root.appendingPathComponent("preview").path,
                date: Day(iso: "2021-01-15")), port: 0)
        options.holdSeconds = 3
        options.maxRequests = 1
        let server = PreviewServer(options: options) { _ in }
        try await server.start()
        // A reload long-poll holds the only place for 3 s; a page asked for meanwhile is refused.
        let held = Task { try await get(server.url + "__cecsite/events?since=1", timeout: 10) }
        #expect(await server.builds.until(timeout: 10) { $0.waiting == 1 })
        #expect(try await get(server.url).status == 503)
        #expect(try await held.value.status == 200)
        #expect(try await get(server.url).status == 200, "the place is free again")
        await server.stop()
    }

    @Test func requestPathsCannotLeaveTheOutputFolder() {
        #expect(PreviewServer.safePath("/plan/goals/1-1/") == "plan/goals/1-1")
        #expect(PreviewServer.safePath("/") == "")
        #expect(PreviewServer.safePath("/../etc/passwd") == nil)
        #expect(PreviewServer.safePath("/a/%2E%2E/b") == nil)
        #expect(PreviewServer.safePath("/a%00b") == nil)
        #expect(PreviewServer.contentType("data/x.csv") == "text/csv; charset=utf-8")
        #expect(PreviewServer.contentType("calendar/calendar.ics") == "text/calendar; charset=utf-8")
        #expect(PreviewServer.contentType("data/x.xlsx") == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    }
}
