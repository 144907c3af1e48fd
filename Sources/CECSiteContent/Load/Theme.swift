import CECSiteCore
import CECSiteTemplates
import Foundation

/// The look of the site, from `templates/`: Mustache templates and partials, the interface
/// strings of each language (`i18n/<language>.yaml`) and static assets (`assets/`).
package struct Theme: Sendable {
    /// The compiled templates the site is rendered with, by name (`layout`, `partials/header`…).
    public var templates: TemplateLibrary
    /// The interface strings per language as templates read them (`{{t.key}}`), made once.
    package let contextStrings: [Language: [String: String]]

    /// A fingerprint of every template and interface string: a page's output depends on them
    /// and on its context only. Made once, when the theme is loaded.
    package let fingerprint: String

    /// The ``fingerprint`` of a theme of these templates and strings.
    package static func fingerprint(sources: [String: (text: String, file: String)], contextStrings: [Language: [String: String]]) -> String {
        var hasher = Fingerprint()
        hasher.add(word: UInt64(sources.count))
        for name in sources.keys.sorted() {
            hasher.add(name)
            hasher.add(sources[name]!.text)
        }
        for language in Language.allCases {
            let table = contextStrings[language] ?? [:]
            hasher.add(language.rawValue)
            hasher.add(word: UInt64(table.count))
            for key in table.keys.sorted() {
                hasher.add(key)
                hasher.add(table[key]!)
            }
        }
        return hasher.hex
    }

    /// Template name → its text and file, for the checks of partial and string references.
    package let sources: [String: (text: String, file: String)]
    /// Interface strings per language, each with where it is defined.
    public var strings: [Language: [String: Located<String>]]
    /// The file each language's strings came from.
    package var stringFiles: [Language: String]
    /// Static files to copy: path inside `assets/` → absolute source path.
    public var assets: [(path: String, source: String)]
}

package struct ThemeLoader {
    package let directory: String
    package let sink: DiagnosticSink

    package func load() -> Theme {
        let files = SourceFiles(sink: sink)
        var templates = TemplateLibrary()
        var sources: [String: (String, String)] = [:]
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        for file in files.list(directory, extensions: ["mustache"]) {
            guard let text = files.text(file) else { continue }
            let name = String(file.dropFirst(prefix.count).dropLast(".mustache".count))
            // Known to exist even when it does not compile, so that it is not also reported
            // missing; the build stops anyway.
            sources[name] = (text, file)
            do {
                try templates.register(text, named: name)
            } catch let error as TemplateSyntaxError {
                let location = SourceLocation(file: file, line: error.line, column: error.column)
                switch error.kind {
                case .syntax(let problem):
                    sink.error(
                        location, "Template syntax error: \(problem); check the tags on this line: '\(error.lineText.trimmingCharacters(in: .whitespaces))'")
                case .unsupported(let feature):
                    sink.error(location, "Template feature not supported: \(feature); cecsite renders variables, sections, partials and parents with blocks")
                }
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
                sink.error(
                    SourceLocation(file: file),
                    "Missing interface strings for language '\(language.rawValue)'; create this file with the same keys as the other languages")
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
        return Theme(
            templates: templates, contextStrings: contextStrings,
            fingerprint: Theme.fingerprint(sources: sources, contextStrings: contextStrings), sources: sources, strings: strings,
            stringFiles: stringFiles, assets: assets)
    }
}
