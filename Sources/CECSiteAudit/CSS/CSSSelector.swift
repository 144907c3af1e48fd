import CECSiteCore
import Synchronization

/// An attribute selector: `[name]`, `[name=value]`, `[name~=value]`…
struct CSSAttributeSelector: Sendable {
    enum Operator: Sendable { case exists, equals, includes, dash, prefix, suffix, substring }
    var name: String
    var op: Operator
    var value: String
    var caseInsensitive: Bool
}

/// A pseudo-class the matcher understands.
indirect enum CSSPseudoClass: Sendable {
    case root, empty, link, checked, disabled, enabled, defined
    /// `:nth-child(an+b)` and friends; `ofType` for the `-of-type` ones, `fromEnd` for `nth-last-`.
    case nth(a: Int, b: Int, ofType: Bool, fromEnd: Bool)
    case only(ofType: Bool)
    case not([CSSComplexSelector])
    case matches([CSSComplexSelector])
    case lang([String])
    /// A state a static page never is in (`:hover`, `:focus`, `:visited`, `:target`…), by name.
    case state(String)
}

/// One compound selector: `a.nav[href]:first-child`.
struct CSSCompoundSelector: Sendable {
    /// Lowercased type, or nil for any element.
    var tag: String?
    var ids: [String] = []
    var classes: [String] = []
    var attributes: [CSSAttributeSelector] = []
    var pseudoClasses: [CSSPseudoClass] = []
    /// True when the compound ends in a pseudo-element (`::before`): it styles no element.
    var pseudoElement = false
}

/// A complex selector: compounds joined by combinators, left to right.
struct CSSComplexSelector: Sendable {
    enum Combinator: Sendable { case descendant, child, adjacent, sibling }
    var compounds: [CSSCompoundSelector]
    /// `combinators[k]` joins `compounds[k]` and `compounds[k + 1]`.
    var combinators: [Combinator]
    /// (ids, classes/attributes/pseudo-classes, types/pseudo-elements) packed as a·10⁶ + b·10³ + c.
    var specificity: Int
    /// Tells this selector apart from every other parsed in the process, so that matchers can
    /// remember its results per element.
    var serial: Int = CSSComplexSelector.nextSerial()

    private static let counter = Mutex(0)
    private static func nextSerial() -> Int {
        counter.withLock { value in
            value += 1
            return value
        }
    }
}

/// Parses selector lists.
enum CSSSelectorParser {
    /// The selectors of `text`, or nil when any of them is invalid (CSS then drops the rule).
    static func parseList(_ text: String, forgiving: Bool = false) -> [CSSComplexSelector]? {
        var result: [CSSComplexSelector] = []
        for part in splitTopLevel(text, on: ",") {
            var scanner = Scanner(Array(part.unicodeScalars))
            if let selector = scanner.complex(), scanner.atEnd {
                result.append(selector)
            } else if !forgiving {
                return nil
            }
        }
        return result.isEmpty && !forgiving ? nil : result
    }

    /// `text` split at top-level `separator`s (outside brackets and strings).
    static func splitTopLevel(_ text: String, on separator: Unicode.Scalar) -> [String] {
        var parts: [String] = []
        var current = String.UnicodeScalarView()
        var depth = 0
        var quote: Unicode.Scalar?
        var escaped = false
        for c in text.unicodeScalars {
            if escaped { escaped = false; current.append(c); continue }
            if c == "\\" { escaped = true; current.append(c); continue }
            if let q = quote { if c == q { quote = nil }; current.append(c); continue }
            switch c {
            case "\"", "'": quote = c
            case "(", "[": depth += 1
            case ")", "]": depth = max(0, depth - 1)
            case separator where depth == 0:
                parts.append(String(current).trimmingASCIIWhitespace())
                current = String.UnicodeScalarView()
                continue
            default: break
            }
            current.append(c)
        }
        parts.append(String(current).trimmingASCIIWhitespace())
        return parts
    }

    private struct Scanner {
        let s: [Unicode.Scalar]
        var i = 0
        init(_ s: [Unicode.Scalar]) { self.s = s }
        var atEnd: Bool { i >= s.count }

        mutating func skipSpace() -> Bool {
            let start = i
            while i < s.count, s[i].properties.isWhitespace { i += 1 }
            return i > start
        }

        static func isNameScalar(_ c: Unicode.Scalar) -> Bool {
            c.properties.isAlphabetic || c.properties.numericType != nil || c == "-" || c == "_" || c.value >= 0x80
        }

        /// An identifier, with escapes decoded; nil when there is none here.
        mutating func identifier() -> String? {
            var out = String.UnicodeScalarView()
            while i < s.count {
                let c = s[i]
                if c == "\\" {
                    i += 1
                    guard i < s.count else { break }
                    var hex = ""
                    while i < s.count, hex.count < 6, s[i].properties.isASCIIHexDigit { hex.unicodeScalars.append(s[i]); i += 1 }
                    if !hex.isEmpty {
                        if i < s.count, s[i].properties.isWhitespace { i += 1 }
                        if let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) { out.append(scalar) }
                    } else {
                        out.append(s[i])
                        i += 1
                    }
                } else if Self.isNameScalar(c) {
                    out.append(c)
                    i += 1
                } else {
                    break
                }
            }
            return out.isEmpty ? nil : String(out)
        }

        /// The raw text inside `( … )`; `i` is just after the `(`.
        mutating func arguments() -> String? {
            var depth = 1
            var out = String.UnicodeScalarView()
            while i < s.count {
                let c = s[i]
                i += 1
                if c == "(" { depth += 1 }
                if c == ")" { depth -= 1; if depth == 0 { return String(out) } }
                out.append(c)
            }
            return nil
        }

        mutating func complex() -> CSSComplexSelector? {
            _ = skipSpace()
            var compounds: [CSSCompoundSelector] = []
            var combinators: [CSSComplexSelector.Combinator] = []
            while true {
                guard let compound = compound() else { return nil }
                compounds.append(compound)
                let spaced = skipSpace()
                if atEnd { break }
                var combinator: CSSComplexSelector.Combinator
                switch s[i] {
                case ">": combinator = .child; i += 1
                case "+": combinator = .adjacent; i += 1
                case "~": combinator = .sibling; i += 1
                default:
                    guard spaced else { return nil }
                    combinator = .descendant
                }
                if compound.pseudoElement { return nil }  // nothing may follow a pseudo-element
                _ = skipSpace()
                combinators.append(combinator)
            }
            var a = 0, b = 0, c = 0
            for compound in compounds { Self.add(compound, &a, &b, &c) }
            return CSSComplexSelector(
                compounds: compounds, combinators: combinators,
                specificity: a * 1_000_000 + b * 1_000 + c)
        }

        static func add(_ compound: CSSCompoundSelector, _ a: inout Int, _ b: inout Int, _ c: inout Int) {
            a += compound.ids.count
            b += compound.classes.count + compound.attributes.count
            if compound.tag != nil { c += 1 }
            if compound.pseudoElement { c += 1 }
            for pseudo in compound.pseudoClasses {
                switch pseudo {
                case .not(let list), .matches(let list):
                    if case .matches = pseudo, list.isEmpty { continue }
                    let best = list.map(\.specificity).max() ?? 0
                    a += best / 1_000_000
                    b += best / 1_000 % 1_000
                    c += best % 1_000
                default: b += 1
                }
            }
        }

        mutating func compound() -> CSSCompoundSelector? {
            var compound = CSSCompoundSelector()
            var any = false
            if i < s.count, s[i] == "*" {
                i += 1
                any = true
            } else if let name = identifier() {
                compound.tag = name.lowercased()
                any = true
            }
            if i < s.count, s[i] == "|" { return nil }  // namespaces: unsupported
            while i < s.count {
                let c = s[i]
                switch c {
                case "#":
                    i += 1
                    guard let name = identifier() else { return nil }
                    compound.ids.append(name)
                case ".":
                    i += 1
                    guard let name = identifier() else { return nil }
                    compound.classes.append(name)
                case "[":
                    i += 1
                    guard let attribute = attribute() else { return nil }
                    compound.attributes.append(attribute)
                case ":":
                    guard !compound.pseudoElement || (i + 1 < s.count && s[i + 1] != ":") else { return nil }
                    i += 1
                    var isElement = false
                    if i < s.count, s[i] == ":" { isElement = true; i += 1 }
                    guard let rawName = identifier() else { return nil }
                    let name = rawName.lowercased()
                    var args: String?
                    if i < s.count, s[i] == "(" {
                        i += 1
                        guard let text = arguments() else { return nil }
                        args = text
                    }
                    if isElement || ["before", "after", "first-line", "first-letter"].contains(name) {
                        compound.pseudoElement = true
                    } else if compound.pseudoElement {
                        continue  // ::before:hover and the like style no element anyway
                    } else {
                        guard let pseudo = Self.pseudoClass(name, args) else { return nil }
                        compound.pseudoClasses.append(pseudo)
                    }
                default:
                    if !any, compound.ids.isEmpty, compound.classes.isEmpty, compound.attributes.isEmpty,
                        compound.pseudoClasses.isEmpty, !compound.pseudoElement
                    {
                        return nil
                    }
                    return compound
                }
                any = true
            }
            return any ? compound : nil
        }

        mutating func attribute() -> CSSAttributeSelector? {
            _ = skipSpace()
            guard let name = identifier() else { return nil }
            _ = skipSpace()
            guard i < s.count else { return nil }
            if s[i] == "]" { i += 1; return CSSAttributeSelector(name: name.lowercased(), op: .exists, value: "", caseInsensitive: false) }
            var op: CSSAttributeSelector.Operator
            switch s[i] {
            case "=": op = .equals
            case "~": op = .includes
            case "|": op = .dash
            case "^": op = .prefix
            case "$": op = .suffix
            case "*": op = .substring
            default: return nil
            }
            i += 1
            if op != .equals {
                guard i < s.count, s[i] == "=" else { return nil }
                i += 1
            }
            _ = skipSpace()
            guard i < s.count else { return nil }
            var value = ""
            if s[i] == "\"" || s[i] == "'" {
                let quote = s[i]
                i += 1
                var out = String.UnicodeScalarView()
                while i < s.count, s[i] != quote {
                    if s[i] == "\\", i + 1 < s.count { i += 1 }
                    out.append(s[i])
                    i += 1
                }
                guard i < s.count else { return nil }
                i += 1
                value = String(out)
            } else {
                guard let name = identifier() else { return nil }
                value = name
            }
            _ = skipSpace()
            var insensitive = false
            if i < s.count, s[i] == "i" || s[i] == "I" { insensitive = true; i += 1 } else if i < s.count, s[i] == "s" || s[i] == "S" { i += 1 }
            _ = skipSpace()
            guard i < s.count, s[i] == "]" else { return nil }
            i += 1
            return CSSAttributeSelector(name: name.lowercased(), op: op, value: value, caseInsensitive: insensitive)
        }

        static let states: Set<String> = [
            "hover", "focus", "focus-visible", "focus-within", "active", "visited", "target", "target-within",
            "current", "past", "future", "playing", "paused", "fullscreen", "modal", "popover-open",
            "placeholder-shown", "autofill", "-webkit-autofill", "invalid", "valid", "user-invalid", "user-valid",
            "in-range", "out-of-range", "required", "optional", "read-only", "read-write", "indeterminate",
            "default", "blank", "open", "closed", "has", "host", "scope", "-moz-focusring", "local-link",
        ]

        static func pseudoClass(_ name: String, _ args: String?) -> CSSPseudoClass? {
            switch (name, args) {
            case ("root", nil): return .root
            case ("empty", nil): return .empty
            case ("link", nil), ("any-link", nil): return .link
            case ("checked", nil): return .checked
            case ("disabled", nil): return .disabled
            case ("enabled", nil): return .enabled
            case ("defined", nil): return .defined
            case ("first-child", nil): return .nth(a: 0, b: 1, ofType: false, fromEnd: false)
            case ("last-child", nil): return .nth(a: 0, b: 1, ofType: false, fromEnd: true)
            case ("first-of-type", nil): return .nth(a: 0, b: 1, ofType: true, fromEnd: false)
            case ("last-of-type", nil): return .nth(a: 0, b: 1, ofType: true, fromEnd: true)
            case ("only-child", nil): return .only(ofType: false)
            case ("only-of-type", nil): return .only(ofType: true)
            case ("nth-child", let args?), ("nth-last-child", let args?), ("nth-of-type", let args?), ("nth-last-of-type", let args?):
                guard let (a, b) = nth(args) else { return nil }
                return .nth(a: a, b: b, ofType: name.hasSuffix("of-type"), fromEnd: name.hasPrefix("nth-last"))
            case ("not", let args?):
                guard let list = CSSSelectorParser.parseList(args) else { return nil }
                return .not(list)
            case ("is", let args?), ("matches", let args?), ("-webkit-any", let args?), ("-moz-any", let args?):
                return .matches(CSSSelectorParser.parseList(args, forgiving: true) ?? [])
            case ("where", let args?):
                // Specificity zero: kept as a state-free match with no weight.
                let list = (CSSSelectorParser.parseList(args, forgiving: true) ?? []).map { selector -> CSSComplexSelector in
                    var copy = selector
                    copy.specificity = 0
                    return copy
                }
                return .matches(list)
            case ("lang", let args?):
                let ranges = CSSSelectorParser.splitTopLevel(args, on: ",").map { range -> String in
                    var value = range.trimmingASCIIWhitespace()
                    if let q = value.first, q == "\"" || q == "'", value.count >= 2 { value = String(value.dropFirst().dropLast()) }
                    return value.lowercased()
                }
                return .lang(ranges)
            default:
                return states.contains(name) ? .state(name) : nil
            }
        }

        /// `an+b`, `odd`, `even`; nil for anything else (including `of S`).
        static func nth(_ text: String) -> (Int, Int)? {
            let value = text.lowercased().filter { !$0.isWhitespace }
            if value == "odd" { return (2, 1) }
            if value == "even" { return (2, 0) }
            if let n = value.firstIndex(of: "n") {
                let aText = String(value[..<n])
                let a: Int
                switch aText {
                case "", "+": a = 1
                case "-": a = -1
                default:
                    guard let parsed = Int(aText) else { return nil }
                    a = parsed
                }
                var bText = String(value[value.index(after: n)...])
                if bText.isEmpty { return (a, 0) }
                if bText.hasPrefix("+") { bText.removeFirst() }
                guard let b = Int(bText) else { return nil }
                return (a, b)
            }
            guard let b = Int(value) else { return nil }
            return (0, b)
        }
    }
}
