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
    var templates: [String: [TemplateNode]] {
        didSet { program = TemplateProgram(templates) }
    }
    /// The templates as the renderer walks them, made again when one is registered.
    private var program = TemplateProgram([:])

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
        guard let range = program.entries[name] else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(16 * 1024)
        program.ops.withUnsafeBufferPointer { ops in
            program.bytes.withUnsafeBufferPointer { bytes in
                program.names.withUnsafeBufferPointer { names in
                    program.strings.withUnsafeBufferPointer { strings in
                        var run = Run(
                            ops: ops, bytes: bytes, names: names, strings: strings, overrides: program.overrides,
                            stack: [Frame(context)])
                        run.render(range.lowerBound, range.upperBound, into: &out)
                    }
                }
            }
        }
        return out
    }

    /// A frame of the context stack, its kind found once as it is pushed: the names looked up
    /// through it are then looked up without a cast (a cast of an `Any` goes through the
    /// runtime, `swift_dynamicCast`, and was as costly as the hashing of the name). Its fields
    /// are read in place: a frame is not copied for each name looked up through it (an enum's
    /// payload was).
    struct Frame {
        /// The pushed value.
        let value: Any
        /// The value when it is a `[String: Any]`.
        let object: [String: Any]?
        /// The value when it is a `[String: String]`.
        let table: [String: String]?

        init(_ value: Any) {
            let type = type(of: value)
            if type == [String: Any].self {
                self.init(object: value as! [String: Any])
            } else if type == [String: String].self {
                self.init(table: value as! [String: String])
            } else {
                self.init(other: value)
            }
        }

        init(object: [String: Any]) {
            value = object
            self.object = object
            table = nil
        }

        init(table: [String: String]) {
            value = table
            object = nil
            self.table = table
        }

        /// A frame of a value that is no `[String: Any]` nor `[String: String]`.
        init(other value: Any) {
            self.value = value
            object = nil
            table = nil
        }

        /// The value of `name` in this frame.
        func child(_ name: String) -> Any? {
            if let object { return object[name] }
            if let table { return table[name] }
            return TemplateLibrary.child(name, of: value)
        }
    }

    /// One rendering: the program's buffers, the context stack, pushed and popped in place (one
    /// stack per page, not a copy per section entered), the indentation of the partial or block
    /// being rendered, and the blocks an enclosing template overrides.
    private struct Run {
        let ops: UnsafeBufferPointer<TemplateProgram.Op>
        let bytes: UnsafeBufferPointer<UInt8>
        let names: UnsafeBufferPointer<String>
        let strings: UnsafeBufferPointer<String>
        let overrides: [[String: Range<Int32>]]
        var stack: [Frame]
        var indentation: String? = nil
        var inherited: [String: Range<Int32>]? = nil

        /// The operations `start..<end`, one node after another.
        mutating func render(_ start: Int32, _ end: Int32, into out: inout [UInt8]) {
            var index = Int(start)
            let end = Int(end)
            if let indentation, !indentation.isEmpty {
                // Inside an indented partial or block: indent every line that gets content.
                while index < end {
                    var piece: [UInt8] = []
                    render(index, into: &piece)
                    if !piece.isEmpty, out.last == UInt8(ascii: "\n") { out.append(contentsOf: indentation.utf8) }
                    out += piece
                    index = Int(ops[index].end)
                }
            } else {
                while index < end {
                    render(index, into: &out)
                    index = Int(ops[index].end)
                }
            }
        }

        /// The nodes of the section or block at `index` with `frame` on top of the context stack.
        private mutating func render(_ index: Int, pushing frame: Frame, into out: inout [UInt8]) {
            stack.append(frame)
            render(Int32(index + 1), ops[index].end, into: &out)
            stack.removeLast()
        }

        /// The value of the name of the operation at `index`: its first part found up the
        /// stack, the rest inside it.
        private func lookup(_ op: TemplateProgram.Op) -> Any? {
            if op.c == 1 { return stack.last?.value }
            guard op.b > 0 else { return nil }
            let first = Int(op.a), parts = Int(op.a + op.b)
            // By index: iterating `stack.reversed()` copied each frame (a retain and a release).
            var level = stack.count
            while level > 0 {
                level -= 1
                guard var value = stack[level].child(names[first]) else { continue }
                var part = first + 1
                while part < parts {
                    guard let next = TemplateLibrary.child(names[part], of: value) else { return nil }
                    value = next
                    part += 1
                }
                return value
            }
            return nil
        }

        private mutating func render(_ index: Int, into out: inout [UInt8]) {
            let op = ops[index]
            switch op.kind {
            case .text:
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[Int(op.a)..<Int(op.b)]))
            case .variable:
                guard let value = lookup(op) else { return }
                if type(of: value) == String.self {
                    let text = value as! String
                    if op.flag { TemplateLibrary.escape(text, into: &out) } else { out.append(contentsOf: text.utf8) }
                    return
                }
                let text = TemplateLibrary.text(value)
                if op.flag { TemplateLibrary.escape(text, into: &out) } else { out.append(contentsOf: text.utf8) }
            case .section:
                let value = lookup(op)
                if op.flag {
                    if TemplateLibrary.isFalsy(value) { render(Int32(index + 1), op.end, into: &out) }
                    return
                }
                guard let value else { return }
                // Exact types first, as the builders make them: each failed cast of the switch
                // below goes through the runtime (`swift_dynamicCast`), a string tried as two lists
                // and a flag before it is pushed.
                let type = type(of: value)
                if type == [String: Any].self {
                    render(index, pushing: Frame(object: value as! [String: Any]), into: &out)
                    return
                }
                if type == String.self {
                    render(index, pushing: Frame(other: value), into: &out)
                    return
                }
                if type == [[String: Any]].self {
                    for item in value as! [[String: Any]] { render(index, pushing: Frame(object: item), into: &out) }
                    return
                }
                if type == Bool.self {
                    if value as! Bool { render(Int32(index + 1), op.end, into: &out) }
                    return
                }
                switch value as Any? {
                case nil:
                    return
                case let items as [[String: Any]]:
                    for item in items { render(index, pushing: Frame(object: item), into: &out) }
                case let items as [String]:
                    for item in items { render(index, pushing: Frame(other: item), into: &out) }
                case let flag as Bool:
                    if flag { render(Int32(index + 1), op.end, into: &out) }
                case let items as [Any]:
                    for item in items { render(index, pushing: Frame(item), into: &out) }
                case let value?:
                    render(index, pushing: Frame(value), into: &out)
                }
            case .block:
                let chosen = inherited?[strings[Int(op.a)]] ?? (Int32(index + 1)..<op.end)
                let outer = indentation
                if op.c >= 0 { indentation = (outer ?? "") + strings[Int(op.c)] }
                render(chosen.lowerBound, chosen.upperBound, into: &out)
                indentation = outer
            case .partial:
                guard op.a >= 0 else { return }
                let outer = (indentation: indentation, inherited: inherited)
                if op.c >= 0 { indentation = (outer.indentation ?? "") + strings[Int(op.c)] }
                if op.d >= 0 {
                    let overrides = overrides[Int(op.d)]
                    // An enclosing page's blocks win over those of the parent it extends.
                    inherited = outer.inherited.map { $0.merging(overrides) { outer, _ in outer } } ?? overrides
                }
                render(op.a, op.b, into: &out)
                (indentation, inherited) = outer
            }
        }
    }

    /// `false`, a missing value and an empty list; everything else is truthy.
    fileprivate static func isFalsy(_ value: Any?) -> Bool {
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

    fileprivate static func text(_ value: Any) -> String {
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
