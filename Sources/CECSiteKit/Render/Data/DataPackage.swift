import CECSiteContent
import CECSiteCore
import CECSiteFormats

/// The Frictionless Data Package at `data/datapackage.json`: every dataset as a tabular resource
/// with its Table Schema, keys, size and SHA-256, in the v1 form that v2 readers also accept
/// (`profile` rather than `$schema`; `hash` with its `sha256:` prefix; relative paths).
struct DataPackage {
    let content: SiteContent
    let theme: Theme

    static let fileName = "datapackage.json"

    /// Open licences by SPDX id: their title and the URL of their text.
    static var licenses: [String: (title: String, url: String)] { OpenDataVocabulary.licenses }

    private func string(_ key: String, _ language: Language) -> String { OpenData.string(theme, key, language) }

    /// The package title per language: `<publisher> — <open data>`.
    func title(_ language: Language) -> String {
        publisher.text(language) + " — " + string("data_title", language)
    }

    var publisher: LocalizedText { content.config.openData.publisher ?? content.config.title }

    /// The `uk` text as the standard property and the `en` one beside it as `<key>_en`.
    private func texts(_ key: String, _ text: LocalizedText) -> [(String, JSONValue?)] {
        [(key, .string(text.values[.uk] ?? text.text(.uk))), ("\(key)_en", text.values[.en].map(JSONValue.string))]
    }

    func descriptor(_ published: [PublishedDataset]) -> JSONValue {
        let license = content.config.openData.license
        let known = Self.licenses[license] ?? Self.licenses["CC-BY-4.0"]!
        var keywords: [String] = []
        for item in published {
            for language in Language.allCases {
                for word in item.dataset.metadata.keywords[language] ?? [] where !keywords.contains(word) { keywords.append(word) }
            }
        }
        let sources = Array(Set(published.flatMap(\.dataset.sources))).sorted { $0.text(.en) < $1.text(.en) }
        return .compact([
            ("profile", .string("tabular-data-package")),
            ("name", .string(content.config.openData.name)),
            ("title", .string(title(.uk))),
            ("title_en", .string(title(.en))),
            ("description", .string(string("data_intro", .uk))),
            ("description_en", .string(string("data_intro", .en))),
            ("version", DatasetDates.version(content).map(JSONValue.string)),
            ("created", DatasetDates.newest(published.map(\.dataset), content).map { .string(OpenData.midnight($0)) }),
            ("licenses", .array([.object([("name", .string(license)), ("path", .string(known.url)), ("title", .string(known.title))])])),
            (
                "contributors",
                .array([
                    .compact([
                        ("title", .string(publisher.text(.uk))),
                        ("title_en", publisher.values[.en].map(JSONValue.string)),
                        ("path", content.config.frame.publisherURL.map(JSONValue.string)),
                        ("email", (content.config.openData.contactEmail ?? content.config.frame.email).map(JSONValue.string)),
                        ("role", .string("publisher")),
                        ("edrpou", content.config.openData.edrpou.map(JSONValue.string)),
                        ("responsiblePerson", content.config.openData.contactName.map { .string($0.text(.uk)) }),
                        ("responsiblePerson_en", content.config.openData.contactName?.values[.en].map(JSONValue.string)),
                    ])
                ])
            ),
            ("legalBasis", content.config.openData.legalBasis.map { .string($0.text(.uk)) }),
            ("legalBasis_en", content.config.openData.legalBasis?.values[.en].map(JSONValue.string)),
            ("sources", sources.isEmpty ? nil : .array(sources.map { .object([("title", .string($0.text(.en)))]) })),
            ("keywords", keywords.isEmpty ? nil : .array(keywords.map(JSONValue.string))),
            ("resources", .array(published.compactMap(resource))),
        ])
    }

    /// A dataset as one tabular resource: its CSV file with the Table Schema. The same records
    /// in JSON and the XLSX workbook are listed under `alternates` with their own size and
    /// hash (Frictionless does not compute byte counts of JSON sources, so a JSON resource with
    /// `bytes` could never validate).
    private func resource(_ item: PublishedDataset) -> JSONValue? {
        let dataset = item.dataset
        guard let csv = item.files.first(where: { $0.format == .csv }) else { return nil }
        var entries: [(String, JSONValue?)] = [
            ("name", .string(dataset.id)),
            ("path", .string(csv.name)),
            ("profile", .string("tabular-data-resource")),
        ]
        entries += texts("title", dataset.metadata.title)
        entries += texts("description", dataset.metadata.description)
        entries += passport(dataset)
        entries += fileEntries(csv)
        entries.append(
            (
                "dialect",
                .object([
                    ("delimiter", .string(",")), ("lineTerminator", .string("\r\n")), ("quoteChar", .string("\"")),
                    ("doubleQuote", .bool(true)), ("header", .bool(true)),
                ])
            ))
        entries.append(("schema", schema(dataset)))
        if !dataset.sources.isEmpty {
            entries.append(("sources", .array(dataset.sources.map { .object([("title", .string($0.text(.en)))]) })))
        }
        if dataset.sample { entries.append(("sample", .bool(true))) }
        entries.append(
            (
                "alternates",
                .array(
                    item.files.filter { $0.format != .csv }.map { file in
                        .compact([("path", .string(file.name))] + fileEntries(file) + [("dialect", dialect(file.format))])
                    })
            ))
        return .compact(entries)
    }

    /// The dataset passport's fields of Resolution No. 835 that the Table Schema has no
    /// property for: languages, dates (ISO 8601, absent when not stated), update frequency in the
    /// regulation's wording, keywords per language.
    private func passport(_ dataset: Dataset) -> [(String, JSONValue?)] {
        let dates = DatasetDates(dataset, content), meta = dataset.metadata
        let frequency = LocalizedText(
            Dictionary(uniqueKeysWithValues: Language.allCases.map { ($0, string("frequency_" + meta.frequency.rawValue, $0)) }))
        return [
            ("languages", .array(Language.allCases.map { .string($0.rawValue) })),
            ("issued", dates.issued.map { .string($0.description) }),
            ("modified", dates.modified.map { .string($0.description) }),
            ("currentAsOf", dates.currentAsOf.map { .string($0.description) }),
        ] + texts("updateFrequency", frequency) + [
            ("keywords", (meta.keywords[.uk] ?? []).isEmpty ? nil : .array((meta.keywords[.uk] ?? []).map(JSONValue.string))),
            ("keywords_en", (meta.keywords[.en] ?? []).isEmpty ? nil : .array((meta.keywords[.en] ?? []).map(JSONValue.string))),
        ]
    }

    /// The CSV dialect of the spreadsheet CSV (`;`); nil for the other alternates.
    private func dialect(_ format: DataFiles.Format) -> JSONValue? {
        guard format == .spreadsheetCSV else { return nil }
        return .object([("delimiter", .string(";")), ("lineTerminator", .string("\r\n")), ("header", .bool(true))])
    }

    private func fileEntries(_ file: PublishedDataset.File) -> [(String, JSONValue?)] {
        let encoding: String? =
            switch file.format {
            case .xlsx: nil
            case .spreadsheetCSV: "utf-8-sig"
            case .csv, .json: "utf-8"
            }
        return [
            ("format", .string(file.format.euCode.lowercased())),
            ("mediatype", .string(file.format.mediaType)),
            ("encoding", encoding.map(JSONValue.string)),
            ("bytes", .int(file.bytes)),
            ("hash", .string("sha256:" + file.sha256)),
        ]
    }

    /// The Table Schema of a dataset.
    func schema(_ dataset: Dataset) -> JSONValue {
        var entries: [(String, JSONValue?)] = [
            ("fields", .array(dataset.fields.map(field))),
            ("missingValues", .array([.string("")])),
            ("primaryKey", .array(dataset.primaryKey.map(JSONValue.string))),
        ]
        if !dataset.foreignKeys.isEmpty {
            entries.append(
                (
                    "foreignKeys",
                    .array(
                        dataset.foreignKeys.map { key in
                            .object([
                                ("fields", .array(key.fields.map(JSONValue.string))),
                                (
                                    "reference",
                                    .object([
                                        ("resource", .string(key.dataset)),
                                        ("fields", .array(key.referencedFields.map(JSONValue.string))),
                                    ])
                                ),
                            ])
                        })
                ))
        }
        return .compact(entries)
    }

    private func field(_ field: DataField) -> JSONValue {
        var constraints: [(String, JSONValue?)] = []
        if field.required { constraints.append(("required", .bool(true))) }
        if field.unique { constraints.append(("unique", .bool(true))) }
        if let allowed = field.allowed { constraints.append(("enum", .array(allowed.map(JSONValue.string)))) }
        if let minimum = field.minimum { constraints.append(("minimum", .int(minimum))) }
        if let maximum = field.maximum { constraints.append(("maximum", .int(maximum))) }
        if let pattern = field.pattern { constraints.append(("pattern", .string(pattern))) }
        var entries: [(String, JSONValue?)] = [("name", .string(field.name))]
        entries += texts("title", field.title)
        entries += texts("description", field.description)
        entries += [
            ("type", .string(field.type.rawValue)),
            ("format", .string("default")),
            ("constraints", constraints.isEmpty ? nil : .compact(constraints)),
        ]
        return .compact(entries)
    }
}
