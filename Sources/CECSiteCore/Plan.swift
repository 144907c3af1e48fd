/// A recorded correction of a defect in the source document, kept beside the corrected value.
public struct Correction: Hashable, Sendable {
    /// The corrected field (`id`, `title`, `units`, `text`…).
    public var field: String
    /// What the source said, verbatim.
    public var source: String
    /// Why the value changed, per language.
    public var reason: LocalizedText

    /// Creates a value from all its stored properties.
    public init(field: String, source: String, reason: LocalizedText) {
        self.field = field
        self.source = source
        self.reason = reason
    }
}

/// A responsible unit from the registry in `plan/units.yaml`.
public struct Unit: Sendable {
    /// The stable ASCII slug results refer to, also the unit page's URL segment.
    public var slug: Located<String>
    public var name: LocalizedText
    public var corrections: [Correction]

    /// Creates a value from all its stored properties.
    public init(slug: Located<String>, name: LocalizedText, corrections: [Correction]) {
        self.slug = slug
        self.name = name
        self.corrections = corrections
    }
}

/// How far a result has got, as the content reports it: a state with the day it was reported
/// and an optional note. Timing (``PlanResult/from``, ``PlanResult/till``) says only where the
/// planned period stands; this says whether the work was done.
public struct ResultProgress: Hashable, Sendable {
    /// The reported state, written in content as its raw value.
    public enum State: String, CaseIterable, Sendable {
        case notStarted = "not-started"
        case inProgress = "in-progress"
        case done
        case cancelled
    }

    public var state: State
    /// The day the state was reported (as of).
    public var date: Day
    /// What the state needs said (why cancelled, what remains), in each language.
    public var note: LocalizedText?

    /// Creates a value from all its stored properties.
    public init(state: State, date: Day, note: LocalizedText? = nil) {
        self.state = state
        self.date = date
        self.note = note
    }
}

/// A measured result: the leaf of the plan, with its units and timing.
public struct PlanResult: Sendable {
    public var id: Located<String>
    public var title: LocalizedText
    /// Unit slugs in the source's order.
    public var units: [Located<String>]
    /// Start of the period; nil when the source does not state it.
    public var from: Located<Day>?
    /// End of the period; nil when the source does not state it.
    public var till: Located<Day>?
    public var corrections: [Correction]
    /// The reported progress; nil when the content reports none.
    public var progress: ResultProgress?

    /// Creates a value from all its stored properties.
    public init(
        id: Located<String>, title: LocalizedText, units: [Located<String>], from: Located<Day>? = nil, till: Located<Day>? = nil, corrections: [Correction],
        progress: ResultProgress? = nil
    ) {
        self.id = id
        self.title = title
        self.units = units
        self.from = from
        self.till = till
        self.corrections = corrections
        self.progress = progress
    }
}

/// A strategic action: a group of measured results.
public struct PlanAction: Sendable {
    public var id: Located<String>
    public var title: LocalizedText
    public var results: [PlanResult]
    public var corrections: [Correction]

    /// Creates a value from all its stored properties.
    public init(id: Located<String>, title: LocalizedText, results: [PlanResult], corrections: [Correction]) {
        self.id = id
        self.title = title
        self.results = results
        self.corrections = corrections
    }

    /// The earliest start of its results.
    public var from: Day? { results.compactMap { $0.from?.value }.min() }
    /// The latest end of its results.
    public var till: Day? { results.compactMap { $0.till?.value }.max() }
}

/// A strategic goal: a group of actions.
public struct PlanGoal: Sendable {
    public var id: Located<String>
    public var title: LocalizedText
    public var actions: [PlanAction]
    public var corrections: [Correction]

    /// Creates a value from all its stored properties.
    public init(id: Located<String>, title: LocalizedText, actions: [PlanAction], corrections: [Correction]) {
        self.id = id
        self.title = title
        self.actions = actions
        self.corrections = corrections
    }

    /// The goal's URL segment: its id with dots as dashes (`1-1`).
    public var slug: String { id.value.replacingOccurrences(of: ".", with: "-") }
}

/// A strategic pillar: one file in `plan/pillars/`.
public struct Pillar: Sendable {
    public var id: Located<String>
    public var slug: Located<String>
    public var title: LocalizedText
    public var goals: [PlanGoal]

    /// Creates a value from all its stored properties.
    public init(id: Located<String>, slug: Located<String>, title: LocalizedText, goals: [PlanGoal]) {
        self.id = id
        self.slug = slug
        self.title = title
        self.goals = goals
    }
}

/// The Strategic Plan: its metadata and pillars, in id order.
public struct Plan: Sendable {
    public var title: LocalizedText
    public var startYear: Int
    public var endYear: Int
    public var adoptedBy: LocalizedText?
    public var source: LocalizedText?
    public var pillars: [Pillar]
    public var units: [Unit]
    public var swot: SWOT?
    /// False when `units.yaml` could not be read as a list of units (an error says why): the
    /// results' units are then not checked against an empty registry.
    public var unitRegistryRead = true
    /// The slugs of the units of `units.yaml` that could not be read otherwise (an error says
    /// why): results may name them.
    public var unreadUnits: Set<String> = []
    /// False when a pillar or a goal could not be read (an error says why): the addresses of its
    /// pages are unknown, so links to pillar and goal pages are not judged.
    public var allGoalsRead = true
    /// False when a pillar, goal, action or result, or a result's list of units, could not be
    /// read: the units it names are unknown, so no unit is reported as responsible for nothing.
    public var allResultsRead = true

    /// Creates a value from all its stored properties.
    public init(
        title: LocalizedText, startYear: Int, endYear: Int, adoptedBy: LocalizedText? = nil, source: LocalizedText? = nil, pillars: [Pillar], units: [Unit],
        swot: SWOT? = nil, unitRegistryRead: Bool = true, unreadUnits: Set<String> = [], allGoalsRead: Bool = true, allResultsRead: Bool = true
    ) {
        self.title = title
        self.startYear = startYear
        self.endYear = endYear
        self.adoptedBy = adoptedBy
        self.source = source
        self.pillars = pillars
        self.units = units
        self.swot = swot
        self.unitRegistryRead = unitRegistryRead
        self.unreadUnits = unreadUnits
        self.allGoalsRead = allGoalsRead
        self.allResultsRead = allResultsRead
    }

    /// Every action, in plan order.
    public var actions: [PlanAction] { pillars.flatMap { $0.goals.flatMap(\.actions) } }
    /// Every result, in plan order.
    public var results: [PlanResult] { actions.flatMap(\.results) }
}

/// The SWOT matrix of the institutional assessment.
public struct SWOT: Sendable {
    public var caption: LocalizedText
    public var strengths: [LocalizedText]
    public var weaknesses: [LocalizedText]
    public var opportunities: [LocalizedText]
    public var threats: [LocalizedText]
    public var corrections: [Correction]

    /// Creates a value from all its stored properties.
    public init(
        caption: LocalizedText, strengths: [LocalizedText], weaknesses: [LocalizedText], opportunities: [LocalizedText], threats: [LocalizedText],
        corrections: [Correction]
    ) {
        self.caption = caption
        self.strengths = strengths
        self.weaknesses = weaknesses
        self.opportunities = opportunities
        self.threats = threats
        self.corrections = corrections
    }
}
