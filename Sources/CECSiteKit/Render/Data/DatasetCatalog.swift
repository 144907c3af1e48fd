import CECSiteContent
import CECSiteCore

/// Derives every open dataset from the loaded content: the plan in normalised tables, one flat
/// plan table for spreadsheet users, and the register of all datasets. Rows are never kept by
/// hand; they are computed here at each build, in a stable order (the plan's own).
struct DatasetCatalog {
    let content: SiteContent
    /// The interface strings, for the titles of derived calendar events.
    let theme: Theme

    /// The id of the register of all datasets, always last in the catalog.
    static let registerID = "datasets"

    /// Every dataset in catalog order, with the metadata `content/data/datasets.yaml` gives
    /// (a dataset without it gets its id as title; the validator reports the gap). A site
    /// without that file publishes no open data: none.
    func datasets() -> [Dataset] {
        guard !content.datasetMetadata.isEmpty else { return [] }
        var list = planDatasets()
        list += content.statistics.map(statisticsDataset)
        list += content.records.map(recordsDataset)
        if !content.faq.isEmpty { list.append(faqDataset()) }
        let events = CalendarEvents(content: content, theme: theme).all()
        if !events.isEmpty { list.append(calendarDataset(events)) }
        list.append(register(of: list))
        return list.map(Self.withTemporalCoverage)
    }

    /// A dataset with a time dimension but no stated period covers its dates' range: from the
    /// earliest to the latest date in any of its date columns.
    static func withTemporalCoverage(_ dataset: Dataset) -> Dataset {
        guard dataset.temporal == nil else { return dataset }
        var first: Day?, last: Day?
        for row in dataset.rows {
            for value in row {
                if case .date(let day) = value {
                    first = min(first ?? day, day)
                    last = max(last ?? day, day)
                }
            }
        }
        var dated = dataset
        if let first, let last { dated.temporal = (first, last) }
        return dated
    }

    private func metadata(_ id: String) -> DatasetMetadata {
        content.datasetMetadata.first { $0.id.value == id }
            ?? DatasetMetadata(
                id: Located(id, at: SourceLocation(file: "data/datasets.yaml")),
                title: LocalizedText([.en: id]), description: LocalizedText([:]),
                keywords: [:], themes: [], frequency: .onChange, fields: [:])
    }

    /// A dataset with its fields documented from its metadata.
    private func dataset(
        _ id: String, _ fields: [DataField], key: [String], references: [ForeignKey] = [],
        rows: [[DataValue]], origins: [SourceLocation], temporal: (Day, Day)?,
        sources: [LocalizedText]
    ) -> Dataset {
        let meta = metadata(id)
        let documented = fields.map { field -> DataField in
            var field = field
            if let text = meta.fields[field.name] {
                field.title = text.title
                field.description = text.description
            }
            return field
        }
        return Dataset(
            id: id, fields: documented, primaryKey: key, foreignKeys: references, rows: rows,
            origins: origins, metadata: meta, temporal: temporal, sources: sources)
    }

    // MARK: The plan

    private static let pillarID = "[1-9][0-9]*"
    private static let goalID = "[1-9][0-9]*\\.[1-9][0-9]*"
    private static let actionID = "[1-9][0-9]*(\\.[1-9][0-9]*){2}"
    private static let resultID = "[1-9][0-9]*(\\.[1-9][0-9]*){3}"
    private static let slug = "[a-z0-9]+(-[a-z0-9]+)*"

    private func titles(_ text: LocalizedText) -> [DataValue] {
        [.text(text.values[.uk]), .text(text.values[.en])]
    }

    /// The reported progress of a result: state, the day it was reported, the note.
    private static let progressFields = [
        DataField("progress_state", .string, allowed: ResultProgress.State.allCases.map(\.rawValue)),
        DataField("progress_date", .date), DataField("progress_note_uk", .string), DataField("progress_note_en", .string),
    ]

    private func progress(_ value: ResultProgress?) -> [DataValue] {
        [.text(value?.state.rawValue), .date(value?.date), .text(value?.note?.values[.uk]), .text(value?.note?.values[.en])]
    }

    private static func titleFields(_ prefix: String = "title") -> [DataField] {
        [DataField("\(prefix)_uk", .string), DataField("\(prefix)_en", .string)]
    }

    private func planDatasets() -> [Dataset] {
        let plan = content.plan
        guard !plan.pillars.isEmpty else { return [] }
        let sources = plan.source.map { [$0] } ?? []
        var temporal: (Day, Day)?
        if let start = Day(year: plan.startYear, month: 1, day: 1), let end = Day(year: plan.endYear, month: 12, day: 31) {
            temporal = (start, end)
        }
        func make(
            _ id: String, _ fields: [DataField], key: [String], references: [ForeignKey] = [],
            rows: [[DataValue]], origins: [SourceLocation]
        ) -> Dataset {
            dataset(
                id, fields, key: key, references: references, rows: rows, origins: origins, temporal: temporal,
                sources: sources)
        }
        let goals = plan.pillars.flatMap { pillar in pillar.goals.map { (pillar, $0) } }
        let actions = goals.flatMap { pillar, goal in goal.actions.map { (pillar, goal, $0) } }
        let results = actions.flatMap { pillar, goal, action in action.results.map { (pillar, goal, action, $0) } }
        let unitNames = Dictionary(plan.units.map { ($0.slug.value, $0.name) }, uniquingKeysWith: { a, _ in a })

        let pillars = make(
            "plan-pillars",
            [
                DataField("pillar_id", .string, required: true, unique: true, pattern: Self.pillarID),
                DataField("slug", .string, required: true, unique: true, pattern: Self.slug),
            ] + Self.titleFields(),
            key: ["pillar_id"],
            rows: plan.pillars.map { [.text($0.id.value), .text($0.slug.value)] + titles($0.title) },
            origins: plan.pillars.map(\.id.location))
        let goalTable = make(
            "plan-goals",
            [
                DataField("goal_id", .string, required: true, unique: true, pattern: Self.goalID),
                DataField("pillar_id", .string, required: true, pattern: Self.pillarID),
            ] + Self.titleFields(),
            key: ["goal_id"],
            references: [ForeignKey(fields: ["pillar_id"], dataset: "plan-pillars", referencedFields: ["pillar_id"])],
            rows: goals.map { pillar, goal in [.text(goal.id.value), .text(pillar.id.value)] + titles(goal.title) },
            origins: goals.map(\.1.id.location))
        let actionTable = make(
            "plan-actions",
            [
                DataField("action_id", .string, required: true, unique: true, pattern: Self.actionID),
                DataField("goal_id", .string, required: true, pattern: Self.goalID),
            ] + Self.titleFields(),
            key: ["action_id"],
            references: [ForeignKey(fields: ["goal_id"], dataset: "plan-goals", referencedFields: ["goal_id"])],
            rows: actions.map { _, goal, action in [.text(action.id.value), .text(goal.id.value)] + titles(action.title) },
            origins: actions.map(\.2.id.location))
        let resultTable = make(
            "plan-results",
            [
                DataField("result_id", .string, required: true, unique: true, pattern: Self.resultID),
                DataField("action_id", .string, required: true, pattern: Self.actionID),
            ] + Self.titleFields()
                + [DataField("from_date", .date), DataField("till_date", .date)] + Self.progressFields,
            key: ["result_id"],
            references: [ForeignKey(fields: ["action_id"], dataset: "plan-actions", referencedFields: ["action_id"])],
            rows: results.map { _, _, action, result in
                [.text(result.id.value), .text(action.id.value)] + titles(result.title)
                    + [.date(result.from?.value), .date(result.till?.value)] + progress(result.progress)
            },
            origins: results.map(\.3.id.location))
        let unitTable = make(
            "plan-units",
            [
                DataField("unit_id", .string, required: true, unique: true, pattern: Self.slug),
                DataField("name_uk", .string), DataField("name_en", .string),
            ],
            key: ["unit_id"],
            rows: plan.units.map { [.text($0.slug.value)] + titles($0.name) },
            origins: plan.units.map(\.slug.location))
        let links = make(
            "plan-result-units",
            [
                DataField("result_id", .string, required: true, pattern: Self.resultID),
                DataField("unit_id", .string, required: true, pattern: Self.slug),
                DataField("position", .integer, required: true, minimum: 1),
            ],
            key: ["result_id", "unit_id"],
            references: [
                ForeignKey(fields: ["result_id"], dataset: "plan-results", referencedFields: ["result_id"]),
                ForeignKey(fields: ["unit_id"], dataset: "plan-units", referencedFields: ["unit_id"]),
            ],
            rows: results.flatMap { _, _, _, result in
                result.units.enumerated().map { [.text(result.id.value), .text($1.value), .integer($0 + 1)] }
            },
            origins: results.flatMap { _, _, _, result in result.units.map(\.location) })
        let flat = make(
            "plan-results-flat",
            [DataField("result_id", .string, required: true, unique: true, pattern: Self.resultID)]
                + Self.titleFields("result_title")
                + [DataField("action_id", .string, required: true, pattern: Self.actionID)] + Self.titleFields("action_title")
                + [DataField("goal_id", .string, required: true, pattern: Self.goalID)] + Self.titleFields("goal_title")
                + [DataField("pillar_id", .string, required: true, pattern: Self.pillarID)] + Self.titleFields("pillar_title")
                + [
                    DataField("unit_ids", .string), DataField("unit_names_uk", .string), DataField("unit_names_en", .string),
                    DataField("from_date", .date), DataField("till_date", .date),
                ] + Self.progressFields,
            key: ["result_id"],
            references: [ForeignKey(fields: ["result_id"], dataset: "plan-results", referencedFields: ["result_id"])],
            rows: results.map { pillar, goal, action, result in
                let slugs = result.units.map(\.value)
                func names(_ language: Language) -> DataValue {
                    .text(slugs.compactMap { unitNames[$0]?.values[language] }.joined(separator: "; "))
                }
                return [.text(result.id.value)] + titles(result.title)
                    + [.text(action.id.value)] + titles(action.title)
                    + [.text(goal.id.value)] + titles(goal.title)
                    + [.text(pillar.id.value)] + titles(pillar.title)
                    + [
                        .text(slugs.joined(separator: "; ")), names(.uk), names(.en),
                        .date(result.from?.value), .date(result.till?.value),
                    ] + progress(result.progress)
            },
            origins: results.map(\.3.id.location))
        return [pillars, goalTable, actionTable, resultTable, unitTable, links, flat]
    }

    // MARK: Gender statistics

    /// The dataset id of a gender table: `gender-<table id>`.
    static func id(of table: StatisticsTable) -> String { "gender-" + table.id.value }

    /// One gender table: its rows with counts, the computed total and percentages.
    private func statisticsDataset(_ table: StatisticsTable) -> Dataset {
        var fields =
            [DataField("row_id", .string, required: true, unique: true, pattern: Self.slug)]
            + Self.titleFields("label")
            + [DataField("as_of", .string, pattern: "[0-9]{4}-[0-9]{2}(-[0-9]{2})?")]
        fields += Gender.allCases.map { DataField($0.rawValue, .integer, required: true, minimum: 0) }
        fields.append(DataField("total", .integer, required: true, minimum: 0))
        fields += Gender.allCases.map { DataField("\($0.rawValue)_percent", .number, minimum: 0, maximum: 100) }
        let rows: [[DataValue]] = table.rows.map { row in
            var values: [DataValue] = [.text(row.id.value)] + titles(row.label) + [.text(row.asOf?.value.iso)]
            values += Gender.allCases.map { row.counts[$0].map { .integer($0.value) } ?? .missing }
            values.append(.integer(row.total))
            values += Gender.allCases.map { gender in row.percent(gender).map(DataValue.decimal) ?? .missing }
            return values
        }
        let ranges = table.rows.compactMap { $0.asOf?.value.range }
        var temporal: (Day, Day)?
        if let start = ranges.map(\.start).min(), let end = ranges.map(\.end).max() { temporal = (start, end) }
        return dataset(
            Self.id(of: table), fields, key: ["row_id"], rows: rows, origins: table.rows.map(\.id.location),
            temporal: temporal, sources: [table.source])
    }

    /// The columns and rows of aggregated records: the keys of `kind`, a count per gender, the
    /// total and the women's share.
    static func recordsTable(_ kind: RecordKind, _ groups: [(key: [String], counts: [Int])]) -> (fields: [DataField], rows: [[DataValue]]) {
        var fields = kind.keys.map { key in DataField(key, .string, required: true, allowed: kind.allowed[key]) }
        fields += RecordGender.allCases.map { DataField($0.rawValue, .integer, required: true, minimum: 0) }
        fields.append(DataField("total", .integer, required: true, minimum: 0))
        fields.append(DataField("women_percent", .number, minimum: 0, maximum: 100))
        let rows: [[DataValue]] = groups.map { group in
            let total = group.counts.reduce(0, +)
            return group.key.map { DataValue.text($0) } + group.counts.map { .integer($0) } + [
                .integer(total),
                total > 0 ? .decimal(Percent.format(group.counts[0], of: total, decimals: 2)) : .missing,
            ]
        }
        return (fields, rows)
    }

    /// The dataset id of a records file: `gender-records-<id>`.
    static func id(of records: RecordSet) -> String { "gender-records-" + records.id.value }

    /// The aggregates of a records file: one row per key with counts per gender. No other
    /// column of a record is published.
    private func recordsDataset(_ set: RecordSet) -> Dataset {
        let (fields, rows) = Self.recordsTable(set.kind, set.groups)
        var result = dataset(
            Self.id(of: set), fields, key: set.kind.keys, rows: rows,
            origins: Array(repeating: set.id.location, count: rows.count), temporal: nil, sources: [set.source])
        result.sample = set.sample
        return result
    }

    // MARK: The FAQ

    /// Every question with its answers (Markdown, their links absolute: ``DataLinks``), topic,
    /// audiences and source.
    private func faqDataset() -> Dataset {
        let links = DataLinks(content: content)
        let fields =
            [
                DataField("question_id", .string, required: true, unique: true, pattern: Self.slug),
                DataField("topic", .string, required: true, allowed: content.faqTopics.ids),
                DataField("audiences", .string, required: true),
            ] + Self.titleFields("question") + Self.titleFields("answer") + Self.titleFields("source")
        let rows: [[DataValue]] = content.faq.map { entry in
            [.text(entry.id.value), .text(entry.topic.rawValue), .text(entry.audiences.map(\.rawValue).joined(separator: "; "))]
                + titles(entry.question)
                + [
                    .text(entry.answers[.uk].map { links.markdown($0, .uk).trimmingCharacters(in: .whitespacesAndNewlines) }),
                    .text(entry.answers[.en].map { links.markdown($0, .en).trimmingCharacters(in: .whitespacesAndNewlines) }),
                ]
                + titles(entry.source)
        }
        return dataset(
            "faq", fields, key: ["question_id"], rows: rows, origins: content.faq.map(\.id.location), temporal: nil,
            sources: Array(Set(content.faq.map(\.source))).sorted { $0.text(.en) < $1.text(.en) })
    }

    // MARK: The calendar

    /// Every calendar event, plan milestones included, in date order; the link absolute
    /// (``DataLinks``), to the page in the main language.
    private func calendarDataset(_ events: [CalendarEvent]) -> Dataset {
        let links = DataLinks(content: content)
        let fields =
            [
                DataField("event_id", .string, required: true, unique: true, pattern: Self.slug)
            ] + Self.titleFields() + [
                DataField("start_date", .date, required: true), DataField("start_time", .string, pattern: "[0-2][0-9]:[0-5][0-9]"),
                DataField("end_date", .date), DataField("end_time", .string, pattern: "[0-2][0-9]:[0-5][0-9]"),
                DataField("election_id", .string, pattern: Self.slug),
                DataField("category", .string, required: true, allowed: content.calendarCategories.ids),
            ] + Self.titleFields("location") + Self.titleFields("description") + [DataField("link", .string)]
        let rows: [[DataValue]] = events.map { event in
            [.text(event.id.value)] + titles(event.title) + [
                .date(event.start.day), .text(event.start.clock), .date(event.end?.day), .text(event.end?.clock),
                .text(event.election?.value), .text(event.category.rawValue),
            ] + titles(event.location ?? LocalizedText([:])) + titles(event.description ?? LocalizedText([:])) + [
                .text(event.link.map { links.url($0.value, .main) })
            ]
        }
        let days = events.flatMap { [$0.start.day, $0.lastDay] }
        var temporal: (Day, Day)?
        if let start = days.min(), let end = days.max() { temporal = (start, end) }
        let sources = Array(Set(events.compactMap(\.source))).sorted { $0.text(.en) < $1.text(.en) }
        return dataset(
            "calendar-events", fields, key: ["event_id"], rows: rows, origins: events.map(\.id.location),
            temporal: temporal, sources: sources)
    }

    // MARK: The register

    /// The register of all datasets, itself included (its own row is last).
    private func register(of datasets: [Dataset]) -> Dataset {
        let fields =
            [
                DataField("dataset_id", .string, required: true, unique: true, pattern: Self.slug)
            ] + Self.titleFields() + Self.titleFields("description") + [
                DataField("update_frequency", .string, required: true, allowed: UpdateFrequency.allCases.map(\.rawValue)),
                DataField("themes", .string),
                DataField("temporal_start", .date), DataField("temporal_end", .date),
                DataField("row_count", .integer, required: true, minimum: 0),
                DataField("csv_path", .string, required: true), DataField("json_path", .string, required: true),
                DataField("xlsx_path", .string, required: true),
                DataField("license", .string, required: true),
                DataField("sample", .boolean, required: true),
            ]
        let meta = metadata(Self.registerID)
        let license = content.config.openData.license
        func row(_ id: String, _ meta: DatasetMetadata, _ temporal: (start: Day, end: Day)?, _ count: Int, _ sample: Bool) -> [DataValue] {
            [.text(id)] + titles(meta.title) + titles(meta.description) + [
                .text(meta.frequency.rawValue), .text(meta.themes.joined(separator: "; ")),
                .date(temporal?.start), .date(temporal?.end), .integer(count),
                .text(DataFiles.name(id, .csv)), .text(DataFiles.name(id, .json)), .text(DataFiles.name(id, .xlsx)),
                .text(license), .boolean(sample),
            ]
        }
        let starts = datasets.compactMap { $0.temporal?.start }, ends = datasets.compactMap { $0.temporal?.end }
        var temporal: (Day, Day)?
        if let start = starts.min(), let end = ends.max() { temporal = (start, end) }
        var rows = datasets.map { row($0.id, $0.metadata, $0.temporal, $0.rows.count, $0.sample) }
        rows.append(row(Self.registerID, meta, temporal, datasets.count + 1, false))
        let origins = datasets.map(\.metadata.id.location) + [meta.id.location]
        return dataset(
            Self.registerID, fields, key: ["dataset_id"], rows: rows, origins: origins, temporal: temporal,
            sources: Array(Set(datasets.flatMap(\.sources))).sorted { $0.text(.en) < $1.text(.en) })
    }
}
