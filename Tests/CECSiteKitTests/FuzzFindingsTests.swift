import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteFormats
@testable import CECSiteKit
@testable import CECSiteMarkdown
@testable import CECSiteTemplates

/// Inputs the fuzz targets in `Fuzz/` found to break an invariant, kept as plain unit tests
/// (their reproducers are in `Fuzz/Corpus/`).
@Suite struct FuzzFindingsTests {
    let ics = ICalendar(name: "x", language: .uk, buildDate: Day(iso: "2020-01-01")!, absolute: { "https://example.org" + $0 })

    /// `Fuzz/Corpus/frontmatter/crlf.md`: a CRLF file is one `Character` per line end.
    @Test func frontMatterOfACRLFFileIsFound() throws {
        let text = "---\r\ntitle: Windows\r\n---\r\n# Body\r\n"
        let parts = try FrontMatter.split(text).get()
        #expect(parts.yaml == "title: Windows\r")
        #expect(parts.body == "# Body\r\n")
        #expect(parts.bodyFirstLine == 4)
    }

    /// `Fuzz/Corpus/ics/crash-comma-combining.txt`: a comma with a combining mark is one `Character`.
    @Test func aCommaBeforeACombiningMarkIsEscaped() {
        #expect(ics.escape("a,\u{301}b;\u{301}\\\u{301}") == "a\\,\u{301}b\\;\u{301}\\\\\u{301}")
    }

    /// `Fuzz/Corpus/ics/crash-long-grapheme.txt`: one `Character` longer than a line.
    @Test func aCharacterLongerThanALineIsFoldedBetweenItsScalars() {
        let folded = ics.fold("SUMMARY:e" + String(repeating: "\u{301}", count: 40))
        // On octets: " " followed by a combining mark is one Character, which string splitting keeps whole.
        let octets = Array(folded.utf8)
        var lines: [[UInt8]] = [[]]
        var i = 0
        while i < octets.count {
            if octets[i] == 0x0D, i + 2 < octets.count, octets[i + 1] == 0x0A, octets[i + 2] == 0x20 {
                lines.append([])
                i += 3
            } else {
                lines[lines.count - 1].append(octets[i])
                i += 1
            }
        }
        #expect(lines.count == 2)
        #expect(lines[0].count <= 75 && lines[1].count <= 74)  // the continuation's space is the 75th
        #expect(String(decoding: lines.joined(), as: UTF8.self).unicodeScalars.count == 9 + 40)
    }

    /// `Fuzz/Corpus/ics/crash-url-line-break.txt`: a link with a line break would start a property.
    @Test func aLineBreakInAnEventLinkIsPercentEncoded() {
        let event = CalendarEvent(
            id: Located("e", at: SourceLocation(file: "f")), title: LocalizedText([.uk: "t"]),
            start: EventTime(day: Day(iso: "2020-01-01")!), end: nil, election: nil, category: EventCategory(rawValue: "deadline"),
            location: nil, description: nil,
            link: Located("https://example.org/a\nATTACH:https://evil.example", at: SourceLocation(file: "f")), source: nil)
        let feed = ics.feed([event])
        #expect(feed.contains("URL:https://example.org/a%0AATTACH:https://evil.example\r\n"))
        #expect(!feed.contains("\r\nATTACH"))
    }

    /// `Fuzz/Corpus/csv/crash-duplicate-column.csv`: a repeated header column made rows as short
    /// as the distinct names pass the field-count check, then read past their end (a trap).
    @Test func aRepeatedColumnIsAnErrorNotATrap() throws {
        let file = NSTemporaryDirectory() + "fuzz-findings-\(getpid()).csv"
        try "election,nomination,region,region,district,gender\r\nLocal 2020,Party,Kyiv,D-1,f\r\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let report = aggregateRecords(file: file, kind: .candidates)
        #expect(report.csv == nil)
        #expect(report.diagnostics.map(\.message).contains("Column 'region' appears twice in the header; keep one"))
        #expect(report.diagnostics.map(\.message).contains("Row has 5 fields, the header 6; check its commas and quotes"))
    }
}
