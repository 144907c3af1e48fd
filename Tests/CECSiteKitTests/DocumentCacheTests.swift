import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteFormats
@testable import CECSiteKit
@testable import CECSiteMarkdown
@testable import CECSiteTemplates

/// The load cache of incremental builds: documents restored from it are the documents a fresh
/// parse gives, field by field, and files with problems are parsed (and reported) every time.
@Suite struct DocumentCacheTests {
    /// Every field of every front-matter kind, in two languages, with corrections, includes,
    /// headings and links.
    static let files: [String: String?] = [
        "content/pages/full.uk.md": """
        ---
        title: "Повна сторінка"
        section: plan
        order: 3
        description: "Опис."
        summary: "Коротко."
        tags: [план, цілі]
        includes: [swot]
        corrections:
          - field: title
            source: "Повна сторінко"
            reason: {uk: "Помилка в джерелі.", en: "A mistake in the source."}
        ---
        # Заголовок

        Текст із [посиланням](/plan/) і `кодом`.

        ## Другий

        - пункт [зовнішній](https://example.org/)
        """,
        "content/pages/full.en.md": """
        ---
        title: "Full page"
        section: plan
        order: 3
        ---
        Text with a [link](/plan/).
        """,
        "content/news/dated.en.md": """
        ---
        title: "Dated"
        date: 2020-10-25
        source: "CEC, 2020"
        summary: "A summary."
        tags: [elections]
        aliases: ["/old/dated/"]
        ---
        Body with **emphasis**.
        """,
        "content/news/draft.en.md": "---\ntitle: \"Draft\"\ndraft: true\n---\nNot published.\n",
    ]

    func load(_ site: TempSite, cache: DocumentCache?) -> (SiteContent, [Diagnostic]) {
        var loader = ContentLoader(contentDirectory: site.content, templatesDirectory: site.templates)
        loader.cache = cache
        let (content, _, diagnostics) = loader.load()
        return (content, diagnostics)
    }

    /// Every field of the documents, by `dump`, the variants and the corrections' reasons in
    /// language order (a dictionary's order differs between two equal dictionaries).
    func described(_ documents: [Document]) -> String {
        var text = ""
        for document in documents {
            var bare = document
            bare.variants = [:]
            bare.corrections = []
            dump(bare, to: &text)
            for correction in document.corrections {
                dump((correction.field, correction.source), to: &text)
                for language in correction.reason.values.keys.sorted() {
                    dump((language, correction.reason.values[language]!, correction.reason.translated.contains(language)), to: &text)
                }
            }
            for language in document.variants.keys.sorted() {
                let variant = document.variants[language]!
                dump(variant, to: &text)
                // The same HTML comes from a restored body, links rewritten or not.
                text += variant.markdown.html(words: .english) { $0 } + variant.markdown.html(words: .english) { "/en" + $0 }
            }
        }
        return text
    }

    @Test func restoredDocumentsEqualParsedOnes() throws {
        let site = try TempSite.minimal(Self.files)
        defer { site.remove() }
        let output = site.output
        let (parsed, first) = load(site, cache: nil)
        let recording = DocumentCache(outputDirectory: output)
        _ = load(site, cache: recording)
        #expect(recording.hits == 0)
        recording.save()

        let reading = DocumentCache(outputDirectory: output)
        let (restored, again) = load(site, cache: reading)
        let files = (parsed.pages + parsed.news).reduce(0) { $0 + $1.variants.count }
        #expect(reading.hits == files, "every file but the draft comes from the record")
        // A draft's text is never written outside the content folder; the record is private.
        let store = StoreFile.path(folder: BuildRecord.directory(for: output), kind: .documents)
        let record = try Data(contentsOf: URL(fileURLWithPath: store))
        #expect(!String(decoding: record, as: UTF8.self).contains("Not published."))
        #expect(String(decoding: record, as: UTF8.self).contains("dated.en.md"))
        #expect(try FileManager.default.attributesOfItem(atPath: store)[.posixPermissions] as? Int == 0o600)
        #expect(try FileManager.default.attributesOfItem(atPath: BuildRecord.directory(for: output))[.posixPermissions] as? Int == 0o700)
        #expect(described(restored.pages) == described(parsed.pages))
        #expect(described(restored.news) == described(parsed.news))
        #expect(again.map(\.description) == first.map(\.description))
        #expect(restored.news.contains { $0.slug == "dated" } && !restored.news.contains { $0.slug == "draft" })
    }

    @Test func aChangedFileIsParsedAgainAndOtherProgramsRecordsAreIgnored() throws {
        let site = try TempSite.minimal(Self.files)
        defer { site.remove() }
        let recording = DocumentCache(outputDirectory: site.output)
        _ = load(site, cache: recording)
        recording.save()
        let path = site.root.appendingPathComponent("content/news/dated.en.md")
        try Data("---\ntitle: \"Renamed\"\ndate: 2020-10-25\n---\nNew body.\n".utf8).write(to: path)
        let reading = DocumentCache(outputDirectory: site.output)
        let (content, _) = load(site, cache: reading)
        #expect(content.news.first { $0.slug == "dated" }?.variants[.en]?.title.value == "Renamed")
        #expect(content.news.first { $0.slug == "dated" }?.variants[.en]?.markdown.plainText == "New body.\n")
        let files = (content.pages + content.news).reduce(0) { $0 + $1.variants.count }
        #expect(reading.hits == files - 1, "all but the changed file and the draft")
        reading.save()  // appends the changed file's entry
        let next = DocumentCache(outputDirectory: site.output)
        let (restored, _) = load(site, cache: next)
        #expect(next.hits == files)
        #expect(described(restored.news) == described(content.news))
        let other = DocumentCache(outputDirectory: site.output, program: "another build")
        _ = load(site, cache: other)
        #expect(other.hits == 0, "a record written by another program is not read")
    }

    /// The build stamps the sources before loading (``SourceStamps``) and the loader takes the
    /// Markdown files' stamps from that scan: a file edited after the scan is restored as it was
    /// when stamped, and its noted stamp is that of the text loaded, so that the next build,
    /// which stamps the edit, parses it again.
    @Test func aFileEditedAfterTheScanIsLoadedWithTheStampOfTheTextLoaded() throws {
        let site = try TempSite.minimal(Self.files)
        defer { site.remove() }
        let recording = DocumentCache(outputDirectory: site.output)
        _ = load(site, cache: recording)
        recording.save()
        let path = site.content + "/news/dated.en.md"
        let scanned = SourceStamps([site.content, site.templates])
        let before = try #require(scanned.markdown[path])
        try Data("---\ntitle: \"Edited after the scan\"\ndate: 2020-10-25\n---\nNew body.\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(DocumentCache.stamp(path) != before)

        func loaded(_ stamps: SourceStamps) -> (title: String?, noted: FileStamp?) {
            var loader = ContentLoader(contentDirectory: site.content, templatesDirectory: site.templates)
            loader.cache = DocumentCache(outputDirectory: site.output)
            loader.stamps = ReadStamps()
            loader.knownStamps = stamps.markdown
            let (content, _, _) = loader.load()
            return (content.news.first { $0.slug == "dated" }?.variants[.en]?.title.value, loader.stamps?[path])
        }
        let during = loaded(scanned)
        #expect(during.title != "Edited after the scan", "restored as it was when stamped")
        #expect(during.noted == before, "noted with the stamp of the text loaded")
        let next = loaded(SourceStamps([site.content, site.templates]))
        #expect(next.title == "Edited after the scan")
        #expect(next.noted == DocumentCache.stamp(path))
    }

    @Test func filesWithProblemsAreNotKeptAndADamagedRecordIsIgnored() throws {
        let site = try TempSite.minimal(Self.files.merging(["content/news/odd.en.md": "---\ntitle: \"Odd\"\ncolour: red\n---\nText.\n"]) { $1 })
        defer { site.remove() }
        let recording = DocumentCache(outputDirectory: site.output)
        let (_, first) = load(site, cache: recording)
        #expect(first.contains { $0.message.contains("Unknown key 'colour'") })
        recording.save()
        let reading = DocumentCache(outputDirectory: site.output)
        let (_, again) = load(site, cache: reading)
        #expect(again.map(\.description) == first.map(\.description), "the problem is reported again")
        // A record cut in the middle of its last entry (a build killed while appending): the
        // entries before the cut count, the cut one is parsed again, and the record is rewritten.
        let recorded = reading.hits
        let record = StoreFile.path(folder: BuildRecord.directory(for: site.output), kind: .documents)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: record))
        try bytes.prefix(bytes.count - 7).write(to: URL(fileURLWithPath: record))
        let damaged = DocumentCache(outputDirectory: site.output)
        let (content, _) = load(site, cache: damaged)
        #expect(damaged.hits == recorded - 1)
        #expect(described(content.news) == described(load(site, cache: nil).0.news))
        damaged.save()
        let repaired = DocumentCache(outputDirectory: site.output)
        _ = load(site, cache: repaired)
        #expect(repaired.hits == recorded)
        // Garbage is refused whole.
        try Data("not a record".utf8).write(to: URL(fileURLWithPath: record))
        let garbage = DocumentCache(outputDirectory: site.output)
        _ = load(site, cache: garbage)
        #expect(garbage.hits == 0)
    }
}
