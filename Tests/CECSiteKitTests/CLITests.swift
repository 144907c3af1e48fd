import CECSiteTestSupport
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The `cecsite` binary: exit statuses, help, version and error output.
@Suite struct CLITests {
    static let binary = cecsiteBinary

    /// Fails the calling test when the binary is missing (see ``requireCECSiteBinary(sourceLocation:)``).
    static func requireBinary(sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        try requireCECSiteBinary(sourceLocation: sourceLocation)
    }

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
        return Run(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test
    func versionAndHelp() throws {
        try CLITests.requireBinary()
        let version = try run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).range(of: #"^\d+\.\d+\.\d+$"#, options: .regularExpression) != nil)
        let help = try run(["build", "--help"])
        #expect(help.status == 0)
        for option in ["--content", "--templates", "--output", "--date"] { #expect(help.stdout.contains(option)) }
    }

    @Test
    func dataCommandRegeneratesTheOpenDataOfABuiltSite() throws {
        try CLITests.requireBinary()
        let site = try TempSite.minimal(["content/data/datasets.yaml": Minimal.datasetMetadata])
        defer { site.remove() }
        let common = ["--content", site.content, "--templates", site.templates, "--output", site.output, "--date", "2021-01-01"]
        let early = try run(["data"] + common)
        #expect(early.status == 1)
        #expect(early.stderr.contains("error: No built site in this folder; run `cecsite build` first"))
        #expect(try run(["build"] + common).status == 0)
        let data = try run(["data"] + common)
        #expect(data.status == 0)
        #expect(data.stdout.contains("Brought \(site.output) up to date with the data: 0 files changed (0 pages), 0 removed, of "))
        let help = try run(["data", "--help"])
        #expect(help.status == 0 && help.stdout.contains("datapackage.json"))
    }

    @Test
    func dataCommandSucceedsOnTheShippedSite() throws {
        try CLITests.requireBinary()
        // The output's folder also gets the build's record and spare site beside the output.
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cecsite-cli-data-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let output = root.appendingPathComponent("public").path
        let common = [
            "--content", repositoryRoot.appendingPathComponent("content").path,
            "--templates", repositoryRoot.appendingPathComponent("templates").path,
            "--output", output, "--date", "2026-11-22", "--base-url", "http://localhost:8000",
        ]
        let build = try run(["build"] + common)
        #expect(build.status == 0, "\(build.stderr)")
        let data = try run(["data"] + common)
        #expect(data.status == 0, "\(data.stderr)")
        #expect(data.stderr == "")
        #expect(data.stdout.contains("Brought \(output) up to date with the data: 0 files changed (0 pages), 0 removed, of "))
    }

    /// `cecsite i18n` on the shipped content: everything is translated (status 0); on a site with
    /// one untranslated text it names the text at its place, in text and JSON, with status 1.
    @Test
    func i18nReportsTheShippedContentComplete() throws {
        try CLITests.requireBinary()
        let shipped = try run([
            "i18n", "--content", repositoryRoot.appendingPathComponent("content").path,
            "--templates", repositoryRoot.appendingPathComponent("templates").path,
        ])
        #expect(shipped.status == 0, "\(shipped.stdout)\(shipped.stderr)")
        #expect(shipped.stdout == "uk: 0 text(s) and 0 page(s) not translated\nen: 0 text(s) and 0 page(s) not translated\n")
        let site = try TempSite.minimal()
        defer { site.remove() }
        let text = try run(["i18n", "--content", site.content, "--language", "uk"])
        #expect(text.status == 1)
        #expect(text.stdout.contains(site.content + "/plan/units.yaml:3:11: no uk translation of \"Office of Informatization\"\n"))
        #expect(text.stdout.hasSuffix("uk: 8 text(s) and 2 page(s) not translated\n"))
        let json = try run(["i18n", "--content", site.content, "--format", "json"])
        #expect(json.status == 1)
        let list = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(list.count == 10)
        #expect(list.first?["language"] as? String == "uk")
        let bad = try run(["i18n", "--content", site.content, "--language", "fr"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("Unknown language 'fr'"))
    }

    @Test
    func usageErrorsExitWith64() throws {
        try CLITests.requireBinary()
        let badDate = try run(["build", "--date", "2020-02-30"])
        #expect(badDate.status == 64)
        #expect(badDate.stderr.contains("Invalid --date '2020-02-30'"))
        #expect(try run(["build", "--no-such-option"]).status == 64)
    }

    @Test
    func buildSucceedsAndFailsWithMeaningfulStatus() throws {
        try CLITests.requireBinary()
        let site = try TempSite.minimal()
        defer { site.remove() }
        let good = try run(["build", "--content", site.content, "--templates", site.templates, "--output", site.output, "--date", "2021-01-01"])
        #expect(good.status == 0)
        #expect(good.stdout.contains("Built 90 pages (152 files) into \(site.output)"))
        #expect(good.stdout.contains("[1/4] Loading"))

        let broken = try TempSite.minimal(["content/plan/plan.yaml": "title: {en: \"Plan\"}\nstart_year: 2020\nend_year: x\n"])
        defer { broken.remove() }
        let bad = try run(["build", "--content", broken.content, "--templates", broken.templates, "--output", site.output])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("\(broken.content)/plan/plan.yaml:3:11: error: Expected a whole number for 'end_year', found 'x'"))
        #expect(bad.stderr.contains("Build failed: 1 error(s), 0 warning(s); \(site.output) was left unchanged"))
    }

    @Test
    func auditExitsByWhatItFinds() throws {
        try CLITests.requireBinary()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cecsite-cli-audit-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("bad"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("good"), withIntermediateDirectories: true)
        try Data("<!DOCTYPE html>\n<html>\n<head><title>Без мови</title></head><body><p>Текст</p></body></html>\n".utf8)
            .write(to: root.appendingPathComponent("bad/index.html"))
        try Data("<!DOCTYPE html>\n<html lang=\"uk\">\n<head><title>З мовою</title></head><body><main><h1>Текст</h1></main></body></html>\n".utf8)
            .write(to: root.appendingPathComponent("good/index.html"))

        let bad = try run(["audit", root.appendingPathComponent("bad").path])
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("index.html:2:1: error: [html-lang] <html> has no lang attribute"), "\(bad.stdout)")
        #expect(bad.stderr.contains("Audited 1 pages"))

        let good = try run(["audit", root.appendingPathComponent("good").path])
        #expect(good.status == 0, "\(good.stdout)")
        #expect(good.stdout.isEmpty)

        let json = try run(["audit", "--format", "json", root.appendingPathComponent("bad").path])
        #expect(json.status == 1)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect((object?["findings"] as? [[String: Any]])?.first?["rule"] as? String == "html-lang")

        let missing = try run(["audit", root.appendingPathComponent("nowhere").path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no such folder"))
    }

    /// Nothing audited is no pass: an empty folder exits 2, with --strict or without.
    @Test
    func auditOfAFolderWithoutHTMLFails() throws {
        try CLITests.requireBinary()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cecsite-cli-empty-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try Data("body { color: black }".utf8).write(to: root.appendingPathComponent("style.css"))
        for arguments in [["audit", root.path], ["audit", "--strict", root.path]] {
            let empty = try run(arguments)
            #expect(empty.status == 2, "\(arguments): \(empty.stderr)")
            #expect(empty.stderr.contains("error: no HTML found in \(root.path)"), "\(empty.stderr)")
            #expect(!empty.stderr.contains("Audited"))
        }
    }

    @Test
    func auditDocumentsItsRules() throws {
        try CLITests.requireBinary()
        let list = try run(["audit", "--list-rules"])
        #expect(list.status == 0)
        #expect(list.stdout.contains("image-alt") && list.stdout.contains("WCAG 1.1.1"))
        let explain = try run(["audit", "--explain", "html-lang"])
        #expect(explain.status == 0)
        #expect(explain.stdout.contains("Fails:") && explain.stdout.contains("<html lang=\"ua\">"))
        let typo = try run(["audit", "--explain", "image-alz"])
        #expect(typo.status == 64)
        #expect(typo.stderr.contains("Did you mean 'image-alt'?"))
    }

    @Test
    func serveListensOnLoopbackAndStopsOnSIGTERM() async throws {
        try CLITests.requireBinary()
        let site = try TempSite.minimal()
        defer { site.remove() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["serve", "--port", "0", "--content", site.content, "--templates", site.templates, "--date", "2021-01-01"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        // The first line names the address. Blocking reads on their own threads, until EOF.
        final class Collected: @unchecked Sendable {
            let lock = NSLock()
            var data = Data()
            var text: String {
                lock.lock()
                defer { lock.unlock() }
                return String(decoding: data, as: UTF8.self)
            }
            func drain(_ handle: FileHandle) {
                Thread.detachNewThread {
                    while true {
                        let chunk = handle.availableData
                        if chunk.isEmpty { return }
                        self.lock.lock()
                        self.data.append(chunk)
                        self.lock.unlock()
                    }
                }
            }
        }
        let stdout = Collected(), stderr = Collected()
        stdout.drain(out.fileHandleForReading)
        stderr.drain(err.fileHandleForReading)
        // Looked at once more after the wait: a sleep in a pool kept busy by other suites' builds
        // may end past the deadline, with the line long printed.
        func firstLine() -> String? {
            let text = stdout.text
            return text.firstIndex(of: "\n").map { String(text[..<$0]) }
        }
        let start = Date()
        while firstLine() == nil, process.isRunning, Date().timeIntervalSince(start) < 60 {
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        let line = firstLine() ?? ""
        let match = try #require(
            line.firstRange(of: "http://127.0.0.1:"),
            "printed: \(line); stderr: \(stderr.text); running: \(process.isRunning); waited \(Date().timeIntervalSince(start)) s")
        let url = String(line[match.lowerBound...].prefix { $0 != " " })
        let (data, response) = try await URLSession.shared.data(from: URL(string: url)!)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: data, as: UTF8.self).contains("live.js"))
        process.terminate()
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning, Date() < deadline { try await Task.sleep(nanoseconds: 50_000_000) }
        #expect(!process.isRunning)
        #expect(process.terminationStatus == 0)
    }
}
