import CECSiteContent
import CECSiteCore

/// The calendar's three views of its events, each a page with its own iCalendar feed, linked
/// from each other as filters: every event, the electoral events only (those written in
/// `calendar/`), and the plan's milestones only (those derived from the plan's timing).
enum CalendarFilter: CaseIterable {
    case all, electoral, milestones

    /// The page's path: `calendar/`, `calendar/electoral/`, `calendar/milestones/`.
    var path: String {
        switch self {
        case .all: return Routes.calendar
        case .electoral: return Routes.calendarElectoral
        case .milestones: return Routes.calendarMilestones
        }
    }

    /// The interface string that names the page (its title and its feed's name).
    var titleKey: String {
        switch self {
        case .all: return "calendar_title"
        case .electoral: return "calendar_title_electoral"
        case .milestones: return "calendar_title_milestones"
        }
    }

    /// The interface string of the filter's link.
    var labelKey: String { "calendar_filter_" + String(describing: self) }

    /// Whether `event` belongs to the view.
    func includes(_ event: CalendarEvent) -> Bool {
        switch self {
        case .all: return true
        case .electoral: return event.category != .planMilestone
        case .milestones: return event.category == .planMilestone
        }
    }
}
