import Foundation
import FuzzSupport
import CECSiteCore
import CECSiteKit
import CECSiteMarkdown

/// The Markdown pipeline: libcmark-gfm's parse (tables, autolinks, strikethrough, task lists,
/// footnotes), the heading and link walk validation uses, the HTML render with the link
/// rewriting the renderer does and the accessible tables, tasks and footnotes, and the plain
/// text of the search index.
///
/// Invariants: the HTML holds no `<script`, no event-handler attribute and no `javascript:`,
/// `vbscript:` or `data:` link (raw HTML is off: it must come out as a comment); every link the
/// walk found is rewritten, so rewritten links never point outside the site by accident; the
/// replacement character appears only where the input had one, a NUL or a character reference;
/// headings, links and dropped raw HTML are located inside the body; every table is in a named
/// scrolling region, every check box is labelled, ids are unique and start with the prefix.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMarkdown(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let source = String(decoding: bytes(data, size), as: UTF8.self)
    let document = MarkdownDocument(source: source, file: "fuzz.md", firstLine: 5)
    let lines = lineCount(source.utf8)
    for heading in document.headings {
        require((1...6).contains(heading.level), "heading level \(heading.level)")
        require((5..<5 + lines).contains(heading.location.line), "heading on line \(heading.location.line), body has \(lines) lines from 5")
    }
    for link in document.links {
        require((5..<5 + lines).contains(link.location.line), "link on line \(link.location.line), body has \(lines) lines from 5")
    }
    for piece in document.droppedHTML {
        require((5..<5 + lines).contains(piece.location.line), "raw HTML on line \(piece.location.line), body has \(lines) lines from 5")
        require(!piece.message.isEmpty, "no message for raw HTML \(quoted(piece.html))")
    }

    // As ContextBuilder+Documents does: site-root links get the language prefix.
    var rewritten = 0
    let html = document.html(words: .english, anchorPrefix: "q-fuzz-") { url in
        rewritten += 1
        return url.hasPrefix("/") && !url.hasPrefix("//") ? "/en" + url : url
    }
    require(rewritten == document.links.count, "\(rewritten) links rewritten, \(document.links.count) found")
    let tables = occurrences("<table", in: html)
    require(tables == occurrences(#"<div class="table-scroll" role="region" aria-label=""#, in: html), "a table outside a named region in \(quoted(html))")
    require(!html.contains(#"aria-label="""#), "an empty name in \(quoted(html))")
    let boxes = occurrences("<input", in: html)
    require(boxes == occurrences(#"<label><input type="checkbox""#, in: html) + occurrences(#" disabled="" aria-label=""#, in: html),
            "an unlabelled check box in \(quoted(html))")
    let ids = attributes(html).filter { $0.name == "id" }.map(\.value)
    require(Set(ids).count == ids.count, "an id twice in \(quoted(html))")
    require(ids.allSatisfy { $0.hasPrefix("q-fuzz-") }, "an id without the prefix in \(quoted(html))")
    let lower = html.lowercased()
    require(!lower.contains("<script"), "a script element in \(quoted(html))")
    require(!lower.contains("<iframe") && !lower.contains("<object") && !lower.contains("<style"),
            "raw HTML passed through: \(quoted(html))")
    for attribute in attributes(lower) {
        require(!attribute.name.hasPrefix("on"), "an event handler attribute \(attribute.name) in \(quoted(html))")
        guard attribute.name == "href" || attribute.name == "src" else { continue }
        let value = decoded(attribute.value).filter { !$0.isWhitespace && $0 != "\0" }
        for scheme in ["javascript:", "vbscript:", "file:"] {
            require(!value.hasPrefix(scheme), "an unsafe \(attribute.name)=\(quoted(attribute.value))")
        }
        require(!value.hasPrefix("data:") || (attribute.name == "src" && value.hasPrefix("data:image/")),
                "an unsafe data: \(attribute.name)=\(quoted(attribute.value))")
    }
    if html.contains("\u{FFFD}") {
        require(source.contains("\u{FFFD}") || source.contains("\0") || source.contains("&#"),
                "a replacement character from nowhere in \(quoted(html))")
    }
    let plain = document.plainText
    require(!plain.contains("\0"), "a NUL in the plain text")
    return 0
}

/// How many times `needle` occurs in `text`.
private func occurrences(_ needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
}

/// The attributes of every start tag in cmark's HTML (which quotes every value with `"`).
private func attributes(_ html: String) -> [(name: String, value: String)] {
    var result: [(String, String)] = []
    var rest = Substring(html)
    while let open = rest.firstIndex(of: "<") {
        rest = rest[rest.index(after: open)...]
        guard let close = rest.firstIndex(of: ">") else { break }
        var tag = rest[..<close]
        rest = rest[close...]
        guard tag.first?.isLetter == true else { continue }
        tag = tag.drop { !$0.isWhitespace }
        while let equals = tag.firstIndex(of: "=") {
            let name = tag[..<equals].trimmingCharacters(in: .whitespaces)
            var after = tag[tag.index(after: equals)...]
            guard after.first == "\"", let end = after.dropFirst().firstIndex(of: "\"") else { break }
            after = after.dropFirst()
            result.append((String(name), String(after[..<end])))
            tag = tag[tag.index(after: end)...]
        }
    }
    return result
}

/// The references cmark writes in attribute values (`&amp;`, `&quot;`, `&lt;`, `&gt;`, `&#39;`) decoded.
private func decoded(_ value: String) -> String {
    var out = value
    for (entity, text) in [("&quot;", "\""), ("&lt;", "<"), ("&gt;", ">"), ("&#39;", "'"), ("&amp;", "&")] {
        out = out.replacingOccurrences(of: entity, with: text)
    }
    return out  // not percent-decoded: a browser reads `java%73cript:` as a relative path
}
