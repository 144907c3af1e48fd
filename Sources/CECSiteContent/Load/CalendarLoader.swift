import CECSiteCore
import Foundation
import Yams

/// Loads `calendar/*.yaml`: each file may list `elections:` and `events:`. A site without the
/// folder still has a calendar when its plan has dated actions (their milestones are derived).
package struct CalendarLoader {
    package let directory: String
    package let sink: DiagnosticSink
    /// The declared categories (`categories.yaml` in the folder, not a calendar file).
    package var categories = Taxonomy()

    /// The file in the folder that declares the categories.
    package static let categoriesFile = "categories.yaml"

    package func load() -> ElectoralCalendar {
        var calendar = ElectoralCalendar()
        guard FileManager.default.fileExists(atPath: directory) else { return calendar }
        for file in SourceFiles(sink: sink).list(directory, extensions: ["yaml", "yml"])
        where (file as NSString).lastPathComponent != Self.categoriesFile || (file as NSString).deletingLastPathComponent != directory {
            guard let text = SourceFiles(sink: sink).text(file) else { continue }
            let reader = YAMLReader(file: file, sink: sink)
            guard let f = reader.root(text, what: "a calendar file") else { continue }
            calendar.elections += f.list("elections", required: false, what: "elections").compactMap { election($0, reader) }
            calendar.events += f.list("events", required: false, what: "events").compactMap { event($0, reader) }
            f.finish("a calendar file (keys: elections, events)")
        }
        calendar.events.sort { ($0.start, $0.id.value) < ($1.start, $1.id.value) }
        return calendar
    }

    private func election(_ node: Node, _ reader: YAMLReader) -> Election? {
        guard let f = reader.mapping(node, what: "an election") else { return nil }
        let id = f.string("id", what: "the election's identifier")
        let title = f.localized("title", what: "the election's name")
        f.finish("an election (keys: id, title)")
        guard let id, let title else { return nil }
        return Election(id: id, title: title)
    }

    private func time(_ f: Fields, _ key: String, required: Bool) -> Located<EventTime>? {
        guard let value = f.string(key, required: required, what: "when the event \(key == "end" ? "ends" : "starts")") else { return nil }
        guard let time = EventTime(iso: value.value) else {
            sink.error(value.location, "Invalid \(key) '\(value.value)'; write a day as YYYY-MM-DD or a Kyiv time as YYYY-MM-DDTHH:MM, e.g. 2020-10-25T08:00")
            return nil
        }
        if let minutes = time.minutes {
            let clock = time.clock ?? ""
            let possible = KyivTime.offsets(time.day, minutes: minutes)
            if possible.isEmpty {
                sink.error(
                    value.location,
                    "\(key) '\(value.value)': \(clock) does not exist in Kyiv on \(time.day), when the clocks jump from 03:00 to 04:00 for summer time; "
                        + "check the source and write the time it means (04:00 or later is the same hour an hour on)")
                return nil
            }
            if let offset = time.offset {
                if !possible.contains(offset) {
                    let valid = possible.map(EventTime.offsetText).joined(separator: " or ")
                    sink.error(
                        value.location,
                        "\(key) '\(value.value)': Kyiv is at UTC\(valid) at \(clock) on \(time.day), not UTC\(EventTime.offsetText(offset)); correct the offset or leave it out"
                    )
                    return nil
                }
            } else if possible.count > 1 {
                sink.error(
                    value.location,
                    "\(key) '\(value.value)': \(clock) happens twice in Kyiv on \(time.day), when the clocks go back from 04:00 to 03:00; "
                        + "add the offset: \(time.day)T\(clock)+03:00 for the first (summer time) or \(time.day)T\(clock)+02:00 for the second")
                return nil
            }
        }
        return Located(time, at: value.location)
    }

    private func event(_ node: Node, _ reader: YAMLReader) -> CalendarEvent? {
        guard let f = reader.mapping(node, what: "an event") else { return nil }
        let id = f.string("id", what: "the event's identifier (its anchor and feed UID)")
        let title = f.localized("title", what: "the event's title")
        let start = time(f, "start", required: true)
        let end = time(f, "end", required: false)
        let election = f.string("election", required: false, what: "the election the event belongs to")
        let category = f.string("category", what: "the kind of event")
            .flatMap { TaxonomyLoader.resolve($0, in: categories, what: "category", sink: sink) }.map(EventCategory.init(rawValue:))
        let location = f.localized("location", required: false, what: "where it happens")
        let description = f.localized("description", required: false, what: "what happens")
        let link = f.string("link", required: false, what: "a page about the event")
        let source = f.localized("source", required: false, what: "where the date comes from")
        f.finish("an event (keys: id, title, start, end, election, category, location, description, link, source)")
        if let start, let end {
            if (start.value.minutes == nil) != (end.value.minutes == nil) {
                sink.error(end.location, "'end' \(end.value.iso) and 'start' \(start.value.iso) must both be days or both be times")
            } else if end.value < start.value {
                sink.error(end.location, "'end' \(end.value.iso) is before 'start' \(start.value.iso); swap or correct them")
            }
        }
        guard let id, let title, let start, let category else { return nil }
        return CalendarEvent(
            id: id, title: title, start: start.value, end: end?.value, election: election, category: category,
            location: location, description: description, link: link, source: source)
    }
}
