import CECSiteContent
import CECSiteCore

extension Validator {
    /// Ids nest (a result's id extends its action's), are unique and numbered; dates are ordered.
    func checkPlan() {
        let plan = content.plan
        var seen: [String: SourceLocation] = [:]
        func unique(_ id: Located<String>, _ what: String) {
            if let first = seen[id.value] {
                sink.error(id.location, "Duplicate id '\(id.value)' (\(what)); it is already used at \(first); renumber one of them")
            } else {
                seen[id.value] = id.location
            }
        }
        var slugs: [String: SourceLocation] = [:]
        for pillar in plan.pillars {
            unique(pillar.id, "a pillar")
            if pillar.id.value.contains(".") || Int(pillar.id.value) == nil {
                sink.error(pillar.id.location, "Pillar id '\(pillar.id.value)' must be a whole number such as '1'")
            }
            if !Slug.isValid(pillar.slug.value) {
                sink.error(
                    pillar.slug.location,
                    "Slug '\(pillar.slug.value)' is not a plain URL segment; use lowercase ASCII letters, digits and '-' (e.g. '\(Slug.make(pillar.slug.value))')"
                )
            } else if let first = slugs[pillar.slug.value] {
                sink.error(pillar.slug.location, "Duplicate pillar slug '\(pillar.slug.value)'; it is already used at \(first)")
            } else {
                slugs[pillar.slug.value] = pillar.slug.location
            }
            for goal in pillar.goals {
                nests(goal.id, in: pillar.id.value, "goal", "pillar")
                unique(goal.id, "a strategic goal")
                for action in goal.actions {
                    nests(action.id, in: goal.id.value, "action", "goal")
                    unique(action.id, "a strategic action")
                    for result in action.results {
                        nests(result.id, in: action.id.value, "result", "action")
                        unique(result.id, "a measured result")
                        if let from = result.from, let till = result.till, till.value < from.value {
                            sink.error(
                                till.location,
                                "'till' \(till.value) is before 'from' \(from.value) in result '\(result.id.value)'; check the source and swap or correct the dates"
                            )
                        }
                    }
                }
            }
        }
    }

    /// `id` must be `parent.N` with N a positive whole number.
    private func nests(_ id: Located<String>, in parent: String, _ what: String, _ parentWhat: String) {
        let prefix = parent + "."
        guard id.value.hasPrefix(prefix) else {
            sink.error(
                id.location,
                "The \(what) '\(id.value)' does not belong to \(parentWhat) '\(parent)'; its id must start with '\(prefix)' — renumber it or move it under the \(parentWhat) its id names"
            )
            return
        }
        let rest = id.value.dropFirst(prefix.count)
        if Int(rest) == nil || rest.hasPrefix("0") || rest.hasPrefix("+") {
            sink.error(id.location, "The \(what) id '\(id.value)' must be '\(prefix)' followed by a number such as '\(prefix)1'")
        }
    }

    /// Every unit a result names is in the registry; registry slugs are valid, unique and used.
    func checkUnits() {
        let plan = content.plan
        var registry: [String: SourceLocation] = [:]
        for unit in plan.units {
            if !Slug.isValid(unit.slug.value) {
                sink.error(
                    unit.slug.location,
                    "Unit slug '\(unit.slug.value)' is not a plain URL segment; use lowercase ASCII letters, digits and '-' (e.g. '\(Slug.make(unit.slug.value))')"
                )
            }
            if let first = registry[unit.slug.value] {
                sink.error(unit.slug.location, "Duplicate unit slug '\(unit.slug.value)'; it is already defined at \(first)")
            }
            registry[unit.slug.value] = unit.slug.location
        }
        let names = Dictionary(plan.units.map { ($0.slug.value, $0.name.text(.en)) }, uniquingKeysWith: { a, _ in a })
        var used: Set<String> = []
        for result in plan.results {
            var inResult: Set<String> = []
            for slug in result.units {
                used.insert(slug.value)
                if !inResult.insert(slug.value).inserted {
                    sink.error(slug.location, "Unit '\(slug.value)' is listed twice for result '\(result.id.value)'; remove one")
                }
                guard registry[slug.value] == nil, plan.unitRegistryRead, !plan.unreadUnits.contains(slug.value) else { continue }
                var message = "Unknown unit '\(slug.value)' in result '\(result.id.value)'"
                if let near = Suggest.nearest(to: slug.value, in: registry.keys) {
                    message += "; did you mean '\(near)' (\(names[near] ?? near))?"
                } else {
                    message += "; add it to plan/units.yaml or use a slug defined there"
                }
                sink.error(slug.location, message)
            }
        }
        // With a result unread, the units it names are unknown.
        for unit in plan.units where plan.allResultsRead && !used.contains(unit.slug.value) && registry[unit.slug.value] == unit.slug.location {
            sink.warning(unit.slug.location, "Unit '\(unit.slug.value)' is not responsible for any result; remove it or reference it")
        }
    }
}
