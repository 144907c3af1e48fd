import CECSiteCore
import Foundation

/// `text-spacing`: a `style` attribute does not fix letter spacing, word spacing or line height
/// below what WCAG 1.4.12 lets readers set (0.12, 0.16 and 1.5 times the font size) with
/// `!important`, which their own style sheets cannot override (ACT rules 24afc2, 9e45ec, 78fd32).
struct TextSpacingRule: AuditRule {
    let id = "text-spacing"
    let criterion = "1.4.12"
    let summary = """
        A style attribute must not set letter-spacing below 0.12 em, word-spacing below 0.16 em \
        or line-height below 1.5 with !important: readers with dyslexia or low vision widen the \
        spacing with their own styles, and !important in the page stops them.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Новини</title></head>
        <body><p style="line-height: 1.2 !important">Комісія оприлюднила результати засідання.</p></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Новини</title></head>
        <body><p style="line-height: 1.2">Комісія оприлюднила результати засідання.</p>
        <p style="line-height: 1.6 !important">Засідання відбулося вчора.</p></body>
        </html>
        """

    /// The properties and the least value (in multiples of the font size) readers may need.
    private static let minimums: [(property: String, factor: Double)] = [
        ("letter-spacing", 0.12), ("word-spacing", 0.16), ("line-height", 1.5),
    ]

    /// An `!important` value set in a style attribute: in pixels, or as a number (line-height).
    enum Setting {
        case pixels(Double)
        case multiple(Double)
    }

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        let document = page.document
        let declaring = document.elements.filter { element in
            guard let style = element.attribute("style")?.lowercased(), style.contains("important") else { return false }
            return Self.minimums.contains { style.contains($0.property) }
        }
        guard !declaring.isEmpty else { return }
        let styles = CSSPageStyles(page).computeStyles(width: ColorContrastRule.desktopWidth)
        var reported = Set<ObjectIdentifier>()
        for (property, factor) in Self.minimums {
            // The important setting in force for each element: its own style attribute's, else
            // its parent's (the properties inherit), computed where it is declared.
            var setting: [ObjectIdentifier: (Setting, HTMLNode)?] = [:]
            for element in document.elements {
                let inherited = element.parent.flatMap { setting[ObjectIdentifier($0)] } ?? nil
                var current = inherited
                if let attribute = element.attributeNode("style") {
                    let declarations = CSSStyleSheet.declarations(of: attribute.value, line: attribute.line, column: attribute.column)
                        .filter { $0.property == property }
                    let winner = declarations.last { $0.important } ?? declarations.last
                    if let winner {
                        if winner.important {
                            let size = styles[ObjectIdentifier(element)]?.fontSize ?? 16
                            current = Self.setting(winner.value, property: property, fontSize: size).map { ($0, element) }
                        } else {
                            current = nil
                        }
                    }
                }
                setting[ObjectIdentifier(element)] = current
                guard let (value, declarer) = current, !reported.contains(ObjectIdentifier(declarer)) else { continue }
                // Only text the element itself holds is spaced by it.
                guard element.namespace == .html,
                    element.children.contains(where: { $0.kind == .text && !$0.text.trimmingASCIIWhitespace().isEmpty }),
                    !element.isHiddenOrInHidden, !Self.offScreen(element)
                else { continue }
                let size = styles[ObjectIdentifier(element)]?.fontSize ?? 16
                let ratio: Double
                switch value {
                case .pixels(let pixels): ratio = pixels / size
                case .multiple(let multiple): ratio = multiple
                }
                guard ratio < factor - 1e-9 else { continue }
                reported.insert(ObjectIdentifier(declarer))
                report.add(
                    self, page, declarer,
                    "\(property) is fixed with !important at \(String(format: "%.2f", ratio)) times the font size, below the \(factor) readers must be able to set; remove !important or use at least \(factor) em"
                )
            }
        }
    }

    /// The value of `property` as set, or nil for keywords that defer to other styles.
    static func setting(_ value: String, property: String, fontSize: Double) -> Setting? {
        let text = value.lowercased().trimmingCharacters(in: .whitespaces)
        switch text {
        case "normal", "initial":
            return property == "line-height" ? .multiple(1.2) : .pixels(0)
        case "inherit", "unset", "revert", "revert-layer":
            return nil
        default:
            break
        }
        let units: [(String, Double)] = [("px", 1), ("em", fontSize), ("rem", 16), ("pt", 4.0 / 3), ("%", fontSize / 100)]
        for (unit, scale) in units where text.hasSuffix(unit) {
            guard let number = Double(text.dropLast(unit.count)) else { return nil }
            return .pixels(number * scale)
        }
        if let number = Double(text) {
            return property == "line-height" ? .multiple(number) : .pixels(number)
        }
        return nil
    }

    /// True for text moved far off screen by its own style (`top: -999em`).
    static func offScreen(_ element: HTMLNode) -> Bool {
        guard let style = element.attribute("style")?.lowercased().replacingOccurrences(of: " ", with: ""),
            style.contains("position:absolute") || style.contains("position:fixed")
        else { return false }
        return style.contains("top:-") || style.contains("left:-")
    }
}
