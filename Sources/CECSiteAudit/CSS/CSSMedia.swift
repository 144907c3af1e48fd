import CECSiteCore
import Foundation

/// Evaluates media queries for a screen of a given width, as a desktop browser with default
/// settings sees it: light scheme, no contrast or motion preference, no forced colours, a fine
/// pointer that can hover, 1 dppx. Anything not understood is false.
enum CSSMedia {
    /// The height assumed for a screen `width` wide.
    static func height(for width: Double) -> Double { width >= 600 ? 800 : 640 }

    /// True when the media query list `query` holds (an empty list always holds).
    static func matches(_ query: String, width: Double) -> Bool {
        let text = query.trimmingASCIIWhitespace()
        if text.isEmpty { return true }
        return CSSSelectorParser.splitTopLevel(text, on: ",").contains { single($0, width: width) }
    }

    private static func single(_ query: String, width: Double) -> Bool {
        var text = query.trimmingASCIIWhitespace().lowercased()
        var negate = false
        if text.hasPrefix("not ") {
            negate = true
            text = String(text.dropFirst(4)).trimmingASCIIWhitespace()
        } else if text.hasPrefix("only ") {
            text = String(text.dropFirst(5)).trimmingASCIIWhitespace()
        }
        if !text.hasPrefix("(") {
            let words = text.split(separator: " ", maxSplits: 1).map(String.init)
            guard let type = words.first else { return false }
            let typeMatches = type == "all" || type == "screen"
            var rest = words.count > 1 ? words[1].trimmingASCIIWhitespace() : ""
            if rest.hasPrefix("and ") || rest.hasPrefix("and(") { rest = String(rest.dropFirst(3)) }
            guard typeMatches else { return negate }
            let result = rest.isEmpty ? true : condition(rest, width: width)
            return negate ? !result : result
        }
        let result = condition(text, width: width)
        return negate ? !result : result
    }

    /// A media condition: parenthesised features joined by `and`/`or`, possibly negated.
    static func condition(_ text: String, width: Double) -> Bool {
        let scalars = Array(text.trimmingASCIIWhitespace().unicodeScalars)
        var i = 0
        var values: [Bool] = []
        var usesOr = false
        var negateNext = false
        while i < scalars.count {
            let c = scalars[i]
            if c.properties.isWhitespace { i += 1; continue }
            if c == "(" {
                var depth = 1
                var j = i + 1
                while j < scalars.count, depth > 0 {
                    if scalars[j] == "(" { depth += 1 }
                    if scalars[j] == ")" { depth -= 1 }
                    j += 1
                }
                guard depth == 0 else { return false }
                var inner = String.UnicodeScalarView()
                inner.append(contentsOf: scalars[(i + 1)..<(j - 1)])
                let content = String(inner).trimmingASCIIWhitespace()
                let value: Bool
                if content.hasPrefix("not ") || content.hasPrefix("not(") {
                    value = !condition(String(content.dropFirst(3)), width: width)
                } else if content.hasPrefix("(") {
                    value = condition(content, width: width)
                } else {
                    value = feature(content, width: width)
                }
                values.append(negateNext ? !value : value)
                negateNext = false
                i = j
                continue
            }
            var word = ""
            while i < scalars.count, scalars[i].properties.isAlphabetic {
                word.unicodeScalars.append(scalars[i])
                i += 1
            }
            switch word {
            case "and": break
            case "or": usesOr = true
            case "not": negateNext = true
            default: return false
            }
        }
        guard !values.isEmpty else { return false }
        return usesOr ? values.contains(true) : !values.contains(false)
    }

    /// A length in a media feature, in px; nil when not understood.
    static func length(_ text: String) -> Double? {
        let value = text.trimmingASCIIWhitespace().lowercased()
        for (unit, scale) in [("px", 1.0), ("rem", 16.0), ("em", 16.0), ("pt", 4.0 / 3), ("cm", 96 / 2.54), ("mm", 96 / 25.4), ("in", 96.0)]
        where value.hasSuffix(unit) {
            return Double(value.dropLast(unit.count).cssTrimmed).map { $0 * scale }
        }
        if value == "0" { return 0 }
        return nil
    }

    private static func feature(_ text: String, width: Double) -> Bool {
        let height = height(for: width)
        if let colon = text.firstIndex(of: ":") {
            let name = text[..<colon].cssTrimmed
            let value = text[text.index(after: colon)...].cssTrimmed
            switch name {
            case "min-width": return length(value).map { width >= $0 } ?? false
            case "max-width": return length(value).map { width <= $0 } ?? false
            case "width": return length(value).map { width == $0 } ?? false
            case "min-height": return length(value).map { height >= $0 } ?? false
            case "max-height": return length(value).map { height <= $0 } ?? false
            case "orientation": return value == (width > height ? "landscape" : "portrait")
            case "prefers-color-scheme": return value == "light"
            case "prefers-contrast", "prefers-reduced-motion", "prefers-reduced-transparency", "prefers-reduced-data":
                return value == "no-preference"
            case "forced-colors": return value == "none"
            case "inverted-colors": return value == "none"
            case "hover", "any-hover": return value == "hover"
            case "pointer", "any-pointer": return value == "fine"
            case "display-mode": return value == "browser"
            case "min-resolution": return resolution(value).map { $0 <= 1 } ?? false
            case "max-resolution": return resolution(value).map { $0 >= 1 } ?? false
            case "-webkit-min-device-pixel-ratio", "min--moz-device-pixel-ratio": return Double(value).map { $0 <= 1 } ?? false
            case "-webkit-max-device-pixel-ratio": return Double(value).map { $0 >= 1 } ?? false
            default: return false
            }
        }
        if text.contains("<") || text.contains(">") || text.contains("=") {
            return range(text, width: width, height: height)
        }
        return ["color", "hover", "any-hover", "pointer", "any-pointer", "width", "height"].contains(text)
    }

    private static func resolution(_ text: String) -> Double? {
        if text.hasSuffix("dppx") { return Double(text.dropLast(4)) }
        if text.hasSuffix("dpi") { return Double(text.dropLast(3)).map { $0 / 96 } }
        if text.hasSuffix("x") { return Double(text.dropLast(1)) }
        return nil
    }

    /// Range syntax: `width >= 40rem`, `30em < width <= 60em`.
    private static func range(_ text: String, width: Double, height: Double) -> Bool {
        var parts: [String] = []
        var operators: [String] = []
        var current = ""
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            if c == "<" || c == ">" || c == "=" {
                var op = String(c)
                let next = text.index(after: index)
                if next < text.endIndex, text[next] == "=" { op += "="; index = next }
                parts.append(current.trimmingASCIIWhitespace())
                operators.append(op)
                current = ""
            } else {
                current.append(c)
            }
            index = text.index(after: index)
        }
        parts.append(current.trimmingASCIIWhitespace())
        guard parts.count == operators.count + 1, (1...2).contains(operators.count) else { return false }
        func value(_ part: String) -> Double? {
            switch part {
            case "width": return width
            case "height": return height
            default: return length(part)
            }
        }
        for k in 0..<operators.count {
            guard let a = value(parts[k]), let b = value(parts[k + 1]) else { return false }
            let holds: Bool
            switch operators[k] {
            case "<": holds = a < b
            case "<=": holds = a <= b
            case ">": holds = a > b
            case ">=": holds = a >= b
            case "=": holds = a == b
            default: holds = false
            }
            if !holds { return false }
        }
        return true
    }
}
