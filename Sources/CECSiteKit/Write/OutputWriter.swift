import Foundation

/// The write stage: writes the files into a staging folder beside the output folder and swaps it
/// in only when every file was written, so a failed build leaves the previous site untouched.
/// A file whose bytes did not change is hard-linked from the previous site, keeping its timestamp.
struct OutputWriter {
    let output: String

    /// The files of the previous site, relative to the output folder, in sorted order.
    static func existingFiles(in output: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: output) else { return [] }
        var paths: [String] = []
        while let path = walker.nextObject() as? String {
            if walker.fileAttributes?[.type] as? FileAttributeType == .typeRegular { paths.append(path) }
        }
        return paths.sorted()
    }

    /// Writes `files` as the new site. The previous site's files named in `kept` (and not
    /// replaced by `files`) are carried over unchanged: this is how `cecsite data` replaces the
    /// open data and nothing else.
    func write(_ files: [OutputFile], keeping kept: [String] = []) -> [Diagnostic] {
        let sink = DiagnosticSink(stage: .write)
        let fm = FileManager.default
        let target = URL(fileURLWithPath: output).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        let pid = ProcessInfo.processInfo.processIdentifier
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).tmp-\(pid)")
        let retired = parent.appendingPathComponent(".\(target.lastPathComponent).old-\(pid)")
        do {
            try? fm.removeItem(at: staging)
            try fm.createDirectory(at: staging, withIntermediateDirectories: true)
            var folders: Set<String> = [""]
            /// Creates the folder of `path` inside the staging folder once.
            func makeFolder(of path: String) throws {
                let folder = (path as NSString).deletingLastPathComponent
                if folders.insert(folder).inserted {
                    try fm.createDirectory(at: staging.appendingPathComponent(folder), withIntermediateDirectories: true)
                }
            }
            for file in files {
                guard Self.isSafe(file.path) else {
                    sink.error(SourceLocation(file: file.path), "Refusing to write outside the output folder: '\(file.path)'")
                    continue
                }
                let destination = staging.appendingPathComponent(file.path)
                try makeFolder(of: file.path)
                let previous = target.appendingPathComponent(file.path)
                if let old = fm.contents(atPath: previous.path), old == file.data,
                    (try? fm.linkItem(at: previous, to: destination)) != nil
                {
                    continue
                }
                try file.data.write(to: destination)
            }
            if !kept.isEmpty {
                let replaced = Set(files.map(\.path))
                for path in kept where !replaced.contains(path) {
                    let destination = staging.appendingPathComponent(path)
                    try makeFolder(of: path)
                    let previous = target.appendingPathComponent(path)
                    if (try? fm.linkItem(at: previous, to: destination)) == nil {
                        try fm.copyItem(at: previous, to: destination)
                    }
                }
            }
            if sink.hasErrors {
                try? fm.removeItem(at: staging)
                return sink.diagnostics
            }
            if fm.fileExists(atPath: target.path) {
                try fm.moveItem(at: target, to: retired)
            }
            try fm.moveItem(at: staging, to: target)
            try? fm.removeItem(at: retired)
        } catch {
            try? fm.removeItem(at: staging)
            if !fm.fileExists(atPath: target.path), fm.fileExists(atPath: retired.path) {
                try? fm.moveItem(at: retired, to: target)
            }
            sink.error(SourceLocation(file: output), "Cannot write the site: \(error.localizedDescription); check the folder's permissions and free space")
        }
        return sink.diagnostics
    }

    /// A relative path with no `..`, no empty and no absolute component.
    static func isSafe(_ path: String) -> Bool {
        !path.isEmpty && !path.hasPrefix("/") && !path.split(separator: "/", omittingEmptySubsequences: false)
            .contains(where: { $0 == ".." || $0 == "." || $0.isEmpty })
    }
}
