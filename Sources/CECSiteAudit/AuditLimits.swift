import CECSiteCore

/// The bounds that keep `cecsite audit` fast and small whatever the page: a page beyond one is
/// not audited, and gets one finding that says which bound and what to do.
struct AuditLimits: Sendable, Equatable {
    /// The largest page audited, in bytes. The HTML parser needs about 22 bytes of memory per
    /// byte of page, and two pages are parsed at once on two cores, so 8 MiB keeps an audit
    /// below 1 GB; the largest page of the shipped site is under 200 KB.
    var maxPageBytes: Int
    /// The deepest nesting of elements audited (`<html>` is level 1, `<body>` level 2). Browsers
    /// stop there too: Chromium's and WebKit's HTML parsers attach elements below depth 512 as
    /// siblings, so a deeper page is not shown as it was written. A real page stays far below
    /// (the shipped site's deepest is 13); and the HTML parser's time grows with the
    /// square of the depth, so without the bound 100,000 nested elements took minutes.
    var maxDepth: Int

    /// The limits of `cecsite audit`: 8 MiB per page, 512 levels of elements.
    static let standard = AuditLimits(maxPageBytes: 8 << 20, maxDepth: 512)

    /// Limits with these values.
    init(maxPageBytes: Int, maxDepth: Int) {
        self.maxPageBytes = maxPageBytes
        self.maxDepth = maxDepth
    }

    /// The id findings about a page beyond a limit carry (it is not one of `AuditRules.all`:
    /// the page was not audited at all).
    static let findingID = "audit-limit"

    func tooLarge(_ path: String, bytes: Int) -> AuditFinding {
        AuditFinding(
            rule: Self.findingID, criterion: "", severity: .error,
            location: SourceLocation(file: path, line: 1, column: 1),
            message: "Page too large to audit: \(bytes) bytes, over the limit of \(maxPageBytes) bytes (\(maxPageBytes >> 20) MiB); split it into smaller pages"
        )
    }

    func tooDeep(_ path: String, line: Int, column: Int, depth: Int) -> AuditFinding {
        AuditFinding(
            rule: Self.findingID, criterion: "", severity: .error,
            location: SourceLocation(file: path, line: line, column: column),
            message:
                "Page too deeply nested to audit: this element is at depth \(depth) or more, over the limit of \(maxDepth) levels (browsers flatten the tree there too); close the elements left open, or nest less"
        )
    }
}
