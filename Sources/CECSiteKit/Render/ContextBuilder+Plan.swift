import CECSiteContent
import CECSiteCore
import CECSiteTemplates

/// Contexts of the plan's pages: overview, pillar, goal, units, unit, timeline.
extension ContextBuilder {
    var plan: Plan { content.plan }

    func unitNames() -> [String: Unit] {
        Dictionary(plan.units.map { ($0.slug.value, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Corrections of the source as `{items}`, or nil when there are none (stored with `set`, so a
    /// nested item never shows an enclosing item's corrections). Each item: the corrected field in
    /// plain words (the string `correction_field_<field>`, else the field's key), what the source
    /// said (quoted verbatim from the source documents, which are in English: `sourceAttr` marks
    /// it on other pages), and why, as a text.
    func corrections(_ list: [Correction]) -> [String: Any]? {
        guard !list.isEmpty else { return nil }
        let sourceLanguage = Language.en
        return [
            "items": list.map { correction -> [String: Any] in
                [
                    "field": theme.strings[language]?["correction_field_" + correction.field]?.value ?? correction.field,
                    "source": correction.source,
                    "sourceAttr": sourceLanguage == language ? "" : " lang=\"\(sourceLanguage.rawValue)\"",
                    "reason": quoting(text(correction.reason)),
                ]
            }
        ]
    }

    /// A text `{text, attr}` with `html` added: the text escaped, each «quote» written in the other
    /// script marked with its language (a Ukrainian reason quoting the English source:
    /// «<span lang="en">Office of Informatization</span>»), so screen readers switch voice.
    func quoting(_ text: [String: Any]) -> [String: Any] {
        var text = text
        let value = text["text"] as? String ?? ""
        let shownIn = (text["lang"] as? String).flatMap(Language.init(rawValue:)) ?? language
        var html = "", rest = Substring(value)
        while let open = rest.firstIndex(of: "«"), let close = rest[open...].firstIndex(of: "»") {
            html += TemplateLibrary.escaped(String(rest[...open]))
            let quote = rest[rest.index(after: open)..<close]
            let latin = quote.unicodeScalars.contains { $0.properties.isAlphabetic && $0.value < 0x250 }
            let cyrillic = quote.unicodeScalars.contains { (0x400..<0x530).contains($0.value) }
            let quoted: Language? = latin && !cyrillic ? .en : cyrillic && !latin ? .uk : nil
            if let quoted, quoted != shownIn {
                html += "<span lang=\"\(quoted.rawValue)\">" + TemplateLibrary.escaped(String(quote)) + "</span>"
            } else {
                html += TemplateLibrary.escaped(String(quote))
            }
            html += "»"
            rest = rest[rest.index(after: close)...]
        }
        text["html"] = html + TemplateLibrary.escaped(String(rest))
        return text
    }

    func counts(_ goals: [PlanGoal]) -> [String: Any] {
        let actions = goals.flatMap(\.actions)
        return ["goals": goals.count, "actions": actions.count, "results": actions.flatMap(\.results).count]
    }

    func resultRow(_ result: PlanResult, units: [String: Unit]) -> [String: Any] {
        var row: [String: Any] = [
            "id": result.id.value, "anchor": "result-" + Routes.anchor(result.id.value),
            "title": text(result.title),
            "units": result.units.map { slug -> [String: Any] in
                let name = units[slug.value].map { text($0.name) } ?? plain(slug.value)
                return ["url": url(Routes.unit(slug.value)), "name": name]
            },
        ]
        row.set("from", date(result.from?.value))
        row.set("till", date(result.till?.value))
        row.set("corrections", corrections(result.corrections))
        row["progress"] = progress(result.progress)
        return row
    }

    /// The reported progress of a result as `{key, label, date, note?}`; "not reported" when
    /// the content gives none.
    func progress(_ progress: ResultProgress?) -> [String: Any] {
        guard let progress else {
            return ["key": "not-reported", "label": string("progress_not_reported")]
        }
        var entry: [String: Any] = [
            "key": progress.state.rawValue, "label": string("progress_" + progress.state.rawValue.replacingOccurrences(of: "-", with: "_")),
        ]
        entry.set("date", date(progress.date))
        if let note = progress.note { entry["note"] = text(note) }
        return entry
    }

    /// How many of `results` are in each reported state, in the states' order, as
    /// `[{key, label, count}]`, "not reported" last.
    func progressSummary(_ results: [PlanResult]) -> [[String: Any]] {
        var counts: [String: Int] = [:]
        for result in results { counts[result.progress?.state.rawValue ?? "not-reported", default: 0] += 1 }
        let keys = ResultProgress.State.allCases.map(\.rawValue) + ["not-reported"]
        return keys.compactMap { key in
            guard let count = counts[key] else { return nil }
            return ["key": key, "label": string("progress_" + key.replacingOccurrences(of: "-", with: "_")), "count": count]
        }
    }

    func actionEntry(_ action: PlanAction, goal: PlanGoal, units: [String: Unit]) -> [String: Any] {
        let status = TimingStatus(from: action.from, till: action.till, on: buildDate)
        var entry: [String: Any] = [
            "id": action.id.value, "anchor": "action-" + Routes.anchor(action.id.value), "title": text(action.title),
            "url": url(Routes.goal(goal)) + "#action-" + Routes.anchor(action.id.value),
            "results": action.results.map { resultRow($0, units: units) },
            "resultCount": action.results.count,
            "status": ["key": status.rawValue, "label": string(status.stringKey)],
            "progress": progressSummary(action.results),
        ]
        entry.set("corrections", corrections(action.corrections))
        entry.set("from", date(action.from))
        entry.set("till", date(action.till))
        return entry
    }

    func pillarEntry(_ pillar: Pillar) -> [String: Any] {
        [
            "id": pillar.id.value, "title": text(pillar.title), "url": url(Routes.pillar(pillar)),
            "counts": counts(pillar.goals),
        ]
    }

    func goalEntry(_ goal: PlanGoal) -> [String: Any] {
        [
            "id": goal.id.value, "title": text(goal.title), "url": url(Routes.goal(goal)),
            "actions": goal.actions.map {
                [
                    "id": $0.id.value, "title": text($0.title),
                    "url": url(Routes.goal(goal)) + "#action-" + Routes.anchor($0.id.value),
                    "resultCount": $0.results.count,
                ] as [String: Any]
            },
            "counts": counts([goal]),
        ]
    }

    func planContext() -> [String: Any] {
        let title = text(plan.title)
        var context = page(
            path: Routes.plan, title: title, description: content.config.description?.text(language),
            breadcrumbs: [(Routes.home, plain(string("nav_home")))], section: "plan")
        context["plan"] =
            [
                "startYear": plan.startYear, "endYear": plan.endYear,
                "adoptedBy": plan.adoptedBy.map(text) ?? [:],
                "pillars": plan.pillars.map(pillarEntry),
                "totals": counts(plan.pillars.flatMap(\.goals)),
                "unitsURL": url(Routes.units), "timelineURL": url(Routes.timeline),
            ] as [String: Any]
        context["documents"] = planDocuments()
        return context
    }

    func planDocuments() -> [[String: Any]] {
        content.pages.filter { $0.section == "plan" }
            .sorted { ($0.order, $0.slug) < ($1.order, $1.slug) }
            .compactMap { document in
                guard let (variant, actual) = document.variant(language) else { return nil }
                var entry: [String: Any] = ["url": url(Routes.document(document)), "title": plain(variant.title.value, in: actual)]
                entry.set("description", variant.description.map { plain($0, in: actual) })
                return entry
            }
    }

    func pillarContext(_ pillar: Pillar) -> [String: Any] {
        let title = text(pillar.title)
        var context = page(
            path: Routes.pillar(pillar), title: title,
            description: describe("meta_pillar", ["id": pillar.id.value, "title": pillar.title.text(language)]),
            breadcrumbs: [(Routes.home, plain(string("nav_home"))), (Routes.plan, text(plan.title))], section: "plan")
        var entry = pillarEntry(pillar)
        entry["goals"] = pillar.goals.map(goalEntry)
        context["pillar"] = entry
        return context
    }

    func goalContext(_ goal: PlanGoal, in pillar: Pillar) -> [String: Any] {
        let title = text(goal.title)
        var context = page(
            path: Routes.goal(goal), title: title,
            description: describe("meta_goal", ["id": goal.id.value, "title": goal.title.text(language)]),
            breadcrumbs: [
                (Routes.home, plain(string("nav_home"))), (Routes.plan, text(plan.title)),
                (Routes.pillar(pillar), text(pillar.title)),
            ], section: "plan")
        let units = unitNames()
        var entry: [String: Any] = [
            "id": goal.id.value, "title": title, "counts": counts([goal]),
            "pillar": pillarEntry(pillar),
            "actions": goal.actions.map { actionEntry($0, goal: goal, units: units) },
        ]
        entry.set("corrections", corrections(goal.corrections))
        context["goal"] = entry
        return context
    }

    /// Every result a unit is responsible for, with its goal and action, in plan order.
    func unitResults() -> [String: [(PlanGoal, PlanAction, PlanResult)]] {
        var map: [String: [(PlanGoal, PlanAction, PlanResult)]] = [:]
        for goal in plan.pillars.flatMap(\.goals) {
            for action in goal.actions {
                for result in action.results {
                    for slug in result.units { map[slug.value, default: []].append((goal, action, result)) }
                }
            }
        }
        return map
    }

    func unitsContext(_ index: [String: [(PlanGoal, PlanAction, PlanResult)]]) -> [String: Any] {
        var context = page(
            path: Routes.units, title: plain(string("units_title")), description: string("units_intro"),
            breadcrumbs: [(Routes.home, plain(string("nav_home"))), (Routes.plan, text(plan.title))], section: "units")
        context["units"] = plan.units.map { unit -> [String: Any] in
            ["name": text(unit.name), "url": url(Routes.unit(unit.slug.value)), "resultCount": index[unit.slug.value]?.count ?? 0]
        }
        return context
    }

    func unitContext(_ unit: Unit, _ index: [String: [(PlanGoal, PlanAction, PlanResult)]]) -> [String: Any] {
        let title = text(unit.name)
        var context = page(
            path: Routes.unit(unit.slug.value), title: title,
            description: describe("meta_unit", ["title": unit.name.text(language)]),
            breadcrumbs: [
                (Routes.home, plain(string("nav_home"))), (Routes.plan, text(plan.title)),
                (Routes.units, plain(string("units_title"))),
            ], section: "units")
        let units = unitNames()
        let rows = (index[unit.slug.value] ?? []).map { goal, action, result -> [String: Any] in
            var row = resultRow(result, units: units)
            row["url"] = url(Routes.goal(goal)) + "#result-" + Routes.anchor(result.id.value)
            row["action"] = ["id": action.id.value, "title": text(action.title)] as [String: Any]
            row["goal"] = ["id": goal.id.value, "title": text(goal.title), "url": url(Routes.goal(goal))] as [String: Any]
            return row
        }
        var entry: [String: Any] = ["name": title, "results": rows, "resultCount": rows.count]
        entry.set("corrections", corrections(unit.corrections))
        context["unit"] = entry
        return context
    }

    func timelineContext() -> [String: Any] {
        var context = page(
            path: Routes.timeline, title: plain(string("timeline_title")), description: string("timeline_meta"),
            breadcrumbs: [(Routes.home, plain(string("nav_home"))), (Routes.plan, text(plan.title))], section: "timeline")
        let units = unitNames()
        let entries = plan.pillars.flatMap(\.goals).flatMap { goal in goal.actions.map { (goal, $0) } }
            .sorted { a, b in
                let x = (a.1.from ?? Day.distantFuture, a.1.till ?? Day.distantFuture)
                let y = (b.1.from ?? Day.distantFuture, b.1.till ?? Day.distantFuture)
                if x != y { return x < y }
                return IDOrder.less(a.1.id.value, b.1.id.value)
            }
        context["actions"] = entries.map { goal, action -> [String: Any] in
            var entry = actionEntry(action, goal: goal, units: units)
            entry["results"] = nil
            return entry
        }
        return context
    }
}
