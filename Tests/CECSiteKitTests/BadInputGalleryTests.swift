import Foundation
import Testing

@testable import CECSiteKit
@testable import CECSiteCore
@testable import CECSiteMarkdown
@testable import CECSiteTemplates
@testable import CECSiteFormats

/// One hostile or broken input: changes to the minimal site and exactly what the build says.
struct BadInput: Sendable, CustomTestStringConvertible {
    /// A short name, shown when the case fails.
    var name: String
    /// Path → new bytes (nil deletes the file), applied to the minimal site after a clean build.
    var changes: [String: Data?]
    /// Path → symbolic link target; `OUTSIDE/` at the start of a target is a folder outside the site.
    var links: [String: String] = [:]
    /// The exact diagnostic lines, relative to the site's root.
    var expected: [String]
    /// True for documented safe handling: the build succeeds (with `expected` as its warnings).
    var builds = false
    /// For a build that succeeds: output path → a text the file must contain.
    var contains: [String: String] = [:]
    /// For a build that succeeds: texts no markup file (HTML, XML, SVG) may contain. JSON data
    /// files hold the value as data; the search script inserts it with `textContent`.
    var never: [String] = []
    /// Set where one bad value yields several lines: the model is validated half-loaded (the
    /// invalid item is dropped, then what referred to it is checked again), so `expected` holds
    /// the cascade as the build prints it today. Says which lines follow from which.
    var cascade: String? = nil

    var testDescription: String { name }
}

/// The bad-input gallery (issue 9): each case is a small change to the minimal site and the exact
/// diagnostics it must produce. A clean build runs first; after the bad build the previous output
/// must be byte for byte unchanged and nothing may have been written outside the output folder.
// Serialized: the cases build synchronously, and 61 of them at once would starve the threads the
// preview server's tests need.
@Suite(.serialized) struct BadInputGalleryTests {
    @Test(.timeLimit(.minutes(1)), arguments: BadInputGallery.cases)
    func badInput(_ input: BadInput) throws {
        let templateChanges = input.changes.keys.filter { $0.hasPrefix("templates/") }
        // A site whose template changes apply to its own copy of the templates.
        var copies: [String: String?] = [:]
        for path in templateChanges {
            copies[path] = try? String(contentsOf: repositoryRoot.appendingPathComponent(path), encoding: .utf8)
        }
        let site = try TempSite.minimal(copies)
        defer { site.remove() }
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("cecsite-outside-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: outside) }

        let clean = site.build()
        try #require(clean.succeeded, "\(site.lines(clean))")
        let before = try Self.snapshot(site.output)

        try site.apply(input.changes)
        if !input.links.isEmpty {
            try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
            try Data("---\ntitle: \"Secret\"\n---\nSecret text.\n".utf8).write(to: outside.appendingPathComponent("secret.en.md"))
            try Data("units: []\n".utf8).write(to: outside.appendingPathComponent("secret.yaml"))
            for (path, target) in input.links {
                let destination = target == "OUTSIDE" ? outside.path
                    : target.hasPrefix("OUTSIDE/") ? outside.appendingPathComponent(String(target.dropFirst(8))).path : target
                let url = site.root.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: destination)
            }
        }
        let inputs = try Self.snapshot(site.root.path, skipping: "public")
        let outsideBefore = try Self.snapshot(outside.path)

        let report = site.build()
        let lines = site.lines(report).map { $0.replacingOccurrences(of: outside.path, with: "OUTSIDE") }
        if ProcessInfo.processInfo.environment["GALLERY_PRINT"] != nil {
            print("GALLERY \(input.name): \(lines)")
        }
        #expect(lines == input.expected, "\(input.cascade.map { "(expected lines hold a cascade: \($0))" } ?? "")")
        #expect(report.succeeded == input.builds)
        #expect(try Self.snapshot(site.root.path, skipping: "public") == inputs, "nothing is written beside the output folder")
        #expect(try Self.snapshot(outside.path) == outsideBefore, "nothing is written outside the site")
        if input.builds {
            let after = try Self.snapshot(site.output)
            for (path, text) in input.contains {
                #expect(site.read(path).contains(text), "\(path) holds \(text)")
            }
            for text in input.never {
                let markup = after.filter { ["html", "xml", "svg"].contains(($0.key as NSString).pathExtension) }
                let holders = markup.filter { String(decoding: $0.value, as: UTF8.self).contains(text) }.keys.sorted()
                #expect(holders.isEmpty, "\(text) in \(holders)")
            }
        } else {
            #expect(try Self.snapshot(site.output) == before, "a failed build leaves the output folder as it was")
        }
    }

    @Test func galleryHasAtLeastFortyDistinctCases() {
        #expect(BadInputGallery.cases.count >= 40)
        #expect(Set(BadInputGallery.cases.map(\.name)).count == BadInputGallery.cases.count)
    }

    /// Every regular file below `directory` (path relative to it → bytes); symbolic links are
    /// recorded by their target, not followed.
    static func snapshot(_ directory: String, skipping: String? = nil) throws -> [String: Data] {
        let fm = FileManager.default
        guard fm.fileExists(atPath: directory) else { return [:] }
        var files: [String: Data] = [:]
        for name in (fm.enumerator(atPath: directory)?.allObjects as? [String]) ?? [] {
            if let skipping, name == skipping || name.hasPrefix(skipping + "/") { continue }
            // The record of incremental builds and the spare site live beside the output by design.
            if let skipping, [".cecsite-cache", ".spare"].contains(where: { name == "." + skipping + $0 || name.hasPrefix("." + skipping + $0 + "/") }) {
                continue
            }
            let path = (directory as NSString).appendingPathComponent(name)
            let attributes = try fm.attributesOfItem(atPath: path)
            switch attributes[.type] as? FileAttributeType {
            case .typeSymbolicLink?: files[name] = Data(try fm.destinationOfSymbolicLink(atPath: path).utf8)
            case .typeRegular?: files[name] = fm.contents(atPath: path) ?? Data()
            default: files[name + "/"] = Data()
            }
        }
        return files
    }
}

/// The cases of the gallery, grouped by the kind of input.
enum BadInputGallery {
    static let pillar = "content/plan/pillars/1-capacity.yaml"
    static let units = "content/plan/units.yaml"
    static let about = "content/pages/about.en.md"
    static let news = "content/news/first.en.md"
    static let site = "content/site.yaml"
    static let events = "content/calendar/events.yaml"
    static let table = "content/statistics/gender/leaders.yaml"
    static let recordsMeta = "content/statistics/records/members.yaml"
    static let recordsCSV = "content/statistics/records/members.csv"

    static func text(_ s: String) -> Data { Data(s.utf8) }

    /// The warning of every build of the minimal site, which has no base URL.
    static let noBaseURL = "content/site.yaml: warning: No base_url: sitemap.xml and the Atom feeds need absolute addresses, so they were not written, and pages have no og:url; set base_url in site.yaml (e.g. https://example.org) or pass --base-url"

    static func replacing(_ path: String, _ pairs: (String, String)...) -> Data {
        var text = Minimal.files[path] ?? ""
        for (old, new) in pairs { text = text.replacingOccurrences(of: old, with: new) }
        return Data(text.utf8)
    }

    static func page(_ body: String, title: String = "\"About the plan\"") -> Data {
        text("---\ntitle: \(title)\nsection: plan\n---\n\(body)\n")
    }

    static func csv(_ rows: String) -> [String: Data?] {
        [recordsMeta: text(RecordsTests.meta), recordsCSV: text("election,level,commission_id,region,position,gender\n" + rows)]
    }

    static func utf16(_ s: String, bigEndian: Bool) -> Data {
        var bytes: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
        for unit in s.utf16 {
            let pair = [UInt8(unit & 0xFF), UInt8(unit >> 8)]
            bytes += bigEndian ? pair.reversed() : pair
        }
        return Data(bytes)
    }

    static var cases: [BadInput] { yaml + encodings + bounds + markdown + markup + paths + links + dates + records + templates }

    // MARK: YAML: syntax, types, keys, front matter

    static let yaml: [BadInput] = [
        BadInput(name: "malformed-yaml", changes: [units: text("units:\n  - slug: [a\n    name: x\n")], expected: ["content/plan/units.yaml:3:9: error: Malformed YAML: did not find expected ',' or ']' (while parsing a flow sequence); fix the syntax at this place"]),
        BadInput(name: "tab-indentation", changes: [units: text("units:\n\t- slug: a\n")], expected: ["content/plan/units.yaml:2:1: error: Malformed YAML: found character that cannot start any token (while scanning for the next token); fix the syntax at this place"]),
        BadInput(name: "undefined-alias", changes: [units: text("units: *nobody\n")], expected: ["content/plan/units.yaml:1:8: error: Malformed YAML: found undefined alias; fix the syntax at this place"]),
        BadInput(name: "empty-file", changes: [site: text("")], expected: ["content/site.yaml:1:1: error: The file is empty; it must hold a YAML mapping"]),
        BadInput(name: "top-level-list", changes: [site: text("- title\n- description\n")], expected: ["content/site.yaml:1:1: error: Expected the site configuration as a mapping of 'key: value' lines, found a list"]),
        BadInput(name: "text-as-list", changes: [pillar: replacing(pillar, ("title: {en: \"Institutional Capacity\"}", "title: [Institutional, Capacity]"))], expected: ["content/pages/about.en.md:7:14: error: Broken internal link '/plan/goals/1-1/': no page has this address", "content/plan/pillars/1-capacity.yaml:3:8: error: Expected 'title' (the pillar's title) as a text per language like {uk: \"…\", en: \"…\"}, found a list", "content/plan/units.yaml:2:11: warning: Unit 'office-of-informatization' is not responsible for any result; remove it or reference it", "content/plan/units.yaml:4:11: warning: Unit 'department-of-human-resources' is not responsible for any result; remove it or reference it"],
                 cascade: "one error (the title); the pillar is dropped, so the broken link to its goal and the two unreferenced units follow from it"),
        BadInput(name: "number-as-word", changes: ["content/plan/plan.yaml": text("title: {uk: \"План\", en: \"Plan\"}\nstart_year: twenty twenty\nend_year: 2025\n")], expected: ["content/plan/plan.yaml:2:13: error: Expected a whole number for 'start_year', found 'twenty twenty'"]),
        BadInput(name: "list-as-mapping", changes: [units: text("units: {slug: a, name: {en: A}}\n")], expected: ["content/plan/units.yaml:1:8: error: Expected 'units' as a list ('- item' lines or [a, b]), found a mapping"]),
        BadInput(name: "boolean-as-word", changes: [about: page("Text.").replacing("section: plan", "section: plan\ndraft: maybe")], expected: ["content/pages/about.en.md:4:8: error: Expected true or false for 'draft', found 'maybe'"]),
        BadInput(name: "duplicate-key", changes: [pillar: replacing(pillar, ("slug: capacity", "slug: capacity\nslug: other"))], expected: ["content/pages/about.en.md:7:14: error: Broken internal link '/plan/goals/1-1/': no page has this address", "content/plan/pillars/1-capacity.yaml:3:1: error: Duplicate key 'slug'; keep one of the two values", "content/plan/units.yaml:2:11: warning: Unit 'office-of-informatization' is not responsible for any result; remove it or reference it", "content/plan/units.yaml:4:11: warning: Unit 'department-of-human-resources' is not responsible for any result; remove it or reference it"],
                 cascade: "one error (the duplicate key); the pillar is dropped, so the broken link to its goal and the two unreferenced units follow from it"),
        BadInput(name: "duplicate-key-in-front-matter", changes: [about: page("Text.").replacing("section: plan", "section: plan\nsection: news")], expected: ["content/pages/about.en.md:4:1: error: Duplicate key 'section'; keep one of the two values"]),
        BadInput(name: "unknown-key", changes: [site: text("title: {uk: \"Т\", en: \"T\"}\ntitel: x\n")], expected: ["content/site.yaml:2:1: error: Unknown key 'titel' in the site configuration (keys: title, description, base_url, open_data); did you mean 'title'?"]),
        BadInput(name: "unterminated-front-matter", changes: [about: text("---\ntitle: \"About\"\nsection: plan\nBody without a closing fence\n")], expected: ["content/pages/about.en.md:1:1: error: Unterminated front matter: no closing '---' line; add one after the last field"]),
        BadInput(name: "missing-front-matter", changes: [about: text("Just text.\n")], expected: ["content/pages/about.en.md:1:1: error: Missing front matter; start the file with a '---' line, the title and other fields, then '---'"]),
        BadInput(name: "front-matter-not-a-mapping", changes: [about: text("---\n- title\n---\nText.\n")], expected: ["content/pages/about.en.md:2:1: error: Expected the front matter as a mapping of 'key: value' lines, found a list"]),
    ]

    // MARK: Encodings and bytes

    static let encodings: [BadInput] = [
        BadInput(name: "windows-1251-yaml", changes: [units: Data("units:\n  - slug: a\n    name: {uk: \"".utf8) + Data([0xCC, 0xE5, 0xF2, 0xE0]) + Data("\"}\n".utf8)], expected: ["content/plan/units.yaml:1:1: error: The file is not valid UTF-8 (perhaps Windows-1251); save it as UTF-8"]),
        BadInput(name: "utf-16-le", changes: [site: utf16(Minimal.files[site]!, bigEndian: false)], expected: ["content/site.yaml:1:1: error: The file is UTF-16; save it as UTF-8"]),
        BadInput(name: "utf-16-be", changes: [about: utf16(Minimal.files[about]!, bigEndian: true)], expected: ["content/pages/about.en.md:1:1: error: The file is UTF-16; save it as UTF-8"]),
        BadInput(name: "utf-16-without-bom", changes: [site: utf16(Minimal.files[site]!, bigEndian: false).dropFirst(2)], expected: ["content/site.yaml:1:1: error: The file looks like UTF-16 without a byte-order mark; save it as UTF-8"]),
        BadInput(name: "nul-byte-in-markdown", changes: [news: text("---\ntitle: \"First\"\ndate: 2020-09-05\n---\nBody\u{0} text.\n")], expected: ["content/news/first.en.md:5:5: error: The file holds a NUL byte; remove it or save the file as UTF-8 text"]),
        BadInput(name: "nul-byte-in-yaml", changes: [units: text("units:\n  - slug: a\u{0}b\n")], expected: ["content/plan/units.yaml:2:12: error: The file holds a NUL byte; remove it or save the file as UTF-8 text"]),
        BadInput(name: "utf-8-byte-order-mark", changes: [site: Data([0xEF, 0xBB, 0xBF]) + text(Minimal.files[site]!)], expected: [noBaseURL], builds: true),
    ]

    // MARK: Bounds: size, nesting, alias expansion

    static let bounds: [BadInput] = [
        BadInput(name: "huge-file", changes: [about: text("---\ntitle: \"Big\"\nsection: plan\n---\n" + String(repeating: "Words and more words. ", count: 200_000))], expected: ["content/pages/about.en.md: error: The file is 4400035 bytes, over the limit of 2097152 bytes (2 MiB) for a content or template file; split it into smaller files"]),
        BadInput(name: "deeply-nested-flow", changes: [units: text("units: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "\n")], expected: ["content/plan/units.yaml:1:9: error: The YAML is nested more than 1000 levels deep (lists and mappings inside each other); flatten it"]),
        BadInput(name: "deeply-nested-blocks", changes: [units: text((0..<2000).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n") + " x\n")], expected: ["content/plan/units.yaml:1000:1000: error: The YAML is nested more than 1000 levels deep (lists and mappings inside each other); flatten it"]),
        BadInput(name: "billion-laughs", changes: [units: text("""
            a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]
            b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]
            c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]
            d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]
            e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]
            f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]
            g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]
            h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g,*g]
            i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h,*h]
            units: *i
            """)], expected: ["content/plan/units.yaml:5:1: error: The YAML expands to more than 100000 values through its aliases ('*name'); write the values out instead of repeating aliases"]),
        BadInput(name: "alias-bomb-in-front-matter", changes: [about: text("""
            ---
            a: &a [x, x, x, x, x, x, x, x, x, x]
            b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
            c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
            d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
            e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
            f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
            tags: *f
            title: "About"
            ---
            Text.
            """)], expected: ["content/pages/about.en.md:6:1: error: The YAML expands to more than 100000 values through its aliases ('*name'); write the values out instead of repeating aliases"]),
    ]

    // MARK: Markdown: raw HTML and unsafe links

    static let markdown: [BadInput] = [
        BadInput(name: "raw-script-in-markdown", changes: [about: page("Text.\n\n<script>alert(1)</script>\n\nMore <img src=x onerror=alert(2)> text.")],
                 expected: ["content/pages/about.en.md:7:1: warning: Raw HTML '<script>alert(1)</script>' is dropped from the page (raw HTML is off: scripts, styles, frames, embedded objects and forms are never published); remove it",
                            "content/pages/about.en.md:9:6: warning: Raw HTML '<img src=x onerror=alert(2)>' is dropped from the page (raw HTML is off); in Markdown, write ![what the picture shows](/assets/picture.png)",
                            noBaseURL],
                 builds: true, contains: ["en/plan/about/index.html": "<!-- raw HTML omitted -->"],
                 never: ["alert(1)", "onerror=alert(2)"]),
        BadInput(name: "javascript-link", changes: [about: page("A [link](javascript:alert(1)).")], expected: ["content/pages/about.en.md:5:3: error: Unsafe link 'javascript:alert(1)'; scripts and data URLs are not allowed in content"]),
        BadInput(name: "javascript-link-mixed-case", changes: [about: page("A [link](JaVaScRiPt:alert(1)).")], expected: ["content/pages/about.en.md:5:3: error: Unsafe link 'JaVaScRiPt:alert(1)'; scripts and data URLs are not allowed in content"]),
        BadInput(name: "data-link", changes: [about: page("A [link](data:text/html;base64,PHNjcmlwdD4=).")], expected: ["content/pages/about.en.md:5:3: error: Unsafe link 'data:text/html;base64,PHNjcmlwdD4='; scripts and data URLs are not allowed in content"]),
        BadInput(name: "vbscript-autolink", changes: [about: page("An autolink <vbscript:msgbox(1)>.")], expected: ["content/pages/about.en.md:5:13: error: Unsafe link 'vbscript:msgbox(1)'; scripts and data URLs are not allowed in content"]),
        BadInput(name: "javascript-image", changes: [about: page("An ![image](javascript:alert(1)).")], expected: ["content/pages/about.en.md:5:4: error: Unsafe link 'javascript:alert(1)'; scripts and data URLs are not allowed in content"]),
        // MarkdownDocument.maxNesting: 100 levels. The 101st block quote is refused where it
        // starts, and so is the 51st list of 100,000 nested on one line (200 KB; list and item
        // are a level each); 99 quotes around a paragraph (100 levels) build.
        BadInput(name: "markdown-nested-too-deep", changes: [about: page(String(repeating: ">", count: 101) + " Deep.")],
                 expected: ["content/pages/about.en.md:5:101: error: Markdown nested 101 levels deep (lists, quotes or emphasis inside one another), over the limit of 100; nest less, e.g. split the list or use headings"]),
        BadInput(name: "markdown-nested-list-bomb", changes: [about: page(String(repeating: "- ", count: 100_000) + "x")],
                 expected: ["content/pages/about.en.md:5:101: error: Markdown nested 101 levels deep (lists, quotes or emphasis inside one another), over the limit of 100; nest less, e.g. split the list or use headings"]),
        BadInput(name: "markdown-nested-at-the-limit", changes: [about: page(String(repeating: ">", count: 99) + " Deep.")],
                 expected: [noBaseURL], builds: true, contains: ["en/plan/about/index.html": "<p>Deep.</p>"]),
    ]

    // MARK: Markup and quotes in values (documented safe handling: escaped)

    static let markup: [BadInput] = [
        BadInput(name: "markup-in-title", changes: [about: page("Text.", title: #"'"><img src=x onerror=alert(1)> & </script><script>alert(2)</script>'"#)],
                 expected: [noBaseURL], builds: true, contains: ["en/plan/about/index.html": "&quot;&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &lt;/script&gt;"],
                 never: ["<img src=x", "<script>alert(2)"]),
        BadInput(name: "markup-in-unit-name", changes: [units: replacing(units, ("Office of Informatization", #"Office <b onmouseover=\"alert(1)\">&amp; \"quotes\""#))],
                 expected: [noBaseURL], builds: true, contains: ["en/plan/units/index.html": "Office &lt;b onmouseover=&quot;alert(1)&quot;&gt;&amp;amp; &quot;quotes&quot;"],
                 never: ["<b onmouseover"]),
    ]

    // MARK: Slugs, ids and paths

    static let paths: [BadInput] = [
        BadInput(name: "pillar-slug-parent-directory", changes: [pillar: replacing(pillar, ("slug: capacity", "slug: ../../../outside"))], expected: ["content/plan/pillars/1-capacity.yaml:2:7: error: Slug '../../../outside' is not a plain URL segment; use lowercase ASCII letters, digits and '-' (e.g. 'outside')"]),
        BadInput(name: "unit-slug-absolute-path", changes: [units: replacing(units, ("slug: office-of-informatization", "slug: /etc/passwd")),
                                                            pillar: replacing(pillar, (", office-of-informatization]", ", /etc/passwd]"))], expected: ["content/plan/units.yaml:2:11: error: Unit slug '/etc/passwd' is not a plain URL segment; use lowercase ASCII letters, digits and '-' (e.g. 'etc-passwd')"]),
        BadInput(name: "event-id-parent-directory", changes: [events: text(CalendarTests.calendar.replacingOccurrences(of: "id: process-start", with: "id: ../../../escaped"))], expected: ["content/calendar/events.yaml:5:9: error: Event id '../../../escaped' is not a plain identifier; use lowercase ASCII letters, digits and '-' (e.g. 'escaped')"]),
        BadInput(name: "table-id-reserved-characters", changes: [table: text(StatisticsTests.table.replacingOccurrences(of: "id: leaders", with: "id: \"a?b#c d\""))], expected: ["content/statistics/gender/leaders.yaml:1:5: error: Table id 'a?b#c d' is not a plain identifier; use lowercase ASCII letters, digits and '-' (e.g. 'a-b-c-d')"]),
        BadInput(name: "page-name-not-a-slug", changes: ["content/pages/Про нас.uk.md": page("Text.")], expected: ["content/pages/Про нас.uk.md: error: Slug 'Про нас' is not a plain URL segment; use lowercase ASCII letters, digits and '-' (e.g. 'pro-nas')"]),
        BadInput(name: "include-parent-directory", changes: [about: page("Text.").replacing("section: plan", "section: plan\nincludes: [../../etc/passwd]")], expected: ["content/pages/about.en.md:4:12: error: Unknown include '../../etc/passwd' (known: swot)"]),
    ]

    // MARK: Symbolic links

    static let links: [BadInput] = [
        BadInput(name: "symlinked-page-outside", changes: [:], links: ["content/pages/secret.en.md": "OUTSIDE/secret.en.md"], expected: ["content/pages/secret.en.md: error: Symbolic links are not followed; replace the link with the file itself"]),
        BadInput(name: "symlinked-folder-outside", changes: [:], links: ["content/calendar/more": "OUTSIDE"], expected: ["content/calendar/more: error: Symbolic link to the folder 'OUTSIDE' is not followed; content stays inside the content folder, so replace the link with the folder itself"]),
        BadInput(name: "symlinked-content-folder", changes: [:], links: ["content/faq": "OUTSIDE"], expected: ["content/faq: error: Symbolic link to the folder 'OUTSIDE' is not followed; content stays inside the content folder, so replace the link with the folder itself"]),
        BadInput(name: "symlinked-endless-file", changes: [site: nil], links: [site: "/dev/zero"], expected: ["content/site.yaml: error: Symbolic links are not followed; replace the link with the file itself"]),
    ]

    // MARK: Dates

    static let dates: [BadInput] = [
        BadInput(name: "impossible-day", changes: [pillar: replacing(pillar, ("from: 2020-09-15", "from: 31.02.2021"))], expected: ["content/plan/pillars/1-capacity.yaml:14:19: error: Invalid date '31.02.2021' for 'from'; no such day exists; check the source and write it as YYYY-MM-DD"]),
        BadInput(name: "impossible-month", changes: [news: replacing(news, ("2020-09-05", "2020-13-01"))], expected: ["content/news/first.en.md:3:7: error: Invalid date '2020-13-01' for 'date'; no such day exists; check the source and write it as YYYY-MM-DD"]),
        BadInput(name: "till-before-from", changes: [pillar: replacing(pillar, ("till: 2021-04-01", "till: 2019-04-01"))], expected: ["content/plan/pillars/1-capacity.yaml:15:19: error: 'till' 2019-04-01 is before 'from' 2020-09-15 in result '1.1.1.1'; check the source and swap or correct the dates"]),
        BadInput(name: "event-end-before-start", changes: [events: text(CalendarTests.calendar.replacingOccurrences(of: "end: 2020-10-25T20:00", with: "end: 2020-10-25T07:00"))], expected: ["content/calendar/events.yaml:13:10: error: 'end' 2020-10-25T07:00 is before 'start' 2020-10-25T08:00; swap or correct them"]),
        BadInput(name: "event-impossible-time", changes: [events: text(CalendarTests.calendar.replacingOccurrences(of: "end: 2020-10-25T20:00", with: "end: 2020-10-25T25:61"))], expected: ["content/calendar/events.yaml:13:10: error: Invalid end '2020-10-25T25:61'; write a day as YYYY-MM-DD or a Kyiv time as YYYY-MM-DDTHH:MM, e.g. 2020-10-25T08:00"]),
    ]

    // MARK: CSV records

    static let records: [BadInput] = [
        BadInput(name: "csv-ragged-row", changes: csv("E1,precinct,C-1,Lviv,chair,female\nE1,precinct,C-2,Lviv,member\n"), expected: ["content/statistics/records/members.csv:3:1: error: Row has 5 fields, the header 6; check its commas and quotes"]),
        BadInput(name: "csv-unbalanced-quote", changes: csv("E1,precinct,C-1,\"Lviv,chair,female\nE1,precinct,C-2,Lviv,member,male\n"), expected: ["content/statistics/records/members.csv:2:1: error: Malformed CSV: a quoted field is not closed before the end of the file; add the closing quote", "content/statistics/records/members.csv:2:1: error: Row has 4 fields, the header 6; check its commas and quotes"],
                 cascade: "one error (the unclosed quote); the short row is the same quote read to the end of the file"),
        BadInput(name: "csv-quote-inside-field", changes: csv("E1,precinct,C\"1,Lviv,chair,female\n"), expected: ["content/statistics/records/members.csv:2:14: error: Malformed CSV: a quote inside an unquoted field; quote the whole field and double the quote (\"\")"]),
        BadInput(name: "csv-unknown-codes", changes: csv("E1,precinct,C-1,Lviv,chiar,female\nE1,precinct,C-2,Lviv,member,x\n"), expected: ["content/statistics/records/members.csv:2:5: error: Unknown position 'chiar'; did you mean 'chair'? write one of: chair, deputy_chair, secretary, member", "content/statistics/records/members.csv:3:6: error: Unknown gender code 'x'; write female or male (also f/m, ж/ч), other, or leave it empty when unknown"]),
        BadInput(name: "csv-unknown-column", changes: [recordsMeta: text(RecordsTests.meta), recordsCSV: text("election,level,commission,region,position,gender\nE1,precinct,C-1,Lviv,chair,female\n")], expected: ["content/statistics/records/members.csv:1:1: error: The header lacks the column(s) commission_id; members records need: election, level, commission_id, region, position, gender", "content/statistics/records/members.csv:1:1: error: Unknown column 'commission' for members records; did you mean 'commission_id'? the columns are: election, level, commission_id, region, position, gender"],
                 cascade: "one renamed column gives both lines: the missing commission_id and the unknown commission"),
        BadInput(name: "csv-windows-1251", changes: [recordsMeta: text(RecordsTests.meta),
                                                     recordsCSV: text("election,level,commission_id,region,position,gender\nE1,precinct,C-1,") + Data([0xCB, 0xFC, 0xE2, 0xB3, 0xE2]) + text(",chair,female\n")], expected: ["content/statistics/records/members.csv:2:17: error: Malformed CSV: this field is not valid UTF-8 (perhaps Windows-1251); save the file as UTF-8"]),
        BadInput(name: "csv-nul-byte", changes: [recordsMeta: text(RecordsTests.meta), recordsCSV: text("election,level,commission_id,region,position,gender\nE1,precinct,C-1,Lviv\u{0},chair,female\n")], expected: ["content/statistics/records/members.csv:2:17: error: Malformed CSV: a NUL byte in this field; remove it or save the file as UTF-8 text"]),
    ]

    // MARK: Templates

    static let templates: [BadInput] = [
        BadInput(name: "template-missing-partial", changes: ["templates/units.mustache": text("{{<layout}}{{$main}}{{> partials/missing}}{{/main}}{{/layout}}")], expected: ["templates/units.mustache:1:21: error: Template 'units' uses the missing partial 'partials/missing'"]),
        BadInput(name: "template-undefined-string", changes: ["templates/units.mustache": text("{{<layout}}{{$main}}{{t.no_such_string}}{{/main}}{{/layout}}")], expected: ["templates/units.mustache:1:21: error: Template 'units' uses the undefined interface string 't.no_such_string' Add it to every i18n/<language>.yaml."]),
        BadInput(name: "template-unclosed-section", changes: ["templates/units.mustache": text("{{<layout}}{{$main}}{{#units}}{{name}}{{/main}}{{/layout}}")], expected: ["templates/units.mustache:1:42: error: Template syntax error: a section is closed with another name than it was opened with ({{#a}}…{{/a}}); check the tags on this line: '{{<layout}}{{$main}}{{#units}}{{name}}{{/main}}{{/layout}}'"]),
        BadInput(name: "template-unknown-variable", changes: ["templates/units.mustache": text("{{<layout}}{{$main}}<p>{{no_such_variable}}</p>{{/main}}{{/layout}}")],
                 expected: [noBaseURL], builds: true, contains: ["en/plan/units/index.html": "<p></p>"]),
    ]
}

extension Data {
    /// The bytes with one text replaced (for the front-matter variants of a page).
    func replacing(_ old: String, _ new: String) -> Data {
        Data(String(decoding: self, as: UTF8.self).replacingOccurrences(of: old, with: new).utf8)
    }
}
