import CECSiteCore
import Foundation

/// An sRGB colour with alpha, as CSS computes it: channels 0–255, alpha 0–1.
struct CSSColor: Hashable, Sendable, CustomStringConvertible {
    var red: Double
    var green: Double
    var blue: Double
    var alpha: Double

    init(_ red: Double, _ green: Double, _ blue: Double, _ alpha: Double = 1) {
        self.red = min(max(red, 0), 255)
        self.green = min(max(green, 0), 255)
        self.blue = min(max(blue, 0), 255)
        self.alpha = min(max(alpha, 0), 1)
    }

    static let white = CSSColor(255, 255, 255)
    static let black = CSSColor(0, 0, 0)
    static let transparent = CSSColor(0, 0, 0, 0)

    var isOpaque: Bool { alpha >= 0.999 }

    /// `#rrggbb`, or `#rrggbbaa` when not opaque.
    var description: String {
        func hex(_ value: Double) -> String {
            let byte = Int((value).rounded())
            return String(byte, radix: 16).count == 1 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
        }
        return "#" + hex(red) + hex(green) + hex(blue) + (isOpaque ? "" : hex(alpha * 255))
    }

    /// This colour painted over `below` (source-over compositing).
    func over(_ below: CSSColor) -> CSSColor {
        let a = alpha + below.alpha * (1 - alpha)
        guard a > 0 else { return .transparent }
        func mix(_ top: Double, _ bottom: Double) -> Double {
            (top * alpha + bottom * below.alpha * (1 - alpha)) / a
        }
        return CSSColor(mix(red, below.red), mix(green, below.green), mix(blue, below.blue), a)
    }

    /// WCAG 2 relative luminance (of the colour taken as opaque).
    var luminance: Double {
        func channel(_ value: Double) -> Double {
            let c = value / 255
            return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)
    }

    /// The WCAG contrast ratio of two opaque colours, 1…21.
    static func contrast(_ a: CSSColor, _ b: CSSColor) -> Double {
        let (la, lb) = (a.luminance, b.luminance)
        return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
    }

    /// Parses a CSS colour value; nil for anything not understood (system colours, `color-mix()`,
    /// `var()` left over, other colour spaces), so that callers skip rather than guess.
    init?(css text: String) {
        let value = text.trimmingASCIIWhitespace().lowercased()
        if value.hasPrefix("#") {
            guard let color = Self.hex(String(value.dropFirst())) else { return nil }
            self = color
            return
        }
        if let open = value.firstIndex(of: "("), value.hasSuffix(")") {
            let name = String(value[..<open])
            let inner = String(value[value.index(after: open)..<value.index(before: value.endIndex)])
            guard let color = Self.function(name, inner) else { return nil }
            self = color
            return
        }
        if value == "transparent" { self = .transparent; return }
        guard let packed = CSSColor.named[value] else { return nil }
        self = CSSColor(Double((packed >> 16) & 0xff), Double((packed >> 8) & 0xff), Double(packed & 0xff))
    }

    private static func hex(_ digits: String) -> CSSColor? {
        guard [3, 4, 6, 8].contains(digits.count), digits.allSatisfy(\.isHexDigit) else { return nil }
        let values = digits.map { Double(Int(String($0), radix: 16)!) }
        switch digits.count {
        case 3, 4:
            return CSSColor(values[0] * 17, values[1] * 17, values[2] * 17, digits.count == 4 ? values[3] * 17 / 255 : 1)
        default:
            return CSSColor(
                values[0] * 16 + values[1], values[2] * 16 + values[3], values[4] * 16 + values[5],
                digits.count == 8 ? (values[6] * 16 + values[7]) / 255 : 1)
        }
    }

    /// `rgb()`, `rgba()`, `hsl()`, `hsla()`, with comma or space syntax.
    private static func function(_ name: String, _ inner: String) -> CSSColor? {
        guard ["rgb", "rgba", "hsl", "hsla"].contains(name) else { return nil }
        var parts: [String]
        var alphaPart: String?
        if inner.contains(",") {
            parts = inner.split(separator: ",").map { $0.cssTrimmed }
            guard parts.count == 3 || parts.count == 4 else { return nil }
            if parts.count == 4 { alphaPart = parts.removeLast() }
        } else {
            let halves = inner.split(separator: "/", omittingEmptySubsequences: false)
            guard halves.count <= 2 else { return nil }
            parts = halves[0].split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
            if halves.count == 2 { alphaPart = halves[1].cssTrimmed }
            guard parts.count == 3 else { return nil }
        }
        var alpha = 1.0
        if let alphaPart {
            guard let a = number(alphaPart, percentScale: 1) else { return nil }
            alpha = a
        }
        if name.hasPrefix("rgb") {
            guard let r = number(parts[0], percentScale: 255), let g = number(parts[1], percentScale: 255),
                let b = number(parts[2], percentScale: 255)
            else { return nil }
            return CSSColor(r, g, b, alpha)
        }
        var huePart = parts[0]
        var hueScale = 1.0
        for (unit, scale) in [("deg", 1.0), ("grad", 0.9), ("rad", 180 / Double.pi), ("turn", 360.0)] where huePart.hasSuffix(unit) {
            huePart = String(huePart.dropLast(unit.count))
            hueScale = scale
            break
        }
        guard let hue = Double(huePart).map({ $0 * hueScale }),
            let s = number(parts[1], percentScale: 1), let l = number(parts[2], percentScale: 1)
        else { return nil }
        let saturation = min(max(parts[1].hasSuffix("%") ? s : s / 100, 0), 1)
        let lightness = min(max(parts[2].hasSuffix("%") ? l : l / 100, 0), 1)
        func f(_ n: Double) -> Double {
            let k = (n + hue / 30).truncatingRemainder(dividingBy: 12)
            let kk = k < 0 ? k + 12 : k
            let a = saturation * min(lightness, 1 - lightness)
            return lightness - a * max(-1, min(kk - 3, 9 - kk, 1))
        }
        return CSSColor(f(0) * 255, f(8) * 255, f(4) * 255, alpha)
    }

    /// A number, or a percentage scaled so that 100% is `percentScale`.
    private static func number(_ text: String, percentScale: Double) -> Double? {
        if text == "none" { return 0 }
        if text.hasSuffix("%") { return Double(text.dropLast()).map { $0 / 100 * percentScale } }
        return Double(text)
    }

    /// The CSS named colours (CSS Color 4), as 0xRRGGBB.
    static let named: [String: Int] = [
        "aliceblue": 0xf0f8ff, "antiquewhite": 0xfaebd7, "aqua": 0x00ffff, "aquamarine": 0x7fffd4,
        "azure": 0xf0ffff, "beige": 0xf5f5dc, "bisque": 0xffe4c4, "black": 0x000000,
        "blanchedalmond": 0xffebcd, "blue": 0x0000ff, "blueviolet": 0x8a2be2, "brown": 0xa52a2a,
        "burlywood": 0xdeb887, "cadetblue": 0x5f9ea0, "chartreuse": 0x7fff00, "chocolate": 0xd2691e,
        "coral": 0xff7f50, "cornflowerblue": 0x6495ed, "cornsilk": 0xfff8dc, "crimson": 0xdc143c,
        "cyan": 0x00ffff, "darkblue": 0x00008b, "darkcyan": 0x008b8b, "darkgoldenrod": 0xb8860b,
        "darkgray": 0xa9a9a9, "darkgreen": 0x006400, "darkgrey": 0xa9a9a9, "darkkhaki": 0xbdb76b,
        "darkmagenta": 0x8b008b, "darkolivegreen": 0x556b2f, "darkorange": 0xff8c00, "darkorchid": 0x9932cc,
        "darkred": 0x8b0000, "darksalmon": 0xe9967a, "darkseagreen": 0x8fbc8f, "darkslateblue": 0x483d8b,
        "darkslategray": 0x2f4f4f, "darkslategrey": 0x2f4f4f, "darkturquoise": 0x00ced1, "darkviolet": 0x9400d3,
        "deeppink": 0xff1493, "deepskyblue": 0x00bfff, "dimgray": 0x696969, "dimgrey": 0x696969,
        "dodgerblue": 0x1e90ff, "firebrick": 0xb22222, "floralwhite": 0xfffaf0, "forestgreen": 0x228b22,
        "fuchsia": 0xff00ff, "gainsboro": 0xdcdcdc, "ghostwhite": 0xf8f8ff, "gold": 0xffd700,
        "goldenrod": 0xdaa520, "gray": 0x808080, "green": 0x008000, "greenyellow": 0xadff2f,
        "grey": 0x808080, "honeydew": 0xf0fff0, "hotpink": 0xff69b4, "indianred": 0xcd5c5c,
        "indigo": 0x4b0082, "ivory": 0xfffff0, "khaki": 0xf0e68c, "lavender": 0xe6e6fa,
        "lavenderblush": 0xfff0f5, "lawngreen": 0x7cfc00, "lemonchiffon": 0xfffacd, "lightblue": 0xadd8e6,
        "lightcoral": 0xf08080, "lightcyan": 0xe0ffff, "lightgoldenrodyellow": 0xfafad2, "lightgray": 0xd3d3d3,
        "lightgreen": 0x90ee90, "lightgrey": 0xd3d3d3, "lightpink": 0xffb6c1, "lightsalmon": 0xffa07a,
        "lightseagreen": 0x20b2aa, "lightskyblue": 0x87cefa, "lightslategray": 0x778899, "lightslategrey": 0x778899,
        "lightsteelblue": 0xb0c4de, "lightyellow": 0xffffe0, "lime": 0x00ff00, "limegreen": 0x32cd32,
        "linen": 0xfaf0e6, "magenta": 0xff00ff, "maroon": 0x800000, "mediumaquamarine": 0x66cdaa,
        "mediumblue": 0x0000cd, "mediumorchid": 0xba55d3, "mediumpurple": 0x9370db, "mediumseagreen": 0x3cb371,
        "mediumslateblue": 0x7b68ee, "mediumspringgreen": 0x00fa9a, "mediumturquoise": 0x48d1cc,
        "mediumvioletred": 0xc71585, "midnightblue": 0x191970, "mintcream": 0xf5fffa, "mistyrose": 0xffe4e1,
        "moccasin": 0xffe4b5, "navajowhite": 0xffdead, "navy": 0x000080, "oldlace": 0xfdf5e6,
        "olive": 0x808000, "olivedrab": 0x6b8e23, "orange": 0xffa500, "orangered": 0xff4500,
        "orchid": 0xda70d6, "palegoldenrod": 0xeee8aa, "palegreen": 0x98fb98, "paleturquoise": 0xafeeee,
        "palevioletred": 0xdb7093, "papayawhip": 0xffefd5, "peachpuff": 0xffdab9, "peru": 0xcd853f,
        "pink": 0xffc0cb, "plum": 0xdda0dd, "powderblue": 0xb0e0e6, "purple": 0x800080,
        "rebeccapurple": 0x663399, "red": 0xff0000, "rosybrown": 0xbc8f8f, "royalblue": 0x4169e1,
        "saddlebrown": 0x8b4513, "salmon": 0xfa8072, "sandybrown": 0xf4a460, "seagreen": 0x2e8b57,
        "seashell": 0xfff5ee, "sienna": 0xa0522d, "silver": 0xc0c0c0, "skyblue": 0x87ceeb,
        "slateblue": 0x6a5acd, "slategray": 0x708090, "slategrey": 0x708090, "snow": 0xfffafa,
        "springgreen": 0x00ff7f, "steelblue": 0x4682b4, "tan": 0xd2b48c, "teal": 0x008080,
        "thistle": 0xd8bfd8, "tomato": 0xff6347, "turquoise": 0x40e0d0, "violet": 0xee82ee,
        "wheat": 0xf5deb3, "white": 0xffffff, "whitesmoke": 0xf5f5f5, "yellow": 0xffff00,
        "yellowgreen": 0x9acd32,
    ]
}
