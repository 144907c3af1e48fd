import ArgumentParser
import CECSiteCore
import CECSiteKit
import Foundation

/// The options `build` and `data` share: the folders, the build date and how strict to be.
struct SiteOptions: ParsableArguments {
    @Option(help: "The content folder (YAML data and Markdown pages).")
    var content = "content"

    @Option(help: "The templates folder (Mustache templates, i18n strings, assets).")
    var templates = "templates"

    @Option(help: "The output folder; replaced only when the build succeeds.")
    var output = "public"

    @Option(help: "The build date (YYYY-MM-DD) that timeline statuses and data dates are relative to; default: today in Kyiv.")
    var date: String?

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Flag(
        name: .customLong("force-replace"),
        help: "Replace the output folder even when it holds files cecsite did not make, deleting them.")
    var forceReplace = false

    @Option(
        name: .customLong("base-url"),
        help: "The site's absolute address, e.g. https://example.org; overrides base_url of site.yaml.")
    var baseURL: String?

    @Flag(name: .shortAndLong, help: "Print only errors and warnings.")
    var quiet = false

    @Flag(help: "Print the seconds elapsed when each stage starts.")
    var timings = false

    @Flag(help: "Render every page, ignoring the record of the previous build (.<output>.cecsite-cache beside the output).")
    var clean = false

    func validate() throws {
        if let date, Day(iso: date) == nil {
            throw ValidationError("Invalid --date '\(date)'; write it as YYYY-MM-DD, e.g. 2020-06-15.")
        }
    }

    var buildOptions: BuildOptions {
        var options = BuildOptions(
            content: content, templates: templates, output: output, date: date.flatMap(Day.init(iso:)),
            strict: strict, baseURL: baseURL)
        options.incremental = !clean
        options.forceReplace = forceReplace
        options.keepsMemoryAtExit = true  // the command exits right after the build
        return options
    }

    /// Runs `stage` with progress lines, prints its diagnostics and summary, and exits with
    /// status 1 when it failed.
    func run(_ stage: (BuildOptions, (String) -> Void) -> BuildReport, done: (BuildReport, String) -> String) throws {
        let start = Date()
        let report = stage(buildOptions) { line in
            guard !quiet else { return }
            print(timings ? String(format: "%7.3f s  ", Date().timeIntervalSince(start)) + line : line)
            fflush(nil)  // every output stream: standard output is the only one written
        }
        for diagnostic in report.diagnostics {
            FileHandle.standardError.write(Data((diagnostic.description + "\n").utf8))
        }
        let time = String(format: "%.2f", report.seconds)
        if report.succeeded {
            if !quiet {
                for line in report.untranslated { print(line) }
                print(done(report, time) + (report.warnings.isEmpty ? "" : ", \(report.warnings.count) warning(s)"))
            }
        } else {
            let errors = report.errors.count, warnings = report.warnings.count
            FileHandle.standardError.write(
                Data(
                    "Build failed: \(errors) error(s), \(warnings) warning(s); \(output.isEmpty ? "the output folder" : output) was left unchanged\n".utf8))
            throw ExitCode(1)
        }
    }
}

/// `cecsite build`: content/ + templates/ → public/.
struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the site into the output folder.",
        discussion: """
            Errors are printed as path:line:column: error: message. On any error the build exits \
            with status 1 and leaves the output folder exactly as it was.
            """
    )

    @OptionGroup var options: SiteOptions

    func run() throws {
        try options.run(CECSiteKit.build) { report, time in
            "Built \(report.pages) pages (\(report.files) files) into \(options.output) in \(time) s"
                + (report.reused > 0 ? " (\(report.reused) pages unchanged since the last build, not rendered)" : "")
        }
    }
}
