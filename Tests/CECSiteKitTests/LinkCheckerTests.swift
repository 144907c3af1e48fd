import Foundation
import Testing

@testable import CECSiteKit

/// What the link check reads in a page's HTML and which file a link leads to.
@Suite struct LinkCheckerTests {
    @Test func aLinkLeadsToItsFileWithoutQueryOrFragment() {
        #expect(LinkChecker.target(of: "/") == "index.html")
        #expect(LinkChecker.target(of: "/plan/") == "plan/index.html")
        #expect(LinkChecker.target(of: "/plan/?q=1#x") == "plan/index.html")
        #expect(LinkChecker.target(of: "/news/a.pdf#page=2") == "news/a.pdf")
        #expect(LinkChecker.target(of: "/news?x=/") == "news")
        #expect(LinkChecker.target(of: "/#top") == "index.html")
        // Not ASCII: cut over characters, the same way.
        #expect(LinkChecker.target(of: "/новини/") == "новини/index.html")
        #expect(LinkChecker.target(of: "/новини/файл.pdf?v=2") == "новини/файл.pdf")
    }

    @Test func anEscapedAmpersandInALinkIsReadAsOne() {
        let html = #"<a href="/search/?q=a&amp;b=c">x</a> <a href="/a&b/">y</a> <img src="/p.png">"#
        let links = LinkChecker.links(in: html).map(\.0)
        #expect(links == ["/search/?q=a&b=c", "/a&b/", "/p.png"])
    }

    /// The links and lines found from the `=` of each attribute are those of a walk over every
    /// byte (the scan before 2026-12-07, below), line ends inside a value left uncounted, on
    /// pages made of the pieces where the two could differ.
    @Test func theLinksAreThoseOfAByteByByteWalk() {
        let pieces = [
            " href=\"/a\"", " src=\"/p.png\"", "\n", " ", "=", "\"", "href=\"/no-space\"", " href=/unquoted",
            " href=\"/multi\nline\"", " src=\"//cdn/x\"", " href=\"https://x/\"", " href=\"/q?a=1&amp;b=2\"", "<a",
            " href=\"", " src=\"", " hre", "f=\"/x\"", " href=\"/новини/\"", "\n\n", " class=\"a b\"", " src=",
        ]
        var generator = SystemRandomNumberGenerator()
        for round in 0..<2000 {
            var html = ""
            for _ in 0..<Int.random(in: 0...12, using: &generator) { html += pieces.randomElement(using: &generator)! }
            let data = Data(html.utf8)
            for rooted in [true, false] {
                let found = LinkChecker.links(in: data, rootRelativeOnly: rooted)
                let walked = Self.walk(data, rootRelativeOnly: rooted)
                #expect(found.map(\.0) == walked.map(\.0) && found.map(\.1) == walked.map(\.1), "round \(round): \(html.debugDescription)")
                if found.map(\.0) != walked.map(\.0) || found.map(\.1) != walked.map(\.1) { return }
            }
        }
    }

    /// The byte-by-byte scan ``LinkChecker/links(in:rootRelativeOnly:)`` replaced.
    static func walk(_ html: Data, rootRelativeOnly: Bool) -> [(String, Int)] {
        let bytes = [UInt8](html)
        let count = bytes.count
        var result: [(String, Int)] = []
        var line = 1
        var i = 0
        while i < count {
            let byte = bytes[i]
            if byte == 0x0A {
                line += 1
            } else if byte == 0x20, i + 6 < count {
                var start = -1
                if Array(bytes[(i + 1)...(i + 6)]) == Array("href=\"".utf8) {
                    start = i + 7
                } else if Array(bytes[(i + 1)...(i + 5)]) == Array("src=\"".utf8) {
                    start = i + 6
                }
                if start >= 0 {
                    var end = start
                    while end < count, bytes[end] != 0x22 { end += 1 }
                    let rooted = end > start && bytes[start] == 0x2F && !(end > start + 1 && bytes[start + 1] == 0x2F)
                    if !rootRelativeOnly || rooted {
                        let value = String(decoding: bytes[start..<end], as: UTF8.self)
                        result.append((value.replacingOccurrences(of: "&amp;", with: "&"), line))
                    }
                    i = end
                    continue
                }
            }
            i += 1
        }
        return result
    }
}
