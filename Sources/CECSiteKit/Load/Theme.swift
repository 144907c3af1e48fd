import Foundation
import Mustache

/// The look of the site, from `templates/`: Mustache templates and partials, the interface
/// strings of each language (`i18n/<language>.yaml`) and static assets (`assets/`).
public struct Theme: Sendable {
    /// The templates as swift-mustache parses them: the reference the tests compare with.
    public var library: MustacheLibrary
    /// The compiled templates the site is rendered with, by name (`layout`, `partials/header`…).
    public var templates: TemplateLibrary
    /// The interface strings per language as templates read them (`{{t.key}}`), made once.
    let contextStrings: [Language: [String: String]]

    /// A fingerprint of every template and interface string: a page's output depends on them
    /// and on its context only. Made once, when the theme is loaded.
    let fingerprint: String

    /// The ``fingerprint`` of a theme of these templates and strings.
    static func fingerprint(sources: [String: (text: String, file: String)], contextStrings: [Language: [String: String]]) -> String {
        var parts: [String] = []
        for name in sources.keys.sorted() { parts += [name, sources[name]!.text] }
        for language in Language.allCases {
            let table = contextStrings[language] ?? [:]
            for key in table.keys.sorted() { parts += [language.rawValue, key, table[key]!] }
        }
        return Fingerprint.of(parts)
    }

    /// Template name → its text and file, for the checks of partial and string references.
    let sources: [String: (text: String, file: String)]
    /// Interface strings per language, each with where it is defined.
    public var strings: [Language: [String: Located<String>]]
    /// The file each language's strings came from.
    var stringFiles: [Language: String]
    /// Static files to copy: path inside `assets/` → absolute source path.
    public var assets: [(path: String, source: String)]
}

struct ThemeLoader {
    let directory: String
    let sink: DiagnosticSink

    func load() -> Theme {
        let files = SourceFiles(sink: sink)
        var library = MustacheLibrary()
        var templates = TemplateLibrary()
        var sources: [String: (String, String)] = [:]
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        for file in files.list(directory, extensions: ["mustache"]) {
            guard let text = files.text(file) else { continue }
            let name = String(file.dropFirst(prefix.count).dropLast(".mustache".count))
            do {
                try library.register(text, named: name)
                sources[name] = (text, file)
                do {
                    try templates.register(text, named: name)
                } catch {
                    sink.error(SourceLocation(file: file), "Template feature not supported: \(error); cecsite renders variables, sections, partials and parents with blocks")
                }
            } catch let error as MustacheTemplate.ParserError {
                // Known to exist, so that it is not also reported missing; the build stops anyway.
                sources[name] = (text, file)
                sink.error(SourceLocation(file: file, line: error.context.lineNumber, column: error.context.columnNumber),
                           "Template syntax error: \(Self.describe(error.error)); check the tags on this line: '\(error.context.line.trimmingCharacters(in: .whitespaces))'")
            } catch {
                sink.error(SourceLocation(file: file), "Template syntax error: \(error)")
            }
        }
        var strings: [Language: [String: Located<String>]] = [:]
        var stringFiles: [Language: String] = [:]
        for language in Language.allCases {
            let file = (directory as NSString).appendingPathComponent("i18n/\(language.rawValue).yaml")
            stringFiles[language] = file
            guard FileManager.default.fileExists(atPath: file) else {
                sink.error(SourceLocation(file: file), "Missing interface strings for language '\(language.rawValue)'; create this file with the same keys as the other languages")
                continue
            }
            guard let text = files.text(file) else { continue }
            let reader = YAMLReader(file: file, sink: sink)
            guard let root = reader.parse(text) else { continue }
            guard case .mapping(let mapping) = root else {
                sink.error(reader.location(of: root), "Expected interface strings as 'key: text' lines")
                continue
            }
            var table: [String: Located<String>] = [:]
            for (key, value) in mapping {
                guard let name = key.scalar?.string, let text = reader.string(value, what: "the text of '\(key.scalar?.string ?? "")'") else { continue }
                table[name] = text
            }
            strings[language] = table
        }
        var assets: [(String, String)] = []
        let assetDirectory = prefix + "assets"
        let assetPrefix = assetDirectory + "/"
        for file in files.list(assetDirectory, extensions: ["css", "js", "svg", "png", "ico", "woff2", "txt"]) {
            assets.append((String(file.dropFirst(assetPrefix.count)), file))
        }
        let contextStrings = strings.mapValues { table in table.mapValues(\.value) }
        return Theme(library: library, templates: templates, contextStrings: contextStrings,
                     fingerprint: Theme.fingerprint(sources: sources, contextStrings: contextStrings), sources: sources, strings: strings,
                     stringFiles: stringFiles, assets: assets)
    }

    /// swift-mustache's parser errors in words.
    static func describe(_ error: Error) -> String {
        switch error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect?: return "a section is closed with another name than it was opened with ({{#a}}…{{/a}})"
        case .unfinishedName?: return "a tag is not closed with '}}'"
        case .expectedSectionEnd?: return "a section is not closed; add its {{/name}} tag"
        case .invalidSetDelimiter?: return "a set-delimiter tag is badly formed"
        case .transformAppliedToInheritanceSection?: return "a transform is applied to a block or parent"
        case .illegalTokenInsideInheritSection?, .textInsideInheritSection?:
            return "a parent ({{<name}}) holds something other than blocks ({{$name}}…{{/name}})"
        case .invalidConfigVariableSyntax?, .unrecognisedConfigVariable?: return "a {{% … }} tag is unknown or badly formed"
        case nil: return "\(error)"
        }
    }
}
