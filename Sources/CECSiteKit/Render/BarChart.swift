import CECSiteContent
import CECSiteCore
import CECSiteFormats

/// A horizontal bar chart made at build time: HTML text and inline SVG bars, no script, no
/// library.
///
/// The chart lays out from the text size: its labels are HTML text in the body's size (they
/// wrap on narrow screens and grow with the reader's text size and zoom, in both editions), each
/// on its own line above its bar, so no label touches a bar; the bars are SVG rectangles whose
/// length is a percentage of the chart's width and whose height is set in `em`. Every bar
/// carries its series name and value as text, so nothing is told by colour alone; the series
/// differ by fill and pattern too. The chart is one image to assistive technology
/// (`role="img"`), named by its title and described by a text that states every value; its
/// colours come from CSS classes, which forced-colors mode overrides.
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

    /// The fill of each series after the first (solid): hatched, dotted, then an outline only.
    private func fill(_ series: Int) -> String {
        switch series {
        case 0: return ""
        case 1: return " fill=\"url(#\(id)-hatch)\""
        case 2: return " fill=\"url(#\(id)-dots)\""
        default: return ""
        }
    }

    /// The chart as HTML: a `<div role="img">` holding its texts and one `<svg>` per bar.
    func html() -> String {
        var out = "<div class=\"chart\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\">"
        out += "<p class=\"visually-hidden\" id=\"\(id)-title\">\(XML.escape(title))</p>"
        out += "<p class=\"visually-hidden\" id=\"\(id)-desc\">\(XML.escape(description))</p>"
        // The patterns, once per chart; the bars' SVGs refer to them by id.
        out += "<svg class=\"chart-patterns\" width=\"0\" height=\"0\" aria-hidden=\"true\" focusable=\"false\"><defs>"
        out += "<pattern id=\"\(id)-hatch\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
        out += "<rect width=\"8\" height=\"8\" class=\"hatch-ground\"/><rect width=\"3\" height=\"8\" class=\"hatch-line\"/></pattern>"
        out += "<pattern id=\"\(id)-dots\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">"
        out += "<rect width=\"6\" height=\"6\" class=\"hatch-ground\"/><circle cx=\"3\" cy=\"3\" r=\"1.5\" class=\"hatch-line\"/></pattern>"
        out += "</defs></svg>"
        for group in groups {
            out += "<div class=\"chart-group\"><p class=\"group-label\">\(XML.escape(group.label))</p>"
            for bar in group.bars {
                let share = max(0, min(1, bar.value / scale)) * 100
                let key = bar.series < series.count ? series[bar.series].key : "other"
                let name = bar.series < series.count ? series[bar.series].name : ""
                out += "<p class=\"bar-label\"><span class=\"series-label\">\(XML.escape(name))</span>: "
                out += "<span class=\"value-label\">\(XML.escape(bar.label))</span></p>"
                out += "<svg class=\"bar-track\" aria-hidden=\"true\" focusable=\"false\">"
                out += "<rect width=\"\(n(share))%\" height=\"100%\" class=\"bar bar-\(key)\"\(fill(bar.series))/></svg>"
            }
            out += "</div>"
        }
        out += "</div>"
        return out
    }

    /// A percentage with at most one decimal and no trailing zeros.
    private func n(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? String(tenths / 10) : "\(tenths / 10).\(abs(tenths % 10))"
    }
}
