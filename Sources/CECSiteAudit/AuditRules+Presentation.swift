import CECSiteCore

extension AuditRules {
    /// Rules that need the page's CSS, titles, links across pages and language heuristics.
    static let presentation: [AuditRule] = [
        DocumentTitleRule(), TitleUniqueRule(), LinkTargetRule(), LinkFragmentRule(),
        ColorContrastRule(), TextSpacingRule(), FocusVisibleRule(), LangLatinRunRule(),
    ]
}
