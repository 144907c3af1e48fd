/// A compiled Mustache template: the nodes ``TemplateRenderer`` walks.
///
/// The parser follows hummingbird-project/swift-mustache's (Apache-2.0) algorithm step by step,
/// so standalone lines, partial indentation and template inheritance (`{{<parent}}`,
/// `{{$block}}`) come out byte for byte as they did when swift-mustache rendered the site;
/// swift-mustache still parses every template first and reports syntax errors with their line
/// and column (see ``ThemeLoader``), and the test suite renders every page both ways.
/// Transforms (`{{f(x)}}`), lambdas and dynamic partials are not supported by this engine;
/// the theme check reports them.
indirect enum TemplateNode: Sendable {
    case text([UInt8])
    /// A name split at dots (`["site", "title"]`), `["."]` for the current object.
    case variable([String], escaped: Bool)
    case section([String], [TemplateNode], inverted: Bool)
    /// `{{$name}}default{{/name}}` where a parent's block is expanded.
    case block(String, [TemplateNode], indentation: String?)
    /// `{{> name}}` or `{{< name}}…{{/name}}` with its block overrides.
    case partial(String, indentation: String?, overrides: [String: [TemplateNode]]?)
}

/// Why a template could not be compiled.
struct TemplateSyntaxError: Error, CustomStringConvertible {
    var description: String
}

struct TemplateParser {
    private struct State {
        var sectionName: String?
        var newLine = true
        var isPartialDefinition = false
        var isPartialDefinitionTopLevel = false
        var start: [Character] = ["{", "{"]
        var end: [Character] = ["}", "}"]
        var partialDefinitionIndent: [Character]?

        func withSection(_ name: String, newLine: Bool) -> State {
            var state = self
            state.sectionName = name
            state.isPartialDefinitionTopLevel = false
            if !newLine { state.newLine = false }
            return state
        }

        func withInheritancePartial(_ name: String) -> State {
            var state = self
            state.sectionName = name
            state.newLine = true
            state.isPartialDefinition = true
            state.isPartialDefinitionTopLevel = true
            return state
        }
    }

    /// A block definition inside a `{{<parent}}` section, collected by the caller.
    private enum Parsed {
        case node(TemplateNode)
        case definition(String, [TemplateNode])
    }

    private let chars: [Character]
    private var position = 0

    private init(_ text: String) { chars = Array(text) }

    /// Compiles `text` into nodes.
    static func parse(_ text: String) throws -> [TemplateNode] {
        var parser = TemplateParser(text)
        let parsed = try parser.parse(State())
        return parsed.compactMap { if case .node(let node) = $0 { return node } else { return nil } }
    }

    private var atEnd: Bool { position >= chars.count }
    private var current: Character { atEnd ? "\0" : chars[position] }

    private mutating func read(while set: Set<Character>) -> [Character] {
        let start = position
        while !atEnd, set.contains(chars[position]) { position += 1 }
        return Array(chars[start..<position])
    }

    private mutating func skipWhitespace() {
        while !atEnd, chars[position].isWhitespace { position += 1 }
    }

    private mutating func read(_ string: [Character]) -> Bool {
        guard position + string.count <= chars.count, Array(chars[position..<position + string.count]) == string else { return false }
        position += string.count
        return true
    }

    private mutating func parse(_ initial: State) throws -> [Parsed] {
        var tokens: [Parsed] = []
        var state = initial
        var whiteSpaceBefore: [Character] = []
        func text(_ characters: [Character]) -> Parsed { .node(.text(Array(String(characters).utf8))) }
        while !atEnd {
            if state.newLine {
                let whiteSpace = read(while: [" ", "\t"])
                if state.isPartialDefinition, !state.isPartialDefinitionTopLevel {
                    if let indent = state.partialDefinitionIndent {
                        whiteSpaceBefore = Array(whiteSpace.dropFirst(indent.count))
                    } else {
                        state.partialDefinitionIndent = whiteSpace
                    }
                } else {
                    whiteSpaceBefore = whiteSpace
                }
            }
            let body = readUntilDelimiterOrNewline(state)
            if current.isNewline {
                tokens.append(text(whiteSpaceBefore + body + [current]))
                state.newLine = true
                position += 1
                continue
            }
            if !body.isEmpty {
                tokens.append(text(whiteSpaceBefore + body))
                whiteSpaceBefore = []
                state.newLine = false
            }
            if atEnd { break }
            var setNewLine = false
            switch current {
            case "#", "^":
                let inverted = current == "^"
                position += 1
                let name = try parseName(state)
                if isStandalone(state) {
                    setNewLine = true
                } else if !whiteSpaceBefore.isEmpty {
                    tokens.append(text(whiteSpaceBefore))
                    whiteSpaceBefore = []
                }
                let inner = try parse(state.withSection(name, newLine: setNewLine))
                tokens.append(.node(.section(Self.split(name), Self.nodes(inner), inverted: inverted)))
            case "/":
                position += 1
                let name = try parseName(state)
                guard name == state.sectionName else {
                    throw TemplateSyntaxError(description: "'{{/\(name)}}' closes '\(state.sectionName ?? "nothing")'")
                }
                if isStandalone(state) {
                    setNewLine = true
                } else if !whiteSpaceBefore.isEmpty {
                    tokens.append(text(whiteSpaceBefore))
                    whiteSpaceBefore = []
                }
                return tokens
            case "!":
                position += 1
                while !atEnd, !read(state.end) { position += 1 }
                setNewLine = isStandalone(state)
            case "{", "&":
                let triple = current == "{"
                if !whiteSpaceBefore.isEmpty {
                    tokens.append(text(whiteSpaceBefore))
                    whiteSpaceBefore = []
                }
                position += 1
                let name = try parseName(state)
                if triple, !read(["}"]) { throw TemplateSyntaxError(description: "'{{{\(name)}}' lacks its third '}'") }
                tokens.append(.node(.variable(Self.split(name), escaped: false)))
            case ">":
                position += 1
                skipWhitespace()
                if current == "*" { throw TemplateSyntaxError(description: "dynamic partials are not supported") }
                let name = try parsePartialName(state)
                if !whiteSpaceBefore.isEmpty { tokens.append(text(whiteSpaceBefore)) }
                if isStandalone(state) {
                    setNewLine = true
                    tokens.append(.node(.partial(name, indentation: String(whiteSpaceBefore), overrides: nil)))
                } else {
                    tokens.append(.node(.partial(name, indentation: nil, overrides: nil)))
                }
                whiteSpaceBefore = []
            case "<":
                position += 1
                skipWhitespace()
                let name = try parsePartialName(state)
                if name.hasPrefix("*") { throw TemplateSyntaxError(description: "dynamic parents are not supported") }
                if !whiteSpaceBefore.isEmpty { tokens.append(text(whiteSpaceBefore)) }
                if isStandalone(state) { setNewLine = true }
                let inner = try parse(state.withInheritancePartial(name))
                var overrides: [String: [TemplateNode]] = [:]
                for token in inner {
                    switch token {
                    case .definition(let block, let nodes): overrides[block] = nodes
                    case .node(.text): break
                    case .node: throw TemplateSyntaxError(description: "only blocks and text may stand inside '{{<\(name)}}'")
                    }
                }
                tokens.append(.node(.partial(name, indentation: String(whiteSpaceBefore), overrides: overrides)))
                whiteSpaceBefore = []
            case "$":
                position += 1
                let name = try parseName(state)
                if state.isPartialDefinitionTopLevel {
                    if isStandalone(state) { setNewLine = true }
                    let inner = try parse(state.withSection(name, newLine: setNewLine))
                    tokens.append(.definition(name, Self.nodes(inner)))
                } else {
                    if !whiteSpaceBefore.isEmpty { tokens.append(text(whiteSpaceBefore)) }
                    if isStandalone(state) { setNewLine = true }
                    let inner = try parse(state.withSection(name, newLine: setNewLine))
                    tokens.append(.node(.block(name, Self.nodes(inner), indentation: String(whiteSpaceBefore))))
                    whiteSpaceBefore = []
                }
            case "=":
                position += 1
                skipWhitespace()
                var start: [Character] = []
                while !atEnd, !current.isWhitespace { start.append(current); position += 1 }
                skipWhitespace()
                var end: [Character] = []
                while !atEnd, !current.isWhitespace, current != "=" { end.append(current); position += 1 }
                skipWhitespace()
                guard read(["="]), read(state.end), !start.isEmpty, !end.isEmpty else {
                    throw TemplateSyntaxError(description: "malformed set-delimiter tag")
                }
                state.start = start
                state.end = end
                state.isPartialDefinitionTopLevel = false
                setNewLine = isStandalone(state)
            case "%":
                throw TemplateSyntaxError(description: "configuration tags ('{{%…}}') are not supported")
            default:
                if !whiteSpaceBefore.isEmpty {
                    tokens.append(text(whiteSpaceBefore))
                    whiteSpaceBefore = []
                }
                let name = try parseName(state)
                tokens.append(.node(.variable(Self.split(name), escaped: true)))
            }
            state.newLine = setNewLine
        }
        if let name = state.sectionName { throw TemplateSyntaxError(description: "'{{#\(name)}}' is never closed") }
        return tokens
    }

    private static func nodes(_ parsed: [Parsed]) -> [TemplateNode] {
        parsed.compactMap { if case .node(let node) = $0 { return node } else { return nil } }
    }

    private static func split(_ name: String) -> [String] {
        name == "." ? ["."] : name.split(separator: ".").map(String.init)
    }

    /// Text up to a newline (not consumed) or the start delimiter (consumed).
    private mutating func readUntilDelimiterOrNewline(_ state: State) -> [Character] {
        var text: [Character] = []
        while !atEnd {
            let c = chars[position]
            // As swift-mustache: only "\n" and "\r\n" end a line here.
            if c == "\n" || c == "\r\n" { break }
            if c == state.start[0] {
                if read(state.start) { break }
                text.append(c)
                position += 1
                continue
            }
            text.append(c)
            position += 1
        }
        return text
    }

    private static let nameCharacters = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*")
    private static let partialNameCharacters = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?()*/")

    private mutating func parseName(_ state: State) throws -> String {
        skipWhitespace()
        let name = String(read(while: Self.nameCharacters))
        skipWhitespace()
        if current == "(" { throw TemplateSyntaxError(description: "transforms ('{{f(\(name))}}') are not supported") }
        guard read(state.end) else { throw TemplateSyntaxError(description: "the tag '\(name)' is not closed") }
        return name
    }

    private mutating func parsePartialName(_ state: State) throws -> String {
        skipWhitespace()
        let name = String(read(while: Self.partialNameCharacters))
        skipWhitespace()
        guard read(state.end) else { throw TemplateSyntaxError(description: "the partial tag '\(name)' is not closed") }
        return name
    }

    /// A tag alone on its line: the rest of the line (spaces and the newline) is consumed.
    private mutating func isStandalone(_ state: State) -> Bool {
        guard state.newLine else { return false }
        if atEnd { return true }
        var probe = position
        while probe < chars.count, chars[probe] == " " || chars[probe] == "\t" { probe += 1 }
        if probe < chars.count, chars[probe].isNewline {
            position = probe + 1
            return true
        }
        return false
    }
}
