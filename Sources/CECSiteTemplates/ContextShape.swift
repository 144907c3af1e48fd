/// The names a template's contexts provide: which keys each object has, what a list holds.
///
/// Recorded from the contexts the builders really make (``record(_:)``), written down as dotted
/// paths (``paths``, ``init(paths:)``) and checked against the names templates use
/// (``TemplateLibrary/unknownNames(in:shape:)``), so that `{{site.titel.text}}` is a build
/// error at its line and column instead of an empty string on every page.
public struct ContextShape: Equatable, Sendable {
    /// The keys of the object, with the shape of each value.
    public var fields: [String: ContextShape] = [:]
    /// The shape of the items when the value is a list.
    public var element: Box?
    /// True when any key is accepted (a table of interface strings, checked on its own).
    public var isOpen = false

    /// The shape of a list's items, boxed: a struct cannot hold itself.
    public final class Box: Equatable, Sendable {
        public let shape: ContextShape
        init(_ shape: ContextShape) { self.shape = shape }
        public static func == (a: Box, b: Box) -> Bool { a.shape == b.shape }
    }

    public init() {}

    /// The shape of `value`, a context as the builders make them (dictionaries, lists, strings,
    /// numbers, flags). Tables of strings (`[String: String]`) are open: their keys are data.
    public init(of value: Any) {
        record(value)
    }

    /// Adds the names of `value` to the shape.
    public mutating func record(_ value: Any) {
        // Exact types, as the renderer tests them: a cast would also take an empty dictionary
        // of one type for a dictionary of another.
        let type = type(of: value)
        if type == [String: String].self {
            isOpen = true
        } else if type == [String: Any].self {
            for (key, child) in value as! [String: Any] { fields[key, default: ContextShape()].record(child) }
        } else if type == [String].self {
            if element == nil { element = Box(ContextShape()) }
        } else if let items = value as? [Any] {
            var inner = element?.shape ?? ContextShape()
            for item in items { inner.record(item) }
            element = Box(inner)
        } else if let object = value as? [String: Any] {
            for (key, child) in object { fields[key, default: ContextShape()].record(child) }
        }
    }

    /// Both shapes' names together.
    public mutating func merge(_ other: ContextShape) {
        isOpen = isOpen || other.isOpen
        for (key, child) in other.fields { fields[key, default: ContextShape()].merge(child) }
        if let inner = other.element {
            var merged = element?.shape ?? ContextShape()
            merged.merge(inner.shape)
            element = Box(merged)
        }
    }

    /// Every name as a dotted path, sorted: `site.title.text`; a list's items after `[]`
    /// (`goals[].title`); an open table as `t.*`.
    public var paths: [String] {
        var result: [String] = []
        collect(prefix: "", into: &result)
        return result.sorted()
    }

    private func collect(prefix: String, into result: inout [String]) {
        if isOpen { result.append(prefix + "*") }
        if let element {
            let listPrefix = String(prefix.dropLast()) + "[]"
            if element.shape.fields.isEmpty, !element.shape.isOpen, element.shape.element == nil {
                result.append(listPrefix)
            } else {
                element.shape.collect(prefix: listPrefix + ".", into: &result)
            }
        }
        for (key, child) in fields {
            if child.fields.isEmpty, child.element == nil, !child.isOpen {
                result.append(prefix + key)
            } else {
                child.collect(prefix: prefix + key + ".", into: &result)
            }
        }
    }

    /// The shape these paths describe (the inverse of ``paths``).
    public init<S: Sequence>(paths: S) where S.Element: StringProtocol {
        for path in paths { add(String(path).split(separator: ".").map(String.init)[...]) }
    }

    private mutating func add(_ parts: ArraySlice<String>) {
        guard var first = parts.first else { return }
        if first == "*" {
            isOpen = true
            return
        }
        let isList = first.hasSuffix("[]")
        if isList { first.removeLast(2) }
        if first.isEmpty {
            // `[]` alone: this value is a list.
            var inner = element?.shape ?? ContextShape()
            inner.add(parts.dropFirst())
            element = Box(inner)
            return
        }
        var child = fields[first] ?? ContextShape()
        if isList {
            var inner = child.element?.shape ?? ContextShape()
            inner.add(parts.dropFirst())
            child.element = Box(inner)
        } else {
            child.add(parts.dropFirst())
        }
        fields[first] = child
    }

    /// The frame a section over a value of this shape pushes: a list's item, else the value.
    var sectionFrame: ContextShape {
        guard let element else { return self }
        var frame = element.shape
        frame.merge(ContextShape(fields: fields, isOpen: isOpen))
        return frame
    }

    private init(fields: [String: ContextShape], isOpen: Bool) {
        self.fields = fields
        self.isOpen = isOpen
    }

    /// The value of `key` in this object, if the shape has it.
    func child(_ key: String) -> ContextShape? {
        if let found = fields[key] { return found }
        return isOpen ? ContextShape(fields: [:], isOpen: true) : nil
    }
}

/// A name a template uses that no context of the template provides.
public struct UnknownTemplateName: Hashable, Sendable, Comparable {
    /// The template (or partial) the tag is in, by name (`layout`, `partials/header`).
    public var template: String
    public var position: TemplatePosition
    /// The name as written (`site.titel.text`).
    public var name: String
    /// The part of the name that is unknown (`titel`).
    public var unknownPart: String
    /// The names that would have been known where the unknown part is, for a suggestion.
    public var candidates: [String]

    public static func < (a: UnknownTemplateName, b: UnknownTemplateName) -> Bool {
        (a.template, a.position, a.name) < (b.template, b.position, b.name)
    }
}

extension TemplateLibrary {
    /// The names in `template` (and the partials and parents it uses) that the contexts of
    /// `shape` do not provide, each once at its tag.
    ///
    /// The template is walked as the renderer walks it: a name is looked up the stack of
    /// section frames, its first part in the nearest frame that has it, the rest inside. A
    /// section whose name is unknown is reported and not entered (it never renders); an
    /// inverted one is entered. Results of several page templates are combined with
    /// ``combined(_:)``: a tag in a shared partial is unknown only when no page knows it.
    ///
    /// A name missing from `shape` whose unknown part is in `vocabulary` (every key the context
    /// builders can make, including those the recorded pages happened not to have) is accepted,
    /// and a section over it is entered with nothing known inside: so a value only some sites
    /// have (contacts, an event's place) is no error, and a misspelt name still is.
    public func unknownNames(in template: String, shape: ContextShape, vocabulary: Set<String> = []) -> NameCheck {
        var check = NameCheck()
        var walker = NameWalker(library: self, check: check, vocabulary: vocabulary)
        if let nodes = templates[template] {
            walker.walk(nodes, owner: template, stack: [shape], inherited: nil, depth: 0)
        }
        check = walker.check
        return check
    }

    /// The outcome of ``unknownNames(in:shape:)``: every tag reached and whether it resolved.
    public struct NameCheck: Sendable {
        /// Tags reached, by (template, position, name): the unknown part and the candidates
        /// when the name did not resolve, nil when it did.
        var reached: [TagKey: UnknownTemplateName?] = [:]

        struct TagKey: Hashable, Sendable {
            var template: String
            var position: TemplatePosition
            var name: String
        }

        public init() {}

        /// Two checks together: a tag is unknown when it was reached and never resolved.
        public mutating func combine(_ other: NameCheck) {
            for (key, outcome) in other.reached {
                if let existing = reached[key] {
                    if existing != nil, outcome == nil { reached[key] = .some(nil) }
                } else {
                    reached[key] = outcome
                }
            }
        }

        /// The tags reached that never resolved, sorted by template and position.
        public var unknown: [UnknownTemplateName] {
            reached.values.compactMap { $0 }.sorted()
        }
    }
}

/// The static walk of ``TemplateLibrary/unknownNames(in:shape:)``.
private struct NameWalker {
    let library: TemplateLibrary
    var check: TemplateLibrary.NameCheck
    let vocabulary: Set<String>

    /// Looks `name` up the stack; nil when found, else the unknown part and its candidates.
    func resolve(_ name: [String], _ stack: [ContextShape]) -> (part: String, candidates: [String])? {
        guard let first = name.first, first != "." else { return nil }
        for frame in stack.reversed() {
            guard var value = frame.child(first) else { continue }
            for part in name.dropFirst() {
                guard let next = value.child(part) else { return (part, value.fields.keys.sorted()) }
                value = next
            }
            return nil
        }
        return (first, Array(Set(stack.flatMap { $0.fields.keys })).sorted())
    }

    /// The shape `name` has, when it resolves.
    func shape(_ name: [String], _ stack: [ContextShape]) -> ContextShape? {
        guard let first = name.first else { return nil }
        if first == "." { return stack.last }
        for frame in stack.reversed() {
            guard var value = frame.child(first) else { continue }
            for part in name.dropFirst() {
                guard let next = value.child(part) else { return nil }
                value = next
            }
            return value
        }
        return nil
    }

    mutating func note(_ name: [String], at position: TemplatePosition, in owner: String, _ stack: [ContextShape]) -> Bool {
        let key = TemplateLibrary.NameCheck.TagKey(template: owner, position: position, name: name.joined(separator: "."))
        guard let (part, candidates) = resolve(name, stack), !vocabulary.contains(part) else {
            check.reached[key] = .some(nil)
            return true
        }
        if check.reached[key] == nil {
            check.reached[key] = UnknownTemplateName(
                template: owner, position: position, name: key.name, unknownPart: part, candidates: candidates)
        }
        return false
    }

    mutating func walk(
        _ nodes: [TemplateNode], owner: String, stack: [ContextShape],
        inherited: [String: (nodes: [TemplateNode], owner: String)]?, depth: Int
    ) {
        // Partials that include themselves render only as deep as their data: 32 levels of
        // the same names say all there is to say.
        guard depth < 32 else { return }
        for node in nodes {
            switch node {
            case .text:
                break
            case .variable(let name, _, let position):
                _ = note(name, at: position, in: owner, stack)
            case .section(let name, let inner, let inverted, let position):
                let known = note(name, at: position, in: owner, stack)
                if inverted {
                    walk(inner, owner: owner, stack: stack, inherited: inherited, depth: depth)
                } else if known {
                    // Known only to the vocabulary: nothing is known of its inside.
                    let frame = shape(name, stack)?.sectionFrame ?? ContextShape()
                    walk(inner, owner: owner, stack: stack + [frame], inherited: inherited, depth: depth)
                }
            case .block(let name, let fallback, _):
                if let override = inherited?[name] {
                    walk(override.nodes, owner: override.owner, stack: stack, inherited: inherited, depth: depth)
                } else {
                    walk(fallback, owner: owner, stack: stack, inherited: inherited, depth: depth)
                }
            case .partial(let name, _, let overrides):
                guard let partial = library.templates[name] else { continue }
                var inner = inherited
                if let overrides {
                    let mine = overrides.mapValues { (nodes: $0, owner: owner) }
                    inner = inherited.map { $0.merging(mine) { outer, _ in outer } } ?? mine
                }
                walk(partial, owner: name, stack: stack, inherited: inner, depth: depth + 1)
            }
        }
    }
}
