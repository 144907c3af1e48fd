import CECSiteCore
import Foundation

/// `color-contrast`: text has a contrast ratio of at least 4.5:1 with its background, 3:1 when
/// large (WCAG 1.4.3).
///
/// Colours come from the page's CSS (linked files, `<style>`, `style=""` and the browser's
/// defaults), evaluated for a desktop screen (1280 px) and a narrow one (320 px). When a colour
/// cannot be known (a background image or gradient behind the text, opacity, a system colour,
/// a function the engine does not evaluate) the element is skipped rather than guessed at.
struct ColorContrastRule: AuditRule {
    /// True for the enhanced level (WCAG 1.4.6, AAA): 7:1, 4.5:1 for large text. The build
    /// holds the low-vision edition to it; `cecsite audit` applies the minimum (1.4.3).
    var enhanced = false
    var id: String { enhanced ? "color-contrast-enhanced" : "color-contrast" }
    var criterion: String { enhanced ? "1.4.6" : "1.4.3" }
    /// The ratios required of ordinary and of large text.
    private var minimum: (normal: Double, large: Double) { enhanced ? (7, 4.5) : (4.5, 3) }
    let summary = """
        Text must contrast with its background by at least 4.5:1 (3:1 for large text: 24 px, or \
        18.66 px bold), so that people with low vision or on a glaring screen can read it.
        """
    let failingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Новини — ЦВК</title>
        <style>.meta { color: #999999; }</style></head>
        <body><main><h1>Новини</h1><p class="meta">Опубліковано 1 березня 2025 року</p></main></body>
        </html>
        """
    let passingExample = """
        <!DOCTYPE html>
        <html lang="uk">
        <head><title>Новини — ЦВК</title>
        <style>.meta { color: #595959; } .banner { background: #0057b7; color: #ffffff; }</style></head>
        <body><main><h1>Новини</h1><p class="meta">Опубліковано 1 березня 2025 року</p>
        <p class="banner">Вибори відбудуться за графіком</p></main></body>
        </html>
        """

    static let desktopWidth = 1280.0
    static let narrowWidth = 320.0

    /// Elements whose text is not rendered as ordinary text, or not by the page's colours.
    private static let skippedTags: Set<String> = [
        "script", "style", "template", "title", "textarea", "select", "option", "optgroup", "datalist",
        "noscript", "iframe", "object", "embed", "canvas", "video", "audio", "img", "picture", "svg", "math",
    ]
    private static let disableable: Set<String> = ["button", "input", "select", "textarea", "fieldset", "optgroup", "option"]

    func check(_ page: AuditPage, _ report: inout AuditReport) {
        let candidates = page.document.elements.filter { element in
            element.namespace == .html && !Self.skippedTags.contains(element.tag)
                && element.children.contains { $0.kind == .text && $0.text.unicodeScalars.contains { !$0.properties.isWhitespace } }
        }
        guard !candidates.isEmpty else { return }
        let styles = CSSPageStyles(page)
        let desktop = styles.computeStyles(width: Self.desktopWidth)
        let usesMedia = styles.sheets.contains { !$0.media.isEmpty || $0.sheet.rules.contains { !$0.media.isEmpty } }
        var narrow: [ObjectIdentifier: CSSComputedStyle]?
        // Worked out once per element, parent first, not by walking every element's ancestors.
        let document = page.document
        let skipped = document.inherited(false) { element, inSkipped in
            inSkipped || element.namespace != .html || Self.skippedTags.contains(element.tag)
        }
        let exempt = Self.labelsOfDisabledControls(document)
        let disabled = document.inherited(false) { element, inDisabled in
            inDisabled || element.attribute("aria-disabled")?.lowercased() == "true"
                || (Self.disableable.contains(element.tag) && element.has("disabled"))
                || exempt.contains(ObjectIdentifier(element))
        }
        let desktopBackgrounds = backgrounds(document, desktop)
        var narrowBackgrounds: [ObjectIdentifier: CSSColor?] = [:]
        for element in candidates {
            if element.parent.map({ skipped[ObjectIdentifier($0)] ?? false }) ?? false { continue }
            if disabled[ObjectIdentifier(element)] ?? false { continue }
            if !Self.hasReadableText(element) { continue }
            if let problem = evaluate(element, desktop, desktopBackgrounds) {
                report.add(self, page, element, problem)
            } else if usesMedia {
                if narrow == nil {
                    narrow = styles.computeStyles(width: Self.narrowWidth, baseline: (desktop, Self.desktopWidth))
                    narrowBackgrounds = backgrounds(document, narrow!)
                }
                if let problem = evaluate(element, narrow!, narrowBackgrounds) {
                    report.add(self, page, element, problem + " (on a screen \(Int(Self.narrowWidth)) px wide)")
                }
            }
        }
    }

    /// The colour behind each element: its background layers and its ancestors', blended over
    /// white from the root down; nil where an image or an unknown colour makes it unknowable.
    private func backgrounds(_ document: HTMLDocument, _ styles: [ObjectIdentifier: CSSComputedStyle])
        -> [ObjectIdentifier: CSSColor?]
    {
        document.inherited(CSSColor.white as CSSColor?) { element, below in
            guard let below else { return nil }
            guard let layer = styles[ObjectIdentifier(element)] else { return below }
            if layer.backgroundImage { return nil }
            guard let own = layer.background else { return nil }
            return own.alpha > 0 ? own.over(below) : below
        }
    }

    /// Why the text of `element` lacks contrast, or nil when it has enough or cannot be known.
    private func evaluate(
        _ element: HTMLNode, _ styles: [ObjectIdentifier: CSSComputedStyle],
        _ backgrounds: [ObjectIdentifier: CSSColor?]
    ) -> String? {
        guard let style = styles[ObjectIdentifier(element)], !style.hidden, !style.invisible, !style.translucent,
            let color = style.color
        else { return nil }
        guard let known = backgrounds[ObjectIdentifier(element)], let background = known else { return nil }
        let foreground = color.over(background)
        let ratio = CSSColor.contrast(foreground, background)
        if ratio >= minimum.normal { return nil }
        // Text the colour of its background is not shown at all: nothing to read.
        if ratio < 1.0001 { return nil }
        // A shadow around the glyphs (a halo) is what the text is read against.
        if let shadow = style.textShadow, let halo = Self.haloColor(shadow),
            CSSColor.contrast(foreground, halo.over(background)) >= minimum.normal
        {
            return nil
        }
        let sizeKnown = style.fontSize != nil && style.fontWeight != nil
        let size = style.fontSize ?? 0
        let large = size >= 24 - 0.01 || (size >= 18.66 && (style.fontWeight ?? 0) >= 700)
        let required: Double
        if !sizeKnown {
            guard ratio < minimum.large else { return nil }
            required = minimum.large
        } else {
            required = large ? minimum.large : minimum.normal
        }
        guard ratio < required - 1e-9 else { return nil }
        let shown = (ratio * 100).rounded(.down) / 100
        let kind = !sizeKnown ? "text of any size" : large ? "large text (\(Self.px(size)) px\(size < 24 ? " bold" : ""))" : "text of \(Self.px(size)) px"
        let pair = color.isOpaque ? "\(color) on \(background)" : "\(color) (\(foreground) once blended) on \(background)"
        let origin = style.colorOrigin.map { "; the colour is set at \($0)" } ?? ""
        return
            "Text contrast is \(String(format: "%.2f", shown)):1 (\(pair)), below the \(Self.ratio(required)):1 required for \(kind)\(origin); darken the text or lighten the background"
    }

    private static func ratio(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    /// Labels of disabled controls (a `<label>` around or for one, or an element a disabled
    /// control's aria-labelledby names): WCAG 1.4.3 exempts text of inactive components.
    static func labelsOfDisabledControls(_ document: HTMLDocument) -> Set<ObjectIdentifier> {
        var result = Set<ObjectIdentifier>()
        for element in document.elements {
            let inactive =
                (disableable.contains(element.tag) && element.namespace == .html && element.isDisabled)
                || element.attribute("aria-disabled")?.lowercased() == "true"
            guard inactive else { continue }
            for label in document.labels(of: element) { result.insert(ObjectIdentifier(label)) }
            for id in (element.attribute("aria-labelledby") ?? "").htmlTokens {
                if let label = document.element(id: id) { result.insert(ObjectIdentifier(label)) }
            }
        }
        return result
    }

    /// True when the element's own text holds a letter or digit (text made only of symbols, or
    /// one glyph standing for an icon whose name is given in aria-label, is not text to read).
    static func hasReadableText(_ element: HTMLNode) -> Bool {
        let text = element.children.filter { $0.kind == .text }.map(\.text).joined()
        let readable = text.unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }
        if readable.isEmpty { return false }
        if readable.count == 1, text.trimmingCharacters(in: .whitespacesAndNewlines).count == 1, element.has("aria-label") {
            return false
        }
        return true
    }

    /// The colour of a blurred `text-shadow` drawn right around the glyphs, or nil when the
    /// shadow is offset, has no blur or a colour the engine cannot read.
    static func haloColor(_ shadow: String) -> CSSColor? {
        let first = shadow.split(separator: ",").first.map(String.init) ?? shadow
        let tokens = CSSPageStyles.tokens(first)
        var lengths: [Double] = []
        var color: CSSColor?
        for token in tokens {
            if let value = Double(token.lowercased().replacingOccurrences(of: "px", with: "")) {
                lengths.append(value)
            } else if let parsed = CSSColor(css: token) {
                color = parsed
            } else {
                return nil
            }
        }
        guard lengths.count >= 3, lengths[0] == 0, lengths[1] == 0, lengths[2] > 0 else { return nil }
        return color
    }

    private static func px(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
