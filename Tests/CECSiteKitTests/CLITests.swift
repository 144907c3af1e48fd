import Foundation
import Testing

/// The `cecsite` binary: exit statuses, help, version and error output.
@Suite struct CLITests {
    static let binary = repositoryRoot.appendingPathComponent(".build/debug/cecsite").path

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func run(_ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: binary), "build the cecsite product first (make test does)"))
    func versionAndHelp() throws {
        let version = try run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).range(of: #"^\d+\.\d+\.\d+$"#, options: .regularExpression) != nil)
        let help = try run(["build", "--help"])
        #expect(help.status == 0)
        for option in ["--content", "--templates", "--output", "--date"] { #expect(help.stdout.contains(option)) }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: binary)))
    func usageErrorsExitWith64() throws {
        let badDate = try run(["build", "--date", "2020-02-30"])
        #expect(badDate.status == 64)
        #expect(badDate.stderr.contains("Invalid --date '2020-02-30'"))
        #expect(try run(["build", "--no-such-option"]).status == 64)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: binary)))
    func buildSucceedsAndFailsWithMeaningfulStatus() throws {
        let site = try TempSite.minimal()
        defer { site.remove() }
        let good = try run(["build", "--content", site.content, "--templates", site.templates, "--output", site.output, "--date", "2021-01-01"])
        #expect(good.status == 0)
        #expect(good.stdout.contains("Built 44 pages (46 files) into \(site.output)"))
        #expect(good.stdout.contains("[1/4] Loading"))

        let broken = try TempSite.minimal(["content/plan/plan.yaml": "title: {en: \"Plan\"}\nstart_year: 2020\nend_year: x\n"])
        defer { broken.remove() }
        let bad = try run(["build", "--content", broken.content, "--templates", broken.templates, "--output", site.output])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("\(broken.content)/plan/plan.yaml:3:11: error: Expected a whole number for 'end_year', found 'x'"))
        #expect(bad.stderr.contains("Build failed: 1 error(s), 0 warning(s); \(site.output) was left unchanged"))
    }
}
