import CECSiteCore

extension AuditRules {
    /// Rules about text alternatives, names, labels, ids, tables, lists, ARIA, focus order and
    /// page behaviour (refresh, zoom, media).
    static let structure: [AuditRule] = [
        // Text alternatives
        ImageAltRule(), InputImageAltRule(), AreaAltRule(), SVGImageAltRule(), RoleImageAltRule(),
        CanvasAltRule(), ImageAltFilenameRule(), ObjectAltRule(),
        // Names and labels
        LinkNameRule(), LinkPurposeRule(), ButtonNameRule(), SelectNameRule(), LabelRule(), LabelForRule(),
        ControlNameRule(), AutocompleteRule(),
        // Ids and references
        ARIAReferenceRule(), DuplicateIDReferencedRule(), DuplicateIDRule(),
        // Tables and lists
        TableHeadersRule(), TDHeadersRule(), THDataCellsRule(), LayoutTableRule(), ListChildrenRule(), ListItemParentRule(),
        DLChildrenRule(),
        // ARIA and focus
        ARIARoleRule(), ARIAAttributeRule(), ARIAHiddenFocusRule(), FrameTitleRule(), TabIndexRule(),
        ARIARequiredChildrenRule(), ARIARequiredParentRule(), ARIARequiredAttributeRule(), ARIAProhibitedAttributeRule(),
        ARIAAllowedAttributeRule(), NestedInteractiveRule(),
        // Page behaviour
        MetaViewportRule(), MetaRefreshRule(), MediaAutoplayRule(),
    ]
}
