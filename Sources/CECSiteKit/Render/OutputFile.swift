import Foundation

/// One file of the built site: its path inside the output folder and its bytes.
public struct OutputFile: Sendable {
    /// Relative path with `/` separators, e.g. `en/plan/index.html`.
    public var path: String
    public var data: Data
}
