import CECSiteCore

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
                classesOf[ObjectIdentifier(element)] = value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0C}" })
                    .map(String.init)
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

    /// Results already known: does compounds[0...k] of a selector match at an element, and
    /// does it match at some ancestor (or earlier sibling) of it.
    private struct Key: Hashable {
        var selector: Int
        var k: Int
        var node: ObjectIdentifier
    }
    private var matched: [Key: Bool] = [:]
    private var matchedAbove: [Key: Bool] = [:]
    private var matchedBefore: [Key: Bool] = [:]

    // Without remembering, `.a .b .c` tried every ancestor for `.b` and, from each, every
    // ancestor again for `.a`: time that grows with the depth to the power of the combinators.
    // With it, each (selector, compound, element) is decided once.
    private func match(_ selector: CSSComplexSelector, _ k: Int, _ element: HTMLNode) -> Bool {
        guard k > 0 else { return matches(selector.compounds[0], element) }
        let key = Key(selector: selector.serial, k: k, node: ObjectIdentifier(element))
        if let known = matched[key] { return known }
        var result = false
        if matches(selector.compounds[k], element) {
            switch selector.combinators[k - 1] {
            case .child:
                result = element.parent.map { match(selector, k - 1, $0) } ?? false
            case .descendant:
                result = element.parent.map { matchAtOrAbove(selector, k - 1, $0) } ?? false
            case .adjacent:
                if let (siblings, index) = position(element), index > 0 {
                    result = match(selector, k - 1, siblings[index - 1])
                }
            case .sibling:
                if let (siblings, index) = position(element), index > 0 {
                    result = matchAtOrBefore(selector, k - 1, siblings, index - 1)
                }
            }
        }
        matched[key] = result
        return result
    }

    /// True when compounds[0...k] match at `node` or one of its ancestors. Iterative: the walk
    /// up stops at the first node already decided, then decides the nodes it passed, top down.
    private func matchAtOrAbove(_ selector: CSSComplexSelector, _ k: Int, _ node: HTMLNode) -> Bool {
        var pending: [HTMLNode] = []
        var current: HTMLNode? = node
        var above = false
        while let here = current {
            if let known = matchedAbove[Key(selector: selector.serial, k: k, node: ObjectIdentifier(here))] {
                above = known
                break
            }
            pending.append(here)
            current = here.parent
        }
        for here in pending.reversed() {
            above = above || match(selector, k, here)
            matchedAbove[Key(selector: selector.serial, k: k, node: ObjectIdentifier(here))] = above
        }
        return above
    }

    /// True when compounds[0...k] match at `siblings[index]` or an earlier sibling.
    private func matchAtOrBefore(_ selector: CSSComplexSelector, _ k: Int, _ siblings: [HTMLNode], _ index: Int) -> Bool {
        var first = index
        var before = false
        while first >= 0 {
            if let known = matchedBefore[Key(selector: selector.serial, k: k, node: ObjectIdentifier(siblings[first]))] {
                before = known
                break
            }
            first -= 1
        }
        for position in stride(from: first + 1, through: index, by: 1) {
            before = before || match(selector, k, siblings[position])
            matchedBefore[Key(selector: selector.serial, k: k, node: ObjectIdentifier(siblings[position]))] = before
        }
        return before
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
