import CECSiteCore
import CECSiteFormats

/// A horizontal bar chart drawn at build time as inline SVG: no script, no library. Every bar
/// carries its series name and value as text beside it, so nothing is told by colour alone;
/// the series differ by fill and pattern too. The `<svg>` has `role="img"` and is labelled by its
/// `<title>` and `<desc>` (which states every value), scales with its container through its
/// `viewBox`, and takes its colours from CSS classes, which forced-colors mode can override.
struct BarChart {
    /// A series of bars (`women`): its CSS class suffix and its name per page language.
    struct Series {
        var key: String
        var name: String
    }

    /// One bar: its length as a share of `scale`, and the text written beside it.
    struct Bar {
        var series: Int
        var value: Double
        var label: String
    }

    /// A group of bars under one label (a table row).
    struct Group {
        var label: String
        var bars: [Bar]
    }

    /// Unique within the page: prefixes the ids of the title, description and patterns.
    var id: String
    var title: String
    var description: String
    var series: [Series]
    var groups: [Group]
    /// The value a full-length bar stands for (100 for percentages).
    var scale: Double = 100

    // Narrow, so the text stays legible when a 320 px screen scales the chart down.
    private static let width = 420.0
    private static let labelWidth = 90.0
    private static let barArea = 200.0
    private static let barHeight = 22.0
    private static let rowGap = 8.0
    private static let groupHeading = 28.0
    private static let groupGap = 18.0

    /// The chart as an `<svg>` element.
    func svg() -> String {
        let rows = Double(groups.reduce(0) { $0 + $1.bars.count })
        let height = Double(groups.count) * (Self.groupHeading + Self.groupGap) + rows * (Self.barHeight + Self.rowGap)
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 \(n(Self.width)) \(n(height))\""
        out += " role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" focusable=\"false\">"
        out += "<title id=\"\(id)-title\">\(XML.escape(title))</title>"
        out += "<desc id=\"\(id)-desc\">\(XML.escape(description))</desc>"
        out += "<defs><pattern id=\"\(id)-hatch\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
        out += "<rect width=\"8\" height=\"8\" class=\"hatch-ground\"/><rect width=\"3\" height=\"8\" class=\"hatch-line\"/></pattern></defs>"
        var y = 0.0
        for group in groups {
            y += Self.groupHeading
            out += "<text x=\"0\" y=\"\(n(y - 8))\" class=\"group-label\">\(XML.escape(group.label))</text>"
            for bar in group.bars {
                let length = max(0, min(1, bar.value / scale)) * Self.barArea
                let key = bar.series < series.count ? series[bar.series].key : "other"
                let name = bar.series < series.count ? series[bar.series].name : ""
                let fill = bar.series % 2 == 1 ? " fill=\"url(#\(id)-hatch)\"" : ""
                out += "<text x=\"0\" y=\"\(n(y + Self.barHeight - 6))\" class=\"series-label\">\(XML.escape(name))</text>"
                out +=
                    "<rect x=\"\(n(Self.labelWidth))\" y=\"\(n(y))\" width=\"\(n(length))\" height=\"\(n(Self.barHeight))\" class=\"bar bar-\(key)\"\(fill)/>"
                out += "<text x=\"\(n(Self.labelWidth + length + 8))\" y=\"\(n(y + Self.barHeight - 6))\" class=\"value-label\">\(XML.escape(bar.label))</text>"
                y += Self.barHeight + Self.rowGap
            }
            y += Self.groupGap
        }
        out += "</svg>"
        return out
    }

    /// A coordinate with at most one decimal and no trailing zeros.
    private func n(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? String(tenths / 10) : "\(tenths / 10).\(abs(tenths % 10))"
    }
}
