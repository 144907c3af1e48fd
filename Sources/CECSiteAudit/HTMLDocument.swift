import CECSiteCore
import CGumbo

/// One attribute of an element, with where its name starts in the source.
struct HTMLAttribute: Sendable, Hashable {
    /// The name, lowercased as the HTML parser does (`aria-label`, `viewbox` in SVG too).
    var name: String
    /// The value with character references decoded; `""` for a bare attribute.
    var value: String
    /// 1-based line and column of the attribute's name.
    var line: Int
    var column: Int
}

/// A node of a parsed page: an element or a run of text.
///
/// Built once from libgumbo's tree, then read only. `parent` is weak: the document owns the tree.
final class HTMLNode {
    enum Kind: Sendable { case element, text }
    enum Namespace: Sendable { case html, svg, mathml }

    let kind: Kind
    /// The lowercased tag name (`img`, `svg`, `foreignobject`), or `""` for text.
    let tag: String
    let namespace: Namespace
    let attributes: [HTMLAttribute]
    /// The decoded text of a text node; `""` for elements.
    let text: String
    /// 1-based line and column of the start tag (or of the text's first character).
    let line: Int
    let column: Int
    /// True when the parser inserted the element without a start tag in the source
    /// (an implied `<html>`, `<head>`, `<body>` or `<tbody>`).
    let isImplied: Bool
    fileprivate(set) weak var parent: HTMLNode?
    fileprivate(set) var children: [HTMLNode] = []
    /// How many elements enclose this node, itself included: `<html>` is at depth 1.
    fileprivate(set) var depth = 1
    // Worked out once per node in document order (parent first), so that rules asking them of
    // every element take linear time, not time proportional to the depth of each element.
    var hiddenHere = false
    var hiddenWithAncestors = false
    var inheritedLanguage: String?

    fileprivate init(
        kind: Kind, tag: String, namespace: Namespace, attributes: [HTMLAttribute],
        text: String, line: Int, column: Int, isImplied: Bool
    ) {
        self.kind = kind
        self.tag = tag
        self.namespace = namespace
        self.attributes = attributes
        self.text = text
        self.line = line
        self.column = column
        self.isImplied = isImplied
    }

    /// True for an element of the HTML namespace with this tag.
    func isHTML(_ tag: String) -> Bool {
        kind == .element && namespace == .html && self.tag == tag
    }

    /// The value of the attribute `name` (lowercase), or nil when absent.
    func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }

    /// The attribute `name` with its source position, or nil when absent.
    func attributeNode(_ name: String) -> HTMLAttribute? {
        attributes.first { $0.name == name }
    }

    /// True when the attribute is present, whatever its value.
    func has(_ name: String) -> Bool {
        attributes.contains { $0.name == name }
    }

    /// The attribute's value with surrounding ASCII whitespace removed, or nil when absent.
    func trimmedAttribute(_ name: String) -> String? {
        attribute(name).map { $0.trimmingASCIIWhitespace() }
    }

    /// The element children, in order.
    var elementChildren: [HTMLNode] {
        children.filter { $0.kind == .element }
    }

    /// Every element below this node, in document order (not including the node itself).
    var descendants: [HTMLNode] {
        var result: [HTMLNode] = []
        var stack = Array(children.reversed())
        while let node = stack.popLast() {
            guard node.kind == .element else { continue }
            result.append(node)
            stack.append(contentsOf: node.children.reversed())
        }
        return result
    }

    /// The ancestors, nearest first.
    ///
    /// Makes an array as long as the depth: rules that ask it of many elements should use
    /// `nearestAncestor(where:)` or `HTMLDocument.inherited(_:_:)` instead.
    var ancestors: [HTMLNode] {
        var result: [HTMLNode] = []
        var node = parent
        while let current = node {
            result.append(current)
            node = current.parent
        }
        return result
    }

    /// The nearest ancestor (not the node itself) that satisfies `test`, or nil.
    func nearestAncestor(where test: (HTMLNode) -> Bool) -> HTMLNode? {
        var node = parent
        while let current = node {
            if test(current) { return current }
            node = current.parent
        }
        return nil
    }

    /// The concatenated text of this node and its descendants, skipping `script`, `style`
    /// and `template`; whitespace is collapsed and trimmed.
    var textContent: String {
        var parts: [String] = []
        var stack: [HTMLNode] = [self]
        while let node = stack.popLast() {
            switch node.kind {
            case .text:
                parts.append(node.text)
            case .element:
                if node.namespace == .html, ["script", "style", "template"].contains(node.tag) { continue }
                stack.append(contentsOf: node.children.reversed())
            }
        }
        return parts.joined().collapsingWhitespace()
    }

    /// The language in effect for this node: the nearest `lang` (or `xml:lang`) on it or an
    /// ancestor, lowercased; nil when no element declares one. `""` means "unknown" explicitly.
    var language: String? {
        kind == .element ? inheritedLanguage : parent?.inheritedLanguage
    }
}

/// A page parsed with libgumbo (the HTML5 parsing algorithm, as browsers do it).
final class HTMLDocument {
    /// The `<html>` element (always present: the parser inserts it when the source omits it).
    let root: HTMLNode
    /// Every element in document order.
    let elements: [HTMLNode]
    /// The elements carrying each `id`, in document order (more than one is a duplicate).
    let elementsByID: [String: [HTMLNode]]
    /// True when the source starts with a doctype.
    let hasDoctype: Bool
    /// The first of the most deeply nested elements (its `depth` is the page's nesting depth).
    let deepest: HTMLNode

    // State of the accessible-name computation (AccessibleName.swift). A document is checked
    // by one thread at a time, so these need no lock.
    /// Names already computed, by element and whether it was reached through a reference.
    var names: [NameKey: String] = [:]
    /// The elements whose name is being computed (a cycle of references stops at them).
    var namesInProgress = Set<ObjectIdentifier>()
    /// How often a cycle was cut short: a name computed meanwhile depends on where the
    /// computation started, so it is not kept.
    var nameCycles = 0
    /// How many references (`aria-labelledby`, a control's label) the computation is following.
    var nameJumps = 0
    /// The `<label for=…>` elements by the id they name.
    lazy var labelsByFor: [String: [HTMLNode]] = {
        var result: [String: [HTMLNode]] = [:]
        for label in elements("label") { if let id = label.attribute("for") { result[id, default: []].append(label) } }
        return result
    }()

    struct NameKey: Hashable {
        var node: ObjectIdentifier
        var referenced: Bool
        var recursing: Bool
    }

    /// Parses `source`. Never fails: like a browser, the parser recovers from any input.
    init(parsing source: String) {
        var options = kGumboDefaultOptions
        options.tab_stop = 1
        options.max_errors = 0
        var bytes = Array(source.utf8)
        if bytes.isEmpty { bytes = [0x20] }
        let converted: (HTMLNode, Bool) = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                withUnsafePointer(to: &options) { optionsPointer in
                    let output = gumbo_parse_with_options(optionsPointer, chars.baseAddress, chars.count)!
                    defer { gumbo_destroy_output(optionsPointer, output) }
                    let doctype = output.pointee.document.pointee.v.document.has_doctype
                    return (HTMLDocument.convert(output.pointee.root), doctype)
                }
            }
        }
        root = converted.0
        hasDoctype = converted.1
        var all = [root]
        all.append(contentsOf: root.descendants)
        elements = all
        var byID: [String: [HTMLNode]] = [:]
        var deepest = root
        for element in all {
            if let id = element.attribute("id") { byID[id, default: []].append(element) }
            if element.depth > deepest.depth { deepest = element }
            element.hiddenHere = element.computeIsHidden()
            element.hiddenWithAncestors = element.hiddenHere || (element.parent?.hiddenWithAncestors ?? false)
            if let lang = element.attribute("lang") ?? element.attribute("xml:lang") {
                element.inheritedLanguage = lang.trimmingASCIIWhitespace().lowercased()
            } else {
                element.inheritedLanguage = element.parent?.inheritedLanguage
            }
        }
        elementsByID = byID
        self.deepest = deepest
    }

    /// The `<head>` element.
    var head: HTMLNode? { root.elementChildren.first { $0.isHTML("head") } }

    /// The `<body>` element (or the `<frameset>` of an old page).
    var body: HTMLNode? { root.elementChildren.first { $0.isHTML("body") || $0.isHTML("frameset") } }

    /// All elements of the HTML namespace with this tag, in document order.
    func elements(_ tag: String) -> [HTMLNode] {
        elements.filter { $0.isHTML(tag) }
    }

    /// A value for every element, worked out from the element and its parent's value (the
    /// root's parent gives `initial`): one pass in document order, so linear in the page
    /// whatever its depth, where asking each element's ancestors would not be.
    func inherited<T>(_ initial: T, _ step: (HTMLNode, T) -> T) -> [ObjectIdentifier: T] {
        var values: [ObjectIdentifier: T] = [:]
        values.reserveCapacity(elements.count)
        for element in elements {
            let parentValue = element.parent.flatMap { values[ObjectIdentifier($0)] } ?? initial
            values[ObjectIdentifier(element)] = step(element, parentValue)
        }
        return values
    }

    /// The first element with this id, as `getElementById` finds it.
    func element(id: String) -> HTMLNode? {
        elementsByID[id]?.first
    }

    /// Converts gumbo's tree without recursion, so that absurdly deep input cannot overflow the stack.
    private static func convert(_ rootPointer: UnsafeMutablePointer<GumboNode>) -> HTMLNode {
        let root = makeNode(rootPointer)!
        var stack: [(UnsafeMutablePointer<GumboNode>, HTMLNode)] = [(rootPointer, root)]
        while let (pointer, node) = stack.popLast() {
            let children = pointer.pointee.v.element.children
            var converted: [HTMLNode] = []
            converted.reserveCapacity(Int(children.length))
            for index in 0..<Int(children.length) {
                let childPointer = children.data[index]!.assumingMemoryBound(to: GumboNode.self)
                guard let child = makeNode(childPointer) else { continue }
                child.parent = node
                child.depth = node.depth + (child.kind == .element ? 1 : 0)
                converted.append(child)
                if child.kind == .element { stack.append((childPointer, child)) }
            }
            node.children = converted
        }
        return root
    }

    private static func makeNode(_ pointer: UnsafeMutablePointer<GumboNode>) -> HTMLNode? {
        let node = pointer.pointee
        switch node.type {
        case GUMBO_NODE_ELEMENT, GUMBO_NODE_TEMPLATE:
            let element = node.v.element
            let namespace: HTMLNode.Namespace
            switch element.tag_namespace {
            case GUMBO_NAMESPACE_SVG: namespace = .svg
            case GUMBO_NAMESPACE_MATHML: namespace = .mathml
            default: namespace = .html
            }
            var attributes: [HTMLAttribute] = []
            attributes.reserveCapacity(Int(element.attributes.length))
            for index in 0..<Int(element.attributes.length) {
                let attribute = element.attributes.data[index]!.assumingMemoryBound(to: GumboAttribute.self).pointee
                attributes.append(
                    HTMLAttribute(
                        name: String(cString: attribute.name).lowercased(),
                        value: String(cString: attribute.value),
                        line: Int(attribute.name_start.line),
                        column: Int(attribute.name_start.column)))
            }
            let implied = (node.parse_flags.rawValue & GUMBO_INSERTION_BY_PARSER.rawValue) != 0
            return HTMLNode(
                kind: .element, tag: tagName(element), namespace: namespace,
                attributes: attributes, text: "",
                line: Int(element.start_pos.line), column: Int(element.start_pos.column),
                isImplied: implied)
        case GUMBO_NODE_TEXT, GUMBO_NODE_WHITESPACE, GUMBO_NODE_CDATA:
            let text = node.v.text
            return HTMLNode(
                kind: .text, tag: "", namespace: .html, attributes: [],
                text: String(cString: text.text),
                line: Int(text.start_pos.line), column: Int(text.start_pos.column),
                isImplied: false)
        default:
            return nil  // comments and the document node itself
        }
    }

    private static func tagName(_ element: GumboElement) -> String {
        if element.tag != GUMBO_TAG_UNKNOWN, element.tag_namespace == GUMBO_NAMESPACE_HTML {
            return String(cString: gumbo_normalized_tagname(element.tag))
        }
        var piece = element.original_tag
        guard piece.data != nil, piece.length > 0 else {
            return element.tag == GUMBO_TAG_UNKNOWN ? "" : String(cString: gumbo_normalized_tagname(element.tag))
        }
        gumbo_tag_from_original_text(&piece)
        let bytes = UnsafeRawBufferPointer(start: piece.data, count: piece.length)
        return String(decoding: bytes, as: UTF8.self).lowercased()
    }
}

extension String {
    /// The string without leading and trailing ASCII whitespace (HTML's definition of whitespace).
    func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0C}" }
        guard let start = firstIndex(where: { !isSpace($0) }) else { return "" }
        let end = lastIndex(where: { !isSpace($0) })!
        return String(self[start...end])
    }

    /// Runs of whitespace (including no-break spaces) replaced by one space, then trimmed.
    func collapsingWhitespace() -> String {
        var result = ""
        result.reserveCapacity(utf8.count)
        var pendingSpace = false
        for scalar in unicodeScalars {
            // ASCII first: the Unicode property lookup is slow, and names are built from
            // collapsed pieces many times over.
            let isWhitespace =
                scalar.value < 0x80
                ? (scalar.value == 0x20 || (scalar.value >= 0x09 && scalar.value <= 0x0D))
                : scalar.properties.isWhitespace
            if isWhitespace {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(" ") }
                pendingSpace = false
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
