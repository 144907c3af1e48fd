import CECSiteContent
import CECSiteCore
import CECSiteTemplates
import Foundation

extension Validator {
    /// Required templates exist; partials named in templates exist; interface strings are translated
    /// into every language and every string a template uses is defined.
    func checkTheme() {
        let names = Set(theme.sources.keys)
        for name in registry.templates where !names.contains(name) {
            var message = "Missing template '\(name).mustache'"
            if let near = Suggest.nearest(to: name, in: names) { message += "; is '\(near).mustache' misnamed?" }
            sink.error(SourceLocation(file: join(templatesDirectory, name + ".mustache")), message + " Create it in the templates folder.")
        }
        let stringKeys = Set(theme.strings.values.flatMap(\.keys))
        for (name, source) in theme.sources.sorted(by: { $0.key < $1.key }) {
            for reference in Self.tags(in: source.text) {
                let location = SourceLocation(file: source.file, line: reference.line, column: reference.column)
                switch reference.kind {
                case .partial(let partial):
                    if !names.contains(partial) {
                        var message = "Template '\(name)' uses the missing partial '\(partial)'"
                        if let near = Suggest.nearest(to: partial, in: names) { message += "; did you mean '\(near)'?" }
                        sink.error(location, message)
                    }
                case .string(let key):
                    if !stringKeys.contains(key) {
                        var message = "Template '\(name)' uses the undefined interface string 't.\(key)'"
                        if let near = Suggest.nearest(to: key, in: stringKeys) { message += "; did you mean 't.\(near)'?" }
                        sink.error(location, message + " Add it to every i18n/<language>.yaml.")
                    }
                }
            }
        }
        checkTemplateNames()
        for language in Language.allCases {
            guard let table = theme.strings[language] else { continue }
            for (otherLanguage, other) in theme.strings.sorted(by: { $0.key < $1.key }) where otherLanguage != language {
                for key in other.keys.sorted() where table[key] == nil {
                    let file = theme.stringFiles[language] ?? "i18n/\(language.rawValue).yaml"
                    let defined = other[key].map { " (defined at \($0.location))" } ?? ""
                    sink.error(
                        SourceLocation(file: file),
                        "Missing \(language.rawValue) translation of interface string '\(key)'\(defined); add '\(key): …' to this file")
                }
            }
        }
    }

    struct TagReference {
        enum Kind { case partial(String), string(String) }
        var kind: Kind
        var line: Int
        var column: Int
    }

    /// Partial (`{{> name}}`, `{{< name}}`) and string (`t.key`) references, with their places.
    static func tags(in text: String) -> [TagReference] {
        var references: [TagReference] = []
        var line = 1
        var column = 1
        var index = text.startIndex
        while index < text.endIndex {
            if text[index...].hasPrefix("{{"), let close = text[index...].range(of: "}}") {
                let startLine = line, startColumn = column
                var inner = text[text.index(index, offsetBy: 2)..<close.lowerBound]
                inner = inner.drop(while: { $0 == "{" || $0 == "&" })
                let trimmed = inner.trimmingCharacters(in: .whitespaces)
                if let first = trimmed.first, first == ">" || first == "<" {
                    let name = trimmed.dropFirst().trimmingCharacters(in: .whitespaces)
                    references.append(TagReference(kind: .partial(name), line: startLine, column: startColumn))
                } else {
                    let body = trimmed.drop(while: { "#^/".contains($0) }).trimmingCharacters(in: .whitespaces)
                    if body.hasPrefix("t.") {
                        let key = String(body.dropFirst(2).prefix(while: { $0.isLetter || $0.isNumber || $0 == "_" }))
                        references.append(TagReference(kind: .string(key), line: startLine, column: startColumn))
                    }
                }
                for character in text[index..<close.upperBound] {
                    if character == "\n" { line += 1; column = 1 } else { column += 1 }
                }
                index = close.upperBound
                continue
            }
            if text[index] == "\n" { line += 1; column = 1 } else { column += 1 }
            index = text.index(after: index)
        }
        return references
    }
}

extension Validator {
    /// Every name the page templates (and the partials and parents they use) look up is one
    /// their contexts provide (``TemplateShapes``): a misspelt name is an error at its tag, not
    /// an empty string on every page. A tag in a shared partial counts as known when any page
    /// template that reaches it knows it.
    func checkTemplateNames() {
        var check = TemplateLibrary.NameCheck()
        for template in registry.templates where theme.sources[template] != nil {
            guard let shape = TemplateShapes.byTemplate[template] else { continue }
            check.combine(theme.templates.unknownNames(in: template, shape: shape, vocabulary: TemplateShapes.vocabulary))
        }
        for unknown in check.unknown {
            let file = theme.sources[unknown.template]?.file ?? join(templatesDirectory, unknown.template + ".mustache")
            let location = SourceLocation(file: file, line: unknown.position.line, column: unknown.position.column)
            var message = "Template '\(unknown.template)' uses '\(unknown.name)', which no page's context provides"
            if unknown.unknownPart != unknown.name { message += " ('\(unknown.unknownPart)' is not there)" }
            message += "; " + Suggest.didYouMean(unknown.unknownPart, in: unknown.candidates)
            message += "docs/TEMPLATES.md lists the names each template can use."
            sink.error(location, message)
        }
    }
}
