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
    /// Set when the file was written into the staging folder as soon as it was made
    /// (``OutputWriter/Staging``): `data` is then empty, and the write stage only checks that the
    /// file is still there.
    var placed: Placed?

    /// A file already in the staging folder: which file it is, and whether its bytes differ from
    /// the output folder's file at its path.
    struct Placed: Sendable {
        /// Its inode number in the staging folder.
        var inode: UInt64
        /// True when the output folder has no file at its path or one with other bytes.
        var changed: Bool
    }

    public init(path: String, data: Data, previous: Previous = .unknown) {
        self.path = path
        self.data = data
        self.previous = previous
    }
}
