import CECSiteContent
import CECSiteCore

/// Contexts of the electoral calendar: upcoming and past events, the months, one page per
/// election and per category, each with its iCalendar feed. Lists, not grids: every event is a
/// list item with its date, so the calendar reads the same with a screen reader.
extension ContextBuilder {
    /// A link written in content or derived: site-root paths follow the page's language and edition.
    func link(_ value: String) -> String {
        value.hasPrefix("/") ? urlPrefix + value.dropFirst() : value
    }

    func eventItem(_ event: CalendarEvent) -> [String: Any] {
        var item: [String: Any] = [
            "anchor": "event-" + event.id.value, "title": text(event.title),
            "ics": language.urlPrefix + Routes.eventFile(event.id.value),
            "start": date(event.start.day) ?? [:],
            "category": [
                "label": termName(content.calendarCategories, event.category.rawValue), "url": url(Routes.calendarCategory(event.category)),
            ] as [String: Any],
        ]
        item.set("clock", event.start.clock)
        item.set("startISO", event.start.iso)
        if let end = event.end, end != event.start {
            var until: [String: Any] = ["iso": end.iso]
            until["text"] = end.day == event.start.day ? (end.clock ?? "") : ((date(end.day)?["text"] as? String ?? "") + (end.clock.map { " " + $0 } ?? ""))
            item["end"] = until
        } else {
            item["end"] = false
        }
        let election = event.election.flatMap { id in content.calendar.elections.first { $0.id.value == id.value } }
        item.set("election", election.map { ["title": text($0.title), "url": url(Routes.calendarElection($0.id.value))] as [String: Any] })
        item.set("location", event.location.map(text))
        item.set("description", event.description.map(text))
        item.set("link", event.link.map { link($0.value) })
        item.set("source", event.source.map(text))
        return item
    }

    private func calendarPage(_ path: String, title: [String: Any], crumbs: [(String, [String: Any])]) -> [String: Any] {
        var context = page(path: path, title: title, description: string("calendar_intro"), breadcrumbs: crumbs, section: "calendar")
        context["feed"] = [
            "url": language.urlPrefix + Routes.feed(path),
            "label": string("calendar_feed"),
        ]
        return context
    }

    private var calendarCrumbs: [(String, [String: Any])] {
        [(Routes.home, plain(string("nav_home"))), (Routes.calendar, plain(string("calendar_title")))]
    }

    /// Links to the other views: months, elections, categories.
    private func calendarViews(_ events: [CalendarEvent]) -> [String: Any] {
        [
            "elections": content.calendar.elections.map { ["title": text($0.title), "url": url(Routes.calendarElection($0.id.value))] as [String: Any] },
            "categories": content.calendarCategories.terms.map { EventCategory(rawValue: $0.id.value) }.filter { c in events.contains { $0.category == c } }.map
            {
                ["label": termName(content.calendarCategories, $0.rawValue), "url": url(Routes.calendarCategory($0))]
            },
            "monthsURL": url(Routes.calendarMonths),
        ]
    }

    /// The calendar's main page (`filter` `.all`) or one of its filtered views: the filters as
    /// links with their counts, the upcoming events (or a plain statement that none are, as of
    /// the build date), then the past ones, latest first, each part grouped by year.
    func calendarContext(_ events: [CalendarEvent], filter: CalendarFilter = .all) -> [String: Any] {
        var context = calendarPage(
            filter.path, title: plain(string(filter.titleKey)),
            crumbs: filter == .all ? [(Routes.home, plain(string("nav_home")))] : calendarCrumbs)
        let shown = events.filter(filter.includes)
        let upcoming = shown.filter { $0.lastDay >= buildDate }
        let past = Array(shown.filter { $0.lastDay < buildDate }.reversed())
        let asOf = date(buildDate)?["text"] as? String ?? ""
        let pastYears = years(past, part: "past")
        context["calendar"] =
            [
                "filters": CalendarFilter.allCases.map { other -> [String: Any] in
                    [
                        "url": url(other.path), "label": string(other.labelKey), "current": other == filter,
                        "count": number(events.filter(other.includes).count),
                    ]
                },
                "upcomingYears": years(upcoming, part: "upcoming"), "hasUpcoming": !upcoming.isEmpty,
                "noUpcoming": string(filter == .all ? "calendar_no_upcoming" : "calendar_no_upcoming_" + String(describing: filter))
                    .replacingOccurrences(of: "{date}", with: asOf),
                "pastYears": pastYears, "hasPast": !past.isEmpty, "hasPastYears": pastYears.count > 1,
                "views": filter == .all ? calendarViews(events) as Any : false,
            ] as [String: Any]
        return context
    }

    /// `events` grouped by the year they start in, in the order given, as `{year, anchor, events}`.
    func years(_ events: [CalendarEvent], part: String) -> [[String: Any]] {
        var groups: [(Int, [CalendarEvent])] = []
        for event in events {
            if let last = groups.indices.last, groups[last].0 == event.start.day.year {
                groups[last].1.append(event)
            } else {
                groups.append((event.start.day.year, [event]))
            }
        }
        return groups.map { year, these in
            ["year": String(year), "anchor": "\(part)-\(year)", "events": these.map(eventItem)]
        }
    }

    /// The months that have events, as `(year, month)`, in order.
    static func months(_ events: [CalendarEvent]) -> [(Int, Int)] {
        var seen: [(Int, Int)] = []
        for event in events.sorted(by: { $0.start < $1.start }) where !seen.contains(where: { $0 == (event.start.day.year, event.start.day.month) }) {
            seen.append((event.start.day.year, event.start.day.month))
        }
        return seen
    }

    /// "Грудень 2026": a month page's title and the label of links to it, each starting a line,
    /// so capitalised as Ukrainian writes a heading (the strings hold the lower-case names used
    /// inside sentences).
    private func monthName(_ year: Int, _ month: Int) -> String {
        let name = string("month_name_\(month)")
        return name.prefix(1).uppercased() + name.dropFirst() + "\u{00A0}" + String(year)
    }

    func calendarMonthsContext(_ events: [CalendarEvent]) -> [String: Any] {
        var context = calendarPage(Routes.calendarMonths, title: plain(string("calendar_months")), crumbs: calendarCrumbs)
        context["months"] = Self.months(events).map { year, month -> [String: Any] in
            [
                "label": monthName(year, month), "url": url(Routes.calendarMonth(year, month)),
                "count": events.filter { $0.start.day.year == year && $0.start.day.month == month }.count,
            ]
        }
        context["feed"] = false
        return context
    }

    func calendarMonthContext(_ events: [CalendarEvent], year: Int, month: Int) -> [String: Any] {
        var context = calendarPage(
            Routes.calendarMonth(year, month), title: plain(monthName(year, month)),
            crumbs: calendarCrumbs + [(Routes.calendarMonths, plain(string("calendar_months")))])
        let these = events.filter { $0.start.day.year == year && $0.start.day.month == month }
        var days: [Day] = []
        for event in these where !days.contains(event.start.day) { days.append(event.start.day) }
        context["days"] = days.map { day -> [String: Any] in
            ["date": date(day) ?? [:], "anchor": "day-\(day)", "events": these.filter { $0.start.day == day }.map(eventItem)]
        }
        let all = Self.months(events)
        if let index = all.firstIndex(where: { $0 == (year, month) }) {
            context.set(
                "previous",
                index > 0
                    ? ["url": url(Routes.calendarMonth(all[index - 1].0, all[index - 1].1)), "label": monthName(all[index - 1].0, all[index - 1].1)] : nil)
            context.set(
                "next",
                index + 1 < all.count
                    ? ["url": url(Routes.calendarMonth(all[index + 1].0, all[index + 1].1)), "label": monthName(all[index + 1].0, all[index + 1].1)] : nil)
        }
        context["feed"] = false
        return context
    }

    func calendarListContext(_ events: [CalendarEvent], path: String, title: [String: Any]) -> [String: Any] {
        var context = calendarPage(path, title: title, crumbs: calendarCrumbs)
        context["years"] = years(events, part: "year")
        return context
    }
}
