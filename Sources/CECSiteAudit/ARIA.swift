import CECSiteCore
import Foundation

/// What the audit rules need to know of WAI-ARIA 1.2 (with the DPUB and Graphics modules):
/// the roles, the states and properties and the values they take.
enum ARIA {
    /// Concrete roles of WAI-ARIA 1.2, the roles ARIA 1.3 adds, DPUB-ARIA and Graphics-ARIA.
    static let roles: Set<String> = [
        "alert", "alertdialog", "application", "article", "banner", "blockquote", "button", "caption",
        "cell", "checkbox", "code", "columnheader", "combobox", "complementary", "contentinfo",
        "definition", "deletion", "dialog", "directory", "document", "emphasis", "feed", "figure",
        "form", "generic", "grid", "gridcell", "group", "heading", "img", "insertion", "link", "list",
        "listbox", "listitem", "log", "main", "marquee", "math", "menu", "menubar", "menuitem",
        "menuitemcheckbox", "menuitemradio", "meter", "navigation", "none", "note", "option",
        "paragraph", "presentation", "progressbar", "radio", "radiogroup", "region", "row", "rowgroup",
        "rowheader", "scrollbar", "search", "searchbox", "separator", "slider", "spinbutton", "status",
        "strong", "subscript", "superscript", "switch", "tab", "table", "tablist", "tabpanel", "term",
        "textbox", "time", "timer", "toolbar", "tooltip", "tree", "treegrid", "treeitem",
        // ARIA 1.3 (drafts browsers already support)
        "comment", "image", "mark", "sectionfooter", "sectionheader", "suggestion",
        // Graphics-ARIA
        "graphics-document", "graphics-object", "graphics-symbol",
        // DPUB-ARIA
        "doc-abstract", "doc-acknowledgments", "doc-afterword", "doc-appendix", "doc-backlink",
        "doc-biblioentry", "doc-bibliography", "doc-biblioref", "doc-chapter", "doc-colophon",
        "doc-conclusion", "doc-cover", "doc-credit", "doc-credits", "doc-dedication", "doc-endnote",
        "doc-endnotes", "doc-epigraph", "doc-epilogue", "doc-errata", "doc-example", "doc-footnote",
        "doc-foreword", "doc-glossary", "doc-glossref", "doc-index", "doc-introduction", "doc-noteref",
        "doc-notice", "doc-pagebreak", "doc-pagefooter", "doc-pageheader", "doc-pagelist", "doc-part",
        "doc-preface", "doc-prologue", "doc-pullquote", "doc-qna", "doc-subtitle", "doc-tip", "doc-toc",
    ]

    /// Abstract roles: ontology only, never to be used in content.
    static let abstractRoles: Set<String> = [
        "command", "composite", "input", "landmark", "range", "roletype", "section", "sectionhead",
        "select", "structure", "widget", "window",
    ]

    /// The kind of value a state or property takes.
    enum ValueType {
        /// Any string (or ids, checked elsewhere).
        case free
        /// One of these tokens.
        case token(Set<String>)
        /// A space-separated list of these tokens.
        case tokens(Set<String>)
        case integer
        case number
    }

    static let boolean: ValueType = .token(["true", "false"])
    static let booleanOrUndefined: ValueType = .token(["true", "false", "undefined"])
    static let tristate: ValueType = .token(["true", "false", "mixed", "undefined"])

    /// Every state and property of WAI-ARIA 1.2 (and the few of 1.3 browsers support).
    static let attributes: [String: ValueType] = [
        "aria-activedescendant": .free,
        "aria-atomic": boolean,
        "aria-autocomplete": .token(["inline", "list", "both", "none"]),
        "aria-braillelabel": .free,
        "aria-brailleroledescription": .free,
        "aria-busy": boolean,
        "aria-checked": tristate,
        "aria-colcount": .integer,
        "aria-colindex": .integer,
        "aria-colindextext": .free,
        "aria-colspan": .integer,
        "aria-controls": .free,
        "aria-current": .token(["page", "step", "location", "date", "time", "true", "false"]),
        "aria-describedby": .free,
        "aria-description": .free,
        "aria-details": .free,
        "aria-disabled": boolean,
        "aria-dropeffect": .tokens(["copy", "execute", "link", "move", "none", "popup"]),
        "aria-errormessage": .free,
        "aria-expanded": booleanOrUndefined,
        "aria-flowto": .free,
        "aria-grabbed": booleanOrUndefined,
        "aria-haspopup": .token(["false", "true", "menu", "listbox", "tree", "grid", "dialog"]),
        "aria-hidden": booleanOrUndefined,
        "aria-invalid": .token(["grammar", "false", "spelling", "true"]),
        "aria-keyshortcuts": .free,
        "aria-label": .free,
        "aria-labelledby": .free,
        "aria-level": .integer,
        "aria-live": .token(["assertive", "off", "polite"]),
        "aria-modal": boolean,
        "aria-multiline": boolean,
        "aria-multiselectable": boolean,
        "aria-orientation": .token(["horizontal", "vertical", "undefined"]),
        "aria-owns": .free,
        "aria-placeholder": .free,
        "aria-posinset": .integer,
        "aria-pressed": tristate,
        "aria-readonly": boolean,
        "aria-relevant": .tokens(["additions", "all", "removals", "text"]),
        "aria-required": boolean,
        "aria-roledescription": .free,
        "aria-rowcount": .integer,
        "aria-rowindex": .integer,
        "aria-rowindextext": .free,
        "aria-rowspan": .integer,
        "aria-selected": booleanOrUndefined,
        "aria-setsize": .integer,
        "aria-sort": .token(["ascending", "descending", "none", "other"]),
        "aria-valuemax": .number,
        "aria-valuemin": .number,
        "aria-valuenow": .number,
        "aria-valuetext": .free,
    ]

    /// Attributes whose value is a list of ids of the same page (`for` and `headers` included).
    static let idReferenceAttributes: [String] = [
        "aria-labelledby", "aria-describedby", "aria-controls", "aria-owns", "aria-activedescendant",
        "aria-details", "aria-errormessage", "aria-flowto",
    ]
}

extension String {
    /// The value split at ASCII whitespace, as HTML splits token lists and id lists.
    var htmlTokens: [String] {
        split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0C}" })
            .map(String.init)
    }
}

extension HTMLNode {
    /// The tokens of the `role` attribute, lowercased; empty when there is none.
    var roles: [String] {
        (attribute("role") ?? "").lowercased().htmlTokens
    }

    /// The first role token the browser would use (the first known one), or nil.
    var explicitRole: String? {
        roles.first { ARIA.roles.contains($0) }
    }

    /// True for `role="presentation"` or `role="none"` (as the first known role).
    var isPresentational: Bool {
        explicitRole == "presentation" || explicitRole == "none"
    }

    /// True when the element is disabled: `disabled` on a form control, or inside a disabled
    /// `<fieldset>` (outside its first `<legend>`).
    var isDisabled: Bool {
        guard namespace == .html else { return false }
        let controls: Set<String> = ["button", "input", "select", "textarea", "optgroup", "option", "fieldset"]
        guard controls.contains(tag) else { return false }
        if has("disabled") { return true }
        var child: HTMLNode = self
        var node = parent
        while let ancestor = node {
            if ancestor.isHTML("fieldset"), ancestor.has("disabled") {
                let legend = ancestor.elementChildren.first { $0.isHTML("legend") }
                if legend !== child { return true }
            }
            child = ancestor
            node = ancestor.parent
        }
        return false
    }

    /// The `tabindex` as a number, or nil when absent or not an integer.
    var tabIndex: Int? {
        guard let value = trimmedAttribute("tabindex"), !value.isEmpty else { return nil }
        return Int(value)
    }

    /// True when the element can receive keyboard focus: links, form controls, `summary`,
    /// `iframe`, editing hosts, anything with `tabindex` ≥ 0 — unless disabled or `tabindex="-1"`.
    var isFocusable: Bool {
        guard kind == .element else { return false }
        if let index = tabIndex {
            if index < 0 { return false }
            return !isDisabled
        }
        if let editable = attribute("contenteditable")?.lowercased(), editable != "false" { return true }
        guard namespace == .html else {
            return namespace == .svg && tag == "a" && (has("href") || has("xlink:href"))
        }
        switch tag {
        case "a", "area":
            return has("href")
        case "button", "select", "textarea":
            return !isDisabled
        case "input":
            return attribute("type")?.lowercased() != "hidden" && !isDisabled
        case "iframe", "embed":
            return true
        case "summary":
            return parent?.isHTML("details") == true && parent?.elementChildren.first { $0.isHTML("summary") } === self
        case "audio", "video":
            return has("controls")
        default:
            return false
        }
    }
}

extension HTMLDocument {
    /// The ids of this page that something refers to: `for`, `headers`, `list`, the ARIA id
    /// references, and same-page fragments (`href="#id"`, `<use href="#id">`).
    var referencedIDs: Set<String> {
        var result: Set<String> = []
        for element in elements {
            for attribute in element.attributes {
                switch attribute.name {
                case "for" where element.isHTML("label") || element.isHTML("output"):
                    result.formUnion(attribute.value.htmlTokens)
                case "headers", "list":
                    result.formUnion(attribute.value.htmlTokens)
                case "href", "xlink:href":
                    let value = attribute.value.trimmingASCIIWhitespace()
                    if value.hasPrefix("#"), value.count > 1 {
                        let fragment = String(value.dropFirst())
                        result.insert(fragment.removingPercentEncoding ?? fragment)
                    }
                default:
                    if ARIA.idReferenceAttributes.contains(attribute.name) {
                        result.formUnion(attribute.value.htmlTokens)
                    }
                }
            }
        }
        return result
    }
}

/// Shortens a value for quoting in a message.
func quoted(_ value: String, limit: Int = 60) -> String {
    let collapsed = value.collapsingWhitespace()
    let short = collapsed.count > limit ? String(collapsed.prefix(limit)) + "…" : collapsed
    return "\"\(short)\""
}

extension HTMLNode {
    /// The rows of this `<table>`: its `<tr>`s and those of its own `thead`/`tbody`/`tfoot`
    /// (not those of nested tables).
    var tableRows: [HTMLNode] {
        elementChildren.flatMap { child -> [HTMLNode] in
            if child.isHTML("tr") { return [child] }
            if child.isHTML("thead") || child.isHTML("tbody") || child.isHTML("tfoot") {
                return child.elementChildren.filter { $0.isHTML("tr") }
            }
            return []
        }
    }

    /// The cells (`td`, `th`) of this table, row by row.
    var tableCells: [HTMLNode] {
        tableRows.flatMap { $0.elementChildren.filter { $0.isHTML("td") || $0.isHTML("th") } }
    }

    /// The nearest enclosing `<table>`.
    var enclosingTable: HTMLNode? {
        nearestAncestor { $0.isHTML("table") }
    }

    /// True when only whitespace: a text node of spaces and newlines.
    var isWhitespaceText: Bool {
        kind == .text && text.trimmingASCIIWhitespace().isEmpty
    }
}
