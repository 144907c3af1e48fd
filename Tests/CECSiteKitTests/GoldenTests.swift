import Foundation
import Testing

/// A few whole pages of the minimal site compared byte for byte with Expected/minimal/.
/// `make golden` (RECORD_GOLDENS=1) re-records them; review the diff before committing.
@Suite struct GoldenTests {
    static let expected = repositoryRoot.appendingPathComponent("Tests/CECSiteKitTests/Expected/minimal")
    static let pages = ["index.html", "en/plan/goals/1-1/index.html", "plan/timeline/index.html", "en/plan/about/index.html",
                        "low-vision/plan/goals/1-1/index.html"]

    @Test(arguments: pages) func pageMatchesGolden(_ path: String) throws {
        let site = try TempSite.minimal()
        defer { site.remove() }
        #expect(site.build(date: "2021-05-01").succeeded)
        let actual = site.read(path)
        let golden = Self.expected.appendingPathComponent(path)
        if ProcessInfo.processInfo.environment["RECORD_GOLDENS"] != nil {
            try FileManager.default.createDirectory(at: golden.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: golden)
            return
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(actual == expected, "\(path) differs from its golden file; run `make golden` if the change is intended")
    }
}
