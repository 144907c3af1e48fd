import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteFormats
@testable import CECSiteKit
@testable import CECSiteMarkdown
@testable import CECSiteTemplates

/// The electoral calendar: events from content and from the plan, pages relative to the build
/// date, and iCalendar feeds.
@Suite struct CalendarTests {
    static let calendar = """
        elections:
          - id: local-2020
            title: {uk: "Місцеві вибори 2020", en: "Local elections 2020"}
        events:
          - id: process-start
            title: {uk: "Початок процесу", en: "Start of the process"}
            start: 2020-09-05
            election: local-2020
            category: election-process
          - id: election-day
            title: {uk: "День голосування", en: "Election day; polls, open"}
            start: 2020-10-25T08:00
            end: 2020-10-25T20:00
            election: local-2020
            category: election-day
            location: {en: "Every polling station"}
            link: /news/first/
        """
    let file = "content/calendar/events.yaml"

    /// Filters as links (all / electoral events / plan milestones), each a page with its own
    /// feed; events grouped by year; a plain statement when nothing is upcoming.
    @Test func filtersYearsAndNothingUpcoming() throws {
        let site = try TempSite.minimal([file: Self.calendar])
        defer { site.remove() }
        let report = site.build(date: "2026-01-01")
        #expect(report.succeeded, "\(site.lines(report))")
        let all = site.read("calendar/index.html")
        #expect(all.contains("<li><a href=\"/calendar/\" aria-current=\"page\">Усі події (6)</a></li>"))
        #expect(all.contains("<li><a href=\"/calendar/electoral/\">Виборчі події (2)</a></li>"))
        #expect(all.contains("<li><a href=\"/calendar/milestones/\">Віхи Стратегічного плану (4)</a></li>"))
        #expect(all.contains("<p class=\"note calendar-none\">Станом на 1\u{00A0}січня 2026\u{00A0}р. майбутніх подій у календарі немає."))
        // Past events latest first, under a heading per year, with links to the years.
        let y2021 = try #require(all.range(of: "<h3 id=\"past-2021\">2021</h3>"))
        let y2020 = try #require(all.range(of: "<h3 id=\"past-2020\">2020</h3>"))
        let end = try #require(all.range(of: "id=\"event-plan-1-1-1-end\""))
        let day = try #require(all.range(of: "id=\"event-election-day\""))
        #expect(y2021.lowerBound < end.lowerBound && end.lowerBound < y2020.lowerBound && y2020.lowerBound < day.lowerBound)
        #expect(all.contains("<li><a href=\"#past-2025\">2025</a></li><li><a href=\"#past-2021\">2021</a></li><li><a href=\"#past-2020\">2020</a></li>"))
        let electoral = site.read("calendar/electoral/index.html")
        #expect(electoral.contains("<a href=\"/calendar/electoral/\" aria-current=\"page\">Виборчі події (2)</a>"))
        #expect(electoral.contains("id=\"event-election-day\"") && !electoral.contains("id=\"event-plan-1-1-1-end\""))
        #expect(electoral.contains("<a href=\"/calendar/electoral.ics\" type=\"text/calendar\">"))
        let milestones = site.read("en/low-vision/calendar/milestones/index.html")
        #expect(milestones.contains("<a href=\"/en/low-vision/calendar/milestones/\" aria-current=\"page\">Strategic Plan milestones (4)</a>"))
        #expect(milestones.contains("id=\"event-plan-1-1-1-end\"") && !milestones.contains("id=\"event-election-day\""))
        #expect(milestones.contains("As of 1\u{00A0}January 2026, no Strategic Plan milestone is ahead"))
        // The feeds split the same way.
        let feed = site.read("calendar/electoral.ics")
        #expect(feed.contains("UID:election-day@") && !feed.contains("UID:plan-"))
        let plan = site.read("en/calendar/milestones.ics")
        #expect(plan.contains("UID:plan-1-1-1-end@") && !plan.contains("UID:election-day@"))
        // A category's page groups by year too.
        #expect(site.read("calendar/categories/plan-milestone/index.html").contains("<h2 id=\"year-2021\">2021</h2>"))
    }

    @Test func pagesSplitUpcomingAndPastAtTheBuildDate() throws {
        let site = try TempSite.minimal([file: Self.calendar])
        defer { site.remove() }
        let report = site.build(date: "2020-10-01")
        #expect(report.succeeded, "\(site.lines(report))")
        let page = site.read("calendar/index.html")
        let upcoming = try #require(page.range(of: "<h2 id=\"upcoming\">")), past = try #require(page.range(of: "<h2 id=\"past\">"))
        let election = try #require(page.range(of: "id=\"event-election-day\""))
        let start = try #require(page.range(of: "id=\"event-process-start\""))
        #expect(upcoming.lowerBound < election.lowerBound && election.lowerBound < past.lowerBound)
        #expect(past.lowerBound < start.lowerBound)
        #expect(
            page.contains(
                "<time datetime=\"2020-10-25T08:00\">25\u{00A0}жовтня 2020\u{00A0}р., 08:00</time> – "
                    + "<time datetime=\"2020-10-25T20:00\">20:00</time>"))
        #expect(page.contains("<a href=\"/news/first/\">Докладніше<span class=\"visually-hidden\">: День голосування</span></a>"))
        #expect(site.read("en/low-vision/calendar/index.html").contains("<a href=\"/en/low-vision/news/first/\">Details"))
        // Plan milestones come from the plan's timing: action 1.1.1 runs 2020-09-15 – 2021-04-01.
        let september = site.read("calendar/months/2020-09/index.html")
        #expect(september.contains("id=\"event-plan-1-1-1-start\""))
        #expect(september.contains("<strong>Початок дії 1.1.1 Стратегічного плану</strong>"))
        #expect(september.contains("<a href=\"/plan/goals/1-1/#action-1-1-1\">Докладніше"))
        #expect(site.read("calendar/months/2021-04/index.html").contains("id=\"event-plan-1-1-1-end\""))
        #expect(site.read("calendar/elections/local-2020/index.html").contains("id=\"event-process-start\""))
        #expect(!site.read("calendar/categories/election-day/index.html").contains("id=\"event-process-start\""))
        #expect(site.read("index.html").contains("<a href=\"/calendar/\">Календар</a>"))
    }

    @Test func linksWithSpacesOrLineBreaksAreErrors() throws {
        let calendar = Self.calendar.replacingOccurrences(of: "link: /news/first/", with: "link: \"https://example.org/a b\\nDTSTART:1\"")
        let site = try TempSite.minimal([file: calendar])
        defer { site.remove() }
        let report = site.build(date: "2020-10-01")
        #expect(!report.succeeded)
        #expect(
            site.lines(report) == [
                "\(file):17:11: error: Link 'https://example.org/a b\\nDTSTART:1' holds a space; percent-encode it (a space is %20) or remove it"
            ])
    }

    @Test func feedsFollowRFC5545() throws {
        let site = try TempSite.minimal([file: Self.calendar])
        defer { site.remove() }
        #expect(site.build(date: "2020-10-01").succeeded)
        let feed = site.read("en/calendar/elections/local-2020.ics")
        #expect(feed.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        #expect(feed.hasSuffix("END:VCALENDAR\r\n"))
        #expect(!feed.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        for line in feed.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 75, "\(line)") }
        #expect(
            feed.contains(
                "UID:election-day@cecsite.invalid\r\nDTSTAMP:20201001T000000Z\r\nDTSTART;TZID=Europe/Kyiv:20201025T080000\r\nDTEND;TZID=Europe/Kyiv:20201025T200000\r\n"
            ))
        #expect(feed.contains("SUMMARY:Election day\\; polls\\, open\r\n"))
        #expect(feed.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Kyiv\r\n"))
        #expect(feed.contains("DTSTART;VALUE=DATE:20200905\r\nDTEND;VALUE=DATE:20200906\r\n"))
        // No base URL: no relative URL property.
        #expect(!feed.contains("URL:"))
        let all = site.read("calendar/calendar.ics")
        #expect(all.contains("UID:plan-1-1-1-start@cecsite.invalid\r\n"))
        #expect(all.components(separatedBy: "BEGIN:VEVENT").count - 1 == 6)
        let long = ICalendar(name: "x", language: .uk, buildDate: Day(iso: "2020-01-01")!, absolute: { _ in nil })
            .fold("SUMMARY:" + String(repeating: "Ж", count: 60))
        #expect(long.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 75 })
        #expect(long.components(separatedBy: "\r\n ").joined() == "SUMMARY:" + String(repeating: "Ж", count: 60))
    }

    @Test func badEventsAreLocatedErrors() throws {
        let bad = Self.calendar.replacingOccurrences(
            of: "election: local-2020\n    category: election-process", with: "election: locl-2020\n    category: election-proces"
        )
        .replacingOccurrences(of: "end: 2020-10-25T20:00", with: "end: 2020-10-24T20:00")
        .replacingOccurrences(of: "id: process-start", with: "id: plan-start")
        let site = try TempSite.minimal([file: bad])
        defer { site.remove() }
        let lines = site.lines(site.build())
        #expect(
            lines.contains(
                "\(file):9:15: error: Unknown category 'election-proces'; did you mean 'election-process'? write one of: election-day, election-process, deadline, cec-meeting, plan-milestone, or declare it in content/calendar/categories.yaml"
            ))
        #expect(lines.contains("\(file):13:10: error: 'end' 2020-10-24T20:00 is before 'start' 2020-10-25T08:00; swap or correct them"))
        let broken = Self.calendar.replacingOccurrences(of: "start: 2020-09-05", with: "start: 2020-09-05T25:00")
            .replacingOccurrences(of: "election: local-2020\n    category: election-day", with: "election: locl-2020\n    category: election-day")
        let other = try TempSite.minimal([file: broken])
        defer { other.remove() }
        let more = other.lines(other.build())
        #expect(
            more.contains(
                "\(file):7:12: error: Invalid start '2020-09-05T25:00'; write a day as YYYY-MM-DD or a Kyiv time as YYYY-MM-DDTHH:MM, e.g. 2020-10-25T08:00"))
        #expect(
            more.contains("\(file):14:15: error: Unknown election 'locl-2020' in event 'election-day'; did you mean 'local-2020'? add it under 'elections:'"))
        let reserved = try TempSite.minimal([file: Self.calendar.replacingOccurrences(of: "id: process-start", with: "id: plan-start")])
        defer { reserved.remove() }
        #expect(
            reserved.lines(reserved.build()).contains(
                "\(file):5:9: error: Event id 'plan-start' starts with 'plan-', which the plan's derived milestones use; choose another id"))
    }
}
