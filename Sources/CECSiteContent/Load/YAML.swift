import CECSiteCore
import Foundation
import Yams

/// Reads YAML into located values, reporting every problem instead of stopping at the first.
///
/// One reader serves one file; the diagnostics go into a shared ``Diagnostics`` sink.
package final class YAMLReader {
    /// The most values a document may hold once its aliases (`*name`) are expanded: a few
    /// aliases to aliases ("billion laughs") would otherwise make every walk of the tree endless.
    package static let expandedNodeLimit = 100_000
    /// libyaml's own limit of nesting (lists and mappings inside each other).
    package static let nestingLimit = 1000

    package let file: String
    package let lineOffset: Int
    package let sink: DiagnosticSink
    /// What the file's `translated_from:` says: each language whose texts in this file are a
    /// translation made for the site, and the language they were translated from. Every text
    /// read after it is marked (``LocalizedText/translated``).
    package private(set) var translatedFrom: [Language: Language] = [:]

    package init(file: String, lineOffset: Int = 0, sink: DiagnosticSink) {
        self.file = file
        self.lineOffset = lineOffset
        self.sink = sink
    }

    /// Parses a whole YAML document; nil (with an error) when it is malformed or empty.
    package func parse(_ text: String) -> Node? {
        do {
            // UTF-8 named here: Yams's default encoding reads the process environment on every call.
            guard let node = try Yams.compose(yaml: text, .default, .default, .utf8) else {
                sink.error(
                    SourceLocation(file: file, line: lineOffset + 1, column: 1),
                    "The file is empty; it must hold a YAML mapping")
                return nil
            }
            if let place = overExpanded(node) {
                sink.error(
                    location(of: place),
                    "The YAML expands to more than \(Self.expandedNodeLimit) values through its aliases ('*name'); write the values out instead of repeating aliases"
                )
                return nil
            }
            return node
        } catch let error as YamlError {
            if let duplicates = duplicateKeys(error, text) {
                for (key, location) in duplicates {
                    sink.error(location, "Duplicate key '\(key)'; keep one of the two values")
                }
            } else if case .parser(_, let problem, _, _) = error, problem.hasPrefix("Maximum nesting level") {
                sink.error(
                    location(of: error),
                    "The YAML is nested more than \(Self.nestingLimit) levels deep (lists and mappings inside each other); flatten it")
            } else {
                sink.error(location(of: error), "Malformed YAML: \(Self.describe(error)); fix the syntax at this place")
            }
        } catch {
            sink.error(SourceLocation(file: file), "Malformed YAML: \(error)")
        }
        return nil
    }

    /// The first top-level entry (its key) after which the document holds more than
    /// ``expandedNodeLimit`` values with aliases expanded; nil when it holds fewer. Yams shares an
    /// alias's node with its anchor, so the tree is small in memory but not when walked.
    private func overExpanded(_ root: Node) -> Node? {
        var budget = Self.expandedNodeLimit
        func count(_ start: Node) -> Bool {
            var stack = [start]
            while let node = stack.popLast() {
                budget -= 1
                if budget < 0 { return false }
                switch node {
                case .mapping(let mapping):
                    for (key, value) in mapping { stack.append(key); stack.append(value) }
                case .sequence(let sequence): stack.append(contentsOf: sequence)
                case .scalar, .alias: break
                }
            }
            return true
        }
        if case .mapping(let mapping) = root {
            for (key, value) in mapping where !count(key) || !count(value) { return key }
            return nil
        }
        return count(root) ? nil : root
    }

    package func location(of node: Node) -> SourceLocation {
        guard let mark = node.mark else { return SourceLocation(file: file) }
        return SourceLocation(file: file, line: mark.line + lineOffset, column: mark.column)
    }

    private func location(of error: YamlError) -> SourceLocation {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return SourceLocation(file: file, line: mark.line + lineOffset, column: mark.column)
        default:
            return SourceLocation(file: file, line: lineOffset + 1, column: 1)
        }
    }

    /// Yams rejects duplicate keys while composing, naming the keys but not where the second
    /// one is; this finds the later occurrences of each named key at the same indentation.
    private func duplicateKeys(_ error: YamlError, _ text: String) -> [(String, SourceLocation)]? {
        guard case .duplicatedKeysInMapping(let keys, _) = error else { return nil }
        var found: [(String, SourceLocation)] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for key in keys {
            var seen: Set<Int> = []
            for (number, line) in lines.enumerated() {
                let indent = line.prefix(while: { $0 == " " || $0 == "-" }).count
                guard line.dropFirst(indent).hasPrefix(key + ":") else { continue }
                if !seen.insert(indent).inserted {
                    found.append((key, SourceLocation(file: file, line: number + 1 + lineOffset, column: indent + 1)))
                }
            }
        }
        return found.isEmpty ? nil : found
    }

    private static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
            .composer(let context, let problem, _, _):
            if let context, context.text.count < 80, !context.text.contains("\n") { return "\(problem) (\(context.text))" }
            return problem
        case .reader(let problem, _, _, _): return problem
        default: return "\(error)"
        }
    }

    /// The file's top-level mapping: parsed, with its `translated_from:` taken (see
    /// ``translatedFrom``) before any text is read. Nil (with an error) when it is no mapping.
    package func root(_ text: String, what: String, ignoringCase: Bool = false) -> Fields? {
        guard let root = parse(text), let fields = mapping(root, what: what, ignoringCase: ignoringCase) else { return nil }
        guard let node = fields.node("translated_from", required: false, what: "the languages translated for the site") else {
            return fields
        }
        let example = "write e.g. translated_from: {uk: en} (the Ukrainian texts of this file are translated from the English edition)"
        guard let languages = mapping(node, what: "'translated_from' (\(example))") else { return fields }
        for language in Language.allCases {
            guard let from = languages.string(language.rawValue, required: false, what: "the language the \(language.rawValue) texts were translated from")
            else { continue }
            if let source = Language(rawValue: from.value), source != language {
                translatedFrom[language] = source
            } else {
                sink.error(from.location, "'\(from.value)' is not another language of the site for 'translated_from'; \(example)")
            }
        }
        languages.finish("'translated_from' (languages are \(Language.allCases.map(\.rawValue).joined(separator: ", ")))")
        return fields
    }

    /// The fields of a mapping node, or nil (with an error naming `what`) for any other node.
    /// - Parameter ignoringCase: match the keys without regard to case (front matter, as Hugo
    ///   reads it: `Title:` is `title:`); two keys that differ only in case are then an error.
    package func mapping(_ node: Node, what: String, ignoringCase: Bool = false) -> Fields? {
        guard case .mapping(let mapping) = node else {
            sink.error(location(of: node), "Expected \(what) as a mapping of 'key: value' lines, found \(Self.kind(node))")
            return nil
        }
        return Fields(mapping: mapping, node: node, reader: self, ignoringCase: ignoringCase)
    }

    /// The items of a sequence node, or [] (with an error) for any other node.
    package func sequence(_ node: Node, what: String) -> [Node] {
        if case .sequence(let sequence) = node { return Array(sequence) }
        sink.error(location(of: node), "Expected \(what) as a list ('- item' lines or [a, b]), found \(Self.kind(node))")
        return []
    }

    /// A scalar's text; nil (with an error) for a mapping or list.
    package func string(_ node: Node, what: String) -> Located<String>? {
        guard case .scalar(let scalar) = node else {
            sink.error(location(of: node), "Expected \(what) as a single value, found \(Self.kind(node))")
            return nil
        }
        return Located(scalar.string, at: location(of: node))
    }

    package static func kind(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let s): return "'\(s.string)'"
        case .alias: return "an alias"
        }
    }
}

/// The fields of one YAML mapping. Each accessor marks its key as known; ``finish(_:)`` then
/// reports the keys nobody asked for, with the nearest known key as a suggestion.
package final class Fields {
    package let node: Node
    package let reader: YAMLReader
    /// Whether keys match without regard to case (``YAMLReader/mapping(_:what:ignoringCase:)``).
    package let ignoresCase: Bool
    /// The entries by their matched name (lower case when ``ignoresCase``), as written.
    private var values: [String: (key: Node, value: Node)] = [:]
    private var order: [String] = []
    private var known: Set<String> = []

    fileprivate init(mapping: Node.Mapping, node: Node, reader: YAMLReader, ignoringCase: Bool = false) {
        self.node = node
        self.reader = reader
        self.ignoresCase = ignoringCase
        for (key, value) in mapping {
            // Yams already rejects duplicate keys while parsing (see YAMLReader.duplicateKeys);
            // two that differ only in case are the same key when case is ignored.
            let name = key.scalar?.string ?? ""
            if let first = values[match(name)] {
                let written = first.key.scalar?.string ?? ""
                let line = reader.location(of: first.key).line
                reader.sink.error(
                    reader.location(of: key),
                    "Duplicate key '\(name)': '\(written)' on line \(line) is the same key (front-matter keys are read without regard to case, as Hugo reads them); keep one of the two values"
                )
                continue
            }
            values[match(name)] = (key, value)
            order.append(match(name))
        }
    }

    /// The name `key` is matched by.
    private func match(_ key: String) -> String { ignoresCase ? key.lowercased() : key }

    package var location: SourceLocation { reader.location(of: node) }

    /// The raw node under `key`; reports a missing required key at the mapping's start.
    package func node(_ key: String, required: Bool, what: String) -> Node? {
        known.insert(key)
        guard let entry = values[match(key)], entry.value.null == nil || entry.value.scalar?.style != .plain else {
            if required {
                reader.sink.error(location, "Missing value for key '\(key)' (\(what)); add '\(key):' to this mapping")
            }
            return nil
        }
        return entry.value
    }

    /// Where the key is written, marking it known; nil when it is not written.
    package func keyLocation(_ key: String) -> SourceLocation? {
        known.insert(key)
        return values[match(key)].map { reader.location(of: $0.key) }
    }

    /// True when the key is written with an explicit `null` or `~` value.
    package func isExplicitNull(_ key: String) -> Bool {
        known.insert(key)
        guard let entry = values[match(key)] else { return false }
        return entry.value.null != nil && entry.value.scalar?.style == .plain
    }

    package func string(_ key: String, required: Bool = true, what: String) -> Located<String>? {
        guard let node = node(key, required: required, what: what) else { return nil }
        guard let value = reader.string(node, what: "'\(key)'") else { return nil }
        // Only white space: the scalars `trimmingCharacters(in: .whitespacesAndNewlines)` removes
        // are Unicode's White_Space and ZERO WIDTH SPACE (checked over every scalar).
        if value.value.unicodeScalars.allSatisfy({ $0.properties.isWhitespace || $0 == "\u{200B}" }) {
            reader.sink.error(value.location, "Empty value for key '\(key)' (\(what)); write \(what)")
            return nil
        }
        return value
    }

    package func int(_ key: String, required: Bool = true, what: String) -> Located<Int>? {
        guard let value = string(key, required: required, what: what) else { return nil }
        guard let number = Int(value.value) else {
            reader.sink.error(value.location, "Expected a whole number for '\(key)', found '\(value.value)'")
            return nil
        }
        return Located(number, at: value.location)
    }

    /// `true` or `false`.
    package func bool(_ key: String, required: Bool = true, what: String) -> Located<Bool>? {
        guard let value = string(key, required: required, what: what) else { return nil }
        guard let flag = ["true": true, "false": false][value.value] else {
            reader.sink.error(value.location, "Expected true or false for '\(key)', found '\(value.value)'")
            return nil
        }
        return Located(flag, at: value.location)
    }

    /// An ISO 8601 date (`2020-06-15`); also accepts the source's `15.06.2020` form with a hint.
    /// Also an RFC 3339 date-time, as Hugo and Jekyll write (`2024-01-02T12:13:00+02:00`): the day
    /// it is in Kyiv.
    package func day(_ key: String, required: Bool = true, what: String) -> Located<Day>? {
        guard let value = string(key, required: required, what: what) else { return nil }
        if let day = Day(iso: value.value) ?? Day(dateTime: value.value) { return Located(day, at: value.location) }
        var hint = "write it as YYYY-MM-DD, e.g. 2020-06-15, or as an RFC 3339 date-time, e.g. 2020-06-15T10:30:00+03:00"
        let digits = value.value.split(whereSeparator: { !$0.isNumber }).map(String.init)
        if digits.count == 3, digits[2].count == 4, let d = Int(digits[0]), let m = Int(digits[1]), let y = Int(digits[2]) {
            if let day = Day(year: y, month: m, day: d) {
                hint = "write it as \(day)"
            } else {
                hint = "no such day exists; check the source and write it as YYYY-MM-DD"
            }
        } else if digits.count == 3, digits[0].count == 4 {
            hint = "no such day exists; check the source and write it as YYYY-MM-DD"
        }
        reader.sink.error(value.location, "Invalid date '\(value.value)' for '\(key)'; \(hint)")
        return nil
    }

    /// A text per language: `{uk: …, en: …}`.
    package func localized(_ key: String, required: Bool = true, what: String) -> LocalizedText? {
        guard let node = node(key, required: required, what: what) else { return nil }
        return reader.localized(node, key: key, what: what)
    }

    package func list(_ key: String, required: Bool = true, what: String) -> [Node] {
        guard let node = node(key, required: required, what: what) else { return [] }
        return reader.sequence(node, what: "'\(key)'")
    }

    /// Reports every key that no accessor asked for.
    package func finish(_ what: String) {
        let matched = Set(known.map(match))
        for name in order where !matched.contains(name) {
            guard let entry = values[name] else { continue }
            let written = entry.key.scalar?.string ?? name
            var message = "Unknown key '\(written)' in \(what)"
            if let suggestion = Suggest.nearest(to: written, in: known) {
                message += "; did you mean '\(suggestion)'?"
            } else {
                message += "; known keys: \(known.sorted().joined(separator: ", "))"
            }
            reader.sink.error(reader.location(of: entry.key), message)
        }
    }
}

extension YAMLReader {
    /// A `{uk: …, en: …}` mapping with at least one language.
    package func localized(_ node: Node, key: String, what: String) -> LocalizedText? {
        guard case .mapping = node else {
            let found = YAMLReader.kind(node)
            sink.error(
                location(of: node),
                "Expected '\(key)' (\(what)) as a text per language like {uk: \"…\", en: \"…\"}, found \(found)")
            return nil
        }
        guard let fields = mapping(node, what: "'\(key)'") else { return nil }
        var values: [Language: String] = [:]
        for language in Language.allCases {
            if let text = fields.string(language.rawValue, required: false, what: "\(what) in \(language.rawValue)") {
                values[language] = text.value
            }
        }
        fields.finish("'\(key)' (languages are \(Language.allCases.map(\.rawValue).joined(separator: ", ")))")
        if values.isEmpty {
            sink.error(location(of: node), "No text in any language for '\(key)'; add uk: or en:")
            return nil
        }
        return LocalizedText(values, translated: Set(translatedFrom.keys), at: location(of: node))
    }

    /// The corrections list beside a corrected value.
    package func corrections(_ fields: Fields) -> [Correction] {
        fields.list("corrections", required: false, what: "corrections").compactMap { item in
            guard let f = mapping(item, what: "a correction") else { return nil }
            let field = f.string("field", what: "the corrected field")
            let source = f.node("source", required: true, what: "what the source said").flatMap { string($0, what: "'source'") }
            let reason = f.localized("reason", what: "why the value changed, per language")
            f.finish("a correction (keys: field, source, reason)")
            guard let field, let source, let reason else { return nil }
            return Correction(field: field.value, source: source.value, reason: reason)
        }
    }
}

extension Day {
    /// The pattern of ``init(dateTime:)``, compiled once: a regex literal inside the initializer
    /// was parsed anew on every call, 4.5 % of a full build's CPU time at 10,000 news items with
    /// RFC 3339 dates (BENCHMARKS.md, 2026-12-07). Matching does not change the regex (its
    /// compiled program is made once, atomically), so the threads loading documents share it.
    nonisolated(unsafe) private static let dateTimePattern =
        #/^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|z|[+-]\d{2}:?\d{2})?$/#

    /// The day in Kyiv of an RFC 3339 date-time: `2024-01-02T12:13:00+02:00`, `…Z`, with a space for
    /// the `T`, fractional seconds, or no offset (then it is Kyiv time, as a Hugo site's own
    /// time zone is); nil for anything else.
    package init?(dateTime text: String) {
        guard let match = text.wholeMatch(of: Self.dateTimePattern),
            let date = Day(year: Int(match.output.1)!, month: Int(match.output.2)!, day: Int(match.output.3)!),
            let hour = Int(match.output.4), let minute = Int(match.output.5), hour < 24, minute < 60,
            (match.output.6.map { Int($0)! } ?? 0) < 61
        else { return nil }
        guard let zone = match.output.7 else {
            self = date
            return
        }
        var offset = 0
        if zone != "Z", zone != "z" {
            let digits = zone.dropFirst().filter(\.isNumber)
            let hours = Int(digits.prefix(2))!, minutes = Int(digits.suffix(2))!
            guard hours < 24, minutes < 60 else { return nil }
            offset = (zone.first == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
        }
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: date.year, month: date.month, day: date.day, hour: hour, minute: minute)
        guard let local = utc.date(from: components) else { return nil }
        self = Day.today(now: local.addingTimeInterval(TimeInterval(-offset)))
    }
}
