import CECSiteTestSupport
import Foundation
import Testing

@testable import CECSiteContent
@testable import CECSiteCore
@testable import CECSiteKit

/// A document page's low-vision edition takes what it shows alike from its standard edition
/// (``EditionTwin``): its context, notes and key must be those it has when made alone.
@Suite struct EditionTwinTests {
    @Test func aLowVisionPageTakenFromItsStandardEditionIsThePageMadeAlone() throws {
        let fixture = try TempSite.minimal()
        defer { fixture.remove() }
        let date = try #require(Day(iso: "2026-11-23"))
        var taken = 0, madeAlone = 0
        for folder in [repositoryRoot.appendingPathComponent("content").path, fixture.content] {
            let (site, theme, _) = ContentLoader(
                contentDirectory: folder, templatesDirectory: repositoryRoot.appendingPathComponent("templates").path
            ).load()
            for document in site.pages + site.news {
                for language in Language.allCases {
                    func builder(_ edition: Edition, _ memo: ContextMemo, _ twin: EditionTwin?) -> ContextBuilder {
                        var builder = ContextBuilder(
                            content: site, theme: theme, language: language, buildDate: date, edition: edition, memo: memo)
                        builder.twin = twin
                        return builder
                    }
                    let memo = ContextMemo(), twin = EditionTwin()
                    let standard = builder(.standard, memo, twin)
                    guard let standardContext = standard.documentContext(document) else { continue }
                    let lowVision = builder(.lowVision, memo, twin)
                    let lowVisionContext = try #require(lowVision.documentContext(document))
                    let alone = builder(.lowVision, ContextMemo(), nil)
                    let aloneContext = try #require(alone.documentContext(document))
                    let page = Routes.file(Routes.document(document), language, .lowVision)
                    if twin.document != nil { taken += 1 } else { madeAlone += 1 }
                    // The same entries with the same values: the same fingerprint, `t` included.
                    #expect(Fingerprint.of(context: lowVisionContext) == Fingerprint.of(context: aloneContext), "\(page)")
                    #expect(Set(lowVisionContext.keys) == Set(aloneContext.keys), "\(page)")
                    #expect(
                        Fingerprint.of(context: ["notes": lowVision.notes.context(lowVision.string) ?? []])
                            == Fingerprint.of(context: ["notes": alone.notes.context(alone.string) ?? []]), "\(page)")
                    // Each key, made with the sums of the shared entries, is the context's hashed whole.
                    #expect(lowVision.contextKey(lowVisionContext, salt: "s") == Fingerprint.of(context: aloneContext, skipping: "t", salt: "s"))
                    #expect(standard.contextKey(standardContext, salt: "s") == Fingerprint.of(context: standardContext, skipping: "t", salt: "s"))
                }
            }
        }
        // Both ways are seen: pages whose body is the same in both editions, and the fixture's
        // "about" page, whose site-root link the low-vision edition rewrites.
        #expect(taken > 10)
        #expect(madeAlone > 0)
    }

    @Test func aBodyTakenByTheLowVisionEditionIsCountedAsUsed() {
        // The memo forgets a shared body when its last page took it; the low-vision edition
        // that took its standard edition's context counts as one.
        let memo = ContextMemo()
        var made = 0
        func html() -> String {
            made += 1
            return "html"
        }
        _ = memo.take("body", uses: 2, html)
        memo.release("body")
        _ = memo.take("body", uses: 2, html)
        #expect(made == 2, "released by its last use, the body is made again by the next page that asks")
        memo.release("nothing")
        _ = memo.take("other", uses: 3, html)
        memo.release("other")
        _ = memo.take("other", uses: 3, html)
        #expect(made == 3, "two uses of three counted: the body is still kept")
    }
}
