import Foundation

/// When an event happens: a whole day, or a local time in Europe/Kyiv.
public struct EventTime: Hashable, Sendable, Comparable {
    public var day: Day
    /// Minutes after midnight in Kyiv; nil for an all-day event.
    public var minutes: Int?
    /// The offset from UTC in minutes, when written (`+03:00`): needed only for a time the
    /// autumn change to winter time makes happen twice (``KyivTime``).
    public var offset: Int?

    /// `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM` or `YYYY-MM-DDTHH:MM+03:00`.
    public var iso: String {
        guard let minutes else { return day.description }
        return day.description + "T" + Self.pad(minutes / 60) + ":" + Self.pad(minutes % 60) + (offset.map(Self.offsetText) ?? "")
    }

    /// `+03:00` for 180 minutes.
    public static func offsetText(_ minutes: Int) -> String {
        (minutes < 0 ? "-" : "+") + pad(abs(minutes) / 60) + ":" + pad(abs(minutes) % 60)
    }

    /// `HH:MM`, or nil for an all-day event.
    public var clock: String? { minutes.map { Self.pad($0 / 60) + ":" + Self.pad($0 % 60) } }

    static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }

    /// Parses `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM` (also with a space instead of `T`), the time
    /// optionally followed by its offset from UTC (`+03:00`).
    public init?(iso text: String) {
        let parts = text.split(whereSeparator: { $0 == "T" || $0 == " " })
        guard let first = parts.first, let day = Day(iso: String(first)), parts.count <= 2 else { return nil }
        self.day = day
        guard parts.count == 2 else { minutes = nil; return }
        var time = parts[1]
        if let sign = time.firstIndex(where: { $0 == "+" || $0 == "-" }) {
            let zone = time[time.index(after: sign)...].split(separator: ":", omittingEmptySubsequences: false)
            guard zone.count == 2, zone.allSatisfy({ $0.count == 2 }), let h = Int(zone[0]), let m = Int(zone[1]), h <= 14, m <= 59 else { return nil }
            offset = (h * 60 + m) * (time[sign] == "-" ? -1 : 1)
            time = time[..<sign]
        }
        let clock = time.split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 2, clock.allSatisfy({ $0.count == 2 }), let h = Int(clock[0]), let m = Int(clock[1]),
            (0...23).contains(h), (0...59).contains(m)
        else { return nil }
        minutes = h * 60 + m
    }

    public init(day: Day, minutes: Int? = nil, offset: Int? = nil) {
        self.day = day
        self.minutes = minutes
        self.offset = offset
    }

    public static func < (a: EventTime, b: EventTime) -> Bool {
        (a.day, a.minutes ?? -1) < (b.day, b.minutes ?? -1)
    }
}

/// What kind of event it is; each has its own page and feed. The categories are declared in
/// `calendar/categories.yaml`; ``planMilestone``, the events the plan's timing gives, always exists.
public struct EventCategory: RawRepresentable, Hashable, Sendable {
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// The category of the milestones derived from the plan's timing.
    public static let planMilestone = EventCategory(rawValue: "plan-milestone")
}

/// An election events can belong to.
public struct Election: Sendable {
    public var id: Located<String>
    public var title: LocalizedText

    /// Creates a value from all its stored properties.
    public init(id: Located<String>, title: LocalizedText) {
        self.id = id
        self.title = title
    }
}

/// One event of the electoral calendar, written in `calendar/*.yaml` or derived from the plan.
public struct CalendarEvent: Sendable {
    public var id: Located<String>
    public var title: LocalizedText
    public var start: EventTime
    /// The last day (all-day) or the end time; nil for a single day or moment.
    public var end: EventTime?
    public var election: Located<String>?
    public var category: EventCategory
    public var location: LocalizedText?
    public var description: LocalizedText?
    /// A site-root path or an absolute URL.
    public var link: Located<String>?
    public var source: LocalizedText?

    /// Creates a value from all its stored properties.
    public init(
        id: Located<String>, title: LocalizedText, start: EventTime, end: EventTime? = nil, election: Located<String>? = nil, category: EventCategory,
        location: LocalizedText? = nil, description: LocalizedText? = nil, link: Located<String>? = nil, source: LocalizedText? = nil
    ) {
        self.id = id
        self.title = title
        self.start = start
        self.end = end
        self.election = election
        self.category = category
        self.location = location
        self.description = description
        self.link = link
        self.source = source
    }
}

/// The calendar: elections and the events written in content (plan milestones are added when
/// the calendar is built, see ``CalendarBuilder``).
public struct ElectoralCalendar: Sendable {
    public var elections: [Election] = []
    public var events: [CalendarEvent] = []

    /// Creates a value from all its stored properties.
    public init(elections: [Election] = [], events: [CalendarEvent] = []) {
        self.elections = elections
        self.events = events
    }
}

extension CalendarEvent {
    /// The last day the event covers.
    public var lastDay: Day { end?.day ?? start.day }
}

/// Local times in Kyiv and the changes of its clocks (from the system's time-zone database).
public enum KyivTime {
    /// The zone; `Europe/Kiev` is its older name.
    static let zone = TimeZone(identifier: "Europe/Kyiv") ?? TimeZone(identifier: "Europe/Kiev")!

    /// The offsets from UTC (in minutes) that `day` at `minutes` after midnight can have in
    /// Kyiv: one for an ordinary time, none for a time the spring change skips (03:00–03:59 on
    /// the last Sunday of March), two for one the autumn change repeats (03:00–03:59 on the
    /// last Sunday of October), summer time first.
    public static func offsets(_ day: Day, minutes: Int) -> [Int] {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        guard let midnight = utc.date(from: DateComponents(year: day.year, month: day.month, day: day.day)) else { return [] }
        let local = midnight.addingTimeInterval(TimeInterval(minutes * 60))
        var found: [Int] = []
        for offset in [4 * 60, 3 * 60, 2 * 60] {
            let instant = local.addingTimeInterval(TimeInterval(-offset * 60))
            if zone.secondsFromGMT(for: instant) == offset * 60 { found.append(offset) }
        }
        return found
    }

    /// The instant as `YYYYMMDDTHHMMSSZ`, for a local time with a known offset.
    public static func utcStamp(_ time: EventTime, offset: Int) -> String {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        let midnight = utc.date(from: DateComponents(year: time.day.year, month: time.day.month, day: time.day.day))!
        let instant = midnight.addingTimeInterval(TimeInterval(((time.minutes ?? 0) - offset) * 60))
        let c = utc.dateComponents([.year, .month, .day, .hour, .minute], from: instant)
        func pad(_ n: Int, _ width: Int = 2) -> String { String(repeating: "0", count: max(0, width - String(n).count)) + String(n) }
        return pad(c.year!, 4) + pad(c.month!) + pad(c.day!) + "T" + pad(c.hour!) + pad(c.minute!) + "00Z"
    }
}

extension Day {
    /// Today's date in Europe/Kyiv.
    public static func today(now: Date = Date()) -> Day {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Kyiv") ?? TimeZone(identifier: "Europe/Kiev") ?? .current
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        return Day(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1) ?? .distantFuture
    }
}
