import CECSiteContent
import CECSiteCore

extension Validator {
    /// Checks that `id` is a plain identifier (lowercase ASCII letters, digits, single dashes)
    /// not used before in `seen`, and records it. `kind` names it in messages ("Table id");
    /// `scope` says where uniqueness holds (" in table 'x'"). True when the id is valid and new.
    @discardableResult
    func uniqueIdentifier(_ id: Located<String>, _ kind: String, scope: String = "", seen: inout [String: SourceLocation]) -> Bool {
        defer { seen[id.value] = seen[id.value] ?? id.location }
        if !Slug.isValid(id.value) {
            sink.error(
                id.location, "\(kind) '\(id.value)' is not a plain identifier; use lowercase ASCII letters, digits and '-' (e.g. '\(Slug.make(id.value))')")
            return false
        }
        if let first = seen[id.value] {
            sink.error(id.location, "Duplicate \(kind.lowercased()) '\(id.value)'\(scope); it is already used at \(first)")
            return false
        }
        return true
    }
}

extension Validator {
    /// Gender tables: ids are unique URL segments, footnote marks exist, and every value the
    /// source states that can be recomputed — a total from its parts, a percentage from the
    /// counts — equals the recomputed value. A mismatch names the stated value's place.
    func checkStatistics() {
        var tables: [String: SourceLocation] = [:]
        for table in content.statistics {
            uniqueIdentifier(table.id, "Table id", seen: &tables)
            if table.rows.isEmpty { sink.error(table.id.location, "Table '\(table.id.value)' has no rows; add at least one under 'rows:'") }
            var rows: [String: SourceLocation] = [:]
            let marks = Set(table.footnotes.map(\.mark))
            for row in table.rows {
                uniqueIdentifier(row.id, "Row id", scope: " in table '\(table.id.value)'", seen: &rows)
                if let mark = row.footnote, !marks.contains(mark) {
                    sink.error(
                        row.id.location, "Row '\(row.id.value)' refers to footnote '\(mark)', but the table has no such footnote; add it under 'footnotes:'")
                }
                guard row.counts.count == Gender.allCases.count else { continue }
                if let stated = row.statedTotal, stated.text != String(row.total) {
                    let parts = Gender.allCases.compactMap { row.counts[$0].map { String($0.value) } }.joined(separator: " + ")
                    sink.error(
                        stated.location,
                        "The stated total '\(stated.text)' of row '\(row.id.value)' is not the sum of its parts: \(parts) = \(row.total); check the source and correct the count or the total (record the correction beside it)"
                    )
                }
                for gender in Gender.allCases {
                    guard let stated = row.statedPercent[gender], let count = row.counts[gender]?.value else { continue }
                    let decimals = Percent.decimals(of: stated.text)
                    let computed = Percent.format(count, of: row.total, decimals: decimals)
                    if stated.text != computed {
                        sink.error(
                            stated.location,
                            "The stated share of \(gender.rawValue) '\(stated.text)' % in row '\(row.id.value)' differs from the one computed from the counts: \(count) of \(row.total) = \(computed) %; check the source and correct the count or the stated value"
                        )
                    }
                }
            }
        }
    }

    /// Each election of a records file gets its own page, named by its transliterated name; two
    /// names that give the same address are an error.
    func checkRecords() {
        for set in content.records {
            var seen: [String: String] = [:]
            for election in set.elections {
                let slug = Slug.make(election)
                if let other = seen[slug] {
                    sink.error(
                        set.id.location,
                        "The elections '\(other)' and '\(election)' of records '\(set.id.value)' would share the page address '\(slug)'; name them so they differ in Latin letters or digits"
                    )
                }
                seen[slug] = seen[slug] ?? election
            }
        }
    }
}

extension Validator {
    /// The calendar: ids are unique plain identifiers (they are anchors and feed UIDs, and the
    /// plan's milestones take `plan-…`), every election an event names exists, and internal
    /// links lead to a page of the site.
    func checkCalendar() {
        var elections: [String: SourceLocation] = [:]
        for election in content.calendar.elections {
            uniqueIdentifier(election.id, "Election id", seen: &elections)
        }
        var events: [String: SourceLocation] = [:]
        for event in content.calendar.events {
            if uniqueIdentifier(event.id, "Event id", seen: &events), event.id.value.hasPrefix("plan-") {
                sink.error(event.id.location, "Event id '\(event.id.value)' starts with 'plan-', which the plan's derived milestones use; choose another id")
            }
            if let election = event.election, elections[election.value] == nil {
                let hint = Suggest.didYouMean(election.value, in: Set(elections.keys))
                sink.error(election.location, "Unknown election '\(election.value)' in event '\(event.id.value)'; \(hint)add it under 'elections:'")
            }
        }
    }
}

extension Validator {
    /// The FAQ: ids are unique plain identifiers (they are anchors), and answers have no
    /// headings (the question is the heading).
    func checkFAQ() {
        var seen: [String: SourceLocation] = [:]
        for entry in content.faq {
            uniqueIdentifier(entry.id, "Question id", seen: &seen)
            for (_, answer) in entry.answers.sorted(by: { $0.key < $1.key }) {
                for heading in answer.headings {
                    sink.error(heading.location, "A heading in an answer; the question is the answer's heading, so write the answer as paragraphs and lists")
                }
            }
        }
    }
}
