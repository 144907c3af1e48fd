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
}
