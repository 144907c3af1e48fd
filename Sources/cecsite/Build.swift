import ArgumentParser
import CECSiteKit
import Foundation

/// `cecsite build`: content/ + templates/ → public/.
struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the site into the output folder.",
        discussion: """
            Errors are printed as path:line:column: error: message. On any error the build exits \
            with status 1 and leaves the output folder exactly as it was.
            """
    )

    @Option(help: "The content folder (YAML data and Markdown pages).")
    var content = "content"

    @Option(help: "The templates folder (Mustache templates, i18n strings, assets).")
    var templates = "templates"

    @Option(help: "The output folder; replaced only when the build succeeds.")
    var output = "public"

    @Option(help: "The build date (YYYY-MM-DD) that timeline statuses are relative to; default: today in Kyiv.")
    var date: String?

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Flag(name: .shortAndLong, help: "Print only errors and warnings.")
    var quiet = false

    func validate() throws {
        if let date, Day(iso: date) == nil {
            throw ValidationError("Invalid --date '\(date)'; write it as YYYY-MM-DD, e.g. 2020-06-15.")
        }
    }

    func run() throws {
        let options = BuildOptions(content: content, templates: templates, output: output,
                                   date: date.flatMap(Day.init(iso:)), strict: strict)
        let report = CECSiteKit.build(options) { line in
            if !quiet { print(line) }
        }
        for diagnostic in report.diagnostics {
            FileHandle.standardError.write(Data((diagnostic.description + "\n").utf8))
        }
        let time = String(format: "%.2f", report.seconds)
        if report.succeeded {
            if !quiet {
                print("Built \(report.pages) pages (\(report.files) files) into \(output) in \(time) s"
                      + (report.warnings.isEmpty ? "" : ", \(report.warnings.count) warning(s)"))
            }
        } else {
            let errors = report.errors.count, warnings = report.warnings.count
            FileHandle.standardError.write(Data(
                "Build failed: \(errors) error(s), \(warnings) warning(s); \(output) was left unchanged\n".utf8))
            throw ExitCode(1)
        }
    }
}
