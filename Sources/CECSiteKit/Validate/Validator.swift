import CECSiteContent
import CECSiteCore

/// The validate stage: every cross-check of the loaded content and theme, run before any output.
/// All problems are collected; none stops the others from being found.
struct Validator {
    let content: SiteContent
    let theme: Theme
    let templatesDirectory: String
    /// Every page the render stage will render: the addresses content may link to.
    let registry: PageRegistry
    let sink = DiagnosticSink(stage: .validate)

    init(content: SiteContent, theme: Theme, templatesDirectory: String) {
        self.content = content
        self.theme = theme
        self.templatesDirectory = templatesDirectory
        registry = PageRegistry(content: content, theme: theme)
    }

    func run() -> [Diagnostic] {
        checkPlan()
        checkUnits()
        checkDocuments()
        checkFrame()
        checkRoutes()
        checkAliases()
        checkTheme()
        checkStatistics()
        checkRecords()
        checkCalendar()
        checkFAQ()
        checkOpenData()
        return sink.diagnostics
    }
}
