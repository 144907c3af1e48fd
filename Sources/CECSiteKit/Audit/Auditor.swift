import Foundation

/// `cecsite audit`: checks every HTML page of a folder against the rules of `AuditRules.all`.
public struct Auditor: Sendable {
    /// What an audit found.
    public struct Result: Sendable {
        /// All findings, sorted by page, line and column.
        public var findings: [AuditFinding]
        /// How many HTML pages were checked.
        public var pages: Int
        public var seconds: Double

        public var errors: [AuditFinding] { findings.filter { $0.severity == .error } }
        public var warnings: [AuditFinding] { findings.filter { $0.severity == .warning } }

        /// True when the audit passes: no errors, and no warnings either when `strict`.
        public func passed(strict: Bool) -> Bool {
            strict ? findings.isEmpty : errors.isEmpty
        }
    }

    /// Problems that stop the audit before any page is read.
    public enum Failure: Error, CustomStringConvertible {
        case notAFolder(String)

        public var description: String {
            switch self {
            case .notAFolder(let path):
                return "\(path): error: no such folder; give the folder of a built site, e.g. `cecsite audit public`"
            }
        }
    }

    public var rules: [AuditRule]

    /// An auditor applying `rules` (by default every rule).
    public init(rules: [AuditRule] = AuditRules.all) {
        self.rules = rules
    }

    /// Audits every `.html` and `.htm` file below `folder`.
    public func audit(folder: String) throws -> Result {
        let start = Date()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Failure.notAFolder(folder)
        }
        let root = URL(fileURLWithPath: folder).standardizedFileURL
        let files = Self.files(below: root)
        let resources = AuditResources(root: root, files: Set(files))
        let pages = files.filter { $0.hasSuffix(".html") || $0.hasSuffix(".htm") }
        let sources = pages.map { path -> (String, String) in
            let data = FileManager.default.contents(atPath: root.appendingPathComponent(path).path) ?? Data()
            return (path, String(decoding: data, as: UTF8.self))
        }
        var result = audit(pages: sources, resources: resources)
        result.seconds = Date().timeIntervalSince(start)
        return result
    }

    /// Audits pages given as (path, HTML) pairs; `resources` supplies any other file they use.
    public func audit(pages: [(path: String, html: String)], resources: AuditResources) -> Result {
        let start = Date()
        var reports = [AuditReport](repeating: AuditReport(), count: pages.count)
        var facts = [AuditPageFacts?](repeating: nil, count: pages.count)
        let lock = NSLock()
        let rules = self.rules
        DispatchQueue.concurrentPerform(iterations: pages.count) { index in
            let page = AuditPage(path: pages[index].path, source: pages[index].html, resources: resources)
            var report = AuditReport()
            for rule in rules { rule.check(page, &report) }
            let pageFacts = AuditPageFacts(page)
            lock.lock()
            reports[index] = report
            facts[index] = pageFacts
            lock.unlock()
        }
        var site = AuditSiteFacts(pages: [:], files: resources.files)
        for pageFacts in facts.compactMap({ $0 }) { site.pages[pageFacts.path] = pageFacts }
        var all = AuditReport()
        for report in reports { all.merge(report) }
        for rule in rules { rule.checkSite(site, &all) }
        return Result(findings: Array(Set(all.findings)).sorted(), pages: pages.count,
                      seconds: Date().timeIntervalSince(start))
    }

    /// Regular files below `root`, relative, `/`-separated, sorted; hidden files skipped.
    static func files(below root: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        else { return [] }
        let prefix = root.path.hasSuffix("/") ? root.path : root.path + "/"
        var result: [String] = []
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            let path = url.standardizedFileURL.path
            if path.hasPrefix(prefix) { result.append(String(path.dropFirst(prefix.count))) }
        }
        return result.sorted()
    }
}

/// JSON output of `cecsite audit --format json`.
extension Auditor.Result {
    /// A stable JSON document: `{"pages": n, "errors": n, "warnings": n, "findings": [...]}`.
    public func json() -> String {
        struct Output: Encodable {
            struct Finding: Encodable {
                var file: String
                var line: Int
                var column: Int
                var severity: String
                var rule: String
                var criterion: String
                var message: String
            }
            var pages: Int
            var errors: Int
            var warnings: Int
            var findings: [Finding]
        }
        let output = Output(
            pages: pages, errors: errors.count, warnings: warnings.count,
            findings: findings.map {
                .init(file: $0.location.file, line: $0.location.line, column: $0.location.column,
                      severity: $0.severity.rawValue, rule: $0.rule, criterion: $0.criterion, message: $0.message)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(output)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
