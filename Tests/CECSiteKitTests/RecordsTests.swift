import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteFormats
@testable import CECSiteKit
@testable import CECSiteMarkdown
@testable import CECSiteTemplates

/// Person-level records: streamed CSV, exact aggregation, located errors, and nothing but the
/// aggregates reaching the site.
@Suite struct RecordsTests {
    static let meta = """
        kind: members
        sample: true
        title: {uk: "Зразок", en: "Sample"}
        description: {en: "Sample members."}
        source: {en: "Test"}
        """
    static let csv =
        "\u{FEFF}election,level,commission_id,region,position,gender\r\n"
        + "E1,precinct,SECRET-1,\"Kyiv, city\",chair,female\r\n"
        + "E1,precinct,SECRET-2,\"Kyiv, city\",member,Ч\r\n"
        + "E1,district,SECRET-3,Lviv,member,\n"
        + "E1,district,SECRET-4,Lviv,member,other\n"
        + "E1,district,\"SECRET-5 \"\"quoted\"\"\nsecond line\",Lviv,member,f\n"

    func temporary(_ name: String, _ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cecsite-csv-\(UUID().uuidString)-\(name)")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test func streamReadsQuotedFieldsAcrossChunkBoundaries() throws {
        let path = try temporary("a.csv", Self.csv)
        defer { try? FileManager.default.removeItem(atPath: path) }
        for chunk in [3, 7, 64, 1 << 16] {
            var records: [CSVStream.Record] = []
            var problems: [String] = []
            CSVStream(path: path, chunkSize: chunk).forEach(problem: { problems.append("\($0):\($1) \($2)") }) { records.append($0) }
            #expect(problems.isEmpty)
            #expect(records.count == 6, "chunk \(chunk)")
            #expect(records.first?.fields.first == "election", "BOM dropped")
            #expect(records[1].fields == ["E1", "precinct", "SECRET-1", "Kyiv, city", "chair", "female"])
            #expect(records[3].fields == ["E1", "district", "SECRET-3", "Lviv", "member", ""])
            #expect(records[5].fields[2] == "SECRET-5 \"quoted\"\nsecond line")
            #expect(records.map(\.line) == [1, 2, 3, 4, 5, 6])
        }
    }

    @Test func electionPagesAreNamedByTransliteration() {
        #expect(Slug.make("Зразкові вибори 2026") == "zrazkovi-vybory-2026")
        #expect(Slug.make("Згурівка") == "zghurivka")
        #expect(Slug.make("Єнакієве") == "yenakiieve")
        #expect(Slug.make("Юрій Знам’янка") == "yurii-znamianka")
        #expect(Slug.make("Local elections, 25 October 2020") == "local-elections-25-october-2020")
    }

    @Test func genderCodes() {
        #expect(RecordGender.code("Female") == .women)
        #expect(RecordGender.code(" ж ") == .women)
        #expect(RecordGender.code("M") == .men)
        #expect(RecordGender.code("чоловік") == .men)
        #expect(RecordGender.code("other") == .other)
        #expect(RecordGender.code("") == .unknown)
        #expect(RecordGender.code("x") == nil)
    }

    @Test func aggregatesAndPublishesOnlyTheKeys() throws {
        let site = try TempSite.minimal([
            "content/statistics/records/members.yaml": Self.meta, "content/statistics/records/members.csv": Self.csv,
        ])
        defer { site.remove() }
        let report = site.build()
        #expect(report.succeeded, "\(site.lines(report))")
        let (content, _, _) = ContentLoader(contentDirectory: site.content, templatesDirectory: site.templates).load()
        let set = try #require(content.records.first)
        #expect(set.records == 5)
        #expect(
            set.groups.map(\.key) == [
                ["E1", "district", "member", "Lviv"], ["E1", "precinct", "chair", "Kyiv, city"], ["E1", "precinct", "member", "Kyiv, city"],
            ])
        #expect(set.groups.map(\.counts) == [[1, 0, 1, 1], [1, 0, 0, 0], [0, 1, 0, 0]])
        #expect(set.totals(election: "E1", by: "position").map(\.value) == ["chair", "member"])
        let list = site.read("statistics/gender/records/members/index.html")
        #expect(list.contains("<strong>Зразкові дані.</strong>"))
        #expect(list.contains("<a href=\"/statistics/gender/records/members/e1/\">E1</a>"))
        let page = site.read("statistics/gender/records/members/e1/index.html")
        #expect(page.contains("<strong>Зразкові дані.</strong>"))
        #expect(
            page.contains(
                "<tr><th scope=\"row\">Член комісії</th><td data-label=\"Жінки\" class=\"num\">1</td><td data-label=\"Чоловіки\" class=\"num\">1</td><td data-label=\"Інша стать\" class=\"num\">1</td><td data-label=\"Стать не зазначено\" class=\"num\">1</td><td data-label=\"Усього\" class=\"num\">4</td><td data-label=\"Частка жінок\" class=\"num\">25,00\u{a0}%</td></tr>"
            ))
        #expect(page.contains("role=\"img\" aria-labelledby=\"chart-members-title chart-members-desc\""))
        // The chart shows every category of the table, "other" and "not stated" included.
        for (key, name) in [("women", "Жінки"), ("men", "Чоловіки"), ("other", "Інша стать"), ("unknown", "Стать не зазначено")] {
            #expect(page.contains("<span class=\"series-label\">\(name)</span>: <span class=\"value-label\">1 (25,00\u{a0}%)</span>"))
            #expect(page.contains("class=\"bar bar-\(key)\""))
        }
        #expect(
            page.contains(
                "Кількість і частка жінок, чоловіків, осіб іншої статі та тих, чию стать не зазначено. Голова: жінки 1 (100,00\u{a0}%), чоловіки 0 (0,00\u{a0}%), інша стать 0 (0,00\u{a0}%), стать не зазначено 0 (0,00\u{a0}%); Член комісії: жінки 1 (25,00\u{a0}%), чоловіки 1 (25,00\u{a0}%), інша стать 1 (25,00\u{a0}%), стать не зазначено 1 (25,00\u{a0}%)"
            ))
        // No column of a record other than the aggregation keys reaches the site.
        for path in OutputWriter.existingFiles(in: site.output) {
            let text = String(decoding: FileManager.default.contents(atPath: site.output + "/" + path) ?? Data(), as: UTF8.self)
            #expect(!text.contains("SECRET"), "\(path) holds a commission id")
        }
    }

    @Test func badRowsAreLocatedAndCapped() throws {
        var csv = "election,level,commission_id,region,position,gender\n"
        csv += "E1,precinct,c1,Lviv,chiar,female\n"  // line 2: unknown position
        csv += "E1,precinct,c1,,member,female\n"  // line 3: empty region
        csv += "E1,precinct,c1,Lviv,member,x\n"  // line 4: unknown gender
        csv += "E1,precinct,c1,Lviv,member\n"  // line 5: too few fields
        csv += String(repeating: "E1,precinct,c1,Lviv,member,x\n", count: 25)
        let site = try TempSite.minimal([
            "content/statistics/records/members.yaml": Self.meta, "content/statistics/records/members.csv": csv,
        ])
        defer { site.remove() }
        let report = site.build()
        #expect(!report.succeeded)
        let lines = site.lines(report)
        let file = "content/statistics/records/members.csv"
        #expect(lines.contains("\(file):2:5: error: Unknown position 'chiar'; did you mean 'chair'? write one of: chair, deputy_chair, secretary, member"))
        #expect(lines.contains("\(file):3:4: error: Empty 'region'; every record needs one"))
        #expect(lines.contains("\(file):4:6: error: Unknown gender code 'x'; write female or male (also f/m, ж/ч), other, or leave it empty when unknown"))
        #expect(lines.contains("\(file):5:1: error: Row has 5 fields, the header 6; check its commas and quotes"))
        #expect(lines.contains("\(file): error: 9 more bad row(s) not listed; fix the ones above and build again"))
        #expect(lines.filter { $0.hasPrefix(file + ":") && $0.dropFirst(file.count + 1).first?.isNumber == true }.count == 20)
    }

    @Test func headerMustNameTheKindsColumns() throws {
        let site = try TempSite.minimal([
            "content/statistics/records/members.yaml": Self.meta,
            "content/statistics/records/members.csv": "election,levle,region,position,gender\nE1,precinct,Lviv,chair,f\n",
        ])
        defer { site.remove() }
        let lines = site.lines(site.build())
        // 'levle' stands for the missing 'level', so only commission_id is reported missing besides.
        #expect(
            lines.contains {
                $0.hasPrefix("content/statistics/records/members.csv:1:2: error: Unknown column 'levle' for members records; did you mean 'level'?")
            })
        #expect(
            lines.contains(
                "content/statistics/records/members.csv:1:1: error: The header lacks the column(s) commission_id; members records need: election, level, commission_id, region, position, gender"
            ))
    }

    @Test func largeFilesAggregateExactly() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cecsite-big-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: url) }
        let path = url.appendingPathComponent("members.csv").path
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.write(Data("election,level,commission_id,region,position,gender\n".utf8))
        let regions = ["A", "B", "C", "D", "E"], positions = ["chair", "deputy_chair", "secretary", "member"]
        let rows = 100_000
        var batch = ""
        for i in 0..<rows {
            batch += "E,precinct,\(i / 12),\(regions[i % 5]),\(positions[i % 4]),\(i % 3 == 0 ? "male" : "female")\n"
            if i % 10_000 == 9_999 { handle.write(Data(batch.utf8)); batch = "" }
        }
        handle.write(Data(batch.utf8))
        try handle.close()
        try Data(Self.meta.utf8).write(to: url.appendingPathComponent("members.yaml"))
        let sink = DiagnosticSink(stage: .load)
        let sets = RecordsLoader(directory: url.path, sink: sink).load()
        #expect(sink.diagnostics.isEmpty)
        let set = try #require(sets.first)
        #expect(set.records == rows)
        #expect(set.groups.count == 20)
        let counts = set.groups.reduce(into: [0, 0, 0, 0]) { sum, group in for i in 0..<4 { sum[i] += group.counts[i] } }
        #expect(counts == [rows - (rows + 2) / 3, (rows + 2) / 3, 0, 0])
    }
}
