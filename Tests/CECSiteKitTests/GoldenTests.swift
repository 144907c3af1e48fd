import CECSiteTestSupport
import Foundation
import Testing

/// A few whole pages of the minimal site compared byte for byte with Expected/minimal/.
/// `make golden` (RECORD_GOLDENS=1) re-records them, and the run that records fails on purpose
/// (as swift-argument-parser's snapshot helper does): a recording is never a passing check, so
/// review the diff (`git diff Tests/CECSiteKitTests/Expected`) and run the tests again without it.
@Suite struct GoldenTests {
    static let expected = repositoryRoot.appendingPathComponent("Tests/CECSiteKitTests/Expected/minimal")
    static let pages = [
        "index.html", "en/plan/goals/1-1/index.html", "plan/timeline/index.html", "en/plan/about/index.html",
        "low-vision/plan/goals/1-1/index.html",
    ]

    @Test(arguments: pages) func pageMatchesGolden(_ path: String) throws {
        let site = try TempSite.minimal()
        defer { site.remove() }
        #expect(site.build(date: "2021-05-01").succeeded)
        let actual = site.read(path)
        let golden = Self.expected.appendingPathComponent(path)
        if ProcessInfo.processInfo.environment["RECORD_GOLDENS"] != nil {
            try FileManager.default.createDirectory(at: golden.deletingLastPathComponent(), withIntermediateDirectories: true)
            let previous = try? String(contentsOf: golden, encoding: .utf8)
            try Data(actual.utf8).write(to: golden)
            Issue.record(
                """
                Re-recorded \(path) (\(previous == actual ? "unchanged" : previous == nil ? "new" : "changed")) because \
                RECORD_GOLDENS is set; this run fails on purpose. Review `git diff Tests/CECSiteKitTests/Expected`, \
                then run the tests without RECORD_GOLDENS
                """)
            return
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(actual == expected, "\(path) differs from its golden file; run `make golden` if the change is intended")
    }
}
