/// A gender, as counts and records write it. Unknown or other values are counted in their own
/// category, never dropped.
public enum Gender: String, CaseIterable, Sendable {
    case women, men
}

/// A value the source states that the generator can recompute, kept only to be checked.
public struct StatedValue: Sendable {
    /// The text as the source writes it (`597`, `54.77`).
    public var text: String
    public var location: SourceLocation

    /// Creates a value from all its stored properties.
    public init(text: String, location: SourceLocation) {
        self.text = text
        self.location = location
    }
}

/// A point or period in time a count holds for: a day (`2019-03-31`), a month (`2020-02`) or
/// nothing when the source gives no date.
public struct AsOf: Sendable, Hashable {
    public var year: Int
    public var month: Int
    public var day: Int?

    /// Creates a value from all its stored properties.
    public init(year: Int, month: Int, day: Int? = nil) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// `YYYY-MM-DD` or `YYYY-MM`.
    public var iso: String {
        let m = month < 10 ? "0\(month)" : "\(month)"
        guard let day else { return "\(year)-\(m)" }
        return "\(year)-\(m)-\(day < 10 ? "0" : "")\(day)"
    }

    /// Parses `YYYY-MM-DD` or `YYYY-MM`; nil for anything else or an impossible date.
    public init?(iso text: String) {
        if let day = Day(iso: text) {
            (year, month, self.day) = (day.year, day.month, day.day)
            return
        }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let y = Int(parts[0]), let m = Int(parts[1]),
            (1...9999).contains(y), (1...12).contains(m)
        else { return nil }
        (year, month, day) = (y, m, nil)
    }

    /// The first and last day of the period.
    public var range: (start: Day, end: Day)? {
        if let day { return Day(year: year, month: month, day: day).map { ($0, $0) } }
        guard let start = Day(year: year, month: month, day: 1),
            let end = Day(year: year, month: month, day: Day.daysIn(month: month, year: year))
        else { return nil }
        return (start, end)
    }
}

/// One row of a published gender table: counts by gender, the source's stated total and
/// percentages (checked, never shown), and the date the counts hold for.
public struct StatisticsRow: Sendable {
    public var id: Located<String>
    /// The row's label as the source words it.
    public var label: LocalizedText
    /// A short label for the chart.
    public var shortLabel: LocalizedText
    public var asOf: Located<AsOf>?
    public var counts: [Gender: Located<Int>]
    public var statedTotal: StatedValue?
    public var statedPercent: [Gender: StatedValue]
    /// The mark of a footnote that applies to this row (`*`).
    public var footnote: String?

    /// Creates a value from all its stored properties.
    public init(
        id: Located<String>, label: LocalizedText, shortLabel: LocalizedText, asOf: Located<AsOf>? = nil, counts: [Gender: Located<Int>],
        statedTotal: StatedValue? = nil, statedPercent: [Gender: StatedValue], footnote: String? = nil
    ) {
        self.id = id
        self.label = label
        self.shortLabel = shortLabel
        self.asOf = asOf
        self.counts = counts
        self.statedTotal = statedTotal
        self.statedPercent = statedPercent
        self.footnote = footnote
    }

    /// The sum of the counts.
    public var total: Int { counts.values.reduce(0) { $0 + $1.value } }

    /// The share of `gender` in percent, rounded half away from zero to `decimals` places, as
    /// text with `.` (`54.77`); nil when the total is zero.
    public func percent(_ gender: Gender, decimals: Int = 2) -> String? {
        guard total > 0, let count = counts[gender]?.value else { return nil }
        return Percent.format(count, of: total, decimals: decimals)
    }
}

/// A footnote of a table.
public struct Footnote: Sendable {
    public var mark: String
    public var text: LocalizedText

    /// Creates a value from all its stored properties.
    public init(mark: String, text: LocalizedText) {
        self.mark = mark
        self.text = text
    }
}

/// A published gender table from `statistics/gender/<id>.yaml`.
public struct StatisticsTable: Sendable {
    public var id: Located<String>
    public var file: String
    public var title: LocalizedText
    /// The source's own caption, verbatim.
    public var caption: LocalizedText?
    /// What is counted (`DEC chairs, deputy chairs and secretaries`).
    public var counted: LocalizedText
    public var description: LocalizedText
    public var notes: [LocalizedText]
    public var footnotes: [Footnote]
    public var source: LocalizedText
    public var order: Int
    public var rows: [StatisticsRow]

    /// Creates a value from all its stored properties.
    public init(
        id: Located<String>, file: String, title: LocalizedText, caption: LocalizedText? = nil, counted: LocalizedText, description: LocalizedText,
        notes: [LocalizedText], footnotes: [Footnote], source: LocalizedText, order: Int, rows: [StatisticsRow]
    ) {
        self.id = id
        self.file = file
        self.title = title
        self.caption = caption
        self.counted = counted
        self.description = description
        self.notes = notes
        self.footnotes = footnotes
        self.source = source
        self.order = order
        self.rows = rows
    }
}

/// Exact percentages from integer counts: no floating point, so the stated value of the source
/// is compared digit for digit.
public enum Percent {
    /// `part / whole × 100` rounded half away from zero to `decimals` places, with `.` (`54.77`).
    public static func format(_ part: Int, of whole: Int, decimals: Int) -> String {
        guard whole > 0 else { return "0" }
        var scale = 1
        for _ in 0..<decimals { scale *= 10 }
        // round(part * 100 * scale / whole), half away from zero (all values are non-negative).
        let numerator = part * 100 * scale
        let rounded = (2 * numerator + whole) / (2 * whole)
        let integer = rounded / scale, fraction = rounded % scale
        guard decimals > 0 else { return String(integer) }
        let digits = String(fraction)
        return "\(integer).\(String(repeating: "0", count: decimals - digits.count))\(digits)"
    }

    /// The number of decimal places a stated value is written with (`54.77` → 2).
    public static func decimals(of text: String) -> Int {
        guard let dot = text.firstIndex(of: ".") else { return 0 }
        return text.distance(from: text.index(after: dot), to: text.endIndex)
    }
}
