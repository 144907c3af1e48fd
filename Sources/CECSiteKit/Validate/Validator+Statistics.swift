extension Validator {
    /// Gender tables: ids are unique URL segments, footnote marks exist, and every value the
    /// source states that can be recomputed — a total from its parts, a percentage from the
    /// counts — equals the recomputed value. A mismatch names the stated value's place.
    func checkStatistics() {
        var tables: [String: SourceLocation] = [:]
        for table in content.statistics {
            if !Slug.isValid(table.id.value) {
                sink.error(table.id.location, "Table id '\(table.id.value)' is not a plain URL segment; use lowercase ASCII letters, digits and '-' (e.g. '\(Slug.make(table.id.value))')")
            } else if let first = tables[table.id.value] {
                sink.error(table.id.location, "Duplicate table id '\(table.id.value)'; it is already used at \(first)")
            }
            tables[table.id.value] = tables[table.id.value] ?? table.id.location
            if table.rows.isEmpty { sink.error(table.id.location, "Table '\(table.id.value)' has no rows; add at least one under 'rows:'") }
            var rows: [String: SourceLocation] = [:]
            let marks = Set(table.footnotes.map(\.mark))
            for row in table.rows {
                if !Slug.isValid(row.id.value) {
                    sink.error(row.id.location, "Row id '\(row.id.value)' is not a plain identifier; use lowercase ASCII letters, digits and '-'")
                } else if let first = rows[row.id.value] {
                    sink.error(row.id.location, "Duplicate row id '\(row.id.value)' in table '\(table.id.value)'; it is already used at \(first)")
                }
                rows[row.id.value] = rows[row.id.value] ?? row.id.location
                if let mark = row.footnote, !marks.contains(mark) {
                    sink.error(row.id.location, "Row '\(row.id.value)' refers to footnote '\(mark)', but the table has no such footnote; add it under 'footnotes:'")
                }
                guard row.counts.count == Gender.allCases.count else { continue }
                if let stated = row.statedTotal, stated.text != String(row.total) {
                    let parts = Gender.allCases.compactMap { row.counts[$0].map { String($0.value) } }.joined(separator: " + ")
                    sink.error(stated.location, "The stated total '\(stated.text)' of row '\(row.id.value)' is not the sum of its parts: \(parts) = \(row.total); check the source and correct the count or the total (record the correction beside it)")
                }
                for gender in Gender.allCases {
                    guard let stated = row.statedPercent[gender], let count = row.counts[gender]?.value else { continue }
                    let decimals = Percent.decimals(of: stated.text)
                    let computed = Percent.format(count, of: row.total, decimals: decimals)
                    if stated.text != computed {
                        sink.error(stated.location, "The stated share of \(gender.rawValue) '\(stated.text)' % in row '\(row.id.value)' differs from the one computed from the counts: \(count) of \(row.total) = \(computed) %; check the source and correct the count or the stated value")
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
                    sink.error(set.id.location, "The elections '\(other)' and '\(election)' of records '\(set.id.value)' would share the page address '\(slug)'; name them so they differ in Latin letters or digits")
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
            if !Slug.isValid(election.id.value) {
                sink.error(election.id.location, "Election id '\(election.id.value)' is not a plain URL segment; use lowercase ASCII letters, digits and '-' (e.g. '\(Slug.make(election.id.value))')")
            } else if let first = elections[election.id.value] {
                sink.error(election.id.location, "Duplicate election id '\(election.id.value)'; it is already used at \(first)")
            }
            elections[election.id.value] = elections[election.id.value] ?? election.id.location
        }
        var events: [String: SourceLocation] = [:]
        for event in content.calendar.events {
            if !Slug.isValid(event.id.value) {
                sink.error(event.id.location, "Event id '\(event.id.value)' is not a plain identifier; use lowercase ASCII letters, digits and '-'")
            } else if event.id.value.hasPrefix("plan-") {
                sink.error(event.id.location, "Event id '\(event.id.value)' starts with 'plan-', which the plan's derived milestones use; choose another id")
            } else if let first = events[event.id.value] {
                sink.error(event.id.location, "Duplicate event id '\(event.id.value)'; it is already used at \(first)")
            }
            events[event.id.value] = events[event.id.value] ?? event.id.location
            if let election = event.election, elections[election.value] == nil {
                let hint = Suggest.nearest(to: election.value, in: Set(elections.keys)).map { "did you mean '\($0)'? " } ?? ""
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
            if !Slug.isValid(entry.id.value) {
                sink.error(entry.id.location, "Question id '\(entry.id.value)' is not a plain identifier; use lowercase ASCII letters, digits and '-' (e.g. '\(Slug.make(entry.id.value))')")
            } else if let first = seen[entry.id.value] {
                sink.error(entry.id.location, "Duplicate question id '\(entry.id.value)'; it is already used at \(first)")
            }
            seen[entry.id.value] = seen[entry.id.value] ?? entry.id.location
            for (_, answer) in entry.answers.sorted(by: { $0.key < $1.key }) {
                for heading in answer.headings {
                    sink.error(heading.location, "A heading in an answer; the question is the answer's heading, so write the answer as paragraphs and lists")
                }
            }
        }
    }
}
