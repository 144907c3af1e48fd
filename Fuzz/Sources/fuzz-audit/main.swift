import Foundation
import FuzzSupport
import CECSiteCore
import CECSiteAudit

/// The accessibility auditor's parser path: libgumbo's HTML5 parse into the page tree, the CSS
/// of `<style>` elements, every page rule and every site rule, on two pages with the same HTML.
///
/// Invariants: no trap; every finding names one of the two pages (or a file the site rules know)
/// and a line inside it; the audit is deterministic (the pages are checked in parallel) and its
/// JSON report parses.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAudit(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let html = String(decoding: bytes(data, size), as: UTF8.self)
    let lines = lineCount(html.utf8)
    let resources = AuditResources(root: URL(fileURLWithPath: scratchFolder("audit")), files: ["index.html", "en/index.html"])
    let pages: [(path: String, html: String)] = [("index.html", html), ("en/index.html", html)]
    let result = Auditor().audit(pages: pages, resources: resources)
    require(result.pages == 2, "\(result.pages) pages audited, 2 given")
    for finding in result.findings {
        require(resources.files.contains(finding.location.file), "a finding about an unknown file: \(finding)")
        require((0...lines).contains(finding.location.line), "a finding on line \(finding.location.line) of \(lines): \(finding)")
        require(!finding.rule.isEmpty && !finding.message.isEmpty, "a finding without rule or message: \(finding)")
    }
    let again = Auditor().audit(pages: pages, resources: AuditResources(root: resources.root, files: resources.files))
    require(again.findings == result.findings, "two audits of the same pages differ")
    require((try? JSONSerialization.jsonObject(with: Data(result.json().utf8))) != nil, "the JSON report does not parse")
    return 0
}
