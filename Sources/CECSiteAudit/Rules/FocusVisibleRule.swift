import CECSiteCore

/// `focus-visible`: the stylesheets do not remove the focus outline of interactive elements
/// without putting another visible indicator in its place (WCAG 2.4.7).
///
/// Reported at the declaration in the CSS file (or `<style>` element). Exempt: rules whose
/// focused element can only be a non-interactive target of a skip link or script (`main:focus`,
/// `h1:focus`, `[tabindex="-1"]:focus`), `:focus:not(:focus-visible)` (mouse focus only), rules
/// that give a box-shadow, border, background or text-decoration instead, and removals that a
/// later or more specific `:focus-visible`/`:focus` rule of the same sheet undoes.
struct FocusVisibleRule: AuditRule {
    let id = "focus-visible"
    let criterion = "2.4.7"
    let summary = """
        CSS must not hide the focus indicator (outline: none or 0 on :focus, or on links, buttons \
        and fields) unless the same rule draws another one, so that keyboard users can see where they are.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Пошук — ЦВК</title>
        <style>a:focus { outline: none; }</style></head>
        <body><main><h1>Пошук</h1><a href="#main">Результати</a></main></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Пошук — ЦВК</title>
        <style>
        a:focus { outline: none; box-shadow: 0 0 0 3px #b35900; }
        main:focus { outline: none; }
        </style></head>
        <body><main id="main" tabindex="-1"><h1>Пошук</h1><a href="#main">Результати</a></main></body>
        </html>
        """

    struct Problem: Sendable {
        var line: Int
        var column: Int
        var message: String
    }

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        for entry in CSSPageStyles.authorSheets(of: page) {
            let sheet = entry.sheet
            guard
                entry.media.allSatisfy({
                    CSSMedia.matches($0, width: ColorContrastRule.desktopWidth) || CSSMedia.matches($0, width: ColorContrastRule.narrowWidth)
                })
            else { continue }
            let problems =
                sheet.path == page.path
                ? Self.problems(in: sheet)
                : page.resources.memo("focus-visible:" + sheet.path) { Self.problems(in: sheet) }
            for problem in problems {
                report.add(self, SourceLocation(file: sheet.path, line: problem.line, column: problem.column), problem.message)
            }
        }
    }

    /// Elements that can be focused by the keyboard without a tabindex.
    private static let interactive: Set<String> = [
        "a", "area", "button", "input", "select", "textarea", "summary", "details", "iframe", "embed", "object",
        "audio", "video", "label", "option",
    ]

    static func problems(in sheet: CSSStyleSheet) -> [Problem] {
        // Rules that draw a focus indicator: they may undo a removal with lower precedence.
        var restorers: [(specificity: Int, order: Int)] = []
        for (order, rule) in sheet.rules.enumerated() where appliesOnScreen(rule) && !removesOutline(rule.declarations).removed {
            guard rule.declarations.contains(where: { drawsIndicator($0) }) else { continue }
            for selector in rule.selectors where focusPseudo(in: selector.compounds.last!) != nil {
                restorers.append((selector.specificity, order))
            }
        }
        var result: [Problem] = []
        for (order, rule) in sheet.rules.enumerated() where appliesOnScreen(rule) {
            let removal = removesOutline(rule.declarations)
            guard removal.removed, let declaration = removal.declaration,
                !rule.declarations.contains(where: isReplacement)
            else { continue }
            let offending = rule.selectors.first { selector in
                let subject = selector.compounds.last!
                if subject.pseudoElement { return false }
                let restored = restorers.contains { $0.specificity > selector.specificity || ($0.specificity == selector.specificity && $0.order > order) }
                switch focusPseudo(in: subject) {
                case "focus-visible"?:
                    return !targetsOnlyNonInteractive(subject)
                case "focus"?:
                    if excludesFocusVisible(subject) { return false }
                    return !targetsOnlyNonInteractive(subject) && !restored
                default:
                    // Not a focus rule: it still removes the outline when the element is focused.
                    if subject.pseudoClasses.contains(where: { if case .state = $0 { return true } else { return false } }) { return false }
                    return targetsInteractive(subject) && !restored
                }
            }
            guard offending != nil else { continue }
            let written = rule.selectorText.count > 60 ? String(rule.selectorText.prefix(57)) + "…" : rule.selectorText
            result.append(
                Problem(
                    line: declaration.line, column: declaration.column,
                    message:
                        "'\(written)' sets \(declaration.property): \(declaration.value), hiding where keyboard focus is, and draws no other indicator; keep the outline, or replace it in the same rule with a box-shadow, border or background of at least 3:1 contrast"
                ))
        }
        return result
    }

    private static func appliesOnScreen(_ rule: CSSStyleRule) -> Bool {
        rule.media.allSatisfy { CSSMedia.matches($0, width: ColorContrastRule.desktopWidth) }
            || rule.media.allSatisfy { CSSMedia.matches($0, width: ColorContrastRule.narrowWidth) }
    }

    /// Whether the rule leaves the outline removed, and the declaration that removed it.
    static func removesOutline(_ declarations: [CSSDeclaration]) -> (removed: Bool, declaration: CSSDeclaration?) {
        var removed = false
        var removing: CSSDeclaration?
        for declaration in declarations {
            let value = declaration.value.lowercased()
            let parts = CSSPageStyles.tokens(value)
            let zero = { (part: String) in Double(part) == 0 || ["0px", "0em", "0rem", "none", "hidden", "transparent"].contains(part) }
            switch declaration.property {
            case "outline":
                if parts.contains(where: zero) {
                    removed = true; removing = declaration
                } else if !parts.isEmpty, !["inherit", "unset", "initial", "revert"].contains(value) {
                    removed = false
                }
            case "outline-style":
                if value == "none" || value == "hidden" { removed = true; removing = declaration } else { removed = false }
            case "outline-width":
                if zero(value) { removed = true; removing = declaration }
            case "outline-color":
                if value == "transparent" { removed = true; removing = declaration }
            default: break
            }
        }
        return (removed, removing)
    }

    /// A declaration that draws something visible when the element is focused.
    private static func drawsIndicator(_ declaration: CSSDeclaration) -> Bool {
        switch declaration.property {
        case "outline", "outline-style", "outline-width": return !removesOutline([declaration]).removed
        default: return isReplacement(declaration)
        }
    }

    /// A declaration that can stand in for the outline: a shadow, border, background or underline.
    private static func isReplacement(_ declaration: CSSDeclaration) -> Bool {
        let property = declaration.property
        let value = declaration.value.lowercased()
        let empty = ["none", "0", "0px", "transparent", "inherit", "initial", "unset", "revert", "0 none"].contains(value)
        if property == "box-shadow"
            || property.hasPrefix("border") && !property.hasSuffix("radius") && !property.hasSuffix("collapse") && !property.hasSuffix("spacing")
            || property.hasPrefix("background") && property != "background-clip" && property != "background-origin"
            || property.hasPrefix("text-decoration")
        {
            return !empty
        }
        return false
    }

    /// The focus pseudo-class of a compound (`focus` or `focus-visible`), also inside `:is()`.
    private static func focusPseudo(in compound: CSSCompoundSelector) -> String? {
        var found: String?
        for pseudo in compound.pseudoClasses {
            switch pseudo {
            case .state(let name) where name == "focus-visible" || name == "focus" || name == "-moz-focusring":
                if found != "focus-visible" { found = name == "focus-visible" ? name : "focus" }
            case .matches(let list):
                for selector in list { if let inner = focusPseudo(in: selector.compounds.last!) { found = found ?? inner } }
            default: break
            }
        }
        return found
    }

    /// `:not(:focus-visible)`: the rule applies to mouse focus only.
    private static func excludesFocusVisible(_ compound: CSSCompoundSelector) -> Bool {
        compound.pseudoClasses.contains { pseudo in
            guard case .not(let list) = pseudo else { return false }
            return list.contains { focusPseudo(in: $0.compounds.last!) == "focus-visible" }
        }
    }

    /// The compound can only match elements that are not focusable by the keyboard on their own
    /// (skip-link targets and the like).
    private static func targetsOnlyNonInteractive(_ compound: CSSCompoundSelector) -> Bool {
        if compound.attributes.contains(where: { $0.name == "tabindex" && $0.op == .equals && $0.value.hasPrefix("-") }) { return true }
        guard let tag = compound.tag, !interactive.contains(tag) else { return false }
        return !compound.attributes.contains { ["tabindex", "role", "contenteditable", "href"].contains($0.name) }
    }

    /// The compound matches interactive elements: `*`, a bare pseudo-class, `a`, `button`, `[tabindex]`…
    private static func targetsInteractive(_ compound: CSSCompoundSelector) -> Bool {
        if let tag = compound.tag { return interactive.contains(tag) }
        if compound.attributes.contains(where: { ["tabindex", "href", "contenteditable"].contains($0.name) }) { return true }
        if compound.pseudoClasses.contains(where: { if case .link = $0 { return true } else { return false } }) { return true }
        return compound.ids.isEmpty && compound.classes.isEmpty && compound.attributes.isEmpty
    }
}
