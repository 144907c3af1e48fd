import CECSiteContent
import CECSiteCore

/// When a dataset was first published and when its records last changed, never the build date:
/// from the git history of the files its rows come from when the content is in git (the
/// committer day, in Kyiv, of the first and of the last commit touching them), else from
/// `issued:` and `changed:` in `data/datasets.yaml`, else not stated. The same content and
/// history give the same dates on any build day.
struct DatasetDates {
    enum Origin: String { case git, metadata }

    var issued: Day?
    var modified: Day?
    var origin: Origin?

    /// The day the data is current as of: its last change.
    var currentAsOf: Day? { modified }

    init(_ dataset: Dataset, _ content: SiteContent) {
        if let days = content.gitDates.days(Set(dataset.origins.map(\.file))) {
            (issued, modified, origin) = (days.first, days.last, .git)
        } else if dataset.metadata.issued != nil || dataset.metadata.changed != nil {
            issued = dataset.metadata.issued?.value
            modified = dataset.metadata.changed?.value ?? issued
            origin = .metadata
        }
    }

    /// The newest change of any of the datasets: the catalog's and the package's date.
    static func newest(_ datasets: [Dataset], _ content: SiteContent) -> Day? {
        datasets.compactMap { DatasetDates($0, content).modified }.max()
    }

    /// The package's version: `open_data.version` of `site.yaml` when set, else the abbreviated
    /// hash of the content's newest commit when it is in git, else none.
    static func version(_ content: SiteContent) -> String? {
        content.config.openData.version ?? content.gitDates.head
    }
}
