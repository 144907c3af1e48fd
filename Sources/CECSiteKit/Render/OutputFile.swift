import Foundation
import CECSiteCore

/// One file of the built site: its path inside the output folder and its bytes.
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
    /// With ``Previous/same``, when the build has just checked the previous file (its size,
    /// time and inode as recorded): its inode, so that the writer knows an entry of the spare
    /// site to be that file by its directory entry alone.
    var inode: UInt64?

    public init(path: String, data: Data, previous: Previous = .unknown) {
        self.path = path
        self.data = data
        self.previous = previous
    }
}
