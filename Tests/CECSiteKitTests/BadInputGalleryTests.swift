import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteKit

/// The cases of `Gallery/`, read when the tests are listed: one hostile or broken input per
/// file, each a small change to the minimal site (``Minimal``) with exactly what the build must
/// say about it.
///
/// A case is a txtar file (``Txtar``, the format of Hugo's integration tests), `Gallery/NAME.txtar`:
///
/// ```
/// An alias ('*nobody') with no anchor of that name.
/// -- content/plan/units.yaml --
/// units: *nobody
/// -- expected --
/// content/plan/units.yaml:1:8: error: Malformed YAML: found undefined alias; fix the syntax at this place
/// ```
///
/// The text before the first section says what the case shows. The sections are applied in order
/// to a copy of the minimal site once it has built cleanly; paths are relative to the site's root,
/// and a path in `templates/` makes the site use its own copy of the shipped templates:
///
/// - `-- PATH --`: the file's new text, as UTF-8 (every line, the last included, ends with a line feed).
/// - `-- escaped: PATH --`: the same with escapes, for bytes a text file cannot show: `\xHH` is one
///   byte, `\(N * "text")` is `text` written N times (`text` holds no `"`), `\\` is a backslash;
///   no other backslash is allowed.
/// - `-- utf-16le: PATH --`, `-- utf-16be: PATH --`: the text saved as UTF-16 with a byte-order
///   mark; `-- utf-16le-without-bom: PATH --` without one.
/// - `-- delete: PATH --`, empty: the file or folder is removed (it must exist).
/// - `-- link: PATH --`: a symbolic link to the section's one line; a target `OUTSIDE` or
///   `OUTSIDE/NAME` is a folder outside the site, holding `secret.en.md` and `secret.yaml`, and
///   the folder's real path in a diagnostic is printed as `OUTSIDE`.
/// - `-- built: OUTPUT-PATH --`: the built file contains the section's text (without its last
///   line feed); for a build that succeeds.
/// - `-- not in markup --`: no built HTML, XML or SVG file contains any of the section's lines.
///   JSON data files hold such values as data, and the search script inserts them as text.
/// - `-- expected --`, always last: the exact diagnostics, one a line, in the order the build
///   reports them, as `path:line:column: severity: message` relative to the site's root. The
///   build must fail exactly when one of them is an error.
///
/// Expected lines are written by hand; a mismatch fails with a diff of the expected and the
/// actual lines. Whatever the input, the build must end within the time limit, a failed build
/// must leave the previous output byte for byte as it was, and nothing may be written beside
/// the output folder or outside the site.
enum Gallery {
    static let folder = repositoryRoot.appendingPathComponent("Tests/CECSiteKitTests/Gallery")

    /// Every `.txtar` file of the folder, by name; one that cannot be read is a case that fails.
    static var cases: [GalleryCase] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0.hasSuffix(".txtar") }.sorted().map { file in
            let name = String(file.dropLast(".txtar".count))
            do {
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                return try GalleryCase(name: name, Txtar(text))
            } catch {
                return GalleryCase(name: name, problem: "\(error)")
            }
        }
    }
}

/// The bad-input gallery (issue 9): every case of `Gallery/` (one file each, format in
/// ``Gallery``) built on the minimal site, its diagnostics compared line for line.
// Serialized: the cases build synchronously, and all of them at once would starve the threads
// the preview server's tests need.
@Suite(.serialized) struct BadInputGalleryTests {
    @Test(.timeLimit(.minutes(1)), arguments: Gallery.cases)
    func badInput(_ input: GalleryCase) throws {
        if let problem = input.problem {
            Issue.record("Gallery/\(input.name).txtar: \(problem)")
            return
        }
        // A site whose template changes apply to its own copy of the templates.
        var copies: [String: String?] = [:]
        for change in input.changes where change.path.hasPrefix("templates/") {
            copies[change.path] = try? String(contentsOf: repositoryRoot.appendingPathComponent(change.path), encoding: .utf8)
        }
        let site = try TempSite.minimal(copies)
        defer { site.remove() }
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("cecsite-outside-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: outside) }

        let clean = site.build()
        try #require(clean.succeeded, "\(site.lines(clean))")
        let before = try Self.snapshot(site.output)

        try apply(input.changes, to: site, outside: outside)
        let inputs = try Self.snapshot(site.root.path, skipping: "public")
        let outsideBefore = try Self.snapshot(outside.path)

        let report = site.build()
        let lines = site.lines(report).map { $0.replacingOccurrences(of: outside.path, with: "OUTSIDE") }
        if lines != input.expected {
            Issue.record("Gallery/\(input.name).txtar: the diagnostics differ (- expected, + actual):\n\(Self.diff(input.expected, lines))")
        }
        #expect(report.succeeded == input.builds, "the build \(report.succeeded ? "succeeded" : "failed")")
        #expect(try Self.snapshot(site.root.path, skipping: "public") == inputs, "nothing is written beside the output folder")
        #expect(try Self.snapshot(outside.path) == outsideBefore, "nothing is written outside the site")
        if report.succeeded {
            let after = try Self.snapshot(site.output)
            for check in input.contains {
                #expect(site.read(check.path).contains(check.text), "\(check.path) holds \(check.text)")
            }
            for text in input.never {
                let markup = after.filter { ["html", "xml", "svg"].contains(($0.key as NSString).pathExtension) }
                let holders = markup.filter { String(decoding: $0.value, as: UTF8.self).contains(text) }.keys.sorted()
                #expect(holders.isEmpty, "\(text) in \(holders)")
            }
        } else {
            #expect(try Self.snapshot(site.output) == before, "a failed build leaves the output folder as it was")
        }
    }

    @Test func galleryHasAtLeastFortyDistinctCases() {
        let cases = Gallery.cases
        #expect(cases.count >= 40)
        #expect(Set(cases.map(\.changes)).count == cases.count, "no two cases make the same changes")
    }

    @Test func caseFilesReadAsDocumented() throws {
        let input = try GalleryCase(
            name: "example",
            Txtar(
                """
                What it shows.
                -- escaped: a.txt --
                \\x41\\(3 * "b")\\\\
                -- utf-16be: b.txt --
                Ж
                -- delete: c.txt --
                -- link: d.txt --
                OUTSIDE/secret.yaml
                -- built: index.html --
                <p>
                -- expected --
                a.txt:1:1: error: A

                """))
        #expect(
            input.changes == [
                .write("a.txt", Data("Abbb\\\n".utf8)), .write("b.txt", Data([0xFE, 0xFF, 0x04, 0x16, 0x00, 0x0A])),
                .delete("c.txt"), .link("d.txt", target: "OUTSIDE/secret.yaml"),
            ])
        #expect(input.contains == [GalleryCase.Contains(path: "index.html", text: "<p>")])
        #expect(input.expected == ["a.txt:1:1: error: A"] && !input.builds)
        #expect(throws: GalleryError.self) { try GalleryCase(name: "x", Txtar("No expected lines.\n-- a.txt --\nA\n")) }
        #expect(throws: GalleryError.self) { try GalleryCase(name: "x", Txtar("Bad escape.\n-- escaped: a.txt --\n\\q\n-- expected --\nx\n")) }
        #expect(throws: GalleryError.self) { try GalleryCase(name: "x", Txtar("Outside.\n-- ../a.txt --\nA\n-- expected --\nx\n")) }
        #expect(Self.diff(["a", "b", "c"], ["a", "c", "d"]) == "  a\n- b\n  c\n+ d")
    }

    /// Writes, deletes and links the case's files in the site, in order.
    func apply(_ changes: [GalleryCase.Change], to site: TempSite, outside: URL) throws {
        let fm = FileManager.default
        for change in changes {
            let url = site.root.appendingPathComponent(change.path)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            switch change {
            case .write(_, let data):
                try data.write(to: url)
            case .delete(let path):
                guard fm.fileExists(atPath: url.path) else { throw GalleryError("delete: \(path) is not in the minimal site") }
                try fm.removeItem(at: url)
            case .link(_, let target):
                if !fm.fileExists(atPath: outside.path) {
                    try fm.createDirectory(at: outside, withIntermediateDirectories: true)
                    try Data("---\ntitle: \"Secret\"\n---\nSecret text.\n".utf8).write(to: outside.appendingPathComponent("secret.en.md"))
                    try Data("units: []\n".utf8).write(to: outside.appendingPathComponent("secret.yaml"))
                }
                let destination =
                    target == "OUTSIDE"
                    ? outside.path
                    : target.hasPrefix("OUTSIDE/") ? outside.appendingPathComponent(String(target.dropFirst(8))).path : target
                try fm.createSymbolicLink(atPath: url.path, withDestinationPath: destination)
            }
        }
    }

    /// The lines of both lists as a unified diff shows them: `  ` in both, `- ` only in
    /// `expected`, `+ ` only in `actual` (through their longest common subsequence).
    static func diff(_ expected: [String], _ actual: [String]) -> String {
        let n = expected.count, m = actual.count
        var common = Array(repeating: Array(repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                common[i][j] = expected[i] == actual[j] ? common[i + 1][j + 1] + 1 : max(common[i + 1][j], common[i][j + 1])
            }
        }
        var lines: [String] = []
        var i = 0, j = 0
        while i < n || j < m {
            if i < n, j < m, expected[i] == actual[j] {
                lines.append("  " + expected[i])
                i += 1
                j += 1
            } else if i < n, j == m || common[i + 1][j] >= common[i][j + 1] {
                lines.append("- " + expected[i])
                i += 1
            } else {
                lines.append("+ " + actual[j])
                j += 1
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Every regular file below `directory` (path relative to it → bytes); symbolic links are
    /// recorded by their target, not followed.
    static func snapshot(_ directory: String, skipping: String? = nil) throws -> [String: Data] {
        let fm = FileManager.default
        guard fm.fileExists(atPath: directory) else { return [:] }
        var files: [String: Data] = [:]
        for name in (fm.enumerator(atPath: directory)?.allObjects as? [String]) ?? [] {
            if let skipping, name == skipping || name.hasPrefix(skipping + "/") { continue }
            // The record of incremental builds and the spare site live beside the output by design.
            if let skipping, [".cecsite-cache", ".spare"].contains(where: { name == "." + skipping + $0 || name.hasPrefix("." + skipping + $0 + "/") }) {
                continue
            }
            let path = (directory as NSString).appendingPathComponent(name)
            let attributes = try fm.attributesOfItem(atPath: path)
            switch attributes[.type] as? FileAttributeType {
            case .typeSymbolicLink?: files[name] = Data(try fm.destinationOfSymbolicLink(atPath: path).utf8)
            case .typeRegular?: files[name] = fm.contents(atPath: path) ?? Data()
            default: files[name + "/"] = Data()
            }
        }
        return files
    }
}

/// A mistake in a case file.
struct GalleryError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// One case of the gallery, read from its txtar file (see ``Gallery``).
struct GalleryCase: Sendable, CustomTestStringConvertible {
    enum Change: Hashable, Sendable {
        case write(String, Data)
        case delete(String)
        case link(String, target: String)

        var path: String {
            switch self {
            case .write(let path, _), .delete(let path), .link(let path, _): return path
            }
        }
    }

    struct Contains: Equatable, Sendable {
        var path: String
        var text: String
    }

    /// The file's name without `.txtar`.
    var name: String
    var changes: [Change] = []
    var contains: [Contains] = []
    var never: [String] = []
    var expected: [String] = []
    /// Why the file is not a valid case; the case then fails with it.
    var problem: String?

    var testDescription: String { name }
    /// Whether the build succeeds: exactly when no expected line is an error.
    var builds: Bool { !expected.contains { $0.contains(": error: ") } }

    init(name: String, problem: String) {
        self.name = name
        self.problem = problem
    }

    init(name: String, _ archive: Txtar) throws {
        self.name = name
        guard !archive.comment.allSatisfy(\.isWhitespace) else { throw GalleryError("start with a text saying what the case shows") }
        guard let last = archive.files.last, last.name == "expected" else { throw GalleryError("end with an '-- expected --' section") }
        expected = last.text.split(separator: "\n").map(String.init)
        guard !expected.isEmpty else { throw GalleryError("the '-- expected --' section is empty") }
        for file in archive.files.dropLast() {
            if file.name == "not in markup" {
                never += file.text.split(separator: "\n").map(String.init)
                continue
            }
            guard let colon = file.name.range(of: ": ") else {
                changes.append(.write(try Self.checked(file.name), Data(file.text.utf8)))
                continue
            }
            let kind = String(file.name[..<colon.lowerBound])
            let path = try Self.checked(String(file.name[colon.upperBound...]))
            switch kind {
            case "escaped": changes.append(.write(path, try Self.unescaped(file.text)))
            case "utf-16le": changes.append(.write(path, Self.utf16(file.text, bigEndian: false, mark: true)))
            case "utf-16be": changes.append(.write(path, Self.utf16(file.text, bigEndian: true, mark: true)))
            case "utf-16le-without-bom": changes.append(.write(path, Self.utf16(file.text, bigEndian: false, mark: false)))
            case "delete":
                guard file.text.isEmpty else { throw GalleryError("'-- delete: \(path) --' must be empty") }
                changes.append(.delete(path))
            case "link":
                let lines = file.text.split(separator: "\n")
                guard lines.count == 1 else { throw GalleryError("'-- link: \(path) --' holds one line, the link's target") }
                changes.append(.link(path, target: String(lines[0])))
            case "built":
                contains.append(Contains(path: path, text: String(file.text.dropLast())))
            default:
                throw GalleryError("unknown section '\(file.name)'; see BadInputGalleryTests for the kinds")
            }
        }
    }

    /// `path` when it stays inside the site: relative, with no `..`.
    static func checked(_ path: String) throws -> String {
        guard !path.isEmpty, !path.hasPrefix("/"), !path.split(separator: "/").contains("..") else {
            throw GalleryError("'\(path)' is not a path inside the site")
        }
        return path
    }

    /// The bytes of an `escaped:` section: `\xHH`, `\(N * "text")` and `\\` replaced.
    static func unescaped(_ text: String) throws -> Data {
        var bytes: [UInt8] = []
        var rest = Substring(text)
        while let slash = rest.firstIndex(of: "\\") {
            bytes += rest[..<slash].utf8
            let escape = rest[rest.index(after: slash)...]
            if escape.hasPrefix("\\") {
                bytes.append(UInt8(ascii: "\\"))
                rest = escape.dropFirst()
                continue
            }
            let hex = escape.dropFirst().prefix(2)
            if escape.hasPrefix("x"), hex.count == 2, hex.allSatisfy(\.isHexDigit), let byte = UInt8(hex, radix: 16) {
                bytes.append(byte)
                rest = escape.dropFirst(3)
                continue
            }
            if escape.hasPrefix("("), let end = escape.range(of: "\")") {
                let parts = escape[escape.index(after: escape.startIndex)..<end.lowerBound].components(separatedBy: " * \"")
                if parts.count == 2, let count = Int(parts[0]), count >= 0, !parts[1].contains("\"") {
                    let piece = Array(parts[1].utf8)
                    bytes.reserveCapacity(bytes.count + count * piece.count)
                    for _ in 0..<count { bytes += piece }
                    rest = escape[end.upperBound...]
                    continue
                }
            }
            throw GalleryError("unknown escape '\\\(escape.prefix(12))…'; write \\xHH, \\(N * \"text\") or \\\\")
        }
        bytes += rest.utf8
        return Data(bytes)
    }

    /// `text` as UTF-16, with a byte-order mark when `mark` is set.
    static func utf16(_ text: String, bigEndian: Bool, mark: Bool) -> Data {
        var bytes: [UInt8] = mark ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
        for unit in text.utf16 {
            let pair = [UInt8(unit & 0xFF), UInt8(unit >> 8)]
            bytes += bigEndian ? pair.reversed() : pair
        }
        return Data(bytes)
    }
}
