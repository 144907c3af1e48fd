/// One term of a list the content declares (a FAQ topic, a FAQ audience, a calendar category):
/// its identifier, which content refers to and URLs use, and its name and description per language.
public struct Term: Sendable {
    public var id: Located<String>
    public var name: LocalizedText
    public var description: LocalizedText?

    /// A term named `name`.
    public init(id: Located<String>, name: LocalizedText, description: LocalizedText? = nil) {
        self.id = id
        self.name = name
        self.description = description
    }
}

/// The terms of one list, in the order the file declares them (the order pages show them in).
public struct Taxonomy: Sendable {
    /// The file that declares them, for messages; "" when the list is built in.
    public var file: String
    public var terms: [Term]

    /// A list of `terms` declared in `file`.
    public init(file: String = "", terms: [Term] = []) {
        self.file = file
        self.terms = terms
    }

    /// The identifiers, in order.
    public var ids: [String] { terms.map(\.id.value) }

    /// The term `id`, if declared.
    public func term(_ id: String) -> Term? { terms.first { $0.id.value == id } }

    /// The place of `id` in the order; terms not declared come last.
    public func rank(_ id: String) -> Int { terms.firstIndex { $0.id.value == id } ?? terms.count }
}
