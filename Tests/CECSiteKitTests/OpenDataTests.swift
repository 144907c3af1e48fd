import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteFormats
@testable import CECSiteKit
@testable import CECSiteMarkdown
@testable import CECSiteTemplates

/// Open data: the file formats, the Data Package, DCAT, the catalog pages, the metadata checks
/// and `cecsite data`. (Tests/data/check_data.py judges the shipped site with frictionless,
/// openpyxl and rdflib in `make test`.)
@Suite struct OpenDataTests {
    static let metadata = Minimal.datasetMetadata
    static let ids = [
        "plan-pillars", "plan-goals", "plan-actions", "plan-results", "plan-units", "plan-result-units",
        "plan-results-flat", "calendar-events", "datasets",
    ]
    let pillar = "content/plan/pillars/1-capacity.yaml"

    /// The minimal site with the shipped dataset metadata, and `changes`.
    func site(_ changes: [String: String?] = [:]) throws -> TempSite {
        var files: [String: String?] = ["content/data/datasets.yaml": Self.metadata]
        for (path, text) in changes { files[path] = text }
        return try TempSite.minimal(files)
    }

    func data(_ site: TempSite, _ name: String, in output: String? = nil) -> Data {
        (try? Data(contentsOf: URL(fileURLWithPath: output ?? site.output).appendingPathComponent("data/" + name))) ?? Data()
    }

    // MARK: Formats

    @Test func sha256MatchesTheStandardVectors() {
        #expect(SHA256.hex(Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256.hex(Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex(Data(repeating: 0x61, count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        // FIPS 180-2's two-block vector (896 bits), and a slice of a larger buffer (`bc` of `abcd`).
        #expect(
            SHA256.hex(
                Data(
                    ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                        + "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu").utf8))
                == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
        #expect(SHA256.hex(Data("abcd".utf8)[1..<3]) == "1e0bbd6c686ba050b8eb03ffeedc64fdc9d80947fce821abbe5d6dc8d252c5ac")
    }

    @Test func csvQuotesOnlyWhatItMustAndEndsLinesWithCRLF() {
        #expect(DataFiles.field("plain") == "plain")
        #expect(DataFiles.field("a,b") == "\"a,b\"")
        #expect(DataFiles.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(DataFiles.field("two\nlines") == "\"two\nlines\"")
        #expect(DataFiles.field(" padded") == "\" padded\"")
        #expect(DataFiles.field("Кирилиця") == "Кирилиця")
        let dataset = Dataset(
            id: "t", fields: [DataField("a_id", .string), DataField("n", .integer), DataField("d", .date)],
            primaryKey: ["a_id"], foreignKeys: [],
            rows: [[.text("x,y"), .integer(3), .date(Day(iso: "2020-06-15"))], [.text(""), .missing, .missing]],
            origins: [],
            metadata: DatasetMetadata(
                id: Located("t", at: SourceLocation(file: "f")), title: LocalizedText([.en: "T"]),
                description: LocalizedText([.en: "D"]), keywords: [:], themes: [],
                frequency: .yearly, fields: [:]),
            temporal: nil, sources: [])
        #expect(DataFiles.csv(dataset) == "a_id,n,d\r\n\"x,y\",3,2020-06-15\r\n,,\r\n")
        #expect(
            DataFiles.json(dataset).serialized(pretty: false)
                == #"[{"a_id":"x,y","n":3,"d":"2020-06-15"},{"a_id":null,"n":null,"d":null}]"#)
    }

    @Test func jsonEscapesControlsAndIsSafeInsideScript() {
        let value = JSONValue.object([("k", .string("</script>\u{1}\"\\\n&"))])
        #expect(value.serialized(pretty: false) == #"{"k":"</script>\u0001\"\\\n&"}"#)
        #expect(value.serialized(pretty: false, scriptSafe: true) == #"{"k":"\u003c/script\u003e\u0001\"\\\n\u0026"}"#)
        #expect(JSONValue.array([]).serialized() == "[]\n")
        // Line and paragraph separators end a line in a script; text around escapes is kept whole.
        #expect(
            JSONValue.string("а\u{2028}б\u{2029}в\rг\tґ\u{1F}д\u{2027}е").serialized(pretty: false)
                == #""а\u2028б\u2029в\rг\tґ\u001fд‧е""#)
        #expect(JSONValue.string("\"\"").serialized(pretty: false) == #""\"\"""#)
    }

    @Test func xlsxIsADeflatedZipWhoseEntriesCheckOut() throws {
        #expect(XLSXWriter.column(0) == "A")
        #expect(XLSXWriter.column(25) == "Z")
        #expect(XLSXWriter.column(26) == "AA")
        #expect(XLSXWriter.column(702) == "AAA")
        #expect(XML.escape("a<b&\"c\u{1}") == "a&lt;b&amp;&quot;c")
        // XML 1.0 has no U+FFFE or U+FFFF: dropped, as every XML writer of the site drops them.
        #expect(XML.escape("a\u{FFFE}b\u{FFFF}c\u{FFFD}") == "abc\u{FFFD}")
        #expect(XML.escape("https://example.org/plan/") == "https://example.org/plan/")
        #expect(CRC32.checksum(Data("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum(Data()) == 0)

        let book = try XLSXWriter.workbook(sheets: [("data", [[.text("id")], [.text("=1+1")], [.number("2")]])])
        let entries = try unzip(book)
        #expect(entries.count == 6)
        #expect(entries.first?.name == "[Content_Types].xml")
        #expect(entries.contains { $0.method == 8 }, "the larger parts are deflated")
        let sheet = String(decoding: entries.first { $0.name == "xl/worksheets/sheet1.xml" }?.data ?? Data(), as: UTF8.self)
        // A value that looks like a formula stays text: an inline string, never <f>.
        #expect(sheet.contains("<c r=\"A2\" t=\"inlineStr\"><is><t>=1+1</t></is></c>"))
        #expect(sheet.contains("<c r=\"A3\"><v>2</v></c>"))
        #expect(!sheet.contains("<f>"))
        #expect(try XLSXWriter.workbook(sheets: [("data", [[.text("id")]])]) == XLSXWriter.workbook(sheets: [("data", [[.text("id")]])]))
    }

    @Test func xlsxDeflateShrinksTheWorkbookAndKeepsItsBytesFromRunToRun() throws {
        let rows: [[XLSXWriter.Cell]] =
            [[.text("id"), .text("name"), .text("count")]]
            + (0..<2_000).map { [.text("row-\($0)"), .text("Центральна виборча комісія \($0 % 7)"), .number(String($0))] }
        let book = try XLSXWriter.workbook(sheets: [("data", rows)])
        let entries = try unzip(book)
        let stored = entries.reduce(0) { $0 + $1.data.count }
        #expect(book.count * 5 < stored, "\(book.count) bytes deflated against \(stored) stored")
        let sheet = entries.first { $0.name == "xl/worksheets/sheet1.xml" }?.data ?? Data()
        #expect(String(decoding: sheet, as: UTF8.self).contains("<t>row-1999</t>"))
        #expect(try XLSXWriter.workbook(sheets: [("data", rows)]) == book)
        // No compression at all: an empty entry stores, and reads back empty.
        var zip = ZIPArchive()
        try zip.add("empty", Data())
        #expect(try unzip(zip.data()) == [ZIPEntry(name: "empty", method: 0, data: Data())])
    }

    @Test func aWorkbookPastTheZIPLimitIsAnErrorNotATrap() throws {
        let rows: [[XLSXWriter.Cell]] = (0..<500).map { [.text("строка \($0)"), .number(String($0 * 7919 % 10007))] }
        #expect(throws: ZIPArchive.Failure.self) { try XLSXWriter.workbook(sheets: [("data", rows)], limit: 1_000) }
        var zip = ZIPArchive(limit: 200)
        #expect(throws: ZIPArchive.Failure.tooLarge(entry: "big", limit: 200)) { try zip.add("big", Data(count: 201)) }
        try zip.add("small", Data(count: 10))
        #expect(try unzip(zip.data()).map(\.name) == ["small"], "a refused entry leaves the archive as it was")
    }

    // MARK: The build

    @Test func buildPublishesEveryDatasetDescribedByItsPackage() throws {
        let site = try site()
        defer { site.remove() }
        let report = site.build()
        #expect(report.succeeded, "\(site.lines(report))")
        #expect(
            String(decoding: data(site, "plan-results.csv"), as: UTF8.self) == """
                result_id,action_id,title_uk,title_en,from_date,till_date,progress_state,progress_date,progress_note_uk,progress_note_en\r
                1.1.1.1,1.1.1,,Conducted comprehensive HR assessment,2020-09-15,2021-04-01,,,,\r
                1.1.2.1,1.1.2,,Conducting staff surveys,2021-06-01,2025-06-01,,,,\r

                """)
        #expect(
            String(decoding: data(site, "plan-result-units.csv"), as: UTF8.self) == """
                result_id,unit_id,position\r
                1.1.1.1,department-of-human-resources,1\r
                1.1.1.1,office-of-informatization,2\r
                1.1.2.1,department-of-human-resources,1\r

                """)
        let package = try #require(try JSONSerialization.jsonObject(with: data(site, "datapackage.json")) as? [String: Any])
        #expect(package["profile"] as? String == "tabular-data-package")
        #expect((package["licenses"] as? [[String: Any]])?.first?["name"] as? String == "CC-BY-4.0")
        // No dataset states its dates (and the fixture is not in git): no date, never the build's.
        #expect(package["created"] == nil)
        let resources = try #require(package["resources"] as? [[String: Any]])
        #expect(resources.map { $0["name"] as? String ?? "" } == Self.ids)
        for resource in resources {
            let id = resource["name"] as? String ?? ""
            var files = [resource] + (resource["alternates"] as? [[String: Any]] ?? [])
            files = files.filter { $0["path"] != nil }
            #expect(files.map { $0["path"] as? String ?? "" } == ["\(id).csv", "\(id).json", "\(id).xlsx", "\(id).excel.csv"])
            for file in files {
                let bytes = data(site, file["path"] as? String ?? "")
                #expect(!bytes.isEmpty)
                #expect(file["bytes"] as? Int == bytes.count, "bytes of \(file["path"] ?? "")")
                #expect(file["hash"] as? String == "sha256:" + SHA256.hex(bytes), "hash of \(file["path"] ?? "")")
            }
            for prefix in ["", "en/", "low-vision/", "en/low-vision/"] {
                #expect(site.read("\(prefix)data/\(id)/index.html").contains("href=\"/data/\(id).xlsx\""), "\(prefix)data/\(id)/")
            }
        }
        let schema = try #require(resources[5]["schema"] as? [String: Any])
        #expect(schema["primaryKey"] as? [String] == ["result_id", "unit_id"])
        let keys = try #require(schema["foreignKeys"] as? [[String: Any]])
        #expect(keys.map { ($0["reference"] as? [String: Any])?["resource"] as? String } == ["plan-results", "plan-units"])
        let catalog = String(decoding: data(site, "catalog.jsonld"), as: UTF8.self)
        for id in Self.ids { #expect(catalog.contains("\"dct:identifier\": \"\(id)\"")) }
        #expect(site.read("index.html").contains("<a href=\"/data/\">Відкриті дані</a>"))
        #expect(site.read("en/data/index.html").contains("<title>Open data — Test site</title>"))
    }

    @Test func eachCSVAndItsJSONTwinHoldTheSameRecords() throws {
        let site = try site()
        defer { site.remove() }
        #expect(site.build().succeeded)
        for id in Self.ids {
            let rows = parseCSV(String(decoding: data(site, "\(id).csv"), as: UTF8.self))
            let json = try #require(try JSONSerialization.jsonObject(with: data(site, "\(id).json")) as? [[String: Any]])
            #expect(json.count == rows.count - 1, "\(id): \(json.count) JSON records for \(rows.count - 1) CSV rows")
            for (record, row) in zip(json, rows.dropFirst()) {
                for (name, cell) in zip(rows[0], row) {
                    let text: String
                    switch record[name] {
                    case let s as String: text = s
                    case let n as NSNumber: text = cell == "true" || cell == "false" ? (n.boolValue ? "true" : "false") : n.stringValue
                    default: text = ""
                    }
                    #expect(text == cell, "\(id).\(name): JSON \(text) vs CSV \(cell)")
                }
            }
        }
    }

    /// RFC 4180, for reading the files back.
    func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < chars.count, chars[i + 1] == "\"" { field.append("\""); i += 1 } else { quoted = false }
                } else {
                    field.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                row.append(field); field = ""
            } else if c == "\r\n" || c == "\n" {
                row.append(field); rows.append(row); row = []; field = ""
            } else {
                field.append(c)
            }
            i += 1
        }
        return rows
    }

    // MARK: cecsite data

    @Test func changingAResultDateReachesTheFilesAndTheHash() throws {
        let site = try site()
        defer { site.remove() }
        #expect(site.build().succeeded)
        let goalPage = "plan/goals/1-1/index.html"
        let before = (
            site.read(goalPage), data(site, "plan-results.csv"), data(site, "plan-results.json"),
            data(site, "plan-results-flat.csv"), data(site, "plan-results-flat.json"), data(site, "plan-units.csv"),
            String(decoding: data(site, "datapackage.json"), as: UTF8.self)
        )
        let changed = Minimal.files[pillar]!.replacingOccurrences(of: "till: 2021-04-01", with: "till: 2021-05-01")
        try Data(changed.utf8).write(to: site.root.appendingPathComponent(pillar))

        let report = CECSiteKit.buildData(
            BuildOptions(
                content: site.content, templates: site.templates, output: site.output,
                date: Day(iso: "2021-01-15")))
        #expect(report.succeeded, "\(site.lines(report))")
        #expect(data(site, "plan-results.csv") != before.1)
        #expect(
            String(decoding: data(site, "plan-results.csv"), as: UTF8.self).contains(
                "1.1.1.1,1.1.1,,Conducted comprehensive HR assessment,2020-09-15,2021-05-01,,,,\r\n"))
        #expect(data(site, "plan-results.json") != before.2)
        #expect(data(site, "plan-results-flat.csv") != before.3)
        #expect(data(site, "plan-results-flat.json") != before.4)
        #expect(data(site, "plan-units.csv") == before.5)
        let package = String(decoding: data(site, "datapackage.json"), as: UTF8.self)
        #expect(package != before.6)
        #expect(package.contains("\"hash\": \"sha256:\(SHA256.hex(data(site, "plan-results.csv")))\""))
        #expect(!package.contains("\"hash\": \"sha256:\(SHA256.hex(before.1))\""))
        // The goal page shows the date too: `cecsite data` updates it, as `cecsite build` would.
        #expect(site.read(goalPage) != before.0)
        #expect(site.read(goalPage).contains("<time datetime=\"2021-05-01\">"))
        let files = report.changed ?? []
        for file in ["data/plan-results.csv", "data/datapackage.json", goalPage, "en/low-vision/" + goalPage] {
            #expect(files.contains(file), "\(file)")
        }
        #expect(!files.contains("data/plan-units.csv"))
    }

    @Test func dataCommandWritesWhatTheFullBuildWrites() throws {
        let site = try site()
        defer { site.remove() }
        #expect(site.build().succeeded)
        let full = OutputWriter.existingFiles(in: site.output)
        let copy = site.root.appendingPathComponent("copy").path
        try FileManager.default.copyItem(atPath: site.output, toPath: copy)
        try FileManager.default.removeItem(atPath: copy + "/data/plan-goals.csv")
        let report = CECSiteKit.buildData(
            BuildOptions(
                content: site.content, templates: site.templates, output: copy,
                date: Day(iso: "2021-01-15")))
        #expect(report.succeeded)
        #expect(report.changed == ["data/plan-goals.csv"])
        #expect(report.removed == [])
        #expect(OutputWriter.existingFiles(in: copy) == full)
        for path in full {
            #expect(FileManager.default.contents(atPath: copy + "/" + path) == FileManager.default.contents(atPath: site.output + "/" + path), "\(path)")
        }
    }

    @Test func dataCommandNeedsABuiltSiteAndMetadata() throws {
        let site = try site()
        defer { site.remove() }
        let report = CECSiteKit.buildData(BuildOptions(content: site.content, templates: site.templates, output: site.output))
        #expect(!report.succeeded)
        #expect(site.lines(report).first?.contains("No built site in this folder; run `cecsite build` first") == true)
        #expect(!FileManager.default.fileExists(atPath: site.output))

        let bare = try TempSite.minimal()
        defer { bare.remove() }
        #expect(bare.build().succeeded)
        #expect(!FileManager.default.fileExists(atPath: bare.output + "/data"))
        #expect(!bare.read("index.html").contains("/data/"))
        let none = CECSiteKit.buildData(BuildOptions(content: bare.content, templates: bare.templates, output: bare.output))
        #expect(!none.succeeded)
        #expect(
            bare.lines(none) == [
                "content/data/datasets.yaml: error: The site publishes no open data: this file is missing; describe the datasets in it (see docs/OPEN-DATA.md)"
            ])
    }

    // MARK: Metadata and schema checks

    @Test func everyDatasetAndColumnMustBeDescribed() throws {
        var metadata = Self.metadata
        // Drop plan-units, misspell a column of plan-goals, add a dataset that does not exist.
        let start = metadata.range(of: "  plan-units:\n")!, end = metadata.range(of: "  plan-result-units:\n")!
        metadata.removeSubrange(start.lowerBound..<end.lowerBound)
        metadata = metadata.replacingOccurrences(
            of: "      goal_id: {title: {uk: \"Номер цілі\", en: \"Goal number\"}, description: {uk: \"Номер стратегічної цілі",
            with: "      gaol_id: {title: {uk: \"Номер цілі\", en: \"Goal number\"}, description: {uk: \"Номер стратегічної цілі")
        metadata += "  plan-result:\n    title: {en: \"X\"}\n    description: {en: \"Y\"}\n    frequency: yearly\n    fields: {}\n"
        let site = try site(["content/data/datasets.yaml": metadata])
        defer { site.remove() }
        let report = site.build()
        #expect(!report.succeeded)
        let lines = site.lines(report)
        #expect(
            lines.contains(
                "content/data/datasets.yaml: error: Dataset 'plan-units' has no metadata; add 'plan-units:' under 'datasets:' with title, description, frequency and fields (unit_id, name_uk, name_en)"
            ))
        #expect(
            lines.contains {
                $0.hasSuffix(
                    "error: Column 'goal_id' of dataset 'plan-goals' is not described; add 'goal_id: {title: {uk, en}, description: {uk, en}}' under its fields"
                )
            })
        #expect(
            lines.contains {
                $0.hasSuffix(
                    "error: Dataset 'plan-goals' has no column 'gaol_id'; did you mean 'goal_id'? its columns are: goal_id, pillar_id, title_uk, title_en")
            })
        #expect(
            lines.contains {
                $0.contains(":1")
                    && $0.hasSuffix(
                        "error: No dataset 'plan-result' is derived from the content; did you mean 'plan-results'? the datasets are: plan-pillars, plan-goals, plan-actions, plan-results, plan-units, plan-result-units, plan-results-flat, calendar-events, datasets"
                    )
            })
        #expect(!FileManager.default.fileExists(atPath: site.output))
    }

    @Test func badSettingsAreLocatedErrors() throws {
        let metadata = Self.metadata.replacingOccurrences(
            of: "themes: [GOVE]\n    frequency: on-change\n    fields:\n      pillar_id",
            with: "themes: [GOV]\n    frequency: anually\n    fields:\n      pillar_id")
        let config = Minimal.files["content/site.yaml"]! + "\nopen_data:\n  license: CC-BY\n  contact: {email: nobody}\n  nmae: x\n"
        let site = try site(["content/data/datasets.yaml": metadata, "content/site.yaml": config])
        defer { site.remove() }
        let lines = site.lines(site.build())
        #expect(
            lines.contains {
                $0.hasPrefix("content/data/datasets.yaml:14:14: error: Unknown theme 'GOV'; did you mean 'GOVE'? use a code of the EU data-theme vocabulary")
            })
        #expect(
            lines.contains(
                "content/data/datasets.yaml:15:16: error: Unknown frequency 'anually'; write one of: on-change, daily, weekly, monthly, quarterly, half-yearly, yearly, never"
            ))
        #expect(lines.contains { $0.hasPrefix("content/site.yaml:4:12: error: Unknown licence 'CC-BY'; write one of CC-BY-4.0, ") })
        #expect(lines.contains("content/site.yaml:5:20: error: Invalid e-mail address 'nobody'; write it as name@example.org"))
        #expect(
            lines.contains(
                "content/site.yaml:6:3: error: Unknown key 'nmae' in the open-data settings (keys: name, license, publisher, publisher_type, edrpou, contact, legal_basis, version); did you mean 'name'?"
            ))
    }

    @Test func passportShowsConfiguredContactAndLegalBasis() throws {
        let config =
            Minimal.files["content/site.yaml"]! + """

                open_data:
                  contact: {name: {uk: "Відділ відкритих даних", en: "Open data office"}, email: data@example.org}
                  legal_basis: {uk: "Закон про тест", en: "Test Act"}
                """
        let site = try site(["content/site.yaml": config])
        defer { site.remove() }
        #expect(site.build().succeeded)
        let page = site.read("data/plan-goals/index.html")
        #expect(page.contains("<span>Відділ відкритих даних</span> <a href=\"mailto:data@example.org\">data@example.org</a>"))
        #expect(page.contains("<span>Закон про тест</span>"))
        let catalog = String(decoding: data(site, "catalog.jsonld"), as: UTF8.self)
        #expect(catalog.contains("\"@id\": \"mailto:data@example.org\""))
        #expect(catalog.contains("\"cec:legalBasis\""))

        let bare = try self.site()
        defer { bare.remove() }
        #expect(bare.build().succeeded)
        #expect(bare.read("en/data/plan-goals/index.html").contains("<dt>Responsible person</dt><dd><span>not stated by the publisher</span>"))
        #expect(!String(decoding: data(bare, "catalog.jsonld"), as: UTF8.self).contains("cec:legalBasis"))
    }
}
