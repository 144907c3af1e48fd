/// A library's templates compiled into one flat list of operations for rendering: each node of
/// ``TemplateNode``'s tree is an ``Op``, a plain value of numbers (its text a range of one byte
/// buffer, its name a range of one list of name parts, a section's nodes the operations after
/// it up to its `end`), so that walking a template copies no node: the renderer walked the enum
/// tree, and each node it looked at was copied (a retain and a release of each of its arrays and
/// strings), over a quarter of a page's render time (BENCHMARKS.md, 2026-12-07, sixth session).
///
/// A partial's template is found as the program is made, not by name for each page; a name that
/// is no template renders nothing, as before.
struct TemplateProgram: Sendable {
    enum Kind: UInt8, Sendable {
        /// `a..<b`: the bytes.
        case text
        /// `a..<a+b`: the name's parts; `flag`: escaped; `c == 1`: the name is `.`.
        case variable
        /// `a..<a+b`: the name's parts; `flag`: inverted; `c == 1`: the name is `.`; the
        /// section's nodes are the operations after it up to `end`.
        case section
        /// `a`: the block's name (in ``strings``); `c`: its indentation (in ``strings``, -1 for
        /// none); its default nodes are the operations after it up to `end`.
        case block
        /// `a..<b`: the operations of the template it renders (`a == -1`: no such template);
        /// `c`: its indentation (-1 for none); `d`: its block overrides (in ``overrides``,
        /// -1 for none).
        case partial
    }

    /// One node: what ``Kind`` says its numbers are.
    struct Op: Sendable {
        var kind: Kind
        var flag = false
        var a: Int32 = 0
        var b: Int32 = 0
        var c: Int32 = -1
        var d: Int32 = -1
        /// The index of the first operation after this one's nodes.
        var end: Int32 = 0
    }

    var ops: [Op] = []
    var bytes: [UInt8] = []
    var names: [String] = []
    var strings: [String] = []
    /// The blocks a `{{<parent}}` partial overrides: each one's operations, by name.
    var overrides: [[String: Range<Int32>]] = []
    /// Each template's operations, by name.
    var entries: [String: Range<Int32>] = [:]

    /// Compiles `templates`: the same rendering, node for node.
    init(_ templates: [String: [TemplateNode]]) {
        var partials: [(op: Int, name: String)] = []
        // In name order, so that the same templates make the same program.
        for name in templates.keys.sorted() {
            entries[name] = add(templates[name]!, partials: &partials)
        }
        for (index, name) in partials {
            if let range = entries[name] {
                ops[index].a = range.lowerBound
                ops[index].b = range.upperBound
            } else {
                ops[index].a = -1
            }
        }
    }

    /// Adds `nodes` one after another; their range of operations.
    private mutating func add(_ nodes: [TemplateNode], partials: inout [(op: Int, name: String)]) -> Range<Int32> {
        let start = Int32(ops.count)
        for node in nodes { add(node, partials: &partials) }
        return start..<Int32(ops.count)
    }

    private mutating func string(_ text: String?) -> Int32 {
        guard let text else { return -1 }
        strings.append(text)
        return Int32(strings.count - 1)
    }

    private mutating func name(_ parts: [String]) -> (start: Int32, count: Int32, dot: Int32) {
        let start = Int32(names.count)
        names += parts
        return (start, Int32(parts.count), parts.first == "." ? 1 : 0)
    }

    private mutating func add(_ node: TemplateNode, partials: inout [(op: Int, name: String)]) {
        let index = ops.count
        switch node {
        case .text(let text):
            let start = Int32(bytes.count)
            bytes += text
            ops.append(Op(kind: .text, a: start, b: Int32(bytes.count)))
        case .variable(let parts, let escaped, _):
            let (start, count, dot) = name(parts)
            ops.append(Op(kind: .variable, flag: escaped, a: start, b: count, c: dot))
        case .section(let parts, let nodes, let inverted, _):
            let (start, count, dot) = name(parts)
            ops.append(Op(kind: .section, flag: inverted, a: start, b: count, c: dot))
            _ = add(nodes, partials: &partials)
        case .block(let name, let fallback, let indentation):
            ops.append(Op(kind: .block, a: string(name), c: string(indentation)))
            _ = add(fallback, partials: &partials)
        case .partial(let name, let indentation, let blocks):
            ops.append(Op(kind: .partial, c: string(indentation)))
            partials.append((index, name))
            // A parent's overridden blocks: their operations after the partial, inside its
            // `end` (the walk skips them; a block that is overridden renders them).
            if let blocks {
                var table: [String: Range<Int32>] = [:]
                for name in blocks.keys.sorted() { table[name] = add(blocks[name]!, partials: &partials) }
                overrides.append(table)
                ops[index].d = Int32(overrides.count - 1)
            }
        }
        ops[index].end = Int32(ops.count)
    }
}
