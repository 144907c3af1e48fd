import CECSiteCore
import CECSiteMarkdown
import Foundation
import Yams

/// Loads `faq/*.md`: one file per question, YAML front matter, then the answer in each language
/// after a marker line `<!-- uk -->` or `<!-- en -->`.
package struct FAQLoader {
    package let directory: String
    package let sink: DiagnosticSink
    /// The declared topics and audiences (`topics.yaml`, `audiences.yaml` in the folder).
    package var topics = Taxonomy(), audiences = Taxonomy()

    /// The questions, by topic (in the declared order), order and id.
    package func load() -> [FAQEntry] {
        guard FileManager.default.fileExists(atPath: directory) else { return [] }
        return SourceFiles(sink: sink).list(directory, extensions: ["md"], recursive: false).compactMap(entry)
            .sorted { (topics.rank($0.topic.rawValue), $0.order, $0.id.value) < (topics.rank($1.topic.rawValue), $1.order, $1.id.value) }
    }

    private func entry(_ file: String) -> FAQEntry? {
        guard let text = SourceFiles(sink: sink).text(file) else { return nil }
        guard case .success(let parts) = FrontMatter.split(text) else {
            sink.error(
                SourceLocation(file: file, line: 1, column: 1),
                "Missing or unterminated front matter; start the file with '---', the question's fields, then '---'")
            return nil
        }
        let reader = YAMLReader(file: file, lineOffset: 1, sink: sink)
        guard let f = reader.root(parts.yaml, what: "a question's front matter", ignoringCase: true) else { return nil }
        let id = f.string("id", what: "the question's identifier (its anchor)")
        let question = f.localized("question", what: "the question")
        let topic = f.string("topic", what: "the question's topic")
            .flatMap { TaxonomyLoader.resolve($0, in: topics, what: "topic", sink: sink) }.map(FAQTopic.init(rawValue:))
        let audiences = f.list("audiences", what: "who the question is for").compactMap { node -> FAQAudience? in
            reader.string(node, what: "an audience")
                .flatMap { TaxonomyLoader.resolve($0, in: self.audiences, what: "audience", sink: sink) }.map(FAQAudience.init(rawValue:))
        }
        let order = f.int("order", required: false, what: "the question's place in its topic")
        let tags = f.list("tags", required: false, what: "tags").compactMap { reader.string($0, what: "a tag")?.value }
        let related = f.list("related", required: false, what: "related pages").compactMap { reader.string($0, what: "a related page") }
        let source = f.localized("source", what: "the source the answer rests on")
        f.finish("a question's front matter (keys: id, question, topic, audiences, order, tags, related, source)")
        let answers = split(parts.body, file: file, firstLine: parts.bodyFirstLine)
        guard let id, let question, let topic, let source, !answers.isEmpty else { return nil }
        if audiences.isEmpty {
            sink.error(id.location, "Question '\(id.value)' has no audience; list at least one of: \(self.audiences.ids.joined(separator: ", "))")
        }
        return FAQEntry(
            id: id, file: file, question: question, topic: topic, audiences: audiences, order: order?.value ?? 0,
            tags: tags, related: related, source: source, answers: answers)
    }

    /// The answer per language: the text after each `<!-- uk -->` / `<!-- en -->` line.
    private func split(_ body: String, file: String, firstLine: Int) -> [Language: MarkdownDocument] {
        var answers: [Language: MarkdownDocument] = [:]
        var current: (Language, Int)?
        var lines: [Substring] = []
        func flush() {
            guard let (language, start) = current else { return }
            let text = lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty {
                sink.error(
                    SourceLocation(file: file, line: start - 1, column: 1),
                    "The \(language.rawValue) answer is empty; write it below the marker or remove the marker")
            } else {
                let answer = MarkdownDocument(source: lines.joined(separator: "\n"), file: file, firstLine: start)
                if let error = answer.nestingError { sink.error(error.location, error.message) }
                for error in answer.imageErrors { sink.error(error.location, error.message) }
                for error in Shortcodes.errors(in: lines.joined(separator: "\n"), file: file, firstLine: start) { sink.error(error.location, error.message) }
                for warning in answer.rawHTMLWarnings { sink.warning(warning.location, warning.message) }
                answers[language] = answer
            }
        }
        for (offset, line) in body.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("<!--"), trimmed.hasSuffix("-->") {
                let code = trimmed.dropFirst(4).dropLast(3).trimmingCharacters(in: .whitespaces)
                if let language = Language(rawValue: code) {
                    flush()
                    if answers[language] != nil {
                        sink.error(SourceLocation(file: file, line: firstLine + offset, column: 1), "A second \(language.rawValue) answer; keep one")
                    }
                    current = (language, firstLine + offset + 1)
                    lines = []
                    continue
                }
            }
            if current == nil {
                if !trimmed.isEmpty {
                    sink.error(
                        SourceLocation(file: file, line: firstLine + offset, column: 1),
                        "Text before the first language marker; start each answer with a line '<!-- uk -->' or '<!-- en -->'")
                    return [:]
                }
                continue
            }
            lines.append(line)
        }
        flush()
        if answers.isEmpty, current == nil {
            // An empty body may have no line of its own (the file ends with the closing `---`):
            // the closing line is then the place to point at.
            sink.error(
                SourceLocation(file: file, line: body.isEmpty ? max(firstLine - 1, 1) : firstLine, column: 1),
                "No answer; write it after a line '<!-- uk -->' and/or '<!-- en -->'")
        }
        return answers
    }
}
