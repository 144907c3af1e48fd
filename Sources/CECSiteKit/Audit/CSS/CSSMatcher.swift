/// Matches selectors against the elements of one document, with sibling positions and class
/// lists computed once.
final class CSSMatcher {
    private var siblingsOf: [ObjectIdentifier: [HTMLNode]] = [:]
    private var indexOf: [ObjectIdentifier: Int] = [:]
    private var classesOf: [ObjectIdentifier: [String]] = [:]

    init(_ document: HTMLDocument) {
        siblingsOf[ObjectIdentifier(document.root)] = [document.root]
        indexOf[ObjectIdentifier(document.root)] = 0
        for element in document.elements {
            let children = element.elementChildren
            for (index, child) in children.enumerated() {
                siblingsOf[ObjectIdentifier(child)] = children
                indexOf[ObjectIdentifier(child)] = index
            }
            if let value = element.attribute("class") {
                classesOf[ObjectIdentifier(element)] = value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0C}" }).map(String.init)
            }
        }
    }

    /// The class names of `element`.
    func classes(_ element: HTMLNode) -> [String] {
        classesOf[ObjectIdentifier(element)] ?? []
    }

    func matches(_ selector: CSSComplexSelector, _ element: HTMLNode) -> Bool {
        match(selector, selector.compounds.count - 1, element)
    }

    private func match(_ selector: CSSComplexSelector, _ k: Int, _ element: HTMLNode) -> Bool {
        guard matches(selector.compounds[k], element) else { return false }
        if k == 0 { return true }
        switch selector.combinators[k - 1] {
        case .child:
            guard let parent = element.parent else { return false }
            return match(selector, k - 1, parent)
        case .descendant:
            var node = element.parent
            while let current = node {
                if match(selector, k - 1, current) { return true }
                node = current.parent
            }
            return false
        case .adjacent:
            guard let (siblings, index) = position(element), index > 0 else { return false }
            return match(selector, k - 1, siblings[index - 1])
        case .sibling:
            guard let (siblings, index) = position(element) else { return false }
            for previous in siblings[..<index].reversed() where match(selector, k - 1, previous) { return true }
            return false
        }
    }

    private func position(_ element: HTMLNode) -> ([HTMLNode], Int)? {
        guard let siblings = siblingsOf[ObjectIdentifier(element)], let index = indexOf[ObjectIdentifier(element)] else { return nil }
        return (siblings, index)
    }

    func matches(_ compound: CSSCompoundSelector, _ element: HTMLNode) -> Bool {
        if compound.pseudoElement { return false }
        if let tag = compound.tag, element.tag != tag { return false }
        for id in compound.ids where element.attribute("id") != id { return false }
        if !compound.classes.isEmpty {
            let own = classes(element)
            for name in compound.classes where !own.contains(name) { return false }
        }
        for attribute in compound.attributes where !matches(attribute, element) { return false }
        for pseudo in compound.pseudoClasses where !matches(pseudo, element) { return false }
        return true
    }

    private func matches(_ selector: CSSAttributeSelector, _ element: HTMLNode) -> Bool {
        guard var value = element.attribute(selector.name) else { return false }
        var wanted = selector.value
        if selector.caseInsensitive || ["type", "lang", "dir", "rel", "method", "target"].contains(selector.name) {
            value = value.lowercased()
            wanted = wanted.lowercased()
        }
        switch selector.op {
        case .exists: return true
        case .equals: return value == wanted
        case .includes:
            return !wanted.isEmpty && value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).contains { $0 == wanted }
        case .dash: return value == wanted || value.hasPrefix(wanted + "-")
        case .prefix: return !wanted.isEmpty && value.hasPrefix(wanted)
        case .suffix: return !wanted.isEmpty && value.hasSuffix(wanted)
        case .substring: return !wanted.isEmpty && value.contains(wanted)
        }
    }

    private static let formControls: Set<String> = ["button", "input", "select", "textarea", "optgroup", "option", "fieldset"]

    private func matches(_ pseudo: CSSPseudoClass, _ element: HTMLNode) -> Bool {
        switch pseudo {
        case .root: return element.parent == nil
        case .empty:
            return !element.children.contains { $0.kind == .element || !$0.text.isEmpty }
        case .link: return (element.isHTML("a") || element.isHTML("area")) && element.has("href")
        case .checked:
            return (element.isHTML("input") && element.has("checked")) || (element.isHTML("option") && element.has("selected"))
        case .disabled: return element.namespace == .html && Self.formControls.contains(element.tag) && element.has("disabled")
        case .enabled: return element.namespace == .html && Self.formControls.contains(element.tag) && !element.has("disabled")
        case .defined: return true
        case .state: return false
        case .lang(let ranges):
            guard let language = element.language else { return false }
            return ranges.contains { language == $0 || language.hasPrefix($0 + "-") }
        case .not(let list): return !list.contains { matches($0, element) }
        case .matches(let list): return list.contains { matches($0, element) }
        case .only(let ofType):
            guard let (siblings, _) = position(element) else { return false }
            return (ofType ? siblings.filter { $0.tag == element.tag } : siblings).count == 1
        case .nth(let a, let b, let ofType, let fromEnd):
            guard let (siblings, index) = position(element) else { return false }
            var candidates = siblings
            var position = index
            if ofType {
                candidates = siblings.filter { $0.tag == element.tag }
                position = candidates.firstIndex { $0 === element } ?? 0
            }
            let n1 = fromEnd ? candidates.count - position : position + 1  // 1-based
            if a == 0 { return n1 == b }
            let diff = n1 - b
            return diff % a == 0 && diff / a >= 0
        }
    }
}
