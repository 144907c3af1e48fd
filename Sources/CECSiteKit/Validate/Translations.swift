import CECSiteContent
import CECSiteCore
import CECSiteMarkdown
import Foundation

/// A text or page the site shows in a language it is not written in: the page shows the other
/// language's text, marked with its language and a visible note (``PageNotes``).
public struct TranslationGap: Sendable, Hashable {
    /// A text of a YAML file or front matter, or a whole page, news item or FAQ answer.
    public enum Kind: String, Sendable { case text, page }

    public var kind: Kind
    /// Where the text is written, or the file of the page that exists in another language.
    public var location: SourceLocation
    /// The language it is missing in.
    public var missing: Language
    /// What there is instead: the text in another language (its start), or the file.
    public var existing: String

    /// The gap as a line of `cecsite i18n`: `file:line:column: no uk translation of "…"`.
    public var description: String {
        "\(location): no \(missing.rawValue) \(kind == .page ? "version" : "translation") of \(kind == .page ? existing : "\"\(existing)\"")"
    }
}

/// Finds what is not translated: every text of the loaded content (found by walking the model,
/// so a field added to it is covered without a list to keep up to date), every page and news
/// item without a file in a language, every FAQ answer without a section in a language.
enum Translations {
    /// The gaps of `content`, in file, line and column order.
    static func gaps(_ content: SiteContent) -> [TranslationGap] {
        var gaps = gapsBesideDocuments(content)
        for document in [content.pages, content.news].joined() { gaps += self.gaps(document) }
        return gaps.sorted {
            ($0.location.file, $0.location.line, $0.location.column, $0.missing) < ($1.location.file, $1.location.line, $1.location.column, $1.missing)
        }
    }

    /// ``summary(_:)`` of the gaps of `content`, counted without listing them: a page or news
    /// item without corrections lacks just its missing languages' files.
    static func summary(_ content: SiteContent) -> [String] {
        var gaps = gapsBesideDocuments(content)
        var pages: [Language: Int] = [:]
        for document in [content.pages, content.news].joined() {
            if document.corrections.isEmpty {
                for language in Language.allCases where document.variants[language] == nil { pages[language, default: 0] += 1 }
            } else {
                gaps += self.gaps(document)
            }
        }
        return summary(gaps, pages: pages)
    }

    /// The gaps of a page or news item: its corrections' texts, its files' languages.
    private static func gaps(_ document: Document) -> [TranslationGap] {
        var gaps = visit(document.corrections, file: document.slug)
        let files = document.variants.sorted { $0.key < $1.key }.map(\.value.file)
        for language in Language.allCases where document.variants[language] == nil {
            gaps.append(
                TranslationGap(
                    kind: .page, location: SourceLocation(file: files.first ?? document.slug, line: 1, column: 1),
                    missing: language, existing: files.joined(separator: ", ")))
        }
        return gaps
    }

    /// The untranslated texts found by walking `value`, a part of the model read from `file`.
    private static func visit(_ value: Any, file: String) -> [TranslationGap] {
        var gaps: [TranslationGap] = []
        func visit(_ value: Any, file: String) {
            if let text = value as? LocalizedText {
                for language in Language.allCases where text.values[language] == nil {
                    let other = text.resolve(language).text
                    gaps.append(
                        TranslationGap(
                            kind: .text, location: text.location ?? SourceLocation(file: file),
                            missing: language, existing: shortened(other)))
                }
                return
            }
            // Leaves and bodies: nothing to translate inside.
            if value is String || value is Int || value is Bool || value is Day || value is MarkdownDocument
                || value is SourceLocation || value is Double
            {
                return
            }
            for child in Mirror(reflecting: value).children { visit(child.value, file: file) }
        }
        visit(value, file: file)
        return gaps
    }

    /// The gaps of everything but the pages and news items, unsorted.
    private static func gapsBesideDocuments(_ content: SiteContent) -> [TranslationGap] {
        var gaps: [TranslationGap] = []
        func visit(_ value: Any, file: String) { gaps += Self.visit(value, file: file) }
        visit(content.config, file: content.config.file)
        visit(content.plan, file: "plan")
        visit(content.statistics, file: "statistics")
        visit(content.calendar, file: "calendar")
        visit(content.datasetMetadata, file: "data/datasets.yaml")
        for set in content.records {
            visit([set.title, set.description, set.source] + (set.note.map { [$0] } ?? []), file: set.id.location.file)
        }
        for entry in content.faq {
            visit(entry.question, file: entry.file)
            visit(entry.source, file: entry.file)
            for language in Language.allCases where entry.answers[language] == nil {
                gaps.append(
                    TranslationGap(
                        kind: .page, location: SourceLocation(file: entry.file, line: 1, column: 1),
                        missing: language,
                        existing: "the answer in " + Language.allCases.filter { entry.answers[$0] != nil }.map(\.rawValue).joined(separator: ", ")))
            }
        }
        return gaps
    }

    /// The first words of a text, for a line of the report.
    static func shortened(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return line.count > 60 ? String(line.prefix(59)) + "…" : line
    }

    /// One line per language that lacks anything: how many texts and pages, and the command
    /// that lists them (``BuildReport/untranslated``).
    static func summary(_ gaps: [TranslationGap]) -> [String] { summary(gaps, pages: [:]) }

    /// ``summary(_:)`` of `gaps` and, per language, so many more pages missing in it.
    private static func summary(_ gaps: [TranslationGap], pages more: [Language: Int]) -> [String] {
        Language.allCases.compactMap { language in
            let missing = gaps.filter { $0.missing == language }
            guard !missing.isEmpty || more[language, default: 0] > 0 else { return nil }
            let texts = missing.filter { $0.kind == .text }.count, pages = missing.count - texts + more[language, default: 0]
            return
                "Not translated into \(language.name): \(texts) text(s) and \(pages) page(s), shown in another language with a note; run `cecsite i18n` for the list"
        }
    }
}

/// What `cecsite i18n` reports: the gaps of the content, or the problems that kept it from loading.
public struct TranslationReport: Sendable {
    public var gaps: [TranslationGap]
    /// Errors and warnings of loading the content; the gaps are meaningful only without errors.
    public var diagnostics: [Diagnostic]
}

/// Loads the content as a build does and lists every text and page missing in a language.
public func translationReport(content: String, templates: String) -> TranslationReport {
    let (site, _, diagnostics) = ContentLoader(contentDirectory: content, templatesDirectory: templates).load()
    return TranslationReport(gaps: Translations.gaps(site), diagnostics: diagnostics.sortedAndCapped())
}
