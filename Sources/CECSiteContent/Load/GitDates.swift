import CECSiteCore
import Foundation

/// The days on which the content's files were committed, when the content folder is in a git
/// work tree, as Hugo's `enableGitInfo` reads `lastmod`: for each file, the committer date (in
/// Kyiv) of the first and of the last commit that touched it. The same history gives the same
/// days, whatever the build date; a change not yet committed is dated when it is committed.
package struct GitDates: Sendable {
    /// Path (as the loader names it: the content folder joined with the relative path) → the
    /// day of the first and of the last commit touching it.
    package var files: [String: (first: Day, last: Day)] = [:]
    /// The abbreviated hash of the newest commit touching the content folder, when in git.
    package var head: String?

    /// The first and last commit days of a set of files, when git knows every one of them.
    package func days(_ paths: Set<String>) -> (first: Day, last: Day)? {
        guard !paths.isEmpty else { return nil }
        var first: Day?, last: Day?
        for path in paths {
            guard let days = files[path] else { return nil }
            first = min(first ?? days.first, days.first)
            last = max(last ?? days.last, days.last)
        }
        return first.flatMap { f in last.map { (f, $0) } }
    }

    /// Reads the history of `directory` with `git log`; empty when the folder is not in a git work
    /// tree, git is not installed, or it fails (the datasets then use their `issued:`/`changed:`).
    package static func read(_ directory: String) -> GitDates {
        guard
            let log = run(
                ["-C", directory, "-c", "core.quotepath=off", "log", "--no-renames", "--format=%x01%h %cI", "--name-only", "--relative", "--", "."])
        else { return GitDates() }
        var dates = GitDates()
        var day: Day?
        for line in log.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("\u{1}") {
                let parts = line.dropFirst().split(separator: " ")
                if dates.head == nil, let hash = parts.first { dates.head = String(hash) }
                day = parts.count == 2 ? Day(dateTime: String(parts[1])) : nil
            } else if let day {
                let path = join(directory, String(line))
                // git log lists the newest commit first: the first day seen is the last change.
                if let known = dates.files[path] {
                    dates.files[path] = (min(known.first, day), known.last)
                } else {
                    dates.files[path] = (day, day)
                }
            }
        }
        return dates
    }

    private static func run(_ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_OPTIONAL_LOCKS"] = "0"
        environment["LC_ALL"] = "C"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
