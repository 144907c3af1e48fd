import ArgumentParser
import CECSiteCore
import CECSiteKit

/// `cecsite`: the command tree. Each subcommand lives in its own file.
@main
struct CECSite: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cecsite",
        abstract: "A static-site generator for open electoral data.",
        version: CECSiteVersion.current,
        subcommands: [Build.self, DataCommand.self, AggregateCommand.self, Serve.self, Audit.self, I18nCommand.self],
        defaultSubcommand: nil
    )
}

enum CECSiteVersion {
    static let current = "0.1.0"
}
