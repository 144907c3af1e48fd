import ArgumentParser
import CECSiteCore
import CECSiteFormats
import CECSiteKit

/// `cecsite data`: bring a built site up to date after its data changed.
struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Regenerate the open datasets and every page that shows their values, in a built site.",
        discussion: """
            For data officers, after content/ changed: runs the same stages over the same pages \
            as `cecsite build`, so the output folder ends up byte for byte as a full build would \
            leave it: every dataset as CSV, JSON and XLSX, data/datapackage.json, \
            data/catalog.jsonld, the catalog and dataset pages, and every page, chart, feed and \
            search-index file that shows the changed values. Pages whose inputs did not change \
            are kept from the previous build without being rendered. Unlike `cecsite build`, it \
            refuses to run unless the output folder holds a site built by `cecsite build` and the \
            content describes its open data, and it lists the files it changed. On any error it \
            exits with status 1 and leaves the output folder exactly as it was.
            """
    )

    @OptionGroup var options: SiteOptions

    /// How many changed files are named one per line before the rest are counted.
    static let listed = 20

    func run() throws {
        try options.run(CECSiteKit.buildData) { report, time in
            let changed = report.changed ?? [], removed = report.removed
            var lines = changed.prefix(Self.listed).map { "  changed \($0)" } + removed.prefix(Self.listed).map { "  removed \($0)" }
            let more = changed.count + removed.count - lines.count
            if more > 0 { lines.append("  … and \(more) more") }
            let pages = changed.filter { $0.hasSuffix(".html") }.count
            return lines.map { $0 + "\n" }.joined()
                + "Brought \(options.output) up to date with the data: \(changed.count) files changed (\(pages) pages), \(removed.count) removed, "
                + "of \(report.files) files (\(report.pages) pages), in \(time) s"
        }
    }
}
