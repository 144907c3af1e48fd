/// A version of every page. The standard edition is the site as designed; the low-vision
/// edition has the same content in large type, at AAA contrast, in one column, without
/// images of text, for visually impaired readers. Each has its own bookmarkable URLs.
public enum Edition: String, CaseIterable, Sendable {
    case standard
    case lowVision = "low-vision"

    /// The path segment after the language prefix: `""` or `low-vision/`
    /// (`/plan/`, `/low-vision/plan/`, `/en/low-vision/plan/`).
    public var pathPrefix: String { self == .standard ? "" : rawValue + "/" }

    /// The edition a page's header switches to.
    public var other: Edition { self == .standard ? .lowVision : .standard }
}
