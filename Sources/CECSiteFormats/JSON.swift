import CECSiteCore
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
        var s = s
        s.withUTF8 { bytes in
            // Runs of bytes that need no escape are appended whole.
            var run = 0, i = 0
            func flush(_ end: Int) {
                if end > run { out += String(decoding: UnsafeBufferPointer(rebasing: bytes[run..<end]), as: UTF8.self) }
            }
            while i < bytes.count {
                let byte = bytes[i]
                var escape: String?
                var length = 1
                switch byte {
                case 0x22: escape = "\\\""
                case 0x5C: escape = "\\\\"
                case 0x0A: escape = "\\n"
                case 0x0D: escape = "\\r"
                case 0x09: escape = "\\t"
                case 0x3C where scriptSafe: escape = "\\u003c"
                case 0x3E where scriptSafe: escape = "\\u003e"
                case 0x26 where scriptSafe: escape = "\\u0026"
                case 0xE2 where i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
                    escape = bytes[i + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                    length = 3
                case 0..<0x20:
                    let hex = String(byte, radix: 16)
                    escape = "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default:
                    break
                }
                if let escape {
                    flush(i)
                    out += escape
                    run = i + length
                }
                i += length
            }
            flush(bytes.count)
        }
        out += "\""
    }
}
