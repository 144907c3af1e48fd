import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteFormats
@testable import CECSiteKit

/// Kyiv's clock changes: a time the spring change skips is an error, one the autumn change
/// repeats needs its offset; and every feed's UIDs end in the site's host.
@Suite struct CalendarClockTests {
    let file = "content/calendar/events.yaml"

    func events(_ start: String) -> String {
        """
        events:
          - id: count
            title: {uk: "Підрахунок", en: "Count"}
            start: \(start)
            category: election-process
        """
    }

    @Test func kyivOffsetsFollowTheTimeZoneDatabase() throws {
        let spring = try #require(Day(iso: "2021-03-28")), autumn = try #require(Day(iso: "2021-10-31"))
        #expect(KyivTime.offsets(spring, minutes: 3 * 60 + 30) == [])
        #expect(KyivTime.offsets(spring, minutes: 2 * 60 + 59) == [120])
        #expect(KyivTime.offsets(spring, minutes: 4 * 60) == [180])
        #expect(KyivTime.offsets(autumn, minutes: 3 * 60 + 30) == [180, 120])
        #expect(KyivTime.offsets(autumn, minutes: 4 * 60) == [120])
        #expect(KyivTime.utcStamp(EventTime(day: autumn, minutes: 3 * 60 + 30, offset: 180), offset: 180) == "20211031T003000Z")
        #expect(KyivTime.utcStamp(EventTime(day: autumn, minutes: 3 * 60 + 30, offset: 120), offset: 120) == "20211031T013000Z")
    }

    @Test func aTimeTheSpringChangeSkipsIsALocatedError() throws {
        let site = try TempSite.minimal([file: events("2021-03-28T03:30")])
        defer { site.remove() }
        let report = site.build()
        #expect(!report.succeeded)
        #expect(
            site.lines(report).contains {
                $0.contains(
                    "\(file):4:12: error: start '2021-03-28T03:30': 03:30 does not exist in Kyiv on 2021-03-28, when the clocks jump from 03:00 to 04:00")
            }, "\(site.lines(report))")
    }

    @Test func aTimeTheAutumnChangeRepeatsNeedsItsOffset() throws {
        let ambiguous = try TempSite.minimal([file: events("2021-10-31T03:30")])
        defer { ambiguous.remove() }
        let report = ambiguous.build()
        #expect(!report.succeeded)
        #expect(
            ambiguous.lines(report).contains { $0.contains("happens twice in Kyiv on 2021-10-31") && $0.contains("2021-10-31T03:30+03:00 for the first") },
            "\(ambiguous.lines(report))")

        let wrong = try TempSite.minimal([file: events("2021-10-31T05:30+03:00")])
        defer { wrong.remove() }
        #expect(wrong.lines(wrong.build()).contains { $0.contains("Kyiv is at UTC+02:00 at 05:30 on 2021-10-31, not UTC+03:00") })

        let explicit = try TempSite.minimal([file: events("2021-10-31T03:30+02:00")])
        defer { explicit.remove() }
        let built = explicit.build()
        #expect(built.succeeded, "\(explicit.lines(built))")
        #expect(explicit.read("calendar/calendar.ics").contains("DTSTART:20211031T013000Z\r\n"))
    }

    @Test func uidsEndInTheSitesHost() throws {
        let feed = ICalendar(name: "x", language: .uk, buildDate: Day(iso: "2021-01-01")!, absolute: { "https://vybory.example.gov.ua:8443" + $0 })
        let event = CalendarEvent(
            id: Located("count", at: SourceLocation(file: "x")), title: LocalizedText([.uk: "Підрахунок"]), start: EventTime(day: Day(iso: "2021-05-01")!),
            end: nil, election: nil, category: EventCategory(rawValue: "deadline"), location: nil, description: nil, link: nil, source: nil)
        #expect(feed.feed([event]).contains("UID:count@vybory.example.gov.ua\r\n"))
        let local = ICalendar(name: "x", language: .uk, buildDate: Day(iso: "2021-01-01")!, absolute: { _ in nil })
        #expect(local.feed([event]).contains("UID:count@cecsite.invalid\r\n"))
    }
}
