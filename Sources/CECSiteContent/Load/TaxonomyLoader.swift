import CECSiteCore
import Foundation

/// Loads a list of terms (`faq/topics.yaml`, `faq/audiences.yaml`, `calendar/categories.yaml`):
/// a mapping with one key, `key`, listing `{id, name, description}` in the order pages show them.
package struct TaxonomyLoader {
    package let file: String
    /// The list's key in the file: `topics`, `audiences`, `categories`.
    package let key: String
    /// What one term is, for messages: "a topic".
    package let what: String
    package let sink: DiagnosticSink

    /// The declared terms; an empty list when the file does not exist.
    package func load() -> Taxonomy {
        var taxonomy = Taxonomy(file: file)
        guard FileManager.default.fileExists(atPath: file), let text = SourceFiles(sink: sink).text(file) else { return taxonomy }
        let reader = YAMLReader(file: file, sink: sink)
        guard let f = reader.root(text, what: "the list of \(key)") else { return taxonomy }
        for node in f.list(key, what: "the \(key), in the order pages show them") {
            guard let g = reader.mapping(node, what: what) else { continue }
            let id = g.string("id", what: "\(what)'s identifier (used in content and URLs)")
            let name = g.localized("name", what: "\(what)'s name")
            let description = g.localized("description", required: false, what: "\(what)'s description")
            g.finish("\(what) (keys: id, name, description)")
            guard let id, let name else { continue }
            if !Slug.isValid(id.value) {
                sink.error(
                    id.location,
                    "Identifier '\(id.value)' is not a plain URL segment; use lowercase ASCII letters, digits and '-' (e.g. '\(Slug.make(id.value))')")
                continue
            }
            if let earlier = taxonomy.term(id.value) {
                sink.error(id.location, "'\(id.value)' is declared twice (first at line \(earlier.id.location.line)); keep one")
                continue
            }
            taxonomy.terms.append(Term(id: id, name: name, description: description))
        }
        f.finish("the list of \(key) (keys: \(key))")
        return taxonomy
    }

    /// The term `value` names, or nil with a located error that lists the declared ones (and the
    /// nearest, when one is close) and says where to declare a new one.
    package static func resolve(_ value: Located<String>, in taxonomy: Taxonomy, what: String, sink: DiagnosticSink) -> String? {
        if taxonomy.term(value.value) != nil { return value.value }
        let declared = taxonomy.ids
        let place = taxonomy.file.isEmpty ? "" : " in \(taxonomy.file)"
        let known = declared.isEmpty ? "none is declared\(place)" : "write one of: \(declared.joined(separator: ", "))"
        sink.error(value.location, "Unknown \(what) '\(value.value)'; \(Suggest.didYouMean(value.value, in: Set(declared)))\(known), or declare it\(place)")
        return nil
    }
}
