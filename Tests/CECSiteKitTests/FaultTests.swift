import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteFormats
@testable import CECSiteKit
@testable import CECSiteMarkdown
@testable import CECSiteTemplates

/// Faults during a build: a build killed at any moment (SIGKILL, so nothing of ours runs) leaves
/// the output folder exactly as one whole site, the previous one or the new one when the kill came
/// after the swap; a build that runs out of disk space leaves the previous site and reports it.
@Suite(.serialized) struct FaultTests {
    /// Every file of a folder and a fingerprint of its bytes.
    func snapshot(_ folder: String) -> [String: Int] {
        var files: [String: Int] = [:]
        let fm = FileManager.default
        guard let walker = fm.enumerator(atPath: folder) else { return [:] }
        while let path = walker.nextObject() as? String {
            if let data = fm.contents(atPath: folder + "/" + path), walker.fileAttributes?[.type] as? FileAttributeType == .typeRegular {
                var hasher = Hasher()
                hasher.combine(data)
                files[path] = hasher.finalize()
            }
        }
        return files
    }

    @Test
    func killedBuildsLeaveTheWholePreviousOrTheWholeNewSite() throws {
        try CLITests.requireBinary()
        // The shipped content (hundreds of pages, so a build lasts long enough to be cut), copied
        // so it can change between the old and the new site.
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cecsite-kill-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: repositoryRoot.appendingPathComponent("content").path, toPath: root + "/content")
        let output = root + "/public"
        func arguments(clean: Bool, into folder: String? = nil) -> [String] {
            [
                "build", "--quiet", "--content", root + "/content", "--templates", repositoryRoot.appendingPathComponent("templates").path,
                "--output", folder ?? output, "--date", "2021-01-15",
            ] + (clean ? ["--clean"] : [])
        }
        func start(_ arguments: [String]) throws -> Process {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CLITests.binary)
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }
        let first = try start(arguments(clean: false))
        first.waitUntilExit()
        #expect(first.terminationStatus == 0)
        let old = snapshot(output)
        #expect(old.count > 500)

        // The new site differs on every page: the site's title changed.
        let site = root + "/content/site.yaml"
        let yaml = try String(contentsOfFile: site, encoding: .utf8)
        let changed = yaml.replacingOccurrences(of: "title: {uk: \"", with: "title: {uk: \"Змінено: ")
        try #require(changed != yaml)
        try Data(changed.utf8).write(to: URL(fileURLWithPath: site))
        let timed = Date()
        let reference = try start(arguments(clean: true, into: root + "/reference"))
        reference.waitUntilExit()
        let duration = Date().timeIntervalSince(timed)
        let new = snapshot(root + "/reference")
        let differs = new.count == old.count && new != old
        #expect(reference.terminationStatus == 0 && differs)

        // Kill points spread over the whole build, from the start to past its end; the seed is
        // fixed so a failure can be replayed.
        var generator = SplitMix(seed: 20_201_025)
        var outcomes: [String] = []
        for round in 0..<10 {
            let delay = duration * (Double(round) + Double(generator.next() % 1000) / 1000) / 9
            let build = try start(arguments(clean: round % 2 == 0))
            if round == 9 {
                // The last kill comes right after the swap, whatever the machine's load: once the
                // live home page has the new title (the build may still be saving its records).
                let home = output + "/index.html", deadline = Date().addingTimeInterval(120)
                while build.isRunning, Date() < deadline,
                    !((try? String(contentsOfFile: home, encoding: .utf8))?.contains("Змінено: ") ?? false)
                {
                    Thread.sleep(forTimeInterval: 0.005)
                }
            } else {
                Thread.sleep(forTimeInterval: delay)
            }
            kill(build.processIdentifier, SIGKILL)
            build.waitUntilExit()
            let now = snapshot(output)
            let whole = now == old || now == new  // (a Bool, so a failure does not print every file)
            #expect(whole, "killed after \(delay) s: the output is neither the previous site nor the new one")
            outcomes.append(now == new ? "new" : now == old ? "old" : "neither")
            if now == new {
                // Back to the previous content for the next round.
                try Data(yaml.utf8).write(to: URL(fileURLWithPath: site))
                let back = try start(arguments(clean: false))
                back.waitUntilExit()
                let previous = snapshot(output) == old
                #expect(previous, "rebuilding the previous content gives the previous site")
                try Data(changed.utf8).write(to: URL(fileURLWithPath: site))
            }
        }
        // Both outcomes occurred: some kills came before the swap (the old site kept), some after
        // it (the new site complete). Otherwise the test proved only one half of its claim.
        #expect(outcomes.contains("old"), "no kill came before the swap: \(outcomes)")
        #expect(outcomes.contains("new"), "no kill came after the swap: \(outcomes)")
        // A build after all that produces the new site, and leaves no staging folder behind.
        let last = try start(arguments(clean: false))
        last.waitUntilExit()
        #expect(last.terminationStatus == 0)
        let final = snapshot(output) == new
        #expect(final, "the last build gives the new site")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root).filter { $0.contains(".tmp-") || $0.contains(".old-") }
        #expect(leftovers.isEmpty, "\(leftovers)")
        // The site the last build replaced is kept beside the output, for the next to start from.
        #expect(FileManager.default.fileExists(atPath: root + "/.public.spare/index.html"))
        #expect(!FileManager.default.fileExists(atPath: output + "/.public.spare"))
        print("kill outcomes: \(outcomes.joined(separator: " "))")
    }
}

extension FaultTests {
    /// Runs a command; true when it exited 0.
    static func run(_ command: String, _ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    /// True where this process may mount a tmpfs (root on Linux): the full-disk test needs one.
    static let canMount: Bool = {
        #if os(Linux)
            guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/bin/mount") else { return false }
            let probe = FileManager.default.temporaryDirectory.appendingPathComponent("cecsite-mount-probe-\(UUID().uuidString)").path
            try? FileManager.default.createDirectory(atPath: probe, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: probe) }
            guard run("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", probe]) else { return false }
            return run("/bin/umount", [probe])
        #else
            return false
        #endif
    }()

    @Test(.enabled(if: canMount, "needs root and tmpfs, to make a small disk"))
    func aFullDiskLeavesThePreviousSiteAndSaysSo() throws {
        let site = try TempSite.minimal()
        defer { site.remove() }
        // The size of one site, measured by building it on the ordinary disk.
        #expect(site.build().succeeded)
        func blocks(_ path: String) -> Int {
            let bytes = (try? FileManager.default.attributesOfItem(atPath: site.output + "/" + path)[.size] as? Int) ?? 0
            return (bytes + 4095) / 4096 * 4096
        }
        let files = OutputWriter.existingFiles(in: site.output)
        let size = files.reduce(0) { $0 + blocks($1) } + 4096 * files.count / 8
        let pages = files.filter { $0.hasSuffix(".html") }.reduce(0) { $0 + blocks($1) }
        // A disk with room for the site and half its pages again: a first build fits; a second
        // that changes every page stages all of them beside the site, and runs out.
        let disk = site.root.appendingPathComponent("disk").path
        try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)
        #expect(Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\((size + pages / 2) / 1024)k", "tmpfs", disk]))
        defer { _ = Self.run("/bin/umount", [disk]) }
        let output = disk + "/public"
        #expect(site.build(output: output).succeeded)
        let before = snapshot(output)
        try Data(
            Minimal.files["content/site.yaml"]!.replacingOccurrences(of: "Test site", with: "Renamed site")
                .replacingOccurrences(of: "Тестовий сайт", with: "Перейменований сайт").utf8
        )
        .write(to: URL(fileURLWithPath: site.content + "/site.yaml"))
        let report = site.build(output: output)
        #expect(!report.succeeded)
        let messages = report.errors.map(\.message)
        // The first file that did not fit, then a count of the others: not one error per file.
        #expect(messages.count <= 2, "\(messages.prefix(3))")
        #expect(
            messages.contains { $0.contains("No space left on device") && $0.hasSuffix("check the folder's permissions and free space") },
            "\(messages.prefix(3))")
        let intact = snapshot(output) == before
        #expect(intact, "the previous site is untouched")
        #expect(try FileManager.default.contentsOfDirectory(atPath: disk).filter { $0.contains(".tmp-") }.isEmpty, "the staging folder is removed")
        // With room again, the same build succeeds.
        #expect(Self.run("/bin/mount", ["-o", "remount,size=\(size * 4 / 1024)k", disk]))
        #expect(site.build(output: output).succeeded)
    }
}

/// A small deterministic generator for test schedules.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
