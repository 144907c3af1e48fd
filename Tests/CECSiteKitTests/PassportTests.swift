import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteKit

/// The dataset passport of Resolution No. 835: every field on each dataset page, in the DCAT
/// catalog and in the Data Package; "not stated" only where the content gives nothing, and a
/// `--strict` warning for each such field.
@Suite struct PassportTests {
    static let settings = """

        open_data:
          publisher_type: NationalAuthority
          edrpou: "00000000"
          version: 1.2.0
          contact: {name: {uk: "Відділ даних", en: "Data office"}, email: data@example.org}
          legal_basis: {uk: "Закон про тест", en: "Test Act"}
        """

    func site(configured: Bool) throws -> TempSite {
        let metadata = Minimal.datasetMetadata.replacingOccurrences(
            of: "  plan-results:\n", with: "  plan-results:\n    issued: 2020-07-01\n    changed: 2021-03-15\n")
        var files: [String: String?] = ["content/data/datasets.yaml": metadata]
        if configured { files["content/site.yaml"] = Minimal.files["content/site.yaml"]! + Self.settings }
        return try TempSite.minimal(files)
    }

    @Test func everyFieldIsShownWhenTheContentStatesIt() throws {
        let site = try site(configured: true)
        defer { site.remove() }
        #expect(site.build().succeeded)
        let page = site.read("data/plan-results/index.html")
        for expected in [
            "<dt>Ідентифікатор</dt><dd><code>plan-results</code>", "<dt>Мова даних</dt><dd><span>українська, англійська</span>",
            "<dt>Дата першого оприлюднення</dt><dd><time datetime=\"2020-07-01\">",
            "<dt>Дата внесення останніх змін</dt><dd><time datetime=\"2021-03-15\">",
            "<dt>Дата актуальності</dt><dd><time datetime=\"2021-03-15\">", "<dt>Формати</dt><dd><span>CSV, JSON, XLSX, CSV (Excel)</span>",
            "<dt>Код ЄДРПОУ розпорядника</dt><dd><code>00000000</code>", "<dt>Версія</dt><dd><code>1.2.0</code>",
            "<span>Відділ даних</span> <a href=\"mailto:data@example.org\">", "<span>Закон про тест</span>",
        ] {
            #expect(page.contains(expected), "\(expected)")
        }
        #expect(!page.contains("розпорядник не зазначив"), "nothing unstated")
        let package = String(decoding: try Data(contentsOf: URL(fileURLWithPath: site.output + "/data/datapackage.json")), as: UTF8.self)
        for expected in [
            "\"version\": \"1.2.0\"", "\"edrpou\": \"00000000\"", "\"legalBasis_en\": \"Test Act\"", "\"issued\": \"2020-07-01\"",
            "\"modified\": \"2021-03-15\"", "\"currentAsOf\": \"2021-03-15\"", "\"updateFrequency_en\"", "\"languages\": [",
            "\"responsiblePerson_en\": \"Data office\"",
        ] {
            #expect(package.contains(expected), "datapackage.json: \(expected)")
        }
        let catalog = String(decoding: try Data(contentsOf: URL(fileURLWithPath: site.output + "/data/catalog.jsonld")), as: UTF8.self)
        for expected in [
            "\"dct:identifier\": \"00000000\"", "\"owl:versionInfo\": \"1.2.0\"", "\"dcatap:applicableLegislation\"",
            "\"@type\": \"eli:LegalResource\"", "\"@value\": \"Закон про тест\"", "http://purl.org/adms/publishertype/NationalAuthority",
        ] {
            #expect(catalog.contains(expected), "catalog.jsonld: \(expected)")
        }
        let strict = site.lines(site.build(strict: true))
        #expect(!strict.contains { $0.contains("passport") }, "no publisher passport warning when every field is stated: \(strict)")
    }

    @Test func strictBuildWarnsAboutEachUnstatedField() throws {
        let site = try site(configured: false)
        defer { site.remove() }
        let plain = site.build()
        #expect(plain.succeeded)
        #expect(!site.lines(plain).contains { $0.contains("not stated") }, "no passport warning without --strict")
        #expect(site.read("en/data/plan-units/index.html").contains("<dt>Publisher&#39;s EDRPOU code</dt><dd><span>not stated by the publisher</span>"))
        let lines = site.lines(site.build(strict: true))
        for field in ["EDRPOU code of the publisher", "publisher type", "responsible person", "contact e-mail", "legal basis", "version"] {
            #expect(lines.contains { $0.contains("warning: The dataset passport's \(field) is not stated") }, "\(field)")
        }
        #expect(lines.contains { $0.hasPrefix("content/data/datasets.yaml:") && $0.contains("date of last change of dataset 'plan-units' is not stated") })
        #expect(!lines.contains { $0.contains("dataset 'plan-results' is not stated") }, "plan-results states its dates")
    }

    @Test func aChangeBeforeTheFirstPublicationIsALocatedError() throws {
        let metadata = Minimal.datasetMetadata.replacingOccurrences(
            of: "  plan-results:\n", with: "  plan-results:\n    issued: 2021-07-01\n    changed: 2021-03-15\n")
        let site = try TempSite.minimal(["content/data/datasets.yaml": metadata])
        defer { site.remove() }
        let report = site.build()
        #expect(!report.succeeded)
        #expect(
            site.lines(report).contains {
                $0.hasPrefix("content/data/datasets.yaml:")
                    && $0.hasSuffix("error: The dataset changed on 2021-03-15, before it was first published (issued: 2021-07-01); correct either date")
            }, "\(site.lines(report))")
    }
}
