/// When an event happens: a whole day, or a local time in Europe/Kyiv.
public struct EventTime: Hashable, Sendable, Comparable {
    public var day: Day
    /// Minutes after midnight in Kyiv; nil for an all-day event.
    public var minutes: Int?

    /// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`.
    public var iso: String {
        guard let minutes else { return day.description }
        return day.description + "T" + Self.pad(minutes / 60) + ":" + Self.pad(minutes % 60)
    }

    /// `HH:MM`, or nil for an all-day event.
    public var clock: String? { minutes.map { Self.pad($0 / 60) + ":" + Self.pad($0 % 60) } }

    static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }

    /// Parses `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM` (also with a space instead of `T`).
    public init?(iso text: String) {
        let parts = text.split(whereSeparator: { $0 == "T" || $0 == " " })
        guard let first = parts.first, let day = Day(iso: String(first)), parts.count <= 2 else { return nil }
        self.day = day
        guard parts.count == 2 else { minutes = nil; return }
        let clock = parts[1].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 2, clock.allSatisfy({ $0.count == 2 }), let h = Int(clock[0]), let m = Int(clock[1]),
            (0...23).contains(h), (0...59).contains(m)
        else { return nil }
        minutes = h * 60 + m
    }

    public init(day: Day, minutes: Int? = nil) {
        self.day = day
        self.minutes = minutes
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
