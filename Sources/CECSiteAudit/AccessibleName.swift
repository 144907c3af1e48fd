import CECSiteCore

/// A simplified version of the W3C "Accessible Name and Description Computation 1.2":
/// what a screen reader announces as an element's name.
extension HTMLDocument {
    /// The accessible name of `element`, whitespace collapsed; `""` when it has none.
    ///
    /// Linear in the page: each element's name is computed once and kept (a name from content
    /// is made of its children's names), and the recursion is as deep as the page, which the
    /// auditor bounds (`AuditLimits.maxDepth`).
    func accessibleName(of element: HTMLNode) -> String {
        name(of: element, referenced: false).collapsingWhitespace()
    }

    /// The name (whitespace not yet collapsed: an `alt`'s leading space still parts words).
    ///
    /// A name is kept, and reused, only outside references: there the elements in progress are
    /// the element's ancestors, and a name whose computation met none of the elements in
    /// progress (no cycle was cut) would meet none of its ancestors either — reaching one means
    /// reaching the element itself. Inside a reference, the elements in progress are elsewhere.
    /// `referenced`: reached through aria-labelledby (which is then not followed again);
    /// `recursing`: reached as part of another element's content (any role gives its content).
    private func name(of element: HTMLNode, referenced: Bool, recursing: Bool = false) -> String {
        let key = NameKey(node: ObjectIdentifier(element), referenced: referenced, recursing: recursing)
        guard namesInProgress.insert(key.node).inserted else {
            nameCycles += 1
            return ""
        }
        defer { namesInProgress.remove(key.node) }
        let cacheable = nameJumps == 0
        if cacheable, let known = names[key] { return known }
        let cyclesBefore = nameCycles
        let result = uncachedName(of: element, referenced: referenced, recursing: recursing)
        if cacheable, nameCycles == cyclesBefore { names[key] = result }
        return result
    }

    private func uncachedName(of element: HTMLNode, referenced: Bool, recursing: Bool) -> String {
        // 2B: aria-labelledby, unless we are already following a reference.
        if !referenced, let ids = element.attribute("aria-labelledby") {
            nameJumps += 1
            defer { nameJumps -= 1 }
            let parts = ids.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
                .compactMap { self.element(id: String($0)) }
                .map { name(of: $0, referenced: true) }
            let joined = parts.joined(separator: " ").collapsingWhitespace()
            if !joined.isEmpty { return joined }
        }
        // 2C: aria-label.
        if let label = element.attribute("aria-label")?.collapsingWhitespace(), !label.isEmpty { return label }
        // 2D: the host language's own labelling.
        let native = nativeName(of: element)
        if !native.isEmpty { return native }
        // 2F: name from content, for roles that allow it, or when following a reference.
        if referenced || recursing || allowsNameFromContent(element) {
            let content = contentName(of: element, referenced: referenced)
            if !content.isEmpty { return content }
        }
        // 2I: the tooltip, then (HTML-AAM) a field's placeholder.
        if let title = element.attribute("title")?.collapsingWhitespace(), !title.isEmpty { return title }
        if element.isHTML("input") || element.isHTML("textarea") {
            return element.attribute("placeholder")?.collapsingWhitespace() ?? ""
        }
        return ""
    }

    private func nativeName(of element: HTMLNode) -> String {
        guard element.kind == .element else { return "" }
        if element.namespace == .svg {
            if let title = element.elementChildren.first(where: { $0.tag == "title" }) { return title.textContent }
            return ""
        }
        switch element.tag {
        case "img", "area":
            return element.attribute("alt") ?? ""
        case "input":
            let type = (element.attribute("type") ?? "text").lowercased()
            switch type {
            case "image":
                return element.attribute("alt") ?? ""
            case "button", "submit", "reset":
                if let value = element.attribute("value"), !value.collapsingWhitespace().isEmpty { return value }
                return type == "submit" ? "Submit" : type == "reset" ? "Reset" : ""
            case "hidden":
                return ""
            default:
                return labelText(of: element)
            }
        case "select", "textarea", "meter", "progress", "output":
            return labelText(of: element)
        case "fieldset":
            return element.elementChildren.first { $0.isHTML("legend") }?.textContent ?? ""
        case "figure":
            return element.elementChildren.first { $0.isHTML("figcaption") }?.textContent ?? ""
        case "table":
            return element.elementChildren.first { $0.isHTML("caption") }?.textContent ?? ""
        default:
            return ""
        }
    }

    /// The text of the `<label>`s of a form control: `<label for=id>` anywhere, or an enclosing `<label>`.
    func labels(of control: HTMLNode) -> [HTMLNode] {
        var result: [HTMLNode] = []
        if let id = control.attribute("id"), !id.isEmpty {
            result = labelsByFor[id] ?? []
        }
        if let enclosing = control.nearestAncestor(where: { $0.isHTML("label") }),
            enclosing.attribute("for") == nil || enclosing.attribute("for") == control.attribute("id"),
            !result.contains(where: { $0 === enclosing })
        {
            result.append(enclosing)
        }
        return result
    }

    private func labelText(of control: HTMLNode) -> String {
        nameJumps += 1
        defer { nameJumps -= 1 }
        return labels(of: control).map { contentName(of: $0, referenced: true) }.joined(separator: " ")
    }

    private func contentName(of element: HTMLNode, referenced: Bool) -> String {
        var parts: [String] = []
        for child in element.children {
            switch child.kind {
            case .text:
                parts.append(child.text)
            case .element:
                if child.isHidden { continue }
                if child.namespace == .html, ["script", "style", "template"].contains(child.tag) { continue }
                // Inline elements join words; block elements separate them.
                let part = name(of: child, referenced: referenced, recursing: true)
                parts.append(child.isInline ? part : " " + part + " ")
            }
        }
        return parts.joined().collapsingWhitespace()
    }

    private func allowsNameFromContent(_ element: HTMLNode) -> Bool {
        if element.explicitRole != nil, let role = element.computedRole {
            return ARIARoleModel.nameFromContent.contains(role) || HTMLNode.rolesNamedFromContent.contains(role)
        }
        guard element.namespace == .html else { return false }
        switch element.tag {
        case "a", "button", "summary", "option", "th", "td", "caption", "legend", "label",
            "h1", "h2", "h3", "h4", "h5", "h6", "dt", "li":
            return true
        default:
            return false
        }
    }
}

extension HTMLNode {
    /// ARIA roles whose name comes from their content.
    static let rolesNamedFromContent: Set<String> = [
        "button", "cell", "checkbox", "columnheader", "gridcell", "heading", "link", "menuitem",
        "menuitemcheckbox", "menuitemradio", "option", "radio", "row", "rowheader", "sectionhead",
        "switch", "tab", "tooltip", "treeitem",
    ]

    /// True when the element is hidden from everyone: `hidden`, `aria-hidden="true"`, or an
    /// inline `display:none` / `visibility:hidden`. (Only this element, not its ancestors.)
    var isHidden: Bool { hiddenHere }

    func computeIsHidden() -> Bool {
        guard kind == .element else { return false }
        if has("hidden") || attribute("aria-hidden")?.lowercased() == "true" { return true }
        if isHTML("input"), attribute("type")?.lowercased() == "hidden" { return true }
        if let style = attribute("style")?.lowercased().filter({ !$0.isWhitespace }),
            style.contains("display:none") || style.contains("visibility:hidden")
        {
            return true
        }
        return false
    }

    /// True when this element or an ancestor is hidden (see `isHidden`).
    var isHiddenOrInHidden: Bool {
        kind == .element ? hiddenWithAncestors : parent?.hiddenWithAncestors ?? false
    }

    /// True for the phrasing elements that do not break words apart.
    var isInline: Bool {
        guard namespace == .html else { return true }
        return [
            "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "img", "kbd",
            "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
            "wbr", "label", "output",
        ].contains(tag)
    }
}
