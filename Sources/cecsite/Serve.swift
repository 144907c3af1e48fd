import ArgumentParser
import CECSiteCore
import CECSiteKit
import CECSiteServe
import Foundation

/// `cecsite serve`: build, serve on loopback, rebuild on change, reload open pages.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the site, serve it on 127.0.0.1 and rebuild and reload pages when content or templates change.",
        discussion: """
            The site is built into a temporary folder (or --output) with the server's own address \
            as its base URL, so public/ is never touched. Pages reload by themselves after each \
            rebuild; a failed build is shown in the terminal and over the page while the last \
            good site stays served. Stop with Ctrl-C.
            """
    )

    @Option(help: "The port to listen on; 0 picks any free port.")
    var port: UInt16 = 8000

    @Option(help: "The address to listen on. Anything but 127.0.0.1 or ::1 exposes the preview to the network.")
    var bind = "127.0.0.1"

    @Option(help: "The content folder (YAML data and Markdown pages).")
    var content = "content"

    @Option(help: "The templates folder (Mustache templates, i18n strings, assets).")
    var templates = "templates"

    @Option(help: "Where to build the preview; default: a new temporary folder, removed on exit.")
    var output: String?

    @Option(help: "The build date (YYYY-MM-DD); default: today in Kyiv.")
    var date: String?

    func validate() throws {
        if let date, Day(iso: date) == nil {
            throw ValidationError("Invalid --date '\(date)'; write it as YYYY-MM-DD, e.g. 2020-06-15.")
        }
    }

    func run() async throws {
        // The preview, its build cache and its spare copy go into one folder of mode 0700 (no
        // other user can read the preview), removed on exit.
        let privateFolder: String?
        do {
            privateFolder = output == nil ? try PreviewServer.makePrivateFolder() : nil
        } catch {
            FileHandle.standardError.write(Data("serve: error: \(error)\n".utf8))
            throw ExitCode(1)
        }
        defer { if let privateFolder { try? FileManager.default.removeItem(atPath: privateFolder) } }
        let folder = output ?? privateFolder! + "/site"
        let build = BuildOptions(content: content, templates: templates, output: folder, date: date.flatMap(Day.init(iso:)))
        var serveOptions = PreviewServer.Options(build: build, bind: bind, port: port)
        serveOptions.privateOutput = privateFolder != nil
        let server = PreviewServer(options: serveOptions) { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        do {
            try await server.start()
        } catch {
            FileHandle.standardError.write(Data("serve: error: \(error)\n".utf8))
            throw ExitCode(1)
        }
        print("Serving \(server.url) (Ctrl-C to stop)")
        fflush(nil)  // every output stream: standard output is the only one written
        await Self.waitForSignal()
        await server.stop()
    }

    /// Returns on SIGINT or SIGTERM.
    static func waitForSignal() async {
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let once = NSLock()
            var done = false
            var sources: [DispatchSourceSignal] = []
            for number in [SIGINT, SIGTERM] {
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler {
                    once.lock()
                    defer { once.unlock() }
                    guard !done else { return }
                    done = true
                    sources.forEach { $0.cancel() }
                    continuation.resume()
                }
                source.resume()
                sources.append(source)
            }
        }
    }
}
