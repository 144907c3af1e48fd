import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteFormats
@testable import CECSiteKit
@testable import CECSiteMarkdown
@testable import CECSiteTemplates

/// Front-matter values that hold only white space are empty, as `trimmingCharacters` judged them.
@Suite struct EmptyValueTests {
    @Test func whiteSpaceOnlyValuesAreEmpty() throws {
        for value in ["\" \"", "\"\\t\"", "\"\\u200B\"", "\"\\u3000\\u0085\\u2028\"", "\"\\u00A0\""] {
            let sink = DiagnosticSink(stage: .load)
            let reader = YAMLReader(file: "a.md", sink: sink)
            let root = try #require(reader.parse("title: \(value)\n"))
            let fields = try #require(reader.mapping(root, what: "the front matter"))
            #expect(fields.string("title", what: "the title") == nil, "\(value)")
            #expect(sink.diagnostics.map(\.message) == ["Empty value for key 'title' (the title); write the title"], "\(value)")
        }
        for value in ["\" \\u0301\"", "\"\\u200Ca\"", "x"] {
            let sink = DiagnosticSink(stage: .load)
            let reader = YAMLReader(file: "a.md", sink: sink)
            let root = try #require(reader.parse("title: \(value)\n"))
            let fields = try #require(reader.mapping(root, what: "the front matter"))
            #expect(fields.string("title", what: "the title") != nil, "\(value)")
            #expect(sink.diagnostics.isEmpty, "\(value)")
        }
    }
}
