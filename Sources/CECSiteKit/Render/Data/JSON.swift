import Foundation

/// A JSON value whose objects keep their keys in the order given, serialised the same way every
/// time: the data files, the Data Package, DCAT and JSON-LD all go through it, so escaping is
/// done in one place.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    /// A decimal number already formatted (`54.77`); written as is.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.int(x), .int(y)): return x == y
        case let (.number(x), .number(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)): return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// A string, or null when nil.
    public static func string(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }

    /// The object with nil entries left out.
    public static func compact(_ entries: [(String, JSONValue?)]) -> JSONValue {
        .object(entries.compactMap { key, value in value.map { (key, $0) } })
    }

    /// The value as text: two-space indented when `pretty`, else on one line. With `scriptSafe`,
    /// `<`, `>` and `&` are escaped too, so the text can sit inside an HTML `<script>` element.
    public func serialized(pretty: Bool = true, scriptSafe: Bool = false) -> String {
        var out = ""
        write(to: &out, indent: pretty ? 0 : nil, scriptSafe: scriptSafe)
        if pretty { out += "\n" }
        return out
    }

    private func write(to out: inout String, indent: Int?, scriptSafe: Bool) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let n): out += String(n)
        case .number(let s): out += s
        case .string(let s): Self.quote(s, into: &out, scriptSafe: scriptSafe)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                Self.newline(&out, indent.map { $0 + 1 })
                item.write(to: &out, indent: indent.map { $0 + 1 }, scriptSafe: scriptSafe)
            }
            Self.newline(&out, indent)
            out += "]"
        case .object(let entries):
            if entries.isEmpty { out += "{}"; return }
            out += "{"
            for (i, (key, value)) in entries.enumerated() {
                if i > 0 { out += "," }
                Self.newline(&out, indent.map { $0 + 1 })
                Self.quote(key, into: &out, scriptSafe: scriptSafe)
                out += indent == nil ? ":" : ": "
                value.write(to: &out, indent: indent.map { $0 + 1 }, scriptSafe: scriptSafe)
            }
            Self.newline(&out, indent)
            out += "}"
        }
    }

    private static func newline(_ out: inout String, _ indent: Int?) {
        guard let indent else { return }
        out += "\n" + String(repeating: "  ", count: indent)
    }

    private static func quote(_ s: String, into out: inout String, scriptSafe: Bool) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<" where scriptSafe: out += "\\u003c"
            case ">" where scriptSafe: out += "\\u003e"
            case "&" where scriptSafe: out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
