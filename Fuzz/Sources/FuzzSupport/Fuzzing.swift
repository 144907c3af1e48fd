import Foundation
import Yams
// The library's internal readers and writers, reachable because `make fuzz` builds this package
// in the debug configuration, where SwiftPM compiles every module with `-enable-testing`.
@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteFormats
@testable import CECSiteKit
@testable import CECSiteMarkdown

/// Entry points for the libFuzzer targets: thin wrappers that run the library's own internal
/// readers and writers on arbitrary input, so a fuzz target exercises exactly the code a build
/// runs. They live here, not in the library, so that production code carries no fuzzing hooks.
public enum Fuzzing {
    /// What `FrontMatter.split` made of a text.
    public enum FrontMatterSplit: Equatable, Sendable {
        /// The YAML between the fences, the body after the closing fence, and the body's first line.
        case split(yaml: String, body: String, bodyFirstLine: Int)
        /// The first line is not `---`.
        case missing
        /// No closing `---` or `...` line.
        case unterminated
    }

    /// The image in `data` (`format`: "JPEG", "PNG" or "WebP") without its metadata, as a build
    /// publishes it; nil when it is refused.
    public static func strippedImage(_ data: Data, format: String) -> Data? {
        try? MediaOutput.stripped(data, format: format).get()
    }

    /// Splits `text` into front matter and body as the page, news and FAQ loaders do.
    public static func splitFrontMatter(_ text: String) -> FrontMatterSplit {
        switch FrontMatter.split(text) {
        case .success(let parts): return .split(yaml: parts.yaml, body: parts.body, bodyFirstLine: parts.bodyFirstLine)
        case .failure(.missing): return .missing
        case .failure(.unterminated): return .unterminated
        }
    }

    /// Loads the Markdown documents of `directory` (files `<slug>.<lang>.md`) as a build loads
    /// `pages/` (or `news/` when `news` is true).
    /// - Returns: how many documents came out, and every diagnostic reported.
    public static func loadDocuments(directory: String, news: Bool) -> (documents: Int, diagnostics: [Diagnostic]) {
        let sink = DiagnosticSink(stage: .load)
        let documents = DocumentLoader(directory: directory, kind: news ? .news : .page, sink: sink).load()
        return (documents.count, sink.diagnostics)
    }

    /// Loads the questions of `directory` as a build loads `faq/`.
    /// - Returns: how many questions came out, and every diagnostic reported.
    public static func loadFAQ(directory: String) -> (entries: Int, diagnostics: [Diagnostic]) {
        let sink = DiagnosticSink(stage: .load)
        let entries = FAQLoader(directory: directory, sink: sink).load()
        return (entries.count, sink.diagnostics)
    }

    /// Parses `text` with the YAML reader every loader uses, then visits every node through the
    /// typed accessors (mapping, list, value, number, flag, date, text per language, corrections,
    /// unknown keys) the way the loaders do.
    /// - Returns: whether a document came out of the parser, and every diagnostic reported.
    public static func readYAML(_ text: String, file: String, lineOffset: Int = 0) -> (parsed: Bool, diagnostics: [Diagnostic]) {
        let sink = DiagnosticSink(stage: .load)
        let reader = YAMLReader(file: file, lineOffset: lineOffset, sink: sink)
        guard let root = reader.parse(text) else { return (false, sink.diagnostics) }
        visit(root, reader, depth: 0)
        return (true, sink.diagnostics)
    }

    private static func visit(_ node: Node, _ reader: YAMLReader, depth: Int) {
        guard depth < 64 else { return }
        switch node {
        case .mapping(let mapping):
            guard let fields = reader.mapping(node, what: "a mapping") else { return }
            for key in mapping.keys {
                let name = key.scalar?.string ?? ""
                guard let value = fields.node(name, required: false, what: "a value") else { continue }
                switch value {
                case .scalar:
                    _ = fields.string(name, required: false, what: "a value")
                    _ = fields.int(name, required: false, what: "a number")
                    _ = fields.bool(name, required: false, what: "a flag")
                    _ = fields.day(name, required: false, what: "a date")
                case .mapping:
                    _ = fields.localized(name, required: false, what: "a text")
                case .sequence, .alias:
                    break
                }
                visit(value, reader, depth: depth + 1)
            }
            _ = reader.corrections(fields)
            fields.finish("a mapping")
        case .sequence:
            for item in reader.sequence(node, what: "a list") { visit(item, reader, depth: depth + 1) }
        case .scalar, .alias:
            _ = reader.string(node, what: "a value")
        }
    }

    /// Loads the YAML files of `directory` as a build loads `calendar/` and `statistics/gender/`.
    /// - Returns: how many events and tables came out, and every diagnostic reported.
    public static func loadCalendarAndStatistics(directory: String) -> (items: Int, diagnostics: [Diagnostic]) {
        let sink = DiagnosticSink(stage: .load)
        let calendar = CalendarLoader(directory: directory, sink: sink).load()
        let tables = StatisticsLoader(directory: directory, sink: sink).load()
        return (calendar.events.count + tables.count, sink.diagnostics)
    }

    /// One record of a CSV file: its fields and the 1-based line it starts on.
    public typealias CSVRecord = (fields: [String], line: Int)
    /// A malformed-quoting report of the CSV reader: 1-based line and column, and the message.
    public typealias CSVProblem = (line: Int, column: Int, message: String)

    /// Streams the CSV file at `path` with the reader the records loader uses, reading
    /// `chunkSize` bytes at a time; nil when the file cannot be opened.
    public static func readCSV(path: String, chunkSize: Int) -> (records: [CSVRecord], problems: [CSVProblem])? {
        var stream = CSVStream(path: path)
        stream.chunkSize = max(1, chunkSize)
        var records: [CSVRecord] = []
        var problems: [CSVProblem] = []
        let opened = stream.forEach(problem: { problems.append(($0, $1, $2)) }) { records.append(($0.fields, $0.line)) }
        return opened ? (records, problems) : nil
    }

    /// One field as the open-data CSV writer writes it (RFC 4180 quoting).
    public static func csvField(_ text: String) -> String { DataFiles.field(text) }

    /// `text` escaped as an iCalendar TEXT value.
    public static func icsEscape(_ text: String) -> String { calendar.escape(text) }

    /// `line` folded into iCalendar lines of at most 75 octets, joined by CRLF and a space.
    public static func icsFold(_ line: String) -> String { calendar.fold(line) }

    /// A whole iCalendar feed of one all-day event and one timed event with this title,
    /// description and location, in a calendar called `name`.
    public static func icsFeed(name: String, title: String, description: String, location: String) -> String {
        let text = LocalizedText([.uk: title, .en: title])
        let day = Day(year: 2025, month: 3, day: 30)!  // a valid date: the night clocks go forward in Kyiv
        let events = [
            CalendarEvent(id: Located("fuzz-day", at: SourceLocation(file: "fuzz")), title: text,
                          start: EventTime(day: day), end: nil, election: nil, category: EventCategory(rawValue: "deadline"),
                          location: LocalizedText([.uk: location]), description: LocalizedText([.uk: description]),
                          link: Located("/calendar/", at: SourceLocation(file: "fuzz")), source: nil),
            CalendarEvent(id: Located("fuzz-time", at: SourceLocation(file: "fuzz")), title: text,
                          start: EventTime(day: day, minutes: 9 * 60), end: EventTime(day: day, minutes: 23 * 60 + 59),
                          election: nil, category: EventCategory(rawValue: "cec-meeting"), location: nil, description: nil,
                          link: Located("https://example.org/" + title, at: SourceLocation(file: "fuzz")), source: nil),
        ]
        let feed = ICalendar(name: name, language: .uk, buildDate: day, absolute: { "https://example.org" + $0 })
        return feed.feed(events)
    }

    private static let calendar = ICalendar(
        name: "", language: .uk, buildDate: Day(year: 2025, month: 1, day: 1)!, absolute: { $0 })
}
