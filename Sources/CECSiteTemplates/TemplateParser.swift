import CECSiteCore

// Portions of this file are derived from swift-mustache (Sources/Mustache/Template+Parser.swift
// and Parser.swift, version 2.1.1), https://github.com/hummingbird-project/swift-mustache,
// part of the Hummingbird server framework project.
// Copyright (c) the Hummingbird authors. Licensed under the Apache License, Version 2.0
// (SPDX-License-Identifier: Apache-2.0); see THIRD-PARTY-NOTICES at the repository root for the
// licence text. Modified by the cecsite authors: ported to compile into ``TemplateNode``s, with
// transforms, lambdas, dynamic partials and configuration tags left out.

/// A compiled Mustache template: the nodes ``TemplateRenderer`` walks.
///
/// The parser follows hummingbird-project/swift-mustache's (Apache-2.0) algorithm step by step,
/// so standalone lines, partial indentation and template inheritance (`{{<parent}}`,
/// `{{$block}}`) come out byte for byte as they did when swift-mustache rendered the site, and
/// a malformed template is reported at the line and column swift-mustache reported (see
/// ``TemplateSyntaxError``, ``ThemeLoader``); the test suite renders every page both ways.
/// Transforms (`{{f(x)}}`), lambdas and dynamic partials are not supported by this engine;
/// the theme check reports them.
enum TemplateNode: Sendable {
    case text([UInt8])
    /// A name split at dots (`["site", "title"]`), `["."]` for the current object, and where its
    /// tag is (for the check of names against the contexts, ``TemplateLibrary/unknownNames(in:shape:)``).
    case variable([String], escaped: Bool, at: TemplatePosition)
    case section([String], [TemplateNode], inverted: Bool, at: TemplatePosition)
    /// `{{$name}}default{{/name}}` where a parent's block is expanded.
    case block(String, [TemplateNode], indentation: String?)
    /// `{{> name}}` or `{{< name}}…{{/name}}` with its block overrides.
    case partial(String, indentation: String?, overrides: [String: [TemplateNode]]?)
}

/// Where a tag is in its template: line and column counted in characters from 1.
public struct TemplatePosition: Hashable, Sendable, Comparable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: TemplatePosition, b: TemplatePosition) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }
}

/// Why a template could not be compiled, and where: the place swift-mustache's parser reports
/// for the same error (line and column counted in characters from 1, and the line's text).
public struct TemplateSyntaxError: Error, CustomStringConvertible {
    /// A template swift-mustache would not parse either, or one using what this engine leaves out.
    public enum Kind: Equatable, Sendable {
        /// A malformed template, in words.
        case syntax(String)
        /// A Mustache feature this engine does not render (transforms, dynamic partials, `{{%…}}`).
        case unsupported(String)
    }

    public var kind: Kind
    public var line = 1
    public var column = 1
    /// The text of the line the error is on.
    public var lineText = ""

    public var description: String {
        switch kind {
        case .syntax(let text), .unsupported(let text): return text
        }
    }
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
    /// The line and the offset of its first character at ``lineCursor``'s offset: tags are met in
    /// order, so positions are counted forward from the last one rather than from the start.
    private var lineCursor = (offset: 0, line: 1, lineStart: 0)

    private init(_ text: String) { chars = Array(text) }

    /// Compiles `text` into nodes.
    static func parse(_ text: String) throws -> [TemplateNode] {
        var parser = TemplateParser(text)
        let parsed = try parser.parse(State())
        return parsed.compactMap { if case .node(let node) = $0 { return node } else { return nil } }
    }

    private var atEnd: Bool { position >= chars.count }

    /// An error at the current position, located as swift-mustache's `getContext()` locates it:
    /// the column counts the characters back to the previous "\n", the line counts the newline
    /// characters before the position.
    private func error(_ kind: TemplateSyntaxError.Kind) -> TemplateSyntaxError {
        var start = position, column = 0
        while start > 0 {
            start -= 1
            if chars[start] == "\n" { break }
            column += 1
        }
        if start < chars.count, chars[start] == "\n" { start += 1 }
        var end = start
        while end < chars.count, chars[end] != "\n" { end += 1 }
        let line = chars[..<min(position, chars.count)].filter(\.isNewline).count + 1
        return TemplateSyntaxError(kind: kind, line: line, column: column + 1, lineText: String(chars[start..<end]))
    }

    /// The line and column of the character at `offset`.
    private mutating func location(_ offset: Int) -> TemplatePosition {
        if offset < lineCursor.offset { lineCursor = (0, 1, 0) }
        var (index, line, lineStart) = lineCursor
        while index < offset {
            if chars[index].isNewline {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
        lineCursor = (offset, line, lineStart)
        return TemplatePosition(line: line, column: offset - lineStart + 1)
    }

    private static let unfinishedName = TemplateSyntaxError.Kind.syntax("a tag is not closed with '}}'")
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
                let tag = location(position - state.start.count)
                position += 1
                let name = try parseName(state)
                if isStandalone(state) {
                    setNewLine = true
                } else if !whiteSpaceBefore.isEmpty {
                    tokens.append(text(whiteSpaceBefore))
                    whiteSpaceBefore = []
                }
                let inner = try parse(state.withSection(name, newLine: setNewLine))
                tokens.append(.node(.section(Self.split(name), Self.nodes(inner), inverted: inverted, at: tag)))
            case "/":
                position += 1
                let nameStart = position
                let name = try parseName(state)
                guard name == state.sectionName else {
                    position = nameStart
                    throw error(.syntax("a section is closed with another name than it was opened with ({{#a}}…{{/a}})"))
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
                let commentStart = position
                var closed = false
                while !atEnd {
                    if read(state.end) { closed = true; break }
                    position += 1
                }
                if !closed {
                    position = commentStart
                    throw error(.syntax("a comment is not closed with '\(String(state.end))'"))
                }
                setNewLine = isStandalone(state)
            case "{", "&":
                let triple = current == "{"
                if !whiteSpaceBefore.isEmpty {
                    tokens.append(text(whiteSpaceBefore))
                    whiteSpaceBefore = []
                }
                let tag = location(position - state.start.count)
                position += 1
                let name = try parseName(state)
                if triple, !read(["}"]) { throw error(Self.unfinishedName) }
                tokens.append(.node(.variable(Self.split(name), escaped: false, at: tag)))
            case ">":
                position += 1
                skipWhitespace()
                if current == "*" {
                    position += 1
                    _ = try parsePartialName(state)
                    throw error(.unsupported("dynamic partials ('{{>*name}}') are not supported"))
                }
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
                if name.hasPrefix("*") { throw error(.unsupported("dynamic parents ('{{<*name}}') are not supported")) }
                if !whiteSpaceBefore.isEmpty { tokens.append(text(whiteSpaceBefore)) }
                if isStandalone(state) { setNewLine = true }
                let inner = try parse(state.withInheritancePartial(name))
                var overrides: [String: [TemplateNode]] = [:]
                for token in inner {
                    switch token {
                    case .definition(let block, let nodes): overrides[block] = nodes
                    case .node(.text): break
                    case .node: throw error(.syntax("a parent ({{<name}}) holds something other than blocks ({{$name}}…{{/name}})"))
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
                let invalid = TemplateSyntaxError.Kind.syntax("a set-delimiter tag is badly formed")
                skipWhitespace()
                // As swift-mustache: a delimiter that runs to the end of the text is an error at
                // the delimiter's start.
                var delimiterStart = position
                var start: [Character] = []
                while !atEnd, !current.isWhitespace { start.append(current); position += 1 }
                if atEnd { position = delimiterStart; throw error(invalid) }
                skipWhitespace()
                delimiterStart = position
                var end: [Character] = []
                while !atEnd, !current.isWhitespace, current != "=" { end.append(current); position += 1 }
                if atEnd { position = delimiterStart; throw error(invalid) }
                skipWhitespace()
                guard read(["="]), read(state.end), !start.isEmpty, !end.isEmpty else { throw error(invalid) }
                state.start = start
                state.end = end
                state.isPartialDefinitionTopLevel = false
                setNewLine = isStandalone(state)
            case "%":
                throw error(.unsupported("configuration tags ('{{%…}}') are not supported"))
            default:
                if !whiteSpaceBefore.isEmpty {
                    tokens.append(text(whiteSpaceBefore))
                    whiteSpaceBefore = []
                }
                let tag = location(position - state.start.count)
                let name = try parseName(state)
                tokens.append(.node(.variable(Self.split(name), escaped: true, at: tag)))
            }
            state.newLine = setNewLine
        }
        if state.sectionName != nil { throw error(.syntax("a section is not closed; add its {{/name}} tag")) }
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
    private static let nameAndBracketCharacters = nameCharacters.union(["(", ")"])
    private static let partialNameCharacters = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?()*/")

    private mutating func parseName(_ state: State) throws -> String {
        skipWhitespace()
        let nameStart = position
        let name = read(while: Self.nameAndBracketCharacters)
        skipWhitespace()
        guard read(state.end) else { throw error(Self.unfinishedName) }
        guard name.contains("(") || name.contains(")") else { return String(name) }
        // A transform call (`f(x)`, `f(g(x))`): checked as swift-mustache checks it, so a malformed
        // one is a syntax error; a well-formed one is refused at its name.
        guard Self.isTransform(name) else { throw error(Self.unfinishedName) }
        position = nameStart
        throw error(.unsupported("transforms ('{{\(String(name))}}') are not supported"))
    }

    /// Whether `name` is `f(x)`, `f(g(x))`…: names, opening brackets, then as many closing ones.
    private static func isTransform(_ name: [Character]) -> Bool {
        var index = 0, opened = 0
        func word() { while index < name.count, nameCharacters.contains(name[index]) { index += 1 } }
        word()
        while index < name.count, name[index] == "(" {
            opened += 1
            index += 1
            word()
        }
        guard opened > 0 else { return false }
        let closing = name[index...]
        return closing.count == opened && closing.allSatisfy { $0 == ")" }
    }

    private mutating func parsePartialName(_ state: State) throws -> String {
        skipWhitespace()
        let name = String(read(while: Self.partialNameCharacters))
        skipWhitespace()
        guard read(state.end) else { throw error(Self.unfinishedName) }
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
