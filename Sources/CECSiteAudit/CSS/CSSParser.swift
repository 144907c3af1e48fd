import CECSiteCore

/// One declaration of a style rule: `color: var(--text) !important`.
struct CSSDeclaration: Sendable {
    /// Lowercased; custom properties (`--text`) keep their case.
    var property: String
    /// The value without comments, surrounding whitespace or `!important`.
    var value: String
    var important: Bool
    /// 1-based position of the property name in the file (or page, for `<style>` and `style=""`).
    var line: Int
    var column: Int
}

/// A style rule: a selector list and its declarations, with the `@media` conditions around it.
struct CSSStyleRule: Sendable {
    var selectorText: String
    /// The parsed selectors; empty when the list is invalid (the rule then applies to nothing).
    var selectors: [CSSComplexSelector]
    var declarations: [CSSDeclaration]
    /// The preludes of the enclosing `@media` rules; all must hold.
    var media: [String]
    var line: Int
    var column: Int
}

/// A parsed stylesheet: a linked file, a `<style>` element, or the browser's defaults.
final class CSSStyleSheet: @unchecked Sendable {
    /// The tree path of the file (for `<style>`, the page's path), used in messages.
    let path: String
    let rules: [CSSStyleRule]
    /// `@import` targets as written, with their media lists.
    let imports: [(reference: String, media: String)]
    /// Rule and selector indexes, bucketed by the key (rightmost) compound's id, class or tag.
    let byID: [String: [(rule: Int, selector: Int)]]
    let byClass: [String: [(rule: Int, selector: Int)]]
    let byTag: [String: [(rule: Int, selector: Int)]]
    let universal: [(rule: Int, selector: Int)]

    /// Parses `source`; `line` and `column` give where the text starts (for a `<style>` element).
    init(path: String, source: String, line: Int = 1, column: Int = 1) {
        self.path = path
        var parser = CSSParser(source, line: line, column: column)
        parser.parseRuleList(media: [], nested: false)
        rules = parser.rules
        imports = parser.imports
        var byID: [String: [(Int, Int)]] = [:], byClass: [String: [(Int, Int)]] = [:]
        var byTag: [String: [(Int, Int)]] = [:], universal: [(Int, Int)] = []
        for (ruleIndex, rule) in rules.enumerated() {
            // Only rules setting a property the audit computes are worth matching.
            guard rule.declarations.contains(where: { !CSSStyleSheet.longhands($0.property).isEmpty }) else { continue }
            for (selectorIndex, selector) in rule.selectors.enumerated() {
                let key = selector.compounds.last!
                if key.pseudoElement { continue }
                if let id = key.ids.first {
                    byID[id, default: []].append((ruleIndex, selectorIndex))
                } else if let cls = key.classes.first {
                    byClass[cls, default: []].append((ruleIndex, selectorIndex))
                } else if let tag = key.tag {
                    byTag[tag, default: []].append((ruleIndex, selectorIndex))
                } else {
                    universal.append((ruleIndex, selectorIndex))
                }
            }
        }
        self.byID = byID
        self.byClass = byClass
        self.byTag = byTag
        self.universal = universal
    }

    /// The properties the audit computes that `property` sets (itself, or a shorthand's longhands).
    static func longhands(_ property: String) -> [String] {
        switch property {
        case "color", "background-color", "background-image", "display", "visibility", "opacity",
            "font-size", "font-weight", "clip", "clip-path", "content-visibility", "text-shadow":
            return [property]
        case "background": return ["background-color", "background-image"]
        case "font": return ["font-size", "font-weight"]
        default: return property.hasPrefix("--") ? [property] : []
        }
    }

    /// Parses the declarations of a `style` attribute.
    static func declarations(of style: String, line: Int, column: Int) -> [CSSDeclaration] {
        var parser = CSSParser(style + "}", line: line, column: column)
        return parser.parseDeclarations()
    }
}

/// A forgiving CSS parser after CSS Syntax 3: it never fails, skips what it does not understand,
/// and keeps the position of every declaration.
struct CSSParser {
    private let s: [Unicode.Scalar]
    private var i = 0
    private var lineStarts: [Int] = [0]
    private let baseLine: Int
    private let baseColumn: Int
    fileprivate(set) var rules: [CSSStyleRule] = []
    fileprivate(set) var imports: [(reference: String, media: String)] = []

    init(_ source: String, line: Int = 1, column: Int = 1) {
        s = Array(source.unicodeScalars)
        baseLine = line
        baseColumn = column
        for (index, scalar) in s.enumerated() where scalar == "\n" { lineStarts.append(index + 1) }
    }

    /// 1-based line and column of offset `offset`.
    func position(_ offset: Int) -> (line: Int, column: Int) {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        let column = offset - lineStarts[low] + 1
        return (baseLine + low, low == 0 ? baseColumn + column - 1 : column)
    }

    private var atEnd: Bool { i >= s.count }
    private var current: Unicode.Scalar { s[i] }

    private mutating func skipComment() -> Bool {
        guard i + 1 < s.count, s[i] == "/", s[i + 1] == "*" else { return false }
        i += 2
        while i + 1 < s.count, !(s[i] == "*" && s[i + 1] == "/") { i += 1 }
        i = min(i + 2, s.count)
        return true
    }

    private mutating func skipWhitespaceAndComments() {
        while !atEnd {
            if current.properties.isWhitespace { i += 1 } else if !skipComment() { return }
        }
    }

    /// Reads up to (not including) a top-level character of `stops`, dropping comments and
    /// keeping strings and bracketed parts whole.
    private mutating func read(until stops: Set<Unicode.Scalar>) -> String {
        var out = String.UnicodeScalarView()
        var depth = 0
        while !atEnd {
            let c = current
            if depth == 0, stops.contains(c) { break }
            if skipComment() { out.append(" "); continue }
            switch c {
            case "\\":
                out.append(c)
                i += 1
                if !atEnd { out.append(current); i += 1 }
                continue
            case "\"", "'":
                out.append(c)
                i += 1
                while !atEnd, current != c, current != "\n" {
                    if current == "\\", i + 1 < s.count { out.append(current); i += 1 }
                    out.append(current)
                    i += 1
                }
                if !atEnd, current == c { out.append(c); i += 1 }
                continue
            case "(", "[", "{": depth += 1
            case ")", "]", "}":
                if depth > 0 { depth -= 1 } else if c == "}" { return String(out) }
            default: break
            }
            out.append(c)
            i += 1
        }
        return String(out)
    }

    /// Skips a `{…}` block; `i` is at its `{`.
    private mutating func skipBlock() {
        i += 1
        _ = read(until: ["}"])
        if !atEnd { i += 1 }
    }

    /// Parses rules until the end, or until the `}` closing the block when `nested`.
    mutating func parseRuleList(media: [String], nested: Bool) {
        while true {
            skipWhitespaceAndComments()
            if atEnd { return }
            let start = i
            if current == "}" {
                i += 1
                if nested { return }
                continue
            }
            if current == "<" || current == "-" && i + 3 < s.count && s[i + 1] == "-" && s[i + 2] == ">" {
                // CDO/CDC tokens of old pages.
                if current == "<", i + 3 < s.count, s[i + 1] == "!", s[i + 2] == "-", s[i + 3] == "-" { i += 4; continue }
                if current == "-" { i += 3; continue }
            }
            if current == "@" {
                i += 1
                var name = ""
                while !atEnd, current.properties.isAlphabetic || current == "-" || current.properties.numericType != nil {
                    name.unicodeScalars.append(current)
                    i += 1
                }
                name = name.lowercased()
                let prelude = read(until: ["{", ";"]).trimmingASCIIWhitespace()
                if atEnd { return }
                if current == ";" {
                    i += 1
                    if name == "import" { imports.append(Self.importTarget(prelude)) }
                    continue
                }
                if current == "}" { continue }
                switch name {
                case "media":
                    i += 1
                    parseRuleList(media: media + [prelude], nested: true)
                case "supports", "layer", "document", "-moz-document", "scope", "starting-style":
                    i += 1
                    parseRuleList(media: media, nested: true)
                default:
                    skipBlock()  // @font-face, @keyframes, @page, @container, @property…
                }
                continue
            }
            let prelude = read(until: ["{", ";"])
            if atEnd { return }
            if current == ";" { i += 1; continue }
            if current == "}" { continue }
            i += 1
            let (line, column) = position(start)
            let declarations = parseDeclarations()
            let text = prelude.trimmingASCIIWhitespace()
            rules.append(
                CSSStyleRule(
                    selectorText: text, selectors: CSSSelectorParser.parseList(text) ?? [],
                    declarations: declarations, media: media, line: line, column: column))
        }
    }

    /// Parses declarations up to and including the closing `}` (or the end).
    mutating func parseDeclarations() -> [CSSDeclaration] {
        var result: [CSSDeclaration] = []
        while true {
            skipWhitespaceAndComments()
            if atEnd { return result }
            if current == "}" { i += 1; return result }
            if current == ";" { i += 1; continue }
            let start = i
            let name = read(until: [":", ";", "{", "}"]).trimmingASCIIWhitespace()
            if atEnd { return result }
            if current == "{" {  // a nested rule: not supported, skipped
                skipBlock()
                continue
            }
            guard current == ":" else { continue }
            i += 1
            var value = read(until: [";", "}", "{"])
            if !atEnd, current == "{" {  // a nested rule whose selector contains ':'
                skipBlock()
                continue
            }
            var important = false
            if let bang = value.lastIndex(of: "!"),
                value[value.index(after: bang)...].cssTrimmed.lowercased() == "important"
            {
                important = true
                value = String(value[..<bang])
            }
            let isCustom = name.hasPrefix("--")
            guard !name.isEmpty, name.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || $0 == "-" || $0 == "_" || $0.properties.numericType != nil })
            else { continue }
            let (line, column) = position(start)
            result.append(
                CSSDeclaration(
                    property: isCustom ? name : name.lowercased(),
                    value: value.trimmingASCIIWhitespace(), important: important,
                    line: line, column: column))
        }
    }

    /// The URL and media list of an `@import` prelude.
    private static func importTarget(_ prelude: String) -> (reference: String, media: String) {
        var rest = Substring(prelude)
        var reference = ""
        if rest.lowercased().hasPrefix("url(") {
            let close = rest.firstIndex(of: ")") ?? rest.endIndex
            reference = String(rest[rest.index(rest.startIndex, offsetBy: 4)..<close])
            rest = close < rest.endIndex ? rest[rest.index(after: close)...] : ""
        } else if let quote = rest.first, quote == "\"" || quote == "'" {
            let body = rest.dropFirst()
            let close = body.firstIndex(of: quote) ?? body.endIndex
            reference = String(body[..<close])
            rest = close < body.endIndex ? body[body.index(after: close)...] : ""
        }
        reference = reference.trimmingASCIIWhitespace()
        if let quote = reference.first, quote == "\"" || quote == "'", reference.count >= 2 {
            reference = String(reference.dropFirst().dropLast())
        }
        return (reference, String(rest).trimmingASCIIWhitespace())
    }
}

extension Substring {
    /// The text without surrounding ASCII whitespace, as a `String`.
    var cssTrimmed: String { String(self).trimmingASCIIWhitespace() }
}
