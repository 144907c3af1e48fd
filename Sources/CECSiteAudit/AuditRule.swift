import CECSiteCore

/// One accessibility failure (or warning) found in a page.
public struct AuditFinding: Hashable, Sendable, CustomStringConvertible, Comparable {
    /// The rule's id, e.g. `image-alt`.
    public var rule: String
    /// The WCAG success criterion the failure breaks, e.g. `1.1.1`.
    public var criterion: String
    public var severity: Diagnostic.Severity
    /// The page (relative to the audited folder), with the 1-based line and column of the element.
    public var location: SourceLocation
    /// What is wrong, quoting the bad value, and what to do.
    public var message: String

    /// Creates a finding.
    init(
        rule: String, criterion: String, severity: Diagnostic.Severity,
        location: SourceLocation, message: String
    ) {
        self.rule = rule
        self.criterion = criterion
        self.severity = severity
        self.location = location
        self.message = message
    }

    /// `path:line:column: error: [rule] message (WCAG x.y.z)`.
    public var description: String {
        "\(location): \(severity.rawValue): [\(rule)] \(message)" + (criterion.isEmpty ? "" : " (WCAG \(criterion))")
    }

    public static func < (a: AuditFinding, b: AuditFinding) -> Bool {
        (a.location, a.rule, a.message) < (b.location, b.rule, b.message)
    }
}

/// One check of `cecsite audit`. Each rule lives in its own file under `Rules/`,
/// names the WCAG success criterion it tests, and documents itself with a failing and a
/// passing example (the tests audit both).
public protocol AuditRule: Sendable {
    /// A stable kebab-case id, e.g. `image-alt`; used in output, `--explain` and the corpus.
    var id: String { get }
    /// The WCAG 2.2 success criterion, e.g. `1.1.1`.
    var criterion: String { get }
    /// `.error` for a certain failure; `.warning` for a likely one (fails only with `--strict`).
    var severity: Diagnostic.Severity { get }
    /// One sentence: what the rule requires and why.
    var summary: String { get }
    /// HTML that breaks the rule. Several pages may be given, each introduced by a line
    /// `<!-- file: name.html -->`; without one the example is `index.html`.
    var failingExample: String { get }
    /// HTML that passes the rule (same format).
    var passingExample: String { get }
    /// Checks one page. Called concurrently for different pages.
    func check(_ page: AuditPage, _ report: inout AuditReport)
    /// Checks what can only be seen across pages (repeated titles, broken links), after every
    /// page has been checked.
    func checkSite(_ site: AuditSiteFacts, _ report: inout AuditReport)
}

extension AuditRule {
    public var severity: Diagnostic.Severity { .error }
    public func check(_ page: AuditPage, _ report: inout AuditReport) {}
    public func checkSite(_ site: AuditSiteFacts, _ report: inout AuditReport) {}
}

/// Collects the findings of the rules.
public struct AuditReport: Sendable {
    private(set) var findings: [AuditFinding] = []

    /// Creates an empty report.
    init() {}

    /// Records that `rule` fails on `node` of `page`. `criterion` overrides the rule's own
    /// when one rule tests several criteria (a missing title is 2.4.2, for example);
    /// `severity` overrides the rule's own for one finding: `.warning` ("needs review") where
    /// the static page cannot decide.
    mutating func add(
        _ rule: AuditRule, _ page: AuditPage, _ node: HTMLNode,
        _ message: String, criterion: String? = nil, severity: Diagnostic.Severity? = nil
    ) {
        add(
            rule, SourceLocation(file: page.path, line: node.line, column: node.column),
            message, criterion: criterion, severity: severity)
    }

    /// Records that `rule` fails on an attribute of an element of `page`.
    mutating func add(
        _ rule: AuditRule, _ page: AuditPage, _ attribute: HTMLAttribute,
        _ message: String, criterion: String? = nil, severity: Diagnostic.Severity? = nil
    ) {
        add(
            rule, SourceLocation(file: page.path, line: attribute.line, column: attribute.column),
            message, criterion: criterion, severity: severity)
    }

    /// Records that `rule` fails at `location`.
    mutating func add(
        _ rule: AuditRule, _ location: SourceLocation, _ message: String,
        criterion: String? = nil, severity: Diagnostic.Severity? = nil
    ) {
        findings.append(
            AuditFinding(
                rule: rule.id, criterion: criterion ?? rule.criterion,
                severity: severity ?? rule.severity, location: location, message: message))
    }

    /// Records a finding made outside the rules (a page beyond the audit's limits).
    mutating func add(_ finding: AuditFinding) {
        findings.append(finding)
    }

    /// Appends the findings of another report.
    mutating func merge(_ other: AuditReport) {
        findings.append(contentsOf: other.findings)
    }
}
