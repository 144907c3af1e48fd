import Foundation
import FuzzSupport
import CECSiteCore
import CECSiteKit

/// The front-matter splitter, then the page, news and FAQ loaders over the same bytes as a file.
///
/// Invariants: the split agrees with a byte-level reading of the `---` convention (the first line
/// is `---`, the first later `---` or `...` line closes it, CRLF or LF line ends), so front
/// matter and body reassemble into the file; the loaders never trap, and every diagnostic they
/// report names the file and a line inside it (or 0 for the whole file).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrontMatter(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = bytes(data, size)
    let text = String(decoding: input, as: UTF8.self)
    let expected = reference(Array(text.utf8))
    let actual = Fuzzing.splitFrontMatter(text)
    switch (expected, actual) {
    case (.split(let yaml, let body, let line), .split(let actualYAML, let actualBody, let actualLine)):
        require(Array(actualYAML.utf8) == Array(yaml.utf8), "front matter \(quoted(actualYAML)), expected \(quoted(yaml))")
        require(Array(actualBody.utf8) == Array(body.utf8), "body \(quoted(actualBody)), expected \(quoted(body))")
        require(actualLine == line, "body starts on line \(actualLine), expected \(line)")
    default:
        require(expected == actual, "split as \(actual), expected \(expected) for \(quoted(text))")
    }

    let folder = scratchFolder("documents")
    let file = folder + "/fuzz.uk.md"
    write(input, to: file)
    let lines = lineCount(input)
    func check(_ diagnostics: [Diagnostic], _ loader: String) {
        for diagnostic in diagnostics {
            require(diagnostic.location.file == file, "\(loader): a diagnostic about another file: \(diagnostic)")
            require((0...lines).contains(diagnostic.location.line), "\(loader): line \(diagnostic.location.line) outside the file's \(lines) lines: \(diagnostic)")
            require(diagnostic.location.column >= 0, "\(loader): negative column: \(diagnostic)")
        }
    }
    let pages = Fuzzing.loadDocuments(directory: folder, news: false)
    check(pages.diagnostics, "pages")
    if case .split = actual {} else { require(pages.documents == 0 && !pages.diagnostics.isEmpty, "a page without front matter loaded silently") }
    check(Fuzzing.loadDocuments(directory: folder, news: true).diagnostics, "news")
    let faq = Fuzzing.loadFAQ(directory: folder)
    check(faq.diagnostics, "faq")
    require(faq.entries > 0 || !faq.diagnostics.isEmpty, "a question was dropped without a diagnostic")
    return 0
}

/// The `---` convention read on bytes: lines end at LF, a CR before it is not part of a fence.
private func reference(_ octets: [UInt8]) -> Fuzzing.FrontMatterSplit {
    let lines = octets.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
    func fence(_ line: [UInt8]) -> String { String(decoding: line.last == 0x0D ? line.dropLast() : line[...], as: UTF8.self) }
    guard let first = lines.first, fence(first) == "---" else { return .missing }
    guard let end = lines.indices.dropFirst().first(where: { fence(lines[$0]) == "---" || fence(lines[$0]) == "..." }) else {
        return .unterminated
    }
    func joined(_ part: ArraySlice<[UInt8]>) -> String {
        String(decoding: Array(part.joined(separator: [0x0A])), as: UTF8.self)
    }
    return .split(yaml: joined(lines[1..<end]), body: joined(lines[(end + 1)...]), bodyFirstLine: end + 2)
}
