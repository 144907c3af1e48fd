import CECSiteContent
import CECSiteCore

/// Contexts of the gender statistics section: the list of tables and one page per table, with
/// its chart, its data table, notes, footnotes, source and dataset.
extension ContextBuilder {
    /// A whole number with the language's digit grouping (`35 477 188`, `35,477,188`).
    func number(_ value: Int) -> String {
        let digits = String(abs(value))
        var grouped = ""
        for (i, digit) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { grouped += string("thousands_separator") }
            grouped.append(digit)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    /// A percentage computed as `54.77`, in the language's form (`54,77 %`, `54.77%`).
    func percent(_ text: String) -> String {
        string("percent_format").replacingOccurrences(of: "{n}", with: text.replacingOccurrences(of: ".", with: string("decimal_separator")))
    }

    /// A count with its share: `327 (54,77 %)`.
    private func countAndShare(_ row: StatisticsRow, _ gender: Gender) -> String {
        guard let count = row.counts[gender]?.value else { return "—" }
        return number(count) + (row.percent(gender).map { " (" + percent($0) + ")" } ?? "")
    }

    private func asOf(_ value: AsOf?) -> [String: Any]? {
        guard let value else { return nil }
        if let day = value.day, let date = date(Day(year: value.year, month: value.month, day: day)) { return date }
        return ["iso": value.iso, "text": string("month_name_\(value.month)") + " " + String(value.year)]
    }

    func statisticsTableEntry(_ table: StatisticsTable) -> [String: Any] {
        var entry: [String: Any] = [
            "id": table.id.value, "title": text(table.title), "url": url(Routes.statisticsTable(table.id.value)),
            "counted": text(table.counted),
        ]
        let totals = Gender.allCases.map { gender in table.rows.reduce(0) { $0 + ($1.counts[gender]?.value ?? 0) } }
        entry["rows"] = table.rows.count
        entry["summary"] =
            table.rows.count == 1
            ? Gender.allCases.map { "\(string("gender_" + $0.rawValue)): \(countAndShare(table.rows[0], $0))" }.joined(separator: "; ")
            : zip(Gender.allCases, totals).map { "\(string("gender_" + $0.rawValue)): \(number($1))" }.joined(separator: "; ")
        return entry
    }

    func statisticsContext() -> [String: Any] {
        var context = page(
            path: Routes.statistics, title: plain(string("statistics_title")), description: string("statistics_intro"),
            breadcrumbs: [(Routes.home, plain(string("nav_home")))], section: "statistics")
        context["statistics"] =
            [
                "tables": content.statistics.map(statisticsTableEntry), "records": content.records.map(recordsEntry),
                "hasRecords": !content.records.isEmpty,
            ] as [String: Any]
        return context
    }

    func statisticsTableContext(_ table: StatisticsTable) -> [String: Any] {
        var context = page(
            path: Routes.statisticsTable(table.id.value), title: text(table.title),
            description: table.description.text(language),
            breadcrumbs: [(Routes.home, plain(string("nav_home"))), (Routes.statistics, plain(string("statistics_title")))],
            section: "statistics")
        let series = Gender.allCases.map { BarChart.Series(key: $0.rawValue, name: string("gender_" + $0.rawValue)) }
        let groups = table.rows.map { row in
            BarChart.Group(
                label: row.shortLabel.text(language) + (row.footnote ?? ""),
                bars: Gender.allCases.enumerated().compactMap { index, gender in
                    guard let share = row.percent(gender, decimals: 2), let value = Double(share) else { return nil }
                    return BarChart.Bar(series: index, value: value, label: countAndShare(row, gender))
                })
        }
        let summary =
            table.rows.map { row in
                row.shortLabel.text(language) + ": "
                    + Gender.allCases.map { "\(string("gender_" + $0.rawValue).lowercased()) \(countAndShare(row, $0))" }
                    .joined(separator: ", ")
            }.joined(separator: "; ") + "."
        let chart = BarChart(
            id: "chart-" + table.id.value, title: table.title.text(language),
            description: string("chart_desc_prefix") + " " + summary, series: series, groups: groups)
        var entry = statisticsTableEntry(table)
        let marks = Set(table.rows.compactMap(\.footnote))
        entry.set("caption", table.caption.map(text))
        entry["description"] = text(table.description)
        entry["chart"] = chart.html()
        entry["chartLang"] = table.rows.contains { $0.shortLabel.resolve(language).language != language } ? " lang=\"en\"" : ""
        entry["notes"] = table.notes.map(text)
        entry["footnotes"] = table.footnotes.filter { marks.contains($0.mark) }.map { ["mark": $0.mark, "text": text($0.text)] as [String: Any] }
        entry["hasFootnotes"] = !marks.isEmpty
        entry["checked"] = table.rows.contains { $0.statedTotal != nil || !$0.statedPercent.isEmpty }
        entry["source"] = text(table.source)
        entry["datasetURL"] = content.datasetMetadata.isEmpty ? false : url(Routes.dataset(DatasetCatalog.id(of: table)))
        entry["hasDates"] = table.rows.contains { $0.asOf != nil }
        entry["tableRows"] = table.rows.map { row -> [String: Any] in
            var item: [String: Any] = ["label": text(row.label), "footnote": row.footnote ?? false, "total": number(row.total)]
            item.set("asOf", asOf(row.asOf?.value))
            item["cells"] = Gender.allCases.map { gender -> [String: Any] in
                [
                    "count": row.counts[gender].map { number($0.value) } ?? "—",
                    "share": row.percent(gender).map(percent) ?? "—",
                    "countLabel": string("gender_" + gender.rawValue), "shareLabel": string("share_" + gender.rawValue),
                ]
            }
            return item
        }
        context["table"] = entry
        return context
    }
}

/// Contexts of the pages of person-level records: per election, the counts by position (or
/// nomination) and by region, with a chart.
extension ContextBuilder {
    /// A key value as shown: closed-list codes through the interface strings (`position_chair`).
    private func keyLabel(_ column: String, _ value: String, _ kind: RecordKind) -> String {
        kind.allowed[column] != nil ? string("\(column)_\(value)") : value
    }

    private func countRow(_ label: String, _ counts: [Int]) -> [String: Any] {
        let total = counts.reduce(0, +)
        return [
            "label": label,
            "cells": zip(RecordGender.allCases, counts).map { ["label": string("gender_" + $0.rawValue), "count": number($1)] as [String: Any] },
            "total": number(total),
            "share": total > 0 ? percent(Percent.format(counts.first ?? 0, of: total, decimals: 2)) : "—",
        ]
    }

    func recordsEntry(_ set: RecordSet) -> [String: Any] {
        var entry: [String: Any] = [
            "id": set.id.value, "title": text(set.title), "url": url(Routes.records(set.id.value)),
            "records": number(set.records),
        ]
        entry.set("sample", set.sample ? true : nil)
        return entry
    }

    /// The breadcrumbs of a records page.
    private var statisticsCrumbs: [(String, [String: Any])] {
        [(Routes.home, plain(string("nav_home"))), (Routes.statistics, plain(string("statistics_title")))]
    }

    /// The page of a records file: what it is, and one entry per election with its totals.
    func recordsContext(_ set: RecordSet) -> [String: Any] {
        var context = page(
            path: Routes.records(set.id.value), title: text(set.title), description: set.description.text(language),
            breadcrumbs: statisticsCrumbs, section: "statistics")
        var entry = recordsEntry(set)
        entry["description"] = text(set.description)
        entry["source"] = text(set.source)
        entry.set("note", set.note.map(text))
        entry["genders"] = RecordGender.allCases.map { ["label": string("gender_" + $0.rawValue)] }
        entry["elections"] = set.elections.map { election -> [String: Any] in
            let counts = set.groups.filter { $0.key[0] == election }.reduce(into: Array(repeating: 0, count: RecordGender.allCases.count)) { sum, group in
                for i in sum.indices { sum[i] += group.counts[i] }
            }
            var row = countRow(election, counts)
            row["url"] = url(Routes.recordsElection(set.id.value, Slug.make(election)))
            return row
        }
        entry["datasetURL"] = content.datasetMetadata.isEmpty ? false : url(Routes.dataset(DatasetCatalog.id(of: set)))
        context["records"] = entry
        return context
    }

    /// The page of one election of a records file: counts by position (or nomination) with a
    /// chart, and by region.
    func recordsElectionContext(_ set: RecordSet, _ election: String) -> [String: Any] {
        let breakdown = set.kind.breakdown
        var context = page(
            path: Routes.recordsElection(set.id.value, Slug.make(election)), title: plain(election + " — " + set.title.text(language)),
            description: set.description.text(language),
            breadcrumbs: statisticsCrumbs + [(Routes.records(set.id.value), text(set.title))], section: "statistics")
        let byBreakdown = set.totals(election: election, by: breakdown)
        let byRegion = set.totals(election: election, by: "region")
        let chart = BarChart(
            id: "chart-\(set.id.value)", title: election + " — " + string("records_by_" + breakdown),
            description: string("chart_desc_prefix_records") + " "
                + byBreakdown.map { value, counts in
                    let total = counts.reduce(0, +)
                    return keyLabel(breakdown, value, set.kind) + ": "
                        + RecordGender.allCases.indices.map { i in
                            "\(string("gender_" + RecordGender.allCases[i].rawValue).lowercased()) \(number(counts[i]))"
                                + (total > 0 ? " (\(percent(Percent.format(counts[i], of: total, decimals: 2))))" : "")
                        }.joined(separator: ", ")
                }.joined(separator: "; ") + ".",
            // Every category of the table, "other" and "not stated" included, so the shares add up.
            series: RecordGender.allCases.map { BarChart.Series(key: $0.rawValue, name: string("gender_" + $0.rawValue)) },
            groups: byBreakdown.map { value, counts in
                let total = max(1, counts.reduce(0, +))
                return BarChart.Group(
                    label: keyLabel(breakdown, value, set.kind),
                    bars: RecordGender.allCases.indices.map { i in
                        BarChart.Bar(
                            series: i, value: Double(counts[i]) * 100 / Double(total),
                            label: number(counts[i]) + " (" + percent(Percent.format(counts[i], of: total, decimals: 2)) + ")")
                    })
            })
        var entry = recordsEntry(set)
        entry.set("note", set.note.map(text))
        entry["source"] = text(set.source)
        entry["breakdownHeading"] = string("records_by_" + breakdown)
        entry["breakdownColumn"] = string("records_col_" + breakdown)
        entry["byBreakdown"] = byBreakdown.map { countRow(keyLabel(breakdown, $0.value, set.kind), $0.counts) }
        entry["byRegion"] = byRegion.map { countRow($0.value, $0.counts) }
        entry["chart"] = chart.html()
        entry["genders"] = RecordGender.allCases.map { ["label": string("gender_" + $0.rawValue)] }
        entry["datasetURL"] = content.datasetMetadata.isEmpty ? false : url(Routes.dataset(DatasetCatalog.id(of: set)))
        context["records"] = entry
        return context
    }
}
