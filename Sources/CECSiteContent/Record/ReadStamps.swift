import CECSiteCore
import Foundation

/// The stamps of the files the loader read, by path: taken before each file's bytes were read
/// (``SourceFiles/read(_:)``, or the load record's `lstat`), so an edit during the build is seen
/// by the next one. Kept beside the model, not in it: only the build's keys need them.
package final class ReadStamps: @unchecked Sendable {
    private var stamps: [String: FileStamp] = [:]
    private let lock = NSLock()

    /// No file read yet.
    package init() {}

    package func note(_ path: String, _ stamp: FileStamp) {
        lock.lock()
        stamps[path] = stamp
        lock.unlock()
    }

    package subscript(path: String) -> FileStamp? {
        lock.lock()
        defer { lock.unlock() }
        return stamps[path]
    }
}
