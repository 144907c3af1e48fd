import Foundation

/// The words a body's HTML needs besides its own text, in the body's language: the renderer
/// fills them from the interface strings (`markdown_table`, `markdown_footnote_back`,
/// `markdown_task`).
public struct MarkdownWords: Sendable, Equatable {
    /// Names a table's scrolling region when its header row has no text (otherwise the
    /// region is named by its column headings), e.g. "Table".
    public var table: String
    /// Names a footnote's back-link; `{n}` is the footnote's number, with `-2`, `-3`… for the
    /// second and later references to it: "Back to reference {n}".
    public var footnoteBack: String
    /// Names the check box of a task with no text before its blocks (`- [ ]` alone), e.g. "Task".
    public var task: String

    /// Words with these texts.
    public init(table: String, footnoteBack: String, task: String) {
        self.table = table
        self.footnoteBack = footnoteBack
        self.task = task
    }

    /// The English words, as the shipped interface strings have them.
    public static let english = MarkdownWords(table: "Table", footnoteBack: "Back to reference {n}", task: "Task")

    /// The back-link's name for footnote `number`, reference `reference` (1 for the first).
    func backLink(_ number: Int, _ reference: Int) -> String {
        footnoteBack.replacingOccurrences(of: "{n}", with: reference > 1 ? "\(number)-\(reference)" : "\(number)")
    }
}
