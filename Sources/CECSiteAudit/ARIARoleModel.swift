import CECSiteCore

/// The WAI-ARIA 1.2 role table, as data: what each role requires of its children, its context
/// and its states, whether its name comes from its content, and the global states and
/// properties. Every rule that asks about roles asks this table (through `HTMLNode.computedRole`).
enum ARIARoleModel {
    /// Roles whose owned elements (children in the accessibility tree, skipping generic
    /// containers) must have one of these roles. Empty lists are allowed (ARIA 1.2).
    static let requiredOwned: [String: Set<String>] = [
        "feed": ["article"],
        "grid": ["row", "rowgroup"],
        "list": ["listitem"],
        "listbox": ["option", "group"],
        "menu": ["menuitem", "menuitemcheckbox", "menuitemradio", "group", "separator"],
        "menubar": ["menuitem", "menuitemcheckbox", "menuitemradio", "group", "separator"],
        "radiogroup": ["radio"],
        "row": ["cell", "columnheader", "gridcell", "rowheader"],
        "rowgroup": ["row"],
        "table": ["row", "rowgroup", "caption"],
        "tablist": ["tab"],
        "tree": ["treeitem", "group"],
        "treegrid": ["row", "rowgroup"],
    ]

    /// Roles that must be owned by an element with one of these roles.
    static let requiredContext: [String: Set<String>] = [
        "caption": ["figure", "grid", "table", "treegrid"],
        "cell": ["row"],
        "columnheader": ["row"],
        "gridcell": ["row"],
        "listitem": ["list", "directory"],
        "menuitem": ["group", "menu", "menubar"],
        "menuitemcheckbox": ["group", "menu", "menubar"],
        "menuitemradio": ["group", "menu", "menubar"],
        "option": ["group", "listbox"],
        "row": ["grid", "rowgroup", "table", "treegrid"],
        "rowgroup": ["grid", "table", "treegrid"],
        "rowheader": ["row"],
        "tab": ["tablist"],
        "treeitem": ["group", "tree"],
    ]

    /// States and properties a role requires (when the host language does not supply them).
    static let requiredStates: [String: [String]] = [
        "checkbox": ["aria-checked"],
        "combobox": ["aria-expanded"],
        "heading": ["aria-level"],
        "menuitemcheckbox": ["aria-checked"],
        "menuitemradio": ["aria-checked"],
        "meter": ["aria-valuenow"],
        "radio": ["aria-checked"],
        "scrollbar": ["aria-controls", "aria-valuenow"],
        "slider": ["aria-valuenow"],
        "switch": ["aria-checked"],
    ]

    /// Roles whose name may come from their content (accname step 2F).
    static let nameFromContent: Set<String> = [
        "button", "cell", "checkbox", "columnheader", "gridcell", "heading", "link", "menuitem",
        "menuitemcheckbox", "menuitemradio", "option", "radio", "row", "rowheader", "sectionhead",
        "switch", "tab", "tooltip", "treeitem", "doc-backlink", "doc-biblioref", "doc-glossref",
        "doc-noteref", "caption", "code", "deletion", "emphasis", "insertion", "mark", "strong",
        "subscript", "superscript", "term", "time", "comment", "suggestion", "sectionheader",
        "sectionfooter", "definition", "paragraph", "listitem", "legend",
    ]

    /// Roles that may not be named by authors (`aria-label`, `aria-labelledby`).
    static let nameProhibited: Set<String> = [
        "caption", "code", "deletion", "emphasis", "generic", "insertion", "mark", "none", "paragraph",
        "presentation", "strong", "subscript", "suggestion", "superscript", "term", "time",
    ]

    /// Roles whose children are presentational: their content is flattened into the role.
    static let presentationalChildren: Set<String> = [
        "button", "checkbox", "img", "image", "math", "menuitemcheckbox", "menuitemradio", "meter",
        "option", "progressbar", "radio", "scrollbar", "separator", "slider", "switch", "tab",
        "doc-pagebreak", "graphics-symbol",
    ]

    /// Widget roles whose accessible name is required (WCAG 4.1.2 "name").
    static let nameRequired: Set<String> = [
        "button", "checkbox", "combobox", "link", "listbox", "menuitem", "menuitemcheckbox",
        "menuitemradio", "meter", "option", "progressbar", "radio", "radiogroup", "scrollbar",
        "searchbox", "slider", "spinbutton", "switch", "tab", "textbox", "treeitem", "tree",
        "treegrid", "grid", "dialog", "alertdialog", "img", "image", "table", "figure", "heading",
    ]

    /// The global states and properties (allowed on every role); a presentational role on an
    /// element carrying one is ignored by browsers.
    static let globalStates: Set<String> = [
        "aria-atomic", "aria-braillelabel", "aria-brailleroledescription", "aria-busy", "aria-controls",
        "aria-current", "aria-describedby", "aria-description", "aria-details", "aria-disabled",
        "aria-dropeffect", "aria-errormessage", "aria-flowto", "aria-grabbed", "aria-haspopup",
        "aria-hidden", "aria-invalid", "aria-keyshortcuts", "aria-label", "aria-labelledby",
        "aria-live", "aria-owns", "aria-relevant", "aria-roledescription",
    ]

    /// Roles that group nothing of their own in the accessibility tree: rules looking for a
    /// role's owner or owned elements look through them.
    static let transparent: Set<String> = ["generic", "none", "presentation"]
}

extension HTMLNode {
    /// The role the browser computes: the first valid, non-abstract token of `role` (a fallback
    /// list is tried in order), else the implicit role of the element (HTML-AAM). A
    /// presentational role (`none`, `presentation`) is ignored when the element is focusable or
    /// carries a global ARIA state or property (presentational-role conflict resolution).
    /// Nil when the element has no role at all (text-level elements without a mapping).
    var computedRole: String? {
        if let explicit = explicitRole {
            if explicit == "none" || explicit == "presentation" {
                if !presentationConflicts { return explicit }
            } else {
                return explicit
            }
        }
        return implicitRole
    }

    /// True when a presentational role would be ignored: the element is focusable or carries
    /// a global ARIA attribute (other than `aria-hidden`).
    var presentationConflicts: Bool {
        if isFocusable { return true }
        return attributes.contains {
            $0.name != "aria-hidden" && !$0.name.hasPrefix("aria-braille") && ARIARoleModel.globalStates.contains($0.name)
        }
    }

    /// The implicit ARIA role of an element (HTML-AAM), or nil for elements without one.
    var implicitRole: String? {
        guard kind == .element else { return nil }
        if namespace == .svg {
            switch tag {
            case "svg": return "graphics-document"
            case "a": return has("href") || has("xlink:href") ? "link" : "group"
            case "g": return "group"
            case "image": return "img"
            default: return nil
            }
        }
        guard namespace == .html else { return tag == "math" ? "math" : nil }
        switch tag {
        case "a", "area": return has("href") ? "link" : "generic"
        case "article": return "article"
        case "aside": return "complementary"
        case "blockquote": return "blockquote"
        case "button": return "button"
        case "caption": return "caption"
        case "code": return "code"
        case "datalist": return "listbox"
        case "del", "s": return "deletion"
        case "details": return "group"
        case "dialog": return "dialog"
        case "dd": return "definition"
        case "dfn", "dt": return "term"
        case "em": return "emphasis"
        case "fieldset", "optgroup", "address", "hgroup": return "group"
        case "figure": return "figure"
        case "footer", "header":
            let sectioning = nearestAncestor { ["article", "aside", "main", "nav", "section"].contains($0.tag) && $0.namespace == .html }
            if sectioning != nil { return "generic" }
            return tag == "header" ? "banner" : "contentinfo"
        case "form": return "form"
        case "h1", "h2", "h3", "h4", "h5", "h6": return "heading"
        case "hr": return "separator"
        case "html": return "document"
        case "img":
            if let alt = attribute("alt"), alt.isEmpty, !has("title"), !presentationConflicts {
                return "presentation"
            }
            return "img"
        case "input": return inputRole
        case "ins": return "insertion"
        case "li": return "listitem"
        case "main": return "main"
        case "mark": return "mark"
        case "math": return "math"
        case "menu", "ol", "ul": return "list"
        case "meter": return "meter"
        case "nav": return "navigation"
        case "option": return "option"
        case "output": return "status"
        case "p": return "paragraph"
        case "progress": return "progressbar"
        case "search": return "search"
        case "section": return has("aria-label") || has("aria-labelledby") || has("title") ? "region" : "generic"
        case "select":
            let size = Int(trimmedAttribute("size") ?? "") ?? 0
            return has("multiple") || size > 1 ? "listbox" : "combobox"
        case "strong": return "strong"
        case "sub": return "subscript"
        case "sup": return "superscript"
        case "summary": return "button"
        case "table": return "table"
        case "tbody", "thead", "tfoot": return "rowgroup"
        case "td": return enclosingTable?.computedRole == "grid" || enclosingTable?.computedRole == "treegrid" ? "gridcell" : "cell"
        case "th": return headerCellRole
        case "textarea": return "textbox"
        case "time": return "time"
        case "tr": return "row"
        case "b", "bdi", "bdo", "data", "div", "i", "pre", "q", "samp", "small", "span", "u":
            return "generic"
        default: return nil
        }
    }

    private var inputRole: String? {
        let type = (attribute("type") ?? "text").lowercased().trimmingASCIIWhitespace()
        switch type {
        case "button", "image", "reset", "submit": return "button"
        case "checkbox": return "checkbox"
        case "radio": return "radio"
        case "range": return "slider"
        case "number": return "spinbutton"
        case "hidden": return nil
        case "search": return has("list") ? "combobox" : "searchbox"
        case "email", "tel", "text", "url", "": return has("list") ? "combobox" : "textbox"
        case "password": return "textbox"
        case "color", "date", "datetime-local", "file", "month", "time", "week": return nil
        default: return has("list") ? "combobox" : "textbox"
        }
    }

    private var headerCellRole: String {
        switch attribute("scope")?.lowercased() {
        case "row", "rowgroup": return "rowheader"
        case "col", "colgroup": return "columnheader"
        default:
            // A <th> that starts a row of <td>s heads that row.
            guard let row = parent, row.isHTML("tr") else { return "columnheader" }
            let cells = row.elementChildren
            if cells.first === self, cells.dropFirst().contains(where: { $0.isHTML("td") }) { return "rowheader" }
            return "columnheader"
        }
    }

    /// True when the element is in the accessibility tree as an element of its own: not
    /// hidden, and not a generic or presentational container (which rules look through).
    var isTransparentInAccessibilityTree: Bool {
        guard let role = computedRole else { return true }
        return ARIARoleModel.transparent.contains(role)
    }
}

extension HTMLNode {
    /// True when rules looking for owners and owned elements look through this element: it has
    /// no role, or a presentational one, or is a plain `generic` container (one with a global
    /// ARIA attribute such as `aria-live` stays in the accessibility tree).
    var isAccessibilityContainerOnly: Bool {
        guard let role = computedRole else { return true }
        if role == "none" || role == "presentation" { return true }
        if role == "generic" {
            return !isFocusable && !attributes.contains { ARIARoleModel.globalStates.contains($0.name) && $0.name != "aria-hidden" }
        }
        return false
    }
}

extension HTMLDocument {
    /// The elements some `aria-owns` moves elsewhere in the accessibility tree, by the element
    /// that owns them.
    var ariaOwners: [ObjectIdentifier: HTMLNode] {
        var result: [ObjectIdentifier: HTMLNode] = [:]
        for owner in elements where owner.has("aria-owns") {
            for id in (owner.attribute("aria-owns") ?? "").htmlTokens {
                if let owned = element(id: id), owned !== owner { result[ObjectIdentifier(owned)] = owner }
            }
        }
        return result
    }

    /// What `element` owns in the accessibility tree: its children, looking through elements
    /// without a role of their own, plus what its `aria-owns` names, minus what another
    /// `aria-owns` takes away. Hidden elements are left out; text that is not whitespace is
    /// returned as text nodes.
    func ownedNodes(of element: HTMLNode, owners: [ObjectIdentifier: HTMLNode]) -> [HTMLNode] {
        var result: [HTMLNode] = []
        func collect(_ node: HTMLNode) {
            for child in node.children {
                if child.kind == .text {
                    if !child.text.trimmingASCIIWhitespace().isEmpty { result.append(child) }
                    continue
                }
                if let owner = owners[ObjectIdentifier(child)], owner !== element { continue }
                if child.isHidden { continue }
                if child.namespace == .html, ["script", "style", "template", "noscript"].contains(child.tag) { continue }
                if child.isAccessibilityContainerOnly {
                    collect(child)
                } else {
                    result.append(child)
                }
            }
        }
        collect(element)
        for id in (element.attribute("aria-owns") ?? "").htmlTokens {
            if let owned = self.element(id: id), owned !== element, !owned.isHidden { result.append(owned) }
        }
        return result
    }

    /// The element that owns `element` in the accessibility tree: the `aria-owns` that names
    /// it, else the nearest ancestor that is not a mere container.
    func accessibilityParent(of element: HTMLNode, owners: [ObjectIdentifier: HTMLNode]) -> HTMLNode? {
        var node = owners[ObjectIdentifier(element)] ?? element.parent
        // aria-owns may form a cycle; a walk longer than the page has elements is one.
        var steps = 0
        while let current = node, steps <= elements.count {
            if !current.isAccessibilityContainerOnly { return current }
            node = owners[ObjectIdentifier(current)] ?? current.parent
            steps += 1
        }
        return nil
    }
}
