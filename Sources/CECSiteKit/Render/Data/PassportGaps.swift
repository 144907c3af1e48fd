import CECSiteContent
import CECSiteCore

/// The fields of the dataset passport (Resolution No. 835) that the content leaves unstated,
/// one warning each, which `build --strict` reports (and so fails on): the pages and metadata
/// say "not stated" there, and nothing is filled in for the publisher.
enum PassportGaps {
    /// One warning per unstated field: the publisher's (at `open_data:` of `site.yaml`) and each
    /// dataset's dates (at its entry in `data/datasets.yaml`).
    static func warnings(_ content: SiteContent, theme: Theme, siteFile: String) -> [Diagnostic] {
        guard !content.datasetMetadata.isEmpty else { return [] }
        let config = content.config.openData
        let at = config.location ?? SourceLocation(file: siteFile)
        var found: [(SourceLocation, String)] = []
        func gap(_ what: String, _ fix: String) { found.append((at, "The dataset passport's \(what) is not stated; \(fix) (--strict)")) }
        if config.edrpou == nil { gap("EDRPOU code of the publisher", "add `edrpou: \"12345678\"` (its 8 digits) under open_data in site.yaml") }
        if config.publisherType == nil {
            gap("publisher type", "add `publisher_type:` (an ADMS publisher type such as NationalAuthority) under open_data in site.yaml")
        }
        if config.contactName == nil { gap("responsible person", "add `contact: {name: {uk: …, en: …}, email: …}` under open_data in site.yaml") }
        if config.contactEmail == nil, content.config.frame.email == nil {
            gap("contact e-mail", "add the e-mail under open_data's `contact:` or the site's `contact:` in site.yaml")
        }
        if config.legalBasis == nil { gap("legal basis", "add `legal_basis: {uk: …, en: …}` under open_data in site.yaml") }
        if DatasetDates.version(content) == nil {
            gap("version", "add `version: 1.0.0` under open_data in site.yaml, or keep the content in git (its commit is the version)")
        }
        for dataset in DatasetCatalog(content: content, theme: theme).datasets() {
            let dates = DatasetDates(dataset, content)
            let where_ = dataset.metadata.id.location
            if dates.issued == nil {
                found.append(
                    (
                        where_,
                        "The first publication date of dataset '\(dataset.id)' is not stated; commit the content to git or add `issued: YYYY-MM-DD` to its entry (--strict)"
                    ))
            }
            if dates.modified == nil {
                found.append(
                    (
                        where_,
                        "The date of last change of dataset '\(dataset.id)' is not stated; commit the content to git or add `changed: YYYY-MM-DD` to its entry (--strict)"
                    ))
            }
        }
        return found.map { Diagnostic(.warning, $0.0, $0.1, stage: .validate) }
    }
}
