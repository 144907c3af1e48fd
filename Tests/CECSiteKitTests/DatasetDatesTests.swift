import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteKit

/// A dataset's dates are the content's, never the build date: from the git history of the files
/// its rows come from, else from `issued:`/`changed:` in `data/datasets.yaml`.
@Suite struct DatasetDatesTests {
    /// The minimal site with the shipped dataset metadata, `issued:`/`changed:` added to
    /// plan-results when `dated`.
    func site(dated: Bool) throws -> TempSite {
        var metadata = Minimal.datasetMetadata
        if dated {
            metadata = metadata.replacingOccurrences(
                of: "  plan-results:\n", with: "  plan-results:\n    issued: 2020-07-01\n    changed: 2021-03-15\n")
        }
        return try TempSite.minimal(["content/data/datasets.yaml": metadata])
    }

    func files(below directory: String) -> [String: Data] {
        var found: [String: Data] = [:]
        let root = URL(fileURLWithPath: directory)
        guard let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [:] }
        for case let url as URL in files {
            let path = url.path.replacingOccurrences(of: root.path + "/", with: "")
            if let data = try? Data(contentsOf: url), !url.hasDirectoryPath { found[path] = data }
        }
        return found
    }

    func catalogDataset(_ site: TempSite, _ id: String, in output: String? = nil) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: (output ?? site.output) + "/data/catalog.jsonld"))
        let catalog = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let datasets = try #require(catalog["dcat:dataset"] as? [[String: Any]])
        return try #require(datasets.first { $0["dct:identifier"] as? String == id })
    }

    func day(_ value: Any?) -> String? { (value as? [String: Any])?["@value"] as? String }

    @Test func theSameContentBuiltOnTwoDaysGivesTheSameDataFiles() throws {
        let site = try site(dated: true)
        defer { site.remove() }
        let other = site.root.appendingPathComponent("other").path
        #expect(site.build(date: "2021-05-01").succeeded)
        #expect(site.build(date: "2026-12-06", output: other).succeeded)
        let first = files(below: site.output + "/data"), second = files(below: other + "/data")
        #expect(first.count > 20)
        #expect(Set(first.keys) == Set(second.keys))
        for (path, data) in first.sorted(by: { $0.key < $1.key }) { #expect(second[path] == data, "data/\(path) differs between build days") }
        let results = try catalogDataset(site, "plan-results")
        #expect(day(results["dct:issued"]) == "2020-07-01")
        #expect(day(results["dct:modified"]) == "2021-03-15")
        #expect(day(results["cec:currentAsOf"]) == "2021-03-15")
        let units = try catalogDataset(site, "plan-units")
        #expect(units["dct:modified"] == nil && units["dct:issued"] == nil)
        let page = site.read("en/data/plan-results/index.html")
        #expect(page.contains("<dt>First published</dt><dd><time datetime=\"2020-07-01\">"))
        #expect(page.contains("<dt>Date of last change</dt><dd><time datetime=\"2021-03-15\">"))
        #expect(site.read("en/data/plan-units/index.html").contains("<dt>Date of last change</dt><dd><span>not stated by the publisher</span>"))
        let package = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: site.output + "/data/datapackage.json"))) as? [String: Any])
        #expect(package["created"] as? String == "2021-03-15T00:00:00+02:00")
        #expect(package["version"] == nil)
    }

    @Test func gitHistoryDatesEachDatasetByTheCommitsOfItsFiles() throws {
        let site = try site(dated: true)
        defer { site.remove() }
        func git(_ arguments: String..., date: String = "2020-03-01T10:00:00+02:00") throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["git", "-C", site.root.path] + arguments
            process.environment = ProcessInfo.processInfo.environment.merging(
                [
                    "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                    "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
                ], uniquingKeysWith: { _, new in new })
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "git \(arguments)")
        }
        try git("init", "-q")
        try git("add", "content")
        try git("commit", "-q", "-m", "first")
        let pillar = site.content + "/plan/pillars/1-capacity.yaml"
        let text = try String(contentsOfFile: pillar, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "2021-06-01", with: "2021-06-02").utf8).write(to: URL(fileURLWithPath: pillar))
        // 00:30 on 4 February in Kyiv, though still 3 February in UTC: the day is Kyiv's.
        try git("commit", "-q", "-am", "second", date: "2021-02-03T22:30:00Z")
        // A change not committed yet is dated when it is committed.
        try Data(text.replacingOccurrences(of: "2021-06-01", with: "2021-06-03").utf8).write(to: URL(fileURLWithPath: pillar))
        #expect(site.build(date: "2026-12-06").succeeded)
        let results = try catalogDataset(site, "plan-results")
        #expect(day(results["dct:issued"]) == "2020-03-01")
        #expect(day(results["dct:modified"]) == "2021-02-04")
        let units = try catalogDataset(site, "plan-units")
        #expect(day(units["dct:issued"]) == "2020-03-01")
        #expect(day(units["dct:modified"]) == "2020-03-01")
        let package = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: site.output + "/data/datapackage.json"))) as? [String: Any])
        #expect((package["version"] as? String)?.count ?? 0 >= 7, "the content's commit")
        #expect(package["created"] as? String == "2021-02-04T00:00:00+02:00")
    }
}
