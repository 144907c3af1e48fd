import Foundation
import Testing

@testable import CECSiteKit

/// The write stage and the link check as incremental builds use them.
@Suite struct OutputWriterTests {
    @Test func reusedPagesAreCheckedAgainOnlyWhenAFileOfThePreviousBuildIsGone() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cecsite-links-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/a", withIntermediateDirectories: true)
        try Data("<p>\n<a href=\"/gone/\">x</a></p>".utf8).write(to: URL(fileURLWithPath: folder + "/a/index.html"))
        let reused = OutputFile(path: "a/index.html", data: Data(), previous: .same)
        let skipped = DiagnosticSink(stage: .render)
        LinkChecker(files: [reused], sink: skipped).run()
        #expect(skipped.diagnostics.isEmpty)
        let checked = DiagnosticSink(stage: .render)
        LinkChecker(files: [reused], sink: checked, reusedFolder: folder).run()
        #expect(checked.diagnostics.map(\.description) == [
            "a/index.html:2:1: error: Broken internal link '/gone/': the build has no file 'gone/index.html'; fix the link in the template or content that produced it"
        ])
    }

    @Test func writesReadableFilesSwapsTheWholeSiteAndRemovesAbandonedStagingFolders() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cecsite-writer-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let output = root + "/public"
        // A staging folder a killed build left behind (no process has pid 2^22 + 1 here).
        let abandoned = root + "/.public.tmp-4194305"
        try FileManager.default.createDirectory(atPath: abandoned + "/x", withIntermediateDirectories: true)
        let writer = OutputWriter(output: output)
        #expect(writer.write([OutputFile(path: "index.html", data: Data("one".utf8)),
                              OutputFile(path: "deep/er/page.html", data: Data("two".utf8))]).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: abandoned))
        let mode = try FileManager.default.attributesOfItem(atPath: output + "/deep/er/page.html")[.posixPermissions] as? Int
        #expect(mode.map { $0 & 0o644 == 0o644 && $0 & 0o022 == 0 } == true, "files are rw-r--r--")
        let before = FileStamp(path: output + "/index.html")
        #expect(writer.write([OutputFile(path: "index.html", data: Data("one".utf8)), OutputFile(path: "new.html", data: Data("3".utf8))]).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: output).sorted() == ["index.html", "new.html"])
        #expect(FileStamp(path: output + "/index.html") == before, "an unchanged file keeps its inode and time")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root).sorted() == [".public.spare", "public"],
                "no staging or retired folder is left, only the spare site")
    }
}
