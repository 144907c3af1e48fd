import ArgumentParser
import CECSiteCore
import CECSiteFormats
import CECSiteKit
import Foundation

/// `cecsite i18n`: what is not translated.
struct I18nCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "i18n",
        abstract: "List every text and page that is missing in a language.",
        discussion: """
            For editors and translators: loads the content as `cecsite build` does and lists each \
            text (of YAML files and front matter) and each page, news item or FAQ answer that has \
            no version in a language, as path:line:column with the text it has instead. The site \
            shows such texts in the other language, marked with their language and a visible \
            note. Exits with status 0 when everything is translated, 1 when anything is missing \
            or the content has errors (they are printed first).
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(help: "The content folder (YAML data and Markdown pages).")
    var content = "content"

    @Option(help: "The templates folder (Mustache templates, i18n strings, assets).")
    var templates = "templates"

    @Option(help: "Only this language's gaps: uk or en.")
    var language: String?

    @Option(help: "text (one line per gap) or json (a list of objects with file, line, column, language, kind, existing).")
    var format: Format = .text

    func run() throws {
        var only: Language?
        if let language {
            guard let parsed = Language(rawValue: language) else {
                throw ValidationError("Unknown language '\(language)'; give one of \(Language.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            only = parsed
        }
        let report = translationReport(content: content, templates: templates)
        for diagnostic in report.diagnostics { FileHandle.standardError.write(Data((diagnostic.description + "\n").utf8)) }
        if report.diagnostics.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
        let gaps = report.gaps.filter { only == nil || $0.missing == only }
        switch format {
        case .text:
            for gap in gaps { print(gap.description) }
            for language in Language.allCases where only == nil || only == language {
                let missing = gaps.filter { $0.missing == language }
                let texts = missing.filter { $0.kind == .text }.count
                print("\(language.rawValue): \(texts) text(s) and \(missing.count - texts) page(s) not translated")
            }
        case .json:
            print(
                JSONValue.array(
                    gaps.map { gap in
                        .object([
                            ("file", .string(gap.location.file)), ("line", .int(gap.location.line)), ("column", .int(gap.location.column)),
                            ("language", .string(gap.missing.rawValue)), ("kind", .string(gap.kind.rawValue)), ("existing", .string(gap.existing)),
                        ])
                    }
                ).serialized(), terminator: "")
        }
        if !gaps.isEmpty { throw ExitCode(1) }
    }
}
