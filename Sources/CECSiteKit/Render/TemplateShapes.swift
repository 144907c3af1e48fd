import CECSiteTemplates

/// The names each page template's contexts provide, as the context builders make them: the
/// shapes ``TemplateShapes/recorded`` lists, recorded by `TemplateShapeTests` from every page of
/// the shipped content and the fixture sites. The validate stage checks every name a template
/// uses against them (a typo such as `{{site.titel.text}}` is an error at its line and column),
/// and docs/TEMPLATES.md lists them for designers.
enum TemplateShapes {
    /// The template every page's context applies to (the names all pages share).
    static let everyPage = "*"

    /// The lines of the vocabulary: every key the context builders' code names (see
    /// ``vocabulary``).
    static let anyTemplate = "+"

    /// Page template → the shape of its contexts; the names of ``everyPage`` are in each.
    static let byTemplate: [String: ContextShape] = parse(recorded).shapes

    /// Every key a context builder can make, whether or not the recorded pages had it: the
    /// string literals used as keys in `Sources/CECSiteKit/Render/` (`"key":`, `["key"] =`,
    /// `.set("key"`), found by `TemplateShapeTests`. A name outside a template's recorded
    /// shape is accepted when it is one of these.
    static let vocabulary: Set<String> = parse(recorded).vocabulary

    /// Parses lines of `template<TAB>path` (see ``ContextShape/paths``).
    static func parse(_ text: String) -> (shapes: [String: ContextShape], vocabulary: Set<String>) {
        var paths: [String: [Substring]] = [:]
        for line in text.split(separator: "\n") {
            guard let tab = line.firstIndex(of: "\t") else { continue }
            paths[String(line[..<tab]), default: []].append(line[line.index(after: tab)...])
        }
        let shared = paths.removeValue(forKey: everyPage) ?? []
        let vocabulary = Set((paths.removeValue(forKey: anyTemplate) ?? []).map(String.init))
        return (paths.mapValues { ContextShape(paths: shared + $0) }, vocabulary)
    }

    /// `shapes` and `vocabulary` as the lines ``parse(_:)`` reads: the paths every template has
    /// under ``everyPage``, then each template's others, then the vocabulary, sorted.
    static func text(_ shapes: [String: ContextShape], vocabulary: Set<String>) -> String {
        let paths = shapes.mapValues { Set($0.paths) }
        let shared = paths.values.dropFirst().reduce(paths.values.first ?? []) { $0.intersection($1) }
        var lines = shared.sorted().map { everyPage + "\t" + $0 }
        for template in paths.keys.sorted() {
            lines += paths[template]!.subtracting(shared).sorted().map { template + "\t" + $0 }
        }
        lines += vocabulary.sorted().map { anyTemplate + "\t" + $0 }
        return lines.joined(separator: "\n")
    }
}
