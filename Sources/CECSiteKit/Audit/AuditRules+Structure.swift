extension AuditRules {
    /// Rules about text alternatives, names, labels, ids, tables, lists, ARIA, focus order and
    /// page behaviour (refresh, zoom, media).
    static let structure: [AuditRule] = [ImageAltRule()]
}
