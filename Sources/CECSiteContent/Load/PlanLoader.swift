import CECSiteCore
import Foundation
import Yams

/// Loads `plan/`: the plan's metadata, the unit registry, the SWOT matrix and one file per pillar.
package struct PlanLoader {
    package let directory: String
    package let sink: DiagnosticSink
    package var files: SourceFiles { SourceFiles(sink: sink) }
    /// What could not be read, noted while the pillars are read. An item that fails to load is
    /// left out of the plan with the error saying why; these notes keep the validator from
    /// reporting, besides, the links to its pages as broken and its units as unused.
    package let unread = Unread()

    package final class Unread {
        /// A pillar or goal is missing: its pages' addresses are unknown.
        package var goals = false
        /// An action or result, or a result's units, are missing: the units they name are unknown.
        package var results = false
    }

    package func load() -> Plan {
        var plan = Plan(
            title: LocalizedText([:]), startYear: 0, endYear: 0, adoptedBy: nil, source: nil,
            pillars: [], units: [], swot: nil)
        let planFile = path("plan.yaml")
        if let (_, fields) = open(planFile, what: "the plan") {
            plan.title = fields.localized("title", what: "the plan's title") ?? plan.title
            let start = fields.int("start_year", what: "the first year of the plan")
            let end = fields.int("end_year", what: "the last year of the plan")
            if let start, let end, end.value < start.value {
                sink.error(end.location, "The plan's end_year \(end.value) is before its start_year \(start.value); swap them")
            }
            plan.startYear = start?.value ?? 0
            plan.endYear = end?.value ?? 0
            plan.adoptedBy = fields.localized("adopted_by", required: false, what: "the act that adopted the plan")
            plan.source = fields.localized("source", required: false, what: "the source document")
            fields.finish("the plan (\(planFile))")
        }
        (plan.units, plan.unitRegistryRead, plan.unreadUnits) = loadUnits()
        plan.swot = loadSWOT()
        let pillarFiles = files.list(path("pillars"), extensions: ["yaml", "yml"])
        if pillarFiles.isEmpty {
            sink.error(SourceLocation(file: path("pillars")), "No pillar files found; add one YAML file per pillar in this folder")
        }
        plan.pillars = pillarFiles.compactMap(loadPillar)
        plan.pillars.sort { IDOrder.less($0.id.value, $1.id.value) }
        plan.allGoalsRead = !unread.goals
        plan.allResultsRead = !unread.goals && !unread.results
        return plan
    }

    private func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }

    private func open(_ file: String, what: String) -> (YAMLReader, Fields)? {
        guard let text = files.text(file) else { return nil }
        let reader = YAMLReader(file: file, sink: sink)
        guard let fields = reader.root(text, what: what) else { return nil }
        return (reader, fields)
    }

    /// The units, whether the registry was read as a list, and the slugs of the units that
    /// could not be read otherwise; a unit whose slug cannot be read makes the registry unread.
    private func loadUnits() -> ([Unit], read: Bool, unread: Set<String>) {
        let file = path("units.yaml")
        guard let (reader, fields) = open(file, what: "the unit registry") else { return ([], false, []) }
        var read = true
        var unread: Set<String> = []
        if let node = fields.node("units", required: false, what: "the list of responsible units"), node.sequence == nil { read = false }
        let units: [Unit] = fields.list("units", what: "the list of responsible units").compactMap { node in
            guard let f = reader.mapping(node, what: "a unit") else {
                read = false
                return nil
            }
            let slug = f.string("slug", what: "the unit's slug")
            let name = f.localized("name", what: "the unit's name")
            let corrections = reader.corrections(f)
            f.finish("a unit (keys: slug, name, corrections)")
            guard let slug else {
                read = false
                return nil
            }
            guard let name else {
                unread.insert(slug.value)
                return nil
            }
            return Unit(slug: slug, name: name, corrections: corrections)
        }
        fields.finish("the unit registry")
        return (units, read, unread)
    }

    private func loadSWOT() -> SWOT? {
        let file = path("swot.yaml")
        guard FileManager.default.fileExists(atPath: file) else { return nil }
        guard let (reader, fields) = open(file, what: "the SWOT matrix") else { return nil }
        func items(_ key: String) -> [LocalizedText] {
            fields.list(key, what: key).compactMap { reader.localized($0, key: key, what: "an item of \(key)") }
        }
        let caption = fields.localized("caption", what: "the table's caption")
        let swot = SWOT(
            caption: caption ?? LocalizedText([:]), strengths: items("strengths"),
            weaknesses: items("weaknesses"), opportunities: items("opportunities"), threats: items("threats"),
            corrections: reader.corrections(fields))
        fields.finish("the SWOT matrix")
        return caption == nil ? nil : swot
    }

    /// The items of the list under `key`; when it is missing or no list (an error says so), what
    /// it would hold is noted as unread.
    private func items(_ f: Fields, _ key: String, what: String, unread note: () -> Void) -> [Node] {
        if f.node(key, required: false, what: what)?.sequence == nil { note() }
        return f.list(key, what: what)
    }

    private func loadPillar(_ file: String) -> Pillar? {
        guard let (reader, fields) = open(file, what: "a pillar") else {
            unread.goals = true
            return nil
        }
        let id = fields.string("id", what: "the pillar's number")
        let slug = fields.string("slug", what: "the pillar's URL slug")
        let title = fields.localized("title", what: "the pillar's title")
        let goals = items(fields, "goals", what: "the pillar's strategic goals") { unread.goals = true }.compactMap { loadGoal($0, reader) }
        fields.finish("a pillar (keys: id, slug, title, goals)")
        guard let id, let slug, let title else {
            unread.goals = true
            return nil
        }
        return Pillar(id: id, slug: slug, title: title, goals: goals)
    }

    private func loadGoal(_ node: Node, _ reader: YAMLReader) -> PlanGoal? {
        guard let f = reader.mapping(node, what: "a strategic goal") else {
            unread.goals = true
            return nil
        }
        let id = f.string("id", what: "the goal's number")
        let title = f.localized("title", what: "the goal's title")
        let actions = items(f, "actions", what: "the goal's actions") { unread.results = true }.compactMap { loadAction($0, reader) }
        let corrections = reader.corrections(f)
        f.finish("a strategic goal (keys: id, title, actions, corrections)")
        guard let id, let title else {
            unread.goals = true
            return nil
        }
        return PlanGoal(id: id, title: title, actions: actions, corrections: corrections)
    }

    private func loadAction(_ node: Node, _ reader: YAMLReader) -> PlanAction? {
        guard let f = reader.mapping(node, what: "a strategic action") else {
            unread.results = true
            return nil
        }
        let id = f.string("id", what: "the action's number")
        let title = f.localized("title", what: "the action's title")
        let resultNodes = items(f, "results", what: "the action's measured results") { unread.results = true }
        if resultNodes.isEmpty, let id, f.node("results", required: false, what: "") != nil {
            reader.sink.error(id.location, "Action '\(id.value)' has no measured results; add at least one under 'results'")
        }
        let results = resultNodes.compactMap { loadResult($0, reader) }
        let corrections = reader.corrections(f)
        f.finish("a strategic action (keys: id, title, results, corrections)")
        guard let id, let title else {
            unread.results = true
            return nil
        }
        return PlanAction(id: id, title: title, results: results, corrections: corrections)
    }

    private func loadResult(_ node: Node, _ reader: YAMLReader) -> PlanResult? {
        guard let f = reader.mapping(node, what: "a measured result") else {
            unread.results = true
            return nil
        }
        let id = f.string("id", what: "the result's number")
        let title = f.localized("title", what: "the result's text")
        let unitNodes = items(f, "units", what: "the responsible units' slugs") { unread.results = true }
        let units = unitNodes.compactMap { reader.string($0, what: "a unit slug") }
        if units.count < unitNodes.count { unread.results = true }
        // A date the source does not state is written `null` (with a correction saying so).
        let from = f.isExplicitNull("from") ? nil : f.day("from", what: "the start date")
        let till = f.isExplicitNull("till") ? nil : f.day("till", what: "the end date")
        let progress = f.node("status", required: false, what: "the result's progress").flatMap { loadProgress($0, reader) }
        let corrections = reader.corrections(f)
        f.finish("a measured result (keys: id, title, units, from, till, status, corrections)")
        if units.isEmpty, f.node("units", required: false, what: "") != nil {
            reader.sink.error(f.location, "A measured result needs at least one responsible unit; add its slug to 'units'")
        }
        guard let id, let title else {
            unread.results = true
            return nil
        }
        return PlanResult(id: id, title: title, units: units, from: from, till: till, corrections: corrections, progress: progress)
    }

    /// `status: {state: done, date: 2024-05-01, note: {uk: …, en: …}}`: the reported progress.
    private func loadProgress(_ node: Node, _ reader: YAMLReader) -> ResultProgress? {
        guard let f = reader.mapping(node, what: "the result's progress (state, date, note)") else { return nil }
        let stateText = f.string("state", what: "the progress state")
        let date = f.day("date", what: "the day the progress was reported")
        let note = f.localized("note", required: false, what: "the progress note")
        f.finish("a result's progress (keys: state, date, note)")
        guard let stateText else { return nil }
        guard let state = ResultProgress.State(rawValue: stateText.value) else {
            let names = ResultProgress.State.allCases.map(\.rawValue)
            reader.sink.error(
                stateText.location,
                "Unknown progress state '\(stateText.value)'; \(Suggest.didYouMean(stateText.value, in: names))write one of: \(names.joined(separator: ", "))")
            return nil
        }
        guard let date else { return nil }
        return ResultProgress(state: state, date: date.value, note: note)
    }
}

/// Orders dotted ids numerically: 1.2 < 1.10.
package enum IDOrder {
    package static func less(_ a: String, _ b: String) -> Bool {
        let x = a.split(separator: ".").map { Int($0) ?? Int.max }
        let y = b.split(separator: ".").map { Int($0) ?? Int.max }
        return x.lexicographicallyPrecedes(y)
    }
}
