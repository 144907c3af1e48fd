import CECSiteContent
import CECSiteCore

/// Every event of the calendar: those written in `calendar/` and the start and end of each plan
/// action with stated dates, derived from the plan (never typed twice), in date order.
struct CalendarEvents {
    let content: SiteContent
    let theme: Theme

    private func text(_ key: String, _ fill: [String: String]) -> LocalizedText {
        LocalizedText(
            Dictionary(
                uniqueKeysWithValues: Language.allCases.map { language in
                    var s = OpenData.string(theme, key, language)
                    for (name, value) in fill { s = s.replacingOccurrences(of: "{\(name)}", with: value) }
                    return (language, s)
                }))
    }

    func all() -> [CalendarEvent] {
        var events = content.calendar.events
        for pillar in content.plan.pillars {
            for goal in pillar.goals {
                for action in goal.actions {
                    let anchor = Routes.url(Routes.goal(goal), .main) + "#action-" + Routes.anchor(action.id.value)
                    for (kind, day) in [("start", action.from), ("end", action.till)] {
                        guard let day else { continue }
                        events.append(
                            CalendarEvent(
                                id: Located("plan-\(Routes.anchor(action.id.value))-\(kind)", at: action.id.location),
                                title: text("milestone_\(kind)", ["id": action.id.value]), start: EventTime(day: day), end: nil,
                                election: nil, category: .planMilestone, location: nil, description: action.title,
                                link: Located(anchor, at: action.id.location), source: content.plan.source))
                    }
                }
            }
        }
        return events.sorted { ($0.start, $0.id.value) < ($1.start, $1.id.value) }
    }
}
