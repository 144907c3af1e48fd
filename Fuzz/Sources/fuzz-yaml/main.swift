import Foundation
import FuzzSupport
import CECSiteCore
import CECSiteKit

/// YAML loading: the reader every loader uses (libyaml through Yams, then the typed accessors),
/// and the calendar and gender-statistics loaders over the same bytes as a file.
///
/// Invariants: the reader returns a document or reports at least one error with a line (a
/// located diagnostic); it never traps; every diagnostic names the file and a line inside it
/// (plus the front matter's line offset when it is read as front matter).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYAML(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = bytes(data, size)
    let text = String(decoding: input, as: UTF8.self)
    let lines = lineCount(input)

    for offset in [0, 1] {
        let result = Fuzzing.readYAML(text, file: "fuzz.yaml", lineOffset: offset)
        if !result.parsed {
            require(result.diagnostics.contains { $0.severity == .error && $0.location.line > 0 },
                    "no document and no located error for \(quoted(text)): \(result.diagnostics)")
        }
        for diagnostic in result.diagnostics {
            require(diagnostic.location.file == "fuzz.yaml", "a diagnostic about another file: \(diagnostic)")
            require((0...lines + offset + 1).contains(diagnostic.location.line),
                    "line \(diagnostic.location.line) outside the \(lines) lines (+\(offset)): \(diagnostic)")
        }
    }

    let folder = scratchFolder("yaml")
    let file = folder + "/fuzz.yaml"
    write(input, to: file)
    let loaded = Fuzzing.loadCalendarAndStatistics(directory: folder)
    for diagnostic in loaded.diagnostics {
        require(diagnostic.location.file == file, "a diagnostic about another file: \(diagnostic)")
        require((0...lines + 1).contains(diagnostic.location.line), "line \(diagnostic.location.line) outside the file: \(diagnostic)")
    }
    return 0
}
