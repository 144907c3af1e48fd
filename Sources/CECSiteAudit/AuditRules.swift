import CECSiteCore

/// The rules `cecsite audit` applies, in the order `--list-rules` prints them.
/// Each group lives in its own file so rules can be added without touching the others.
public enum AuditRules {
    /// Every rule.
    public static var all: [AuditRule] { language + structure + presentation }

    /// The rule with this id, if any.
    public static func named(_ id: String) -> AuditRule? {
        all.first { $0.id == id }
    }

    /// Rules about the page's language.
    static let language: [AuditRule] = [HTMLLangRule(), ElementLangRule()]
}
