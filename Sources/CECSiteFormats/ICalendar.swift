import CECSiteCore

/// iCalendar (RFC 5545) feeds: CRLF line ends, lines folded at 75 octets, text escaped, a stable
/// UID per event, all-day events as DATE values (end exclusive), timed events in Europe/Kyiv with
/// its VTIMEZONE. `DTSTAMP` is the build date, so the same input gives the same bytes.
public struct ICalendar {
    let name: String
    let language: Language
    let buildDate: Day
    /// Turns a site-root path into the absolute URL a calendar application can open; nil when
    /// the site has no base URL (the event then has no URL property).
    let absolute: (String) -> String?
    /// What every UID ends in after `@`: the site's host, so that two sites' events never share
    /// a UID (RFC 5545 3.8.4.7).
    let uidDomain: String

    /// A feed named `name` in `language`, stamped with `buildDate`; `absolute` makes a site-root
    /// path an absolute URL, or nil when the site has no base URL. UIDs end in the host of
    /// `absolute("/")`, or `cecsite.invalid` for a site without a base URL.
    public init(name: String, language: Language, buildDate: Day, absolute: @escaping (String) -> String?) {
        self.name = name
        self.language = language
        self.buildDate = buildDate
        self.absolute = absolute
        uidDomain = absolute("/").flatMap { URLParts.host(of: $0) } ?? "cecsite.invalid"
    }

    public func feed(_ events: [CalendarEvent]) -> String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//cecsite//cecsite \(language.rawValue)//\(language.rawValue.uppercased())",
            "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:" + escape(name), "X-WR-TIMEZONE:Europe/Kyiv",
        ]
        if events.contains(where: { $0.start.minutes != nil }) { lines += Self.kyiv }
        let stamp = compact(buildDate) + "T000000Z"
        for event in events {
            lines += ["BEGIN:VEVENT", "UID:\(event.id.value)@\(uidDomain)", "DTSTAMP:\(stamp)"]
            if event.start.minutes == nil {
                lines.append("DTSTART;VALUE=DATE:" + compact(event.start.day))
                lines.append("DTEND;VALUE=DATE:" + compact(next(event.lastDay)))
            } else {
                lines.append(kyiv("DTSTART", event.start))
                if let end = event.end { lines.append(kyiv("DTEND", end)) }
            }
            lines.append("SUMMARY:" + escape(event.title.text(language)))
            if let description = event.description { lines.append("DESCRIPTION:" + escape(description.text(language))) }
            if let location = event.location { lines.append("LOCATION:" + escape(location.text(language))) }
            if let link = event.link {
                let url = link.value.hasPrefix("/") ? absolute(language.urlPrefix + link.value.dropFirst(Language.main.urlPrefix.count)) : link.value
                if let url { lines.append("URL:" + uri(url)) }
            }
            lines.append("CATEGORIES:" + event.category.rawValue.uppercased())
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// A Kyiv local time; one written with its offset (a time the autumn change repeats) as the
    /// UTC instant, which says which of the two it is.
    private func kyiv(_ property: String, _ time: EventTime) -> String {
        if let offset = time.offset { return property + ":" + KyivTime.utcStamp(time, offset: offset) }
        return property + ";TZID=Europe/Kyiv:" + dateTime(time)
    }

    private func compact(_ day: Day) -> String { day.description.replacingOccurrences(of: "-", with: "") }

    private func dateTime(_ time: EventTime) -> String {
        compact(time.day) + "T" + (time.clock ?? "00:00").replacingOccurrences(of: ":", with: "") + "00"
    }

    private func next(_ day: Day) -> Day {
        if let d = Day(year: day.year, month: day.month, day: day.day + 1) { return d }
        if let d = Day(year: day.year, month: day.month + 1, day: 1) { return d }
        return Day(year: day.year + 1, month: 1, day: 1) ?? day
    }

    /// TEXT escaping: backslash, semicolon, comma and line breaks; other control characters,
    /// which RFC 5545 does not allow in TEXT, are dropped. Scalar by scalar, so a combining mark
    /// after a comma (one `Character`) cannot hide the comma from the escaping.
    func escape(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out.append(contentsOf: "\\\\".unicodeScalars)
            case ";": out.append(contentsOf: "\\;".unicodeScalars)
            case ",": out.append(contentsOf: "\\,".unicodeScalars)
            case "\n": out.append(contentsOf: "\\n".unicodeScalars)
            case "\r": break  // CRLF becomes \n through its LF; a lone CR is dropped
            case "\t": out.append(scalar)
            default: if scalar.value >= 0x20 && scalar.value != 0x7F { out.append(scalar) }
            }
        }
        return String(out)
    }

    /// A URI value: controls and spaces percent-encoded, since a URI holds none of them and a raw
    /// line break would end the property and start another (a link is content, not trusted).
    func uri(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            if scalar.value <= 0x20 || scalar.value == 0x7F {
                out += (scalar.value < 0x10 ? "%0" : "%") + String(scalar.value, radix: 16, uppercase: true)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Folds a content line into lines of at most 75 octets, never inside a UTF-8 character:
    /// between characters, or between the scalars of a character too long for one line (a
    /// letter with dozens of combining marks).
    func fold(_ line: String) -> String {
        var result = "", current = 0
        for character in line {
            let size = character.utf8.count
            if size <= 74 {
                if current + size > 75 {
                    result += "\r\n "
                    current = 1
                }
                result.append(character)
                current += size
                continue
            }
            for scalar in character.unicodeScalars {
                if current + scalar.utf8.count > 75 {
                    result += "\r\n "
                    current = 1
                }
                result.unicodeScalars.append(scalar)
                current += scalar.utf8.count
            }
        }
        return result
    }

    /// Europe/Kyiv: EET in winter, EEST from the last Sunday of March to the last Sunday of October.
    static let kyiv = [
        "BEGIN:VTIMEZONE", "TZID:Europe/Kyiv",
        "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0300", "TZNAME:EEST", "DTSTART:19700329T030000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
        "BEGIN:STANDARD", "TZOFFSETFROM:+0300", "TZOFFSETTO:+0200", "TZNAME:EET", "DTSTART:19701025T040000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
        "END:VTIMEZONE",
    ]
}

/// The host of an absolute `http(s)` URL, without user, port or path.
enum URLParts {
    static func host(of url: String) -> String? {
        guard let scheme = url.range(of: "://") else { return nil }
        var rest = url[scheme.upperBound...]
        if let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        if let colon = rest.lastIndex(of: ":"), !rest.hasSuffix("]") { rest = rest[..<colon] }
        return rest.isEmpty ? nil : rest.lowercased()
    }
}
