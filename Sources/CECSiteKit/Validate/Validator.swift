/// The validate stage: every cross-check of the loaded content and theme, run before any output.
/// All problems are collected; none stops the others from being found.
struct Validator {
    let content: SiteContent
    let theme: Theme
    let templatesDirectory: String
    let sink = DiagnosticSink(stage: .validate)

    func run() -> [Diagnostic] {
        checkPlan()
        checkUnits()
        checkDocuments()
        checkRoutes()
        checkTheme()
        checkStatistics()
        checkRecords()
        checkCalendar()
        checkFAQ()
        checkOpenData()
        return sink.diagnostics
    }
}
