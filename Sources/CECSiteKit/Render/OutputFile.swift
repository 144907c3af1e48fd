import CECSiteContent
import CECSiteCore
import Foundation

/// One file of the built site: its path inside the output folder, its bytes, and how they
/// relate to the previous output's file (what the writer is to do with them; the build record,
/// ``BuildRecord``, decides it for the files it keys).
struct OutputFile: Sendable {
    /// How a file relates to the file at the same path in the previous output.
    enum Previous: Sendable {
        /// Not known: the writer compares the bytes.
        case unknown
        /// The same bytes: the writer hard-links the previous file. `data` may be empty (the
        /// page was reused without being read).
        case same
        /// Different bytes: the writer writes them without comparing.
        case different
    }

    /// Relative path with `/` separators, e.g. `en/plan/index.html`.
    public var path: String
    public var data: Data
    public var previous: Previous = .unknown

    public init(path: String, data: Data, previous: Previous = .unknown) {
        self.path = path
        self.data = data
        self.previous = previous
    }
}
