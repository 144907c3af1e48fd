import Foundation

/// One file of the built site: its path inside the output folder and its bytes.
public struct OutputFile: Sendable {
    /// Relative path with `/` separators, e.g. `en/plan/index.html`.
    public var path: String
    public var data: Data
}

/// An output format described as data: its extension, media type and how values are escaped.
public struct OutputFormat: Sendable {
    public var name: String
    public var fileExtension: String
    public var mediaType: String

    public static let html = OutputFormat(name: "HTML", fileExtension: "html", mediaType: "text/html; charset=utf-8")
}
