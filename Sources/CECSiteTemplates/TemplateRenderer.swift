import CECSiteCore

// Portions of this file are derived from swift-mustache (Sources/Mustache/Template+Render.swift,
// Context.swift and Library.swift, version 2.1.1), https://github.com/hummingbird-project/swift-mustache,
// part of the Hummingbird server framework project.
// Copyright (c) the Hummingbird authors. Licensed under the Apache License, Version 2.0
// (SPDX-License-Identifier: Apache-2.0); see THIRD-PARTY-NOTICES at the repository root for the
// licence text. Modified by the cecsite authors: rewritten to render compiled ``TemplateNode``s
// into UTF-8 bytes with direct type tests instead of reflection.

/// What the renderer renders pages with: the template `name` with `context`, as UTF-8 bytes, or
/// nil when there is no such template. ``TemplateLibrary`` in a build.
public protocol PageTemplates: Sendable {
    func bytes(_ context: Any, withTemplate name: String) -> [UInt8]?
}

/// Renders compiled templates (``TemplateNode``) with the plain dictionaries the context
/// builders make, into UTF-8 bytes. It reads contexts as swift-mustache does (a name is looked up
/// the context stack, dotted names inside the found object; `false`, `nil` and empty lists are
/// falsy, every other value truthy) but with direct type tests instead of reflection and an HTML
/// escape over bytes: rendering was most of a build's time.
public struct TemplateLibrary: Sendable, PageTemplates {
    var templates: [String: [TemplateNode]]

    public init() { templates = [:] }

    /// Compiles `text` as the template `name`.
    public mutating func register(_ text: String, named name: String) throws {
        templates[name] = try TemplateParser.parse(text)
    }

    /// The template `name` rendered with `context`, or nil when there is no such template.
    public func render(_ context: Any, withTemplate name: String) -> String? {
        bytes(context, withTemplate: name).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The template `name` rendered with `context` as UTF-8 bytes, or nil when there is no such
    /// template. The bytes are valid UTF-8: templates and context strings are, and escaping
    /// replaces only ASCII bytes; so the pages are written without decoding them into a string.
    public func bytes(_ context: Any, withTemplate name: String) -> [UInt8]? {
        guard let nodes = templates[name] else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(16 * 1024)
        var state = Context(stack: [Frame(context)])
        render(nodes, &state, into: &out)
        return out
    }

    /// The state of a rendering: the context stack, pushed and popped in place (one stack per
    /// page, not a copy per section entered), the indentation of the partial or block being
    /// rendered, and the blocks an enclosing template overrides.
    struct Context {
        var stack: [Frame]
        var indentation: String?
        var inherited: [String: [TemplateNode]]?
    }

    private func render(_ nodes: [TemplateNode], _ context: inout Context, into out: inout [UInt8]) {
        if let indentation = context.indentation, !indentation.isEmpty {
            // Inside an indented partial or block: indent every line that gets content.
            for node in nodes {
                var piece: [UInt8] = []
                render(node, &context, into: &piece)
                if !piece.isEmpty, out.last == UInt8(ascii: "\n") { out.append(contentsOf: indentation.utf8) }
                out += piece
            }
        } else {
            // By index: the node is passed borrowed, not copied out of the array.
            for index in nodes.indices { render(nodes[index], &context, into: &out) }
        }
    }

    /// A frame of the context stack, its kind found once as it is pushed: the names looked up
    /// through it are then looked up without a cast (a cast of an `Any` goes through the
    /// runtime, `swift_dynamicCast`, and was as costly as the hashing of the name).
    enum Frame {
        case object([String: Any])
        case strings([String: String])
        /// Anything else: a string, a number or a flag (no names), or a dictionary of another type.
        case other(Any)

        init(_ value: Any) {
            let type = type(of: value)
            if type == [String: Any].self {
                self = .object(value as! [String: Any])
            } else if type == [String: String].self {
                self = .strings(value as! [String: String])
            } else {
                self = .other(value)
            }
        }

        /// The pushed value.
        var value: Any {
            switch self {
            case .object(let object): return object
            case .strings(let table): return table
            case .other(let value): return value
            }
        }

        /// The value of `name` in this frame.
        func child(_ name: String) -> Any? {
            switch self {
            case .object(let object): return object[name]
            case .strings(let table): return table[name]
            case .other(let value): return TemplateLibrary.child(name, of: value)
            }
        }
    }

    /// `nodes` rendered with `object` on top of the context stack.
    private func render(_ nodes: [TemplateNode], pushing object: Any, _ context: inout Context, into out: inout [UInt8]) {
        render(nodes, pushing: Frame(object), &context, into: &out)
    }

    /// `nodes` rendered with `frame` on top of the context stack.
    private func render(_ nodes: [TemplateNode], pushing frame: Frame, _ context: inout Context, into out: inout [UInt8]) {
        context.stack.append(frame)
        render(nodes, &context, into: &out)
        context.stack.removeLast()
    }

    private func render(_ node: TemplateNode, _ context: inout Context, into out: inout [UInt8]) {
        switch node {
        case .text(let bytes):
            out += bytes
        case .variable(let name, let escaped, _):
            guard let value = Self.lookup(name, context.stack) else { return }
            let text = Self.text(value)
            if escaped { Self.escape(text, into: &out) } else { out.append(contentsOf: text.utf8) }
        case .section(let name, let nodes, let inverted, _):
            let value = Self.lookup(name, context.stack)
            if inverted {
                if Self.isFalsy(value) { render(nodes, &context, into: &out) }
                return
            }
            guard let value else { return }
            // Exact types first, as the builders make them: each failed cast of the switch
            // below goes through the runtime (`swift_dynamicCast`), a string tried as two lists
            // and a flag before it is pushed.
            let type = type(of: value)
            if type == [String: Any].self {
                render(nodes, pushing: .object(value as! [String: Any]), &context, into: &out)
                return
            }
            if type == String.self {
                render(nodes, pushing: .other(value), &context, into: &out)
                return
            }
            if type == [[String: Any]].self {
                for item in value as! [[String: Any]] { render(nodes, pushing: .object(item), &context, into: &out) }
                return
            }
            if type == Bool.self {
                if value as! Bool { render(nodes, &context, into: &out) }
                return
            }
            switch value as Any? {
            case nil:
                return
            case let items as [[String: Any]]:
                for item in items { render(nodes, pushing: .object(item), &context, into: &out) }
            case let items as [String]:
                for item in items { render(nodes, pushing: .other(item), &context, into: &out) }
            case let flag as Bool:
                if flag { render(nodes, &context, into: &out) }
            case let items as [Any]:
                for item in items { render(nodes, pushing: item, &context, into: &out) }
            case let value?:
                render(nodes, pushing: value, &context, into: &out)
            }
        case .block(let name, let fallback, let indentation):
            let chosen = context.inherited?[name] ?? fallback
            let outer = context.indentation
            if let indentation { context.indentation = (outer ?? "") + indentation }
            render(chosen, &context, into: &out)
            context.indentation = outer
        case .partial(let name, let indentation, let overrides):
            guard let nodes = templates[name] else { return }
            let outer = (indentation: context.indentation, inherited: context.inherited)
            if let indentation { context.indentation = (outer.indentation ?? "") + indentation }
            if let overrides {
                // An enclosing page's blocks win over those of the parent it extends.
                context.inherited = outer.inherited.map { $0.merging(overrides) { outer, _ in outer } } ?? overrides
            }
            render(nodes, &context, into: &out)
            (context.indentation, context.inherited) = outer
        }
    }

    /// `false`, a missing value and an empty list; everything else is truthy.
    private static func isFalsy(_ value: Any?) -> Bool {
        guard let value else { return true }
        // Exact types first (see the section's case of ``render(_:_:into:)``).
        let type = type(of: value)
        if type == String.self || type == [String: Any].self { return false }
        if type == Bool.self { return !(value as! Bool) }
        if type == [[String: Any]].self { return (value as! [[String: Any]]).isEmpty }
        switch value as Any? {
        case nil: return true
        case let flag as Bool: return !flag
        case let items as [[String: Any]]: return items.isEmpty
        case let items as [String]: return items.isEmpty
        case let items as [Any]: return items.isEmpty
        default: return false
        }
    }

    /// The value of a dotted name: its first part found up the stack, the rest inside it.
    private static func lookup(_ name: [String], _ stack: [Frame]) -> Any? {
        guard let first = name.first else { return nil }
        if first == "." { return stack.last?.value }
        // By index: iterating `stack.reversed()` copied each frame (a retain and a release).
        var level = stack.count
        while level > 0 {
            level -= 1
            guard var value = stack[level].child(first) else { continue }
            var part = 1
            while part < name.count {
                guard let next = child(name[part], of: value) else { return nil }
                value = next
                part += 1
            }
            return value
        }
        return nil
    }

    fileprivate static func child(_ name: String, of object: Any) -> Any? {
        // Exact types first: a cast that must convert a dictionary copies it.
        let type = type(of: object)
        if type == [String: Any].self { return (object as! [String: Any])[name] }
        if type == [String: String].self { return (object as! [String: String])[name] }
        // A string, a flag or a number pushed by a section has no names: without these tests
        // each was tried as a dictionary by the runtime's cast, for every name looked up past it.
        if type == String.self || type == Bool.self || type == Int.self || type == [[String: Any]].self { return nil }
        // Another dictionary with string keys (`["items": crumbs]` is a `[String: [[String: Any]]]`):
        // read as it is; a cast to `[String: Any]` converts it, a copy of every entry for
        // each name looked up in it.
        if let dictionary = object as? any StringKeyed { return dictionary.value(named: name) }
        if let dictionary = object as? [String: Any] { return dictionary[name] }
        return nil
    }

    private static func text(_ value: Any) -> String {
        switch value {
        case let text as String: return text
        case let number as Int: return String(number)
        case let flag as Bool: return flag ? "true" : "false"
        default: return String(describing: value)
        }
    }

    /// `text` HTML-escaped as `{{…}}` escapes it (``escape(_:into:)``), for HTML built outside a template.
    public static func escaped(_ text: String) -> String {
        var out: [UInt8] = []
        escape(text, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// HTML escaping of `&`, `<`, `>`, `"` and `'`, as swift-mustache escapes; control
    /// characters other than tab and line ends, which HTML does not allow, are dropped.
    static func escape(_ text: String, into out: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            for (i, byte) in bytes.enumerated() {
                let entity: StaticString
                switch byte {
                case UInt8(ascii: "&"): entity = "&amp;"
                case UInt8(ascii: "<"): entity = "&lt;"
                case UInt8(ascii: ">"): entity = "&gt;"
                case UInt8(ascii: "\""): entity = "&quot;"
                case UInt8(ascii: "'"): entity = "&#39;"
                case 0...8, 11, 12, 14...31, 127: entity = ""
                default: continue
                }
                if start < i { out.append(contentsOf: bytes[start..<i]) }
                entity.withUTF8Buffer { out.append(contentsOf: $0) }
                start = i + 1
            }
            if start < bytes.count { out.append(contentsOf: bytes[start..<bytes.count]) }
        }
    }
}

/// A dictionary with string keys, whatever the type of its values: a template reads it without
/// converting it to `[String: Any]`.
private protocol StringKeyed {
    /// The value of `name`, as the dictionary converted to `[String: Any]` holds it.
    func value(named name: String) -> Any?
}

extension Dictionary: StringKeyed where Key == String {
    fileprivate func value(named name: String) -> Any? { self[name] }
}
