import CECSiteCore
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
    public enum Failure: Error, CustomStringConvertible, Equatable {
        case notAFolder(String)
        /// The folder holds no `.html` or `.htm` file: nothing was audited, which is no pass.
        case noPages(String)

        public var description: String {
            switch self {
            case .notAFolder(let path):
                return "\(path): error: no such folder; give the folder of a built site, e.g. `cecsite audit public`"
            case .noPages(let path):
                return "\(path): error: no HTML found in \(path) (no .html or .htm file below it); give the folder of a built site, e.g. `cecsite audit public`"
            }
        }
    }

    var rules: [AuditRule]
    /// The page size and nesting depth beyond which a page is not audited but reported.
    var limits: AuditLimits

    /// An auditor applying every rule within the standard limits.
    public init() {
        self.init(rules: AuditRules.all, limits: .standard)
    }

    /// The checks a build runs on its own pages, so that a colour or template change that
    /// breaks them fails the build: text contrast (at the enhanced 7:1 when `enhancedContrast`,
    /// as the low-vision edition promises) and a visible keyboard focus.
    public static func themeChecks(enhancedContrast: Bool) -> Auditor {
        Auditor(rules: [ColorContrastRule(enhanced: enhancedContrast), FocusVisibleRule()])
    }

    /// An auditor applying `rules` (by default every rule) within `limits`.
    init(rules: [AuditRule] = AuditRules.all, limits: AuditLimits = .standard) {
        self.rules = rules
        self.limits = limits
    }

    /// Audits every `.html` and `.htm` file below `folder`. A symbolic link to a folder is
    /// followed: the site inside it is audited.
    ///
    /// - Throws: `Failure.notAFolder` when `folder` is not a folder; `Failure.noPages` when it
    ///   holds no HTML page.
    public func audit(folder: String) throws -> Result {
        let start = Date()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Failure.notAFolder(folder)
        }
        // The enumerator does not descend into a symbolic link, the root included: resolve it.
        let root = URL(fileURLWithPath: folder).standardizedFileURL.resolvingSymlinksInPath()
        let files = Self.files(below: root)
        let resources = AuditResources(root: root, files: Set(files))
        let pages = files.filter { $0.hasSuffix(".html") || $0.hasSuffix(".htm") }
        guard !pages.isEmpty else { throw Failure.noPages(folder) }
        let limit = limits.maxPageBytes
        // Each page is read when its turn comes, so only the pages being checked are in memory;
        // one over the size limit is not read at all.
        var result = audit(count: pages.count, resources: resources) { index in
            let url = root.appendingPathComponent(pages[index])
            let size = (try? url.resourceValues(forKeys: [.fileSizeKey]))?.fileSize ?? 0
            if size > limit { return (pages[index], .tooLarge(size)) }
            let data = FileManager.default.contents(atPath: url.path) ?? Data()
            if data.count > limit { return (pages[index], .tooLarge(data.count)) }
            return (pages[index], .html(String(decoding: data, as: UTF8.self)))
        }
        result.seconds = Date().timeIntervalSince(start)
        return result
    }

    /// Audits pages given as (path, HTML) pairs; `resources` supplies any other file they use.
    public func audit(pages: [(path: String, html: String)], resources: AuditResources) -> Result {
        let limit = limits.maxPageBytes
        return audit(count: pages.count, resources: resources) { index in
            let (path, html) = pages[index]
            return (path, html.utf8.count > limit ? .tooLarge(html.utf8.count) : .html(html))
        }
    }

    enum Source {
        case html(String)
        case tooLarge(Int)
    }

    private func audit(count: Int, resources: AuditResources, page load: @Sendable (Int) -> (String, Source)) -> Result {
        let start = Date()
        let rules = self.rules
        let limits = self.limits
        let audited = parallelMap(count) { index -> (report: AuditReport, facts: AuditPageFacts?) in
            let (path, source) = load(index)
            var report = AuditReport()
            var pageFacts: AuditPageFacts?
            switch source {
            case .tooLarge(let bytes):
                report.add(limits.tooLarge(path, bytes: bytes))
            case .html(let html):
                if let finding = Self.nestingFinding(path: path, html: html, limits: limits) {
                    report.add(finding)
                    break
                }
                let page = AuditPage(path: path, source: html, resources: resources)
                // The scan bounds the parser's depth from above; this is the exact check.
                let deepest = page.document.deepest
                if deepest.depth > limits.maxDepth {
                    report.add(limits.tooDeep(path, line: deepest.line, column: deepest.column, depth: deepest.depth))
                    break
                }
                for rule in rules { rule.check(page, &report) }
                pageFacts = AuditPageFacts(page)
            }
            return (report, pageFacts)
        }
        var site = AuditSiteFacts(pages: [:], files: resources.files)
        for pageFacts in audited.compactMap(\.facts) { site.pages[pageFacts.path] = pageFacts }
        var all = AuditReport()
        for (report, _) in audited { all.merge(report) }
        for rule in rules { rule.checkSite(site, &all) }
        return Result(
            findings: Array(Set(all.findings)).sorted(), pages: count,
            seconds: Date().timeIntervalSince(start))
    }

    /// The finding for a page nested deeper than the limit, from a scan of its source before
    /// it is parsed (the parser's time grows with the square of the depth).
    static func nestingFinding(path: String, html: String, limits: AuditLimits) -> AuditFinding? {
        var source = html
        return source.withUTF8 { bytes -> AuditFinding? in
            let scan = HTMLNestingScan(bytes, limit: limits.maxDepth)
            guard let offset = scan.overflowOffset else { return nil }
            // Line and column as the parser counts them: 1-based, columns in Unicode scalars.
            var line = 1, column = 1
            for byte in bytes[..<offset] {
                if byte == 0x0A { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
            }
            return limits.tooDeep(path, line: line, column: column, depth: scan.maxDepth)
        }
    }

    /// Regular files below `root`, relative, `/`-separated, sorted; hidden files skipped.
    static func files(below root: URL) -> [String] {
        guard
            let enumerator = FileManager.default.enumerator(
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
                .init(
                    file: $0.location.file, line: $0.location.line, column: $0.location.column,
                    severity: $0.severity.rawValue, rule: $0.rule, criterion: $0.criterion, message: $0.message)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(output)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
