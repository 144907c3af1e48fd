import ArgumentParser
import CECSiteKit

/// `cecsite data`: regenerate only the open data of a built site.
struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Regenerate the open datasets, their Data Package, DCAT catalog and catalog pages.",
        discussion: """
            Reads the plan and the dataset metadata (not pages or news), writes every dataset as \
            CSV, JSON and XLSX, data/datapackage.json, data/catalog.jsonld and the catalog pages \
            under data/ in every language and edition, and keeps every other file of the output \
            folder as it is. The output folder must hold a site built by `cecsite build`. On any \
            error it exits with status 1 and leaves the output folder exactly as it was.
            """
    )

    @OptionGroup var options: SiteOptions

    func run() throws {
        try options.run(CECSiteKit.buildData) { report, time in
            "Regenerated the open data: \(report.files) files, \(report.pages) catalog pages, in \(options.output) in \(time) s"
        }
    }
}
