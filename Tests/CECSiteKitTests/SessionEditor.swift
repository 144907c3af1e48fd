import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteKit

/// A temporary site edited and rebuilt through a ``BuildSession`` into its folder `served`, as
/// `cecsite serve` rebuilds it, each rebuild compared with a clean build of the same content
/// (SessionTests, SessionDeltaTests).
final class SessionEditor {
    let site: TempSite
    let served: String
    let clean: String
    let session: BuildSession
    /// The files written since the last rebuild, as the watcher names them.
    var changed: [String] = []

    /// - Parameter ownsOutput: As ``BuildSession/init(options:ownsOutput:)`` takes it.
    init(_ site: TempSite, ownsOutput: Bool) {
        self.site = site
        served = site.root.appendingPathComponent("served").path
        clean = site.root.appendingPathComponent("clean").path
        session = BuildSession(options: site.options(served), ownsOutput: ownsOutput)
    }

    /// Writes `text` to the site's file `path` (removes it when nil), noted as changed.
    func write(_ path: String, _ text: String?) throws {
        let url = site.root.appendingPathComponent(path)
        changed.append(url.path)
        if let text { try Data(text.utf8).write(to: url) } else { try FileManager.default.removeItem(at: url) }
    }

    /// The text of the site's file `path`.
    func read(_ path: String) throws -> String { try String(contentsOf: site.root.appendingPathComponent(path), encoding: .utf8) }

    /// The changed files, taken: the next rebuild is told of them.
    func taken() -> [String] {
        defer { changed = [] }
        return changed
    }

    /// The site the session answers: every path of `paths` (and of the output folder as it
    /// is), looked up as a request would be.
    func answered(_ paths: Set<String>) -> [String: Data] {
        var files: [String: Data] = [:]
        let onDisk = (try? snapshot(served)) ?? [:]
        for path in paths.union(onDisk.keys) where path != OutputTarget.markerName {
            switch session.lookup(path) {
            case .memory(let data): files[path] = data
            case .disk: files[path] = onDisk[path]
            case .missing: break
            }
        }
        return files
    }

    /// A clean build of the site as it is into `clean`, from nothing.
    func cleanBuild() -> BuildReport {
        try? FileManager.default.removeItem(atPath: clean)
        try? FileManager.default.removeItem(atPath: BuildOptions.cacheDirectory(for: clean))
        var reference = site.options(clean)
        reference.incremental = false
        return CECSiteKit.build(reference)
    }

    /// Rebuilds through the session, told of `named` (nil: of nothing), and cleanly, and records
    /// an issue for every file of the site answered before the write, or of the site written,
    /// that is not the clean build's; returns the session's report.
    func check(_ step: String, named: [String]?) throws -> BuildReport {
        #expect(cleanBuild().succeeded, "\(step)")
        let expected = try snapshot(clean).filter { $0.key != OutputTarget.markerName }
        var before: [String: Data]?
        let report = session.rebuild(changed: named) { [self] _ in
            #expect(session.isPending)
            before = answered(Set(expected.keys))
        }
        #expect(report.succeeded && !session.isPending, "\(step)")
        for (name, site) in [("served from memory", before ?? [:]), ("written", try snapshot(served))] {
            let site = site.filter { $0.key != OutputTarget.markerName }
            #expect(
                Set(site.keys) == Set(expected.keys),
                "\(step): \(name): different files: \(Set(site.keys).symmetricDifference(expected.keys).sorted())")
            for (path, data) in expected where site[path] != nil && site[path] != data {
                Issue.record("\(step): \(name): \(path) differs from a clean build")
            }
        }
        return report
    }
}
