import CECSiteContent
import CECSiteCore
import CECSiteFormats
import CECSiteKit
import CECSiteMarkdown
import CECSiteTemplates
import Foundation
import Testing

/// What the test suites share (the `CECSiteTestSupport` target): the repository root, the
/// `cecsite` binary, temporary sites (``TempSite``) and the minimal valid site (``Minimal``).

/// The repository root, found from this file's path.
package let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// The `cecsite` binary of the debug build, which `swift build --build-tests` makes.
package let cecsiteBinary = repositoryRoot.appendingPathComponent(".build/debug/cecsite").path

/// Fails the calling test when the binary is missing: a test of the binary that cannot run
/// is a failure, not a skip. `swift build --build-tests` (and `make test`) build it.
package func requireCECSiteBinary(sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    try #require(
        FileManager.default.isExecutableFile(atPath: cecsiteBinary),
        "\(cecsiteBinary) is missing; build it first (swift build --build-tests, or make test)", sourceLocation: sourceLocation)
}

/// A site written into a fresh temporary folder: `content/`, optionally its own `templates/`
/// (a copy of the shipped ones, to be modified), and an output folder.
package struct TempSite {
    package let root: URL
    package var templates: String

    /// Writes `files` (path → text) under a new temporary folder. Paths starting with
    /// `templates/` make the site use a copy of the shipped templates with those files replaced;
    /// a `nil` text deletes the file.
    package init(_ files: [String: String?]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("cecsite-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        templates = repositoryRoot.appendingPathComponent("templates").path
        if files.keys.contains(where: { $0.hasPrefix("templates/") }) {
            try FileManager.default.copyItem(atPath: templates, toPath: root.appendingPathComponent("templates").path)
            templates = root.appendingPathComponent("templates").path
        }
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            if let text {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url)
            } else {
                try? FileManager.default.removeItem(at: url)
            }
        }
    }

    /// The minimal valid site with `changes` applied (path → new text, or nil to delete).
    package static func minimal(_ changes: [String: String?] = [:]) throws -> TempSite {
        var files: [String: String?] = Minimal.files.mapValues { $0 }
        for (path, text) in changes { files[path] = text }
        return try TempSite(files)
    }

    package var content: String { root.appendingPathComponent("content").path }
    package var output: String { root.appendingPathComponent("public").path }

    package func build(date: String = "2021-01-15", output: String? = nil, strict: Bool = false) -> BuildReport {
        CECSiteKit.build(
            BuildOptions(
                content: content, templates: templates, output: output ?? self.output,
                date: Day(iso: date), strict: strict))
    }

    /// The options of a build of the site into `output`, dated 2021-01-15, at https://example.org.
    package func options(_ output: String) -> BuildOptions {
        BuildOptions(
            content: content, templates: templates, output: output, date: Day(iso: "2021-01-15"), baseURL: "https://example.org")
    }

    /// Builds the site with ``options(_:)`` into `output`, incrementally (against the record and
    /// spare site of the previous build there) or cleanly.
    package func build(_ output: String, incremental: Bool) -> BuildReport {
        var options = options(output)
        options.incremental = incremental
        return CECSiteKit.build(options)
    }

    /// Rewrites the site's file at `path` (relative to the site's root) with `change` applied
    /// to its text.
    package func edit(_ path: String, _ change: (String) -> String) throws {
        let url = root.appendingPathComponent(path)
        try Data(change(try String(contentsOf: url, encoding: .utf8)).utf8).write(to: url)
    }

    /// A built file's text. A missing or unreadable file fails the calling test (and gives ""),
    /// so that a negative check such as `!site.read(x).contains(y)` cannot pass on a page that
    /// was never written; use `readIfPresent` where the file may rightly be absent.
    package func read(_ path: String, in output: String? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
        guard let text = readIfPresent(path, in: output) else {
            let url = URL(fileURLWithPath: output ?? self.output).appendingPathComponent(path)
            let why = FileManager.default.fileExists(atPath: url.path) ? "is not UTF-8 text" : "was not built"
            Issue.record("\(path) \(why) (in \(output ?? "the output"))", sourceLocation: sourceLocation)
            return ""
        }
        return text
    }

    /// A built file's text, or nil when it does not exist: for the checks that a file is absent.
    package func readIfPresent(_ path: String, in output: String? = nil) -> String? {
        let url = URL(fileURLWithPath: output ?? self.output).appendingPathComponent(path)
        return try? String(contentsOf: url, encoding: .utf8)
    }

    /// Diagnostics as `relative/path:line:column: severity: message`, relative to the site root.
    package func lines(_ report: BuildReport) -> [String] {
        report.diagnostics.map { $0.description.replacingOccurrences(of: root.path + "/", with: "") }
    }

    package func remove() { try? FileManager.default.removeItem(at: root) }
}

extension Minimal {
    /// The shipped `data/datasets.yaml` without the datasets of content the minimal site lacks
    /// (gender tables, records, FAQ): the metadata of exactly the datasets the minimal site derives.
    package static var datasetMetadata: String {
        let shipped = (try? String(contentsOf: repositoryRoot.appendingPathComponent("content/data/datasets.yaml"), encoding: .utf8)) ?? ""
        var kept: [Substring] = []
        var skipping = false
        for line in shipped.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  "), !line.hasPrefix("   "), line.hasSuffix(":") { skipping = line.hasPrefix("  gender-") || line == "  faq:" }
            if !skipping { kept.append(line) }
        }
        return kept.joined(separator: "\n")
    }
}

/// The smallest site that builds cleanly: one pillar, one goal, two actions, a page and a news article,
/// and the shipped FAQ topics and audiences and calendar categories (so that a test adding a question or
/// an event can use them).
package enum Minimal {
    package static let files: [String: String] = taxonomies.merging(site) { _, own in own }

    package static let taxonomies: [String: String] = Dictionary(
        uniqueKeysWithValues: [
            "content/faq/topics.yaml", "content/faq/audiences.yaml", "content/calendar/categories.yaml",
        ].map { path in (path, (try? String(contentsOf: repositoryRoot.appendingPathComponent(path), encoding: .utf8)) ?? "") })

    package static let site: [String: String] = [
        "content/site.yaml": """
        title: {uk: "Тестовий сайт", en: "Test site"}
        description: {en: "A site for tests."}
        """,
        "content/plan/plan.yaml": """
        title: {uk: "План", en: "Plan"}
        start_year: 2020
        end_year: 2025
        """,
        "content/plan/units.yaml": """
        units:
          - slug: office-of-informatization
            name: {en: "Office of Informatization"}
          - slug: department-of-human-resources
            name: {uk: "Департамент кадрів", en: "Department of Human Resources"}
        """,
        "content/plan/pillars/1-capacity.yaml": """
        id: "1"
        slug: capacity
        title: {en: "Institutional Capacity"}
        goals:
          - id: "1.1"
            title: {en: "Human resource management development"}
            actions:
              - id: "1.1.1"
                title: {en: "CEC staff advanced training"}
                results:
                  - id: "1.1.1.1"
                    title: {en: "Conducted comprehensive HR assessment"}
                    units: [department-of-human-resources, office-of-informatization]
                    from: 2020-09-15
                    till: 2021-04-01
              - id: "1.1.2"
                title: {en: "Introducing internal performance assessment"}
                results:
                  - id: "1.1.2.1"
                    title: {en: "Conducting staff surveys"}
                    units: [department-of-human-resources]
                    from: 2021-06-01
                    till: 2025-06-01
        """,
        "content/pages/about.en.md": """
        ---
        title: "About the plan"
        section: plan
        order: 1
        description: "What the plan is."
        ---
        The plan has [goals](/plan/goals/1-1/).

        ## Background

        Text.
        """,
        "content/news/first.en.md": """
        ---
        title: "First news"
        date: 2020-09-05
        source: "Test"
        summary: "Something happened."
        ---
        Body of the news.
        """,
    ]
}

extension TempSite {
    /// Writes `changes` (path → bytes, or nil to delete) into the site, for inputs that are not
    /// UTF-8 text (other encodings, NUL bytes, a byte-order mark).
    package func apply(_ changes: [String: Data?]) throws {
        for (path, data) in changes {
            let url = root.appendingPathComponent(path)
            if let data {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url)
            } else {
                try? FileManager.default.removeItem(at: url)
            }
        }
    }
}
