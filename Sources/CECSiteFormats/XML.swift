import CECSiteCore

/// XML 1.0 text and attribute escaping, the one escaper of every XML the site publishes (the
/// sitemap, Atom feeds, the charts' SVG, the workbooks' sheets).
public enum XML {
    /// `s` with `&`, `<`, `>` and `"` escaped, and the characters XML 1.0 does not allow dropped:
    /// control characters other than tab and line ends, U+FFFE and U+FFFF (surrogates cannot
    /// occur in a Swift string).
    public static func escape(_ s: String) -> String {
        // Most texts (every address of the sitemap) need nothing: returned as they are. U+FFFE
        // and U+FFFF are EF BF BE / EF BF BF in UTF-8, so a text without the byte 0xBF has neither.
        let plain = s.utf8.allSatisfy { byte in
            byte >= 0x20
                ? byte != 0x26 && byte != 0x3C && byte != 0x3E && byte != 0x22 && byte != 0xBF
                : byte == 0x09 || byte == 0x0A || byte == 0x0D
        }
        if plain { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default:
                let v = scalar.value
                if v == 0x9 || v == 0xA || v == 0xD || (0x20...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v) || v >= 0x10000 {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
