import CECSiteCore
import Foundation

/// Where a declaration was written: a stylesheet file, a `<style>` element or a `style` attribute
/// of a page (file and line), or the browser's default style (empty file).
struct CSSOrigin: Sendable, CustomStringConvertible {
    var file: String
    var line: Int
    var column: Int

    var description: String { file.isEmpty ? "the browser's default style" : "\(file):\(line)" }
}

/// What the audit needs of an element's computed style.
struct CSSComputedStyle {
    /// The text colour; nil when it cannot be known (a system colour, an unknown function…).
    var color: CSSColor? = .black
    /// The declaration that set the colour (inherited from an ancestor when the element sets none).
    var colorOrigin: CSSOrigin?
    /// The element's own background colour layer; nil when unknown.
    var background: CSSColor? = .transparent
    /// True when the element has a background image (or gradient) of its own.
    var backgroundImage = false
    /// Not rendered: `display: none` (or visually hidden by clipping, or opacity 0) on it or an ancestor.
    var hidden = false
    /// `visibility: hidden` or `collapse` in effect.
    var invisible = false
    /// Opacity below 1 on it or an ancestor: its colours are blended with what lies below.
    var translucent = false
    /// Font size in px; nil when unknown (`calc()`, a system font).
    var fontSize: Double? = 16
    /// Numeric font weight; nil when unknown.
    var fontWeight: Int? = 400
    /// Custom properties in effect, already substituted.
    var custom: [String: String] = [:]
    /// The `text-shadow` value in force (inherited), nil for none.
    var textShadow: String?
}

/// The stylesheets that apply to one page, and the styles they compute for its elements.
final class CSSPageStyles {
    struct Sheet {
        let sheet: CSSStyleSheet
        /// Media lists that must hold for the whole sheet (`<link media>`, `@import … media`).
        let media: [String]
        let isUserAgent: Bool
    }

    let page: AuditPage
    /// The user-agent sheet first, then the author sheets in document order.
    let sheets: [Sheet]
    let matcher: CSSMatcher
    private var mediaCache: [String: Bool] = [:]
    /// Matching rules of each element (independent of the screen width): sheet, rule, specificity.
    private var matched: [ObjectIdentifier: [(sheet: Int, rule: Int, specificity: Int)]] = [:]
    private var inlineStyle: [ObjectIdentifier: [CSSDeclaration]] = [:]

    /// The stylesheet file at the tree path `path`, parsed once per audit.
    static func sheet(at path: String, _ resources: AuditResources) -> CSSStyleSheet? {
        resources.memo("css-sheet:" + path) { () -> CSSStyleSheet? in
            guard let text = resources.text(at: path) else { return nil }
            return CSSStyleSheet(path: path, source: text)
        }
    }

    /// The author stylesheets of `page` in cascade order: linked files (and what they
    /// `@import`) and `<style>` elements, each with the media lists that must hold for it.
    static func authorSheets(of page: AuditPage) -> [Sheet] {
        var sheets: [Sheet] = []
        func add(_ sheet: CSSStyleSheet, media: [String], depth: Int) {
            if depth < 8 {
                for (reference, importMedia) in sheet.imports {
                    guard let target = AuditPage.resolve(reference, from: sheet.path),
                        let imported = Self.sheet(at: target.path, page.resources)
                    else { continue }
                    add(imported, media: media + (importMedia.isEmpty ? [] : [importMedia]), depth: depth + 1)
                }
            }
            sheets.append(Sheet(sheet: sheet, media: media, isUserAgent: false))
        }
        for element in page.document.elements where element.namespace == .html {
            if element.tag == "link", let href = element.attribute("href"), !element.has("disabled") {
                let rel = (element.attribute("rel") ?? "").lowercased().split(whereSeparator: \.isWhitespace)
                guard rel.contains("stylesheet"), !rel.contains("alternate"),
                    let target = page.resolve(href), let sheet = Self.sheet(at: target.path, page.resources)
                else { continue }
                add(sheet, media: element.attribute("media").map { [$0] } ?? [], depth: 0)
            } else if element.tag == "style", !element.ancestors.contains(where: { $0.isHTML("template") }) {
                let text = element.children.filter { $0.kind == .text }.map(\.text).joined()
                let first = element.children.first { $0.kind == .text }
                let sheet = CSSStyleSheet(
                    path: page.path, source: text, line: first?.line ?? element.line,
                    column: first?.column ?? element.column)
                add(sheet, media: element.attribute("media").map { [$0] } ?? [], depth: 0)
            }
        }
        return sheets
    }

    init(_ page: AuditPage) {
        self.page = page
        matcher = CSSMatcher(page.document)
        let sheets = [Sheet(sheet: Self.userAgent, media: [], isUserAgent: true)] + Self.authorSheets(of: page)
        self.sheets = sheets
        for element in page.document.elements {
            if let style = element.attributeNode("style") {
                inlineStyle[ObjectIdentifier(element)] = CSSStyleSheet.declarations(of: style.value, line: style.line, column: style.column)
            }
        }
    }

    /// Sheets written by the site (not the browser's defaults).
    var authorSheets: [CSSStyleSheet] { sheets.filter { !$0.isUserAgent }.map(\.sheet) }

    func mediaHolds(_ query: String, width: Double) -> Bool {
        let key = "\(width)|\(query)"
        if let known = mediaCache[key] { return known }
        let value = CSSMedia.matches(query, width: width)
        mediaCache[key] = value
        return value
    }

    /// The rules matching `element`.
    func matchedRules(_ element: HTMLNode) -> [(sheet: Int, rule: Int, specificity: Int)] {
        if let known = matched[ObjectIdentifier(element)] { return known }
        var result: [(sheet: Int, rule: Int, specificity: Int)] = []
        let id = element.attribute("id")
        let classes = matcher.classes(element)
        for (sheetIndex, entry) in sheets.enumerated() {
            let sheet = entry.sheet
            var candidates: [(rule: Int, selector: Int)] = sheet.universal
            if let id, let list = sheet.byID[id] { candidates += list }
            for name in classes { if let list = sheet.byClass[name] { candidates += list } }
            if let list = sheet.byTag[element.tag] { candidates += list }
            var best: [Int: Int] = [:]
            for (ruleIndex, selectorIndex) in candidates {
                let selector = sheet.rules[ruleIndex].selectors[selectorIndex]
                if let known = best[ruleIndex], known >= selector.specificity { continue }
                if matcher.matches(selector, element) { best[ruleIndex] = selector.specificity }
            }
            for (ruleIndex, specificity) in best { result.append((sheetIndex, ruleIndex, specificity)) }
        }
        matched[ObjectIdentifier(element)] = result
        return result
    }

    private struct Winner {
        var key: (Int, Int, Int)
        var declaration: CSSDeclaration
        var property: String
        var origin: CSSOrigin
    }

    /// Whether each rule of each sheet applies on a screen `width` px wide.
    private func mediaTable(width: Double) -> [[Bool]] {
        sheets.map { entry in
            let sheetHolds = entry.media.allSatisfy { mediaHolds($0, width: width) }
            return entry.sheet.rules.map { rule in sheetHolds && rule.media.allSatisfy { mediaHolds($0, width: width) } }
        }
    }

    /// Computes the style of every element for a screen `width` px wide. With `baseline` (the
    /// styles at another width), elements whose rules and parent do not depend on the width
    /// take their style from it instead of computing it again.
    func computeStyles(width: Double, baseline: (styles: [ObjectIdentifier: CSSComputedStyle], width: Double)? = nil)
        -> [ObjectIdentifier: CSSComputedStyle]
    {
        var styles: [ObjectIdentifier: CSSComputedStyle] = [:]
        styles.reserveCapacity(page.document.elements.count)
        var rootFontSize = 16.0
        let mediaOK = mediaTable(width: width)
        let baselineOK = baseline.map { mediaTable(width: $0.width) }
        var changed = Set<ObjectIdentifier>()
        for element in page.document.elements {
            let id = ObjectIdentifier(element)
            if let baseline, let baselineOK {
                let parentChanged = element.parent.map { changed.contains(ObjectIdentifier($0)) } ?? false
                let dependsOnWidth = matchedRules(element).contains { baselineOK[$0.sheet][$0.rule] != mediaOK[$0.sheet][$0.rule] }
                if !parentChanged, !dependsOnWidth, let known = baseline.styles[id] {
                    styles[id] = known
                    if element.parent == nil, let size = known.fontSize { rootFontSize = size }
                    continue
                }
                changed.insert(id)
            }
            let parent = element.parent.flatMap { styles[ObjectIdentifier($0)] } ?? CSSComputedStyle()
            var winners: [String: Winner] = [:]
            func offer(_ declaration: CSSDeclaration, key: (Int, Int, Int), origin: CSSOrigin) {
                for longhand in CSSStyleSheet.longhands(declaration.property) {
                    if let existing = winners[longhand], existing.key > key { continue }
                    winners[longhand] = Winner(key: key, declaration: declaration, property: declaration.property, origin: origin)
                }
            }
            for (sheetIndex, ruleIndex, specificity) in matchedRules(element) {
                guard mediaOK[sheetIndex][ruleIndex] else { continue }
                let entry = sheets[sheetIndex]
                let rule = entry.sheet.rules[ruleIndex]
                for (index, declaration) in rule.declarations.enumerated() {
                    let tier = entry.isUserAgent ? (declaration.important ? 3 : 0) : (declaration.important ? 2 : 1)
                    offer(
                        declaration, key: (tier, specificity, (sheetIndex << 32) | (ruleIndex << 12) | index),
                        origin: CSSOrigin(file: entry.isUserAgent ? "" : entry.sheet.path, line: declaration.line, column: declaration.column))
                }
            }
            for (index, declaration) in (inlineStyle[ObjectIdentifier(element)] ?? []).enumerated() {
                offer(
                    declaration, key: (declaration.important ? 2 : 1, Int.max, index),
                    origin: CSSOrigin(file: page.path, line: declaration.line, column: declaration.column))
            }
            var style: CSSComputedStyle
            if winners.isEmpty {
                // Nothing set here: everything is inherited, and the background is transparent.
                style = parent
                style.background = .transparent
                style.backgroundImage = false
            } else {
                style = Self.compute(winners: winners, parent: parent, rootFontSize: element.parent == nil ? 16 : rootFontSize)
            }
            if element.parent == nil, let size = style.fontSize { rootFontSize = size }
            styles[ObjectIdentifier(element)] = style
        }
        return styles
    }

    private static func compute(winners: [String: Winner], parent: CSSComputedStyle, rootFontSize: Double) -> CSSComputedStyle {
        var style = CSSComputedStyle()
        style.color = parent.color
        style.colorOrigin = parent.colorOrigin
        style.hidden = parent.hidden
        style.invisible = parent.invisible
        style.translucent = parent.translucent
        style.fontSize = parent.fontSize
        style.fontWeight = parent.fontWeight
        style.custom = parent.custom
        style.textShadow = parent.textShadow

        // Custom properties first: other values refer to them.
        for (name, winner) in winners.sorted(by: { $0.value.key < $1.value.key }) where name.hasPrefix("--") {
            let raw = winner.declaration.value
            switch raw.lowercased() {
            case "inherit", "unset": style.custom[name] = parent.custom[name]
            case "initial": style.custom[name] = nil
            default: style.custom[name] = substitute(raw, style.custom)
            }
        }
        func value(_ property: String) -> (text: String, winner: Winner, shorthand: Bool)? {
            guard let winner = winners[property] else { return nil }
            // A value whose var() cannot be resolved is invalid at computed-value time: unset.
            let text = substitute(winner.declaration.value, style.custom) ?? "unset"
            return (text.trimmingASCIIWhitespace(), winner, winner.property != property)
        }

        if let (text, winner, _) = value("color") {
            switch text.lowercased() {
            case "inherit", "unset", "currentcolor": break
            case "initial": style.color = .black; style.colorOrigin = winner.origin
            default:
                style.color = CSSColor(css: text)
                style.colorOrigin = winner.origin
            }
        }
        if let (text, _, shorthand) = value("font-size") {
            let sizeText = shorthand ? fontShorthand(text)?.size : text
            style.fontSize = sizeText.flatMap { fontSize($0, parent: parent.fontSize, root: rootFontSize) }
        }
        if let (text, _, shorthand) = value("font-weight") {
            let weightText = shorthand ? fontShorthand(text)?.weight : text
            style.fontWeight = weightText.flatMap { fontWeight($0, parent: parent.fontWeight) }
        }
        if let (text, _, shorthand) = value("background-color") {
            let lower = text.lowercased()
            if lower == "inherit" {
                style.background = parent.background
            } else if lower == "initial" || lower == "unset" || lower == "none" {
                style.background = .transparent
            } else if shorthand {
                style.background = backgroundColor(ofShorthand: text, currentColor: style.color)
            } else {
                style.background = lower == "currentcolor" ? style.color : CSSColor(css: text)
            }
        }
        if let (text, _, _) = value("background-image") {
            let lower = text.lowercased()
            if lower == "inherit" {
                style.backgroundImage = parent.backgroundImage
            } else {
                style.backgroundImage = ["url(", "gradient(", "image(", "image-set(", "element(", "paint(", "cross-fade("]
                    .contains { lower.contains($0) }
            }
        }
        if let (text, _, _) = value("text-shadow") {
            switch text.lowercased() {
            case "inherit", "unset": break
            case "none", "initial": style.textShadow = nil
            default: style.textShadow = text
            }
        }
        if let (text, _, _) = value("display") {
            if text.lowercased() == "none" { style.hidden = true }
        }
        if let (text, _, _) = value("content-visibility") {
            if text.lowercased() == "hidden" { style.hidden = true }
        }
        if let (text, _, _) = value("visibility") {
            switch text.lowercased() {
            case "hidden", "collapse": style.invisible = true
            case "visible": style.invisible = false
            default: break
            }
        }
        if let (text, _, _) = value("opacity") {
            let lower = text.lowercased()
            let number = lower.hasSuffix("%") ? Double(lower.dropLast()).map { $0 / 100 } : Double(lower)
            if let number {
                if number <= 0 { style.hidden = true } else if number < 1 { style.translucent = true }
            } else if !["inherit", "initial", "unset"].contains(lower) {
                style.translucent = true
            }
        }
        if let (text, _, _) = value("clip-path") {
            let lower = text.lowercased().replacingOccurrences(of: " ", with: "")
            if lower.contains("inset(50%") || lower.contains("inset(100%") || lower.contains("circle(0") { style.hidden = true }
        }
        if let (text, _, _) = value("clip") {
            let lower = text.lowercased().replacingOccurrences(of: " ", with: "")
            if lower.hasPrefix("rect(0") || lower.hasPrefix("rect(1px,1px,1px,1px)") || lower.hasPrefix("rect(1px1px1px1px)") {
                style.hidden = true
            }
        }
        return style
    }

    /// `value` with every `var(--name, fallback)` replaced; nil when one cannot be resolved.
    static func substitute(_ value: String, _ custom: [String: String], depth: Int = 0) -> String? {
        guard value.utf8.contains(UInt8(ascii: "(")),
            let range = value.range(of: "var(", options: .caseInsensitive)
        else { return value }
        guard depth < 32 else { return nil }
        var level = 1
        var index = range.upperBound
        var comma: String.Index?
        while index < value.endIndex {
            let c = value[index]
            if c == "(" { level += 1 }
            if c == ")" { level -= 1; if level == 0 { break } }
            if c == ",", level == 1, comma == nil { comma = index }
            index = value.index(after: index)
        }
        guard index < value.endIndex else { return nil }
        let name = String(value[range.upperBound..<(comma ?? index)]).trimmingASCIIWhitespace()
        var replacement = custom[name]
        if replacement == nil, let comma {
            replacement = substitute(String(value[value.index(after: comma)..<index]), custom, depth: depth + 1)
        }
        guard let replacement else { return nil }
        let result = String(value[..<range.lowerBound]) + replacement + String(value[value.index(after: index)...])
        return substitute(result, custom, depth: depth + 1)
    }

    /// Splits at top-level whitespace (keeping functions whole).
    static func tokens(_ text: String, separators: Set<Character> = [" ", "\t", "\n", "\r"]) -> [String] {
        var result: [String] = []
        var current = ""
        var depth = 0
        for c in text {
            if c == "(" { depth += 1 }
            if c == ")" { depth = max(0, depth - 1) }
            if depth == 0, separators.contains(c) {
                if !current.isEmpty { result.append(current) }
                current = ""
            } else {
                current.append(c)
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    private static let backgroundKeywords: Set<String> = [
        "none", "repeat", "no-repeat", "repeat-x", "repeat-y", "space", "round", "scroll", "fixed", "local",
        "center", "left", "right", "top", "bottom", "cover", "contain", "auto", "border-box", "padding-box",
        "content-box", "text",
    ]

    /// The colour of a `background` shorthand (transparent when it names none); nil when a part
    /// is not understood.
    static func backgroundColor(ofShorthand text: String, currentColor: CSSColor?) -> CSSColor? {
        var color: CSSColor? = .transparent
        for token in tokens(text, separators: [" ", "\t", "\n", "\r", ",", "/"]) {
            let lower = token.lowercased()
            if backgroundKeywords.contains(lower)
                || ["url(", "gradient(", "image(", "image-set(", "element(", "paint(", "cross-fade("].contains(where: { lower.contains($0) })
            {
                continue
            }
            if lower == "currentcolor" { color = currentColor; continue }
            if let parsed = CSSColor(css: token) { color = parsed; continue }
            if let first = lower.first, first.isNumber || first == "-" || first == "+" || first == "." { continue }  // positions, sizes
            return nil
        }
        return color
    }

    private static let systemFonts: Set<String> = ["caption", "icon", "menu", "message-box", "small-caption", "status-bar"]
    private static let fontSizeKeywords: [String: Double] = [
        "xx-small": 9, "x-small": 10, "small": 13, "medium": 16, "large": 18, "x-large": 24, "xx-large": 32, "xxx-large": 48,
    ]

    /// The size and weight parts of a `font` shorthand; nil for a system font or nonsense.
    static func fontShorthand(_ text: String) -> (size: String, weight: String)? {
        let parts = tokens(text)
        if parts.count == 1 {
            let lower = parts[0].lowercased()
            if ["inherit", "initial", "unset"].contains(lower) { return (lower, lower) }
            return nil
        }
        var weight = "normal"
        for part in parts {
            let lower = part.lowercased()
            if ["bold", "bolder", "lighter"].contains(lower) || (Int(lower).map { (1...1000).contains($0) } ?? false) {
                weight = lower
                continue
            }
            let sizePart = lower.split(separator: "/", maxSplits: 1).first.map(String.init) ?? lower
            if fontSizeKeywords[sizePart] != nil || ["smaller", "larger"].contains(sizePart)
                || sizePart.first.map({ $0.isNumber || $0 == "." }) == true || sizePart.hasPrefix("calc(")
            {
                return (sizePart, weight)
            }
        }
        return nil
    }

    /// A font size in px; nil when unknown.
    static func fontSize(_ text: String, parent: Double?, root: Double) -> Double? {
        let value = text.lowercased().trimmingASCIIWhitespace()
        switch value {
        case "inherit", "unset": return parent
        case "initial": return 16
        case "smaller": return parent.map { $0 / 1.2 }
        case "larger": return parent.map { $0 * 1.2 }
        default: break
        }
        if let keyword = fontSizeKeywords[value] { return keyword }
        for (unit, scale) in [("px", 1.0), ("pt", 4.0 / 3), ("pc", 16.0), ("in", 96.0), ("cm", 96 / 2.54), ("mm", 96 / 25.4)]
        where value.hasSuffix(unit) {
            if unit == "in", value.hasSuffix("vmin") { break }
            return Double(value.dropLast(unit.count)).map { $0 * scale }
        }
        if value.hasSuffix("rem") { return Double(value.dropLast(3)).map { $0 * root } }
        guard let parent else { return nil }
        if value.hasSuffix("em") { return Double(value.dropLast(2)).map { $0 * parent } }
        if value.hasSuffix("%") { return Double(value.dropLast()).map { $0 / 100 * parent } }
        if value.hasSuffix("ex") || value.hasSuffix("ch") { return Double(value.dropLast(2)).map { $0 * parent / 2 } }
        return nil
    }

    /// A numeric font weight; nil when unknown.
    static func fontWeight(_ text: String, parent: Int?) -> Int? {
        let value = text.lowercased().trimmingASCIIWhitespace()
        switch value {
        case "normal", "initial": return 400
        case "bold": return 700
        case "inherit", "unset": return parent
        case "bolder":
            return parent.map { $0 < 350 ? 400 : $0 < 550 ? 700 : 900 }
        case "lighter":
            return parent.map { $0 < 550 ? 100 : $0 < 750 ? 400 : 700 }
        default: return Int(value).flatMap { (1...1000).contains($0) ? $0 : nil }
        }
    }

    /// The browser's default style, as far as colours, sizes, weights and hiding go.
    static let userAgent = CSSStyleSheet(
        path: "",
        source: """
            [hidden], area, base, basefont, datalist, head, link, meta, noembed, noframes, noscript, param,
            rp, script, style, template, title, dialog:not([open]) { display: none; }
            a:any-link { color: #0000ee; }
            b, strong, th, optgroup, h1, h2, h3, h4, h5, h6 { font-weight: bold; }
            h1 { font-size: 2em; } h2 { font-size: 1.5em; } h3 { font-size: 1.17em; }
            h4 { font-size: 1em; } h5 { font-size: 0.83em; } h6 { font-size: 0.67em; }
            small, sub, sup { font-size: smaller; }
            big { font-size: larger; }
            mark { background-color: #ffff00; color: #000000; }
            button, input, select, textarea { color: #000000; font-size: 13.333px; font-weight: 400; }
            button, select, input[type=button], input[type=submit], input[type=reset] { background-color: #efefef; }
            input, textarea { background-color: #ffffff; }
            """)
}
