import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteFormats
@testable import CECSiteKit
@testable import CECSiteMarkdown
@testable import CECSiteTemplates

/// Source files read with POSIX calls: the text, the stamp taken before reading, and refusals.
@Suite struct SourceFilesTests {
    func folder() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cecsite-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        return root
    }

    @Test func readGivesTheTextAndTheStampOfTheFile() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let path = root.appendingPathComponent("a.md").path
        try Data("\u{FEFF}---\ntitle: Ї\n---\n".utf8).write(to: URL(fileURLWithPath: path))
        let sink = DiagnosticSink(stage: .load)
        let read = SourceFiles(sink: sink).read(path)
        #expect(read?.text == "---\ntitle: Ї\n---\n")
        #expect(read?.stamp == FileStamp(path: path))
        #expect(sink.diagnostics.isEmpty)
    }

    @Test func aSecondByteOrderMarkIsDroppedAsBefore() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let path = root.appendingPathComponent("a.md").path
        try Data([0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, 0x41]).write(to: URL(fileURLWithPath: path))
        #expect(SourceFiles(sink: DiagnosticSink(stage: .load)).text(path) == "A")
    }

    @Test func theWholeFileIsReadWhateverItsSize() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let path = root.appendingPathComponent("a.md").path
        let text = String(repeating: "Слово and word. ", count: 50_000)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        #expect(SourceFiles(sink: DiagnosticSink(stage: .load)).text(path) == text, "a file of \(text.utf8.count) bytes")
    }

    @Test func foldersFIFOsAndMissingFilesAreRefusedWithoutWaiting() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let fifo = root.appendingPathComponent("pipe.md").path
        #expect(mkfifo(fifo, 0o644) == 0)
        let sink = DiagnosticSink(stage: .load)
        let files = SourceFiles(sink: sink)
        #expect(files.read(fifo) == nil)
        #expect(files.read(root.path) == nil)
        #expect(files.read(root.appendingPathComponent("missing.md").path) == nil)
        #expect(
            sink.diagnostics.map(\.message) == [
                "Not a regular file; replace it with a text file",
                "Not a regular file; replace it with a text file",
                "Cannot read the file; check that it exists and is readable",
            ])
    }

    @Test func linksBelowAFolderAreTheOnesFileManagerFinds() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let fm = FileManager.default
        for directory in ["content/sub/deeper", "content/.hidden", "elsewhere"] {
            try fm.createDirectory(at: root.appendingPathComponent(directory), withIntermediateDirectories: true)
        }
        try Data("x".utf8).write(to: root.appendingPathComponent("content/sub/page.md"))
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("content/sub/deeper/folder").path, withDestinationPath: "../../../elsewhere")
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("content/.hidden/file.md").path, withDestinationPath: "/dev/zero")
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("content/folder").path, withDestinationPath: "../elsewhere")
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("linked-content").path, withDestinationPath: "content")
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("elsewhere/back").path, withDestinationPath: "../content")
        for start in ["content", "linked-content"] {
            let path = root.appendingPathComponent(start).path
            let enumerated = ((fm.enumerator(atPath: path)?.allObjects as? [String]) ?? [])
                .filter { isSymbolicLink(path + "/" + $0) }.sorted()
            #expect(ContentLoader.symbolicLinks(below: path).sorted() == enumerated, "\(start)")
        }
        #expect(ContentLoader.symbolicLinks(below: root.appendingPathComponent("content").path).sorted() == [".hidden/file.md", "folder", "sub/deeper/folder"])
        #expect(ContentLoader.symbolicLinks(below: root.appendingPathComponent("missing").path).isEmpty)
    }
}
