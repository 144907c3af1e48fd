import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteKit

/// Hugo's dates in front matter (issue 24, item 4, first part): RFC 3339 date-times as Hugo and
/// Jekyll write them, `lastmod`, and `publishDate`/`expiryDate` keeping a page out as `draft` does.
@Suite struct FrontMatterDatesTests {
    @Test(arguments: [
        ("2024-01-02T12:13:00+02:00", "2024-01-02"),
        ("2024-01-02 12:13:00+02:00", "2024-01-02"),
        ("2024-01-01T23:30:00Z", "2024-01-02"),  // 01:30 in Kyiv (UTC+2 in winter)
        ("2024-07-01T21:30:00Z", "2024-07-02"),  // 00:30 in Kyiv (UTC+3 in summer)
        ("2024-07-01T20:30:00Z", "2024-07-01"),  // 23:30 in Kyiv
        ("2024-01-02T00:10:00-05:00", "2024-01-02"),  // 07:10 in Kyiv
        ("2024-01-02T22:10:00-0500", "2024-01-03"),
        ("2024-01-02T10:00:00.123+03:00", "2024-01-02"),
        ("2024-01-02T10:00", "2024-01-02"),  // no offset: Kyiv time
    ])
    func rfc3339DateTimesAreTheirDayInKyiv(_ text: String, _ day: String) {
        #expect(Day(dateTime: text)?.description == day)
    }

    @Test(arguments: [
        "2024-02-30T10:00:00Z", "2024-01-02T25:00:00Z", "2024-01-02T10:61:00Z", "2024-01-02T10:00:00+25:00",
        "2024-01-02", "2024-01-02T", "yesterday",
    ])
    func otherTextIsNoDateTime(_ text: String) {
        #expect(Day(dateTime: text) == nil)
    }

    @Test func hugosTaxonomiesBecomeTagsAndLinkTitleIsAccepted() throws {
        let site = try TempSite.minimal([
            "content/news/hugo.en.md":
                "---\ntitle: \"Hugo post\"\ndate: 2024-01-02\ntags: [cec]\ncategories: [elections, cec]\nkeywords: [turnout]\nlinkTitle: \"Post\"\n---\nText.\n"
        ])
        defer { site.remove() }
        let report = site.build(date: "2024-05-20")
        #expect(report.succeeded, "\(report.diagnostics)")
        #expect(site.read("en/news/hugo/index.html").contains(">cec, elections, turnout</span></p>"))
    }

    /// Hugo reads front-matter keys without regard to case; so does cecsite.
    @Test func frontMatterKeysInAnyCaseAreReadAsHugoReadsThem() throws {
        let site = try TempSite.minimal([
            "content/news/hugo.en.md":
                "---\nTitle: \"Hugo post\"\nDate: 2024-01-02T12:13:00+02:00\nTags: [cec]\nCATEGORIES: [elections]\nLinkTitle: \"Post\"\nlastMod: 2024-01-03\n---\nText.\n",
            "content/news/old.en.md": "---\ntitle: \"Old\"\ndate: 2024-01-01\nURL: /old/\n---\nText.\n",
        ])
        defer { site.remove() }
        let report = site.build(date: "2024-05-20")
        // A Hugo-only setting is recognised in any case too.
        #expect(
            site.lines(report) == [
                "content/news/old.en.md:4:1: error: 'url' is a Hugo setting cecsite does not support: a page's address comes from its file name or 'slug'; keep old addresses working with 'aliases'"
            ])
        try FileManager.default.removeItem(atPath: site.content + "/news/old.en.md")
        let second = site.build(date: "2024-05-20")
        #expect(second.succeeded, "\(site.lines(second))")
        let page = site.read("en/news/hugo/index.html")
        #expect(page.contains("<h1>Hugo post</h1>") || page.contains(">Hugo post</h1>"), "\(page)")
        #expect(page.contains("<time datetime=\"2024-01-02\">"))
        #expect(page.contains(">cec, elections</span></p>"))
        #expect(page.contains("<time datetime=\"2024-01-03\">"))
        // An unknown key is still named as written.
        try Data("---\nTitle: \"Hugo post\"\nDate: 2024-01-02\nAuthour: x\n---\nText.\n".utf8).write(
            to: URL(fileURLWithPath: site.content + "/news/hugo.en.md"))
        #expect(
            site.lines(site.build(date: "2024-05-20")).contains {
                $0.hasPrefix("content/news/hugo.en.md:4:1: error: Unknown key 'Authour' in a news article's front matter")
            })
    }

    @Test func newsWithHugoDatesBuildAndPublishWithinTheirDates() throws {
        func item(_ title: String, _ extra: String) -> String {
            "---\ntitle: \"\(title)\"\ndate: 2024-01-01T23:30:00Z\n\(extra)---\nText.\n"
        }
        let site = try TempSite.minimal([
            "content/news/rfc.en.md": item("Dated the Hugo way", "lastmod: 2024-03-05T09:00:00+02:00\n"),
            "content/news/later.en.md": item("Not yet", "publishDate: 2024-06-01\n"),
            "content/news/over.en.md": item("No longer", "expiryDate: 2024-05-01T00:00:00+03:00\n"),
            "content/news/window.en.md": item("Within", "publishDate: 2024-05-01\nexpiryDate: 2024-06-01\n"),
        ])
        defer { site.remove() }
        let report = site.build(date: "2024-05-20")
        #expect(report.succeeded, "\(report.diagnostics)")
        let page = site.read("en/news/rfc/index.html")
        #expect(
            page.contains(
                "Published: <time datetime=\"2024-01-02\">2\u{00A0}January 2024</time> · "
                    + "Updated: <time datetime=\"2024-03-05\">5\u{00A0}March 2024</time>"))
        #expect(site.readIfPresent("en/news/later/index.html") == nil)
        #expect(site.readIfPresent("en/news/over/index.html") == nil)
        #expect(site.read("en/news/window/index.html").contains("Within"))
        #expect(!site.read("en/news/index.html").contains("Not yet"))
        // The same content on a later day: the item scheduled for June is out, and so is the window.
        let june = site.build(date: "2024-06-02", output: site.root.appendingPathComponent("june").path)
        #expect(june.succeeded)
        #expect(site.readIfPresent("en/news/later/index.html", in: site.root.appendingPathComponent("june").path) != nil)
        #expect(site.readIfPresent("en/news/window/index.html", in: site.root.appendingPathComponent("june").path) == nil)
    }

    @Test func badDatesAreLocatedErrors() throws {
        let site = try TempSite.minimal([
            "content/news/bad.en.md": "---\ntitle: \"Bad\"\ndate: 2024-01-02T25:00:00Z\npublishDate: 2024-06-01\nexpiryDate: 2024-05-01\n---\nText.\n"
        ])
        defer { site.remove() }
        #expect(
            site.lines(site.build()) == [
                "content/news/bad.en.md:3:7: error: Invalid date '2024-01-02T25:00:00Z' for 'date'; write it as YYYY-MM-DD, e.g. 2020-06-15, or as an RFC 3339 date-time, e.g. 2020-06-15T10:30:00+03:00",
                "content/news/bad.en.md:5:13: error: expiryDate 2024-05-01 is not after publishDate 2024-06-01; the page would never be published — correct one of them",
            ])
    }
}

/// Hugo's layout and names (issue 24, item 4): page bundles, `slug`, `weight`; `_index.md` refused
/// with a reason.
@Suite struct HugoLayoutTests {
    @Test func bundlesSlugAndWeightAsHugoWritesThem() throws {
        let site = try TempSite.minimal([
            "content/news/election-night/index.uk.md": "---\ntitle: \"Ніч виборів\"\ndate: 2020-10-25\n---\nТекст.\n",
            "content/news/election-night/index.en.md": "---\ntitle: \"Election night\"\ndate: 2020-10-25\n---\nText.\n",
            "content/news/old-name.en.md": "---\ntitle: \"Renamed\"\nslug: new-name\ndate: 2020-10-26\n---\nText.\n",
            "content/pages/second.en.md": "---\ntitle: \"Second\"\nsection: plan\nweight: 2\n---\nText.\n",
        ])
        defer { site.remove() }
        let report = site.build()
        #expect(report.succeeded, "\(report.diagnostics)")
        #expect(site.read("news/election-night/index.html").contains("Ніч виборів"))
        #expect(site.read("en/news/election-night/index.html").contains("Election night"))
        #expect(site.read("en/news/new-name/index.html").contains("Renamed"))
        #expect(site.readIfPresent("en/news/old-name/index.html") == nil)
        let plan = site.read("en/plan/index.html")
        let about = try #require(plan.range(of: "About the plan")), second = try #require(plan.range(of: ">Second<"))
        #expect(about.lowerBound < second.lowerBound, "weight 2 comes after order 1")
    }

    @Test func whatHugoHasAndCecsiteDoesNotIsALocatedError() throws {
        let site = try TempSite.minimal([
            "content/news/_index.md": "---\ntitle: \"News\"\n---\nIntro.\n",
            "content/news/bundle/index.en.md": "---\ntitle: \"Bundle\"\n---\nText.\n",
            "content/news/bundle/notes.md": "Notes.\n",
            "content/news/badslug.en.md": "---\ntitle: \"Bad slug\"\nslug: Not A Slug\n---\nText.\n",
            "content/pages/both.en.md": "---\ntitle: \"Both\"\nsection: plan\norder: 1\nweight: 2\n---\nText.\n",
        ])
        defer { site.remove() }
        #expect(
            site.lines(site.build()) == [
                "content/news/_index.md: error: Hugo's section page (_index.md) is not supported: the news list is made by cecsite; move its text into a page of pages/ or remove the file",
                "content/news/badslug.en.md:3:7: error: Slug 'Not A Slug' is not a plain URL segment; use lowercase ASCII letters, digits and '-' (e.g. 'not-a-slug')",
                "content/news/bundle/notes.md: error: A page bundle holds its text in index.md (or index.uk.md, index.en.md); 'notes.md' would not be published — rename it or make it a page of its own",
                "content/pages/both.en.md:5:9: error: Both 'order' and 'weight' are given; they mean the same: keep one",
            ])
    }

    @Test func aShortcodeIsAnErrorThatNamesIt() throws {
        let site = try TempSite.minimal([
            "content/news/photo.en.md": """
            ---
            title: "Photo"
            ---
            Before {{< figure src="a.jpg" >}} after.

            `{{< not-this >}}` in code is shown as it is.

            ```
            {{% nor-this %}}
            ```
            {{% note %}}
            """
        ])
        defer { site.remove() }
        #expect(
            site.lines(site.build()) == [
                "content/news/photo.en.md:4:8: error: Hugo shortcode 'figure' is not supported and would be published as text; write it in Markdown (a figure is ![what it shows](picture.png)), or put it in `code` to show it",
                "content/news/photo.en.md:11:1: error: Hugo shortcode 'note' is not supported and would be published as text; write it in Markdown (a figure is ![what it shows](picture.png)), or put it in `code` to show it",
            ])
    }
}
