import CECSiteContent
import CECSiteCore
import CECSiteFormats

/// The DCAT-AP 3 catalog at `data/catalog.jsonld`, for portal harvesters (data.gov.ua's CKAN,
/// data.europa.eu): JSON-LD with its context inline, every dataset with its distributions,
/// checksums and sizes, every controlled-vocabulary IRI with its type and label
/// (`DCAT+Vocabularies.swift`), plus the passport fields of Ukraine's open-data regulation that
/// DCAT has no property for in a small vocabulary of ours (`cec:`), documented in
/// docs/OPEN-DATA.md. IRIs are absolute when the site has a `base_url`; otherwise they are
/// relative to the catalog's own address, which JSON-LD resolves against the document's URL.
struct DCAT {
    let content: SiteContent
    let theme: Theme

    static let fileName = "catalog.jsonld"

    private func string(_ key: String, _ language: Language) -> String { OpenData.string(theme, key, language) }
    var config: OpenDataConfig { content.config.openData }

    /// An IRI for a site path (`/data/x.csv`).
    func iri(_ path: String) -> String { (content.config.baseURL ?? "") + path }

    func id(_ iri: String) -> JSONValue { .object([("@id", .string(iri))]) }

    private func typed(_ value: String, _ type: String) -> JSONValue {
        .object([("@value", .string(value)), ("@type", .string(type))])
    }

    private func date(_ day: Day?) -> JSONValue? { day.map { typed($0.description, "xsd:date") } }

    /// A text in every language it exists in, language-tagged.
    func texts(_ text: LocalizedText) -> JSONValue {
        .array(
            Language.allCases.compactMap { language in
                text.values[language].map { .object([("@value", .string($0)), ("@language", .string(language.rawValue))]) }
            })
    }

    func texts(key: String) -> JSONValue {
        texts(LocalizedText(Dictionary(uniqueKeysWithValues: Language.allCases.map { ($0, string(key, $0)) })))
    }

    /// The publisher: an organisation (`foaf:Agent`) named by `publisher_url` when set, with
    /// its ADMS type and its EDRPOU code as identifier when configured.
    private var publisher: JSONValue {
        .compact([
            ("@id", content.config.frame.publisherURL.map(JSONValue.string)),
            ("@type", .array([.string("foaf:Agent"), .string("foaf:Organization")])),
            ("foaf:name", texts(config.publisher ?? content.config.title)),
            ("dct:identifier", config.edrpou.map(JSONValue.string)),
            (
                "dct:type",
                config.publisherType.map {
                    concept(Self.adms + "publishertype/" + $0, "skos:Concept", english(Self.publisherTypes[$0] ?? $0), scheme: Self.adms + "publishertype/1.0")
                }
            ),
            ("foaf:homepage", content.config.frame.publisherURL.map { .object([("@id", .string($0)), ("@type", .string("foaf:Document"))]) }),
        ])
    }

    /// The contact point: `open_data.contact` when set, else the publisher with the frame's
    /// e-mail (`contact.email`) and its main site (`publisher_url`, else this site's home page).
    private var contactPoint: JSONValue {
        let email = config.contactEmail ?? content.config.frame.email
        return .compact([
            ("@type", .string("vcard:Kind")),
            ("vcard:fn", texts(config.contactName ?? config.publisher ?? content.config.title)),
            ("vcard:hasEmail", email.map { id("mailto:" + $0) }),
            ("vcard:hasURL", id(content.config.frame.publisherURL ?? iri(Routes.url(Routes.home, .main)))),
        ])
    }

    /// The legal basis as `dcatap:applicableLegislation`, in the publisher's own wording.
    private var legislation: JSONValue? {
        config.legalBasis.map { .object([("@type", .string("eli:LegalResource")), ("dct:title", texts($0))]) }
    }

    func catalog(_ published: [PublishedDataset]) -> JSONValue {
        let datasets = published.map(\.dataset)
        return .compact([
            ("@context", context),
            ("@id", .string(iri(Routes.url(DataFiles.directory, .main)))),
            ("@type", .string("dcat:Catalog")),
            (
                "dct:title",
                texts(
                    LocalizedText(
                        Dictionary(uniqueKeysWithValues: Language.allCases.map { ($0, DataPackage(content: content, theme: theme).title($0)) })))
            ),
            ("dct:description", texts(key: "data_intro")),
            ("dct:publisher", publisher),
            ("foaf:homepage", .object([("@id", .string(iri(Routes.url(Routes.home, .main)))), ("@type", .string("foaf:Document"))])),
            ("dct:language", languages),
            ("dct:license", license),
            ("dct:spatial", spatial),
            ("dct:issued", date(datasets.compactMap { DatasetDates($0, content).issued }.min())),
            ("dct:modified", date(DatasetDates.newest(datasets, content))),
            ("dcat:themeTaxonomy", concept(Self.eu + "data-theme", "skos:ConceptScheme", english("Data theme"))),
            ("dcat:dataset", .array(published.map(dataset))),
        ])
    }

    private func dataset(_ item: PublishedDataset) -> JSONValue {
        let dataset = item.dataset, meta = dataset.metadata
        let dates = DatasetDates(dataset, content)
        let page = iri(Routes.url(DataFiles.directory + dataset.id + "/", .main))
        var keywords: [JSONValue] = []
        for language in Language.allCases {
            for word in meta.keywords[language] ?? [] {
                keywords.append(.object([("@value", .string(word)), ("@language", .string(language.rawValue))]))
            }
        }
        let package = iri(Routes.url(DataFiles.directory + DataPackage.fileName, .main))
        return .compact([
            ("@id", .string(page + "#dataset")),
            ("@type", .string("dcat:Dataset")),
            ("dct:identifier", .string(dataset.id)),
            ("dct:title", texts(meta.title)),
            ("dct:description", texts(meta.description)),
            ("dcat:keyword", keywords.isEmpty ? nil : .array(keywords)),
            ("dcat:theme", meta.themes.isEmpty ? nil : .array(meta.themes.map(theme))),
            ("dct:publisher", publisher),
            ("dcat:contactPoint", contactPoint),
            ("dct:spatial", spatial),
            (
                "dct:temporal",
                dataset.temporal.map { period in
                    .object([
                        ("@type", .string("dct:PeriodOfTime")),
                        ("dcat:startDate", typed(period.start.description, "xsd:date")),
                        ("dcat:endDate", typed(period.end.description, "xsd:date")),
                    ])
                }
            ),
            ("dct:accrualPeriodicity", frequency(meta.frequency)),
            ("dct:issued", date(dates.issued)),
            ("dct:modified", date(dates.modified)),
            ("dct:language", languages),
            ("dcat:landingPage", .object([("@id", .string(page)), ("@type", .string("foaf:Document"))])),
            ("dcatap:applicableLegislation", legislation),
            (
                "dct:conformsTo",
                .object([
                    ("@id", .string(package)), ("@type", .string("dct:Standard")),
                    ("dct:title", .string("Frictionless Data Package (Table Schema)")),
                ])
            ),
            ("owl:versionInfo", DatasetDates.version(content).map(JSONValue.string)),
            ("cec:currentAsOf", date(dates.currentAsOf)),
            ("cec:updateFrequency", texts(key: "frequency_" + meta.frequency.rawValue)),
            ("cec:responsiblePerson", config.contactName.map(texts)),
            ("cec:legalBasis", config.legalBasis.map(texts)),
            ("cec:sampleData", dataset.sample ? .bool(true) : nil),
            ("dcat:distribution", .array(item.files.map { distribution($0, of: dataset, dates: dates) })),
        ])
    }

    private func distribution(_ file: PublishedDataset.File, of dataset: Dataset, dates: DatasetDates) -> JSONValue {
        let url = iri(Routes.url(DataFiles.directory + file.name, .main))
        // "Title (CSV)", "Title (CSV, Excel)": never parentheses inside parentheses.
        let format = file.format == .spreadsheetCSV ? "CSV, Excel" : file.format.label
        let title = LocalizedText(
            Dictionary(
                uniqueKeysWithValues: Language.allCases.compactMap { language in
                    dataset.metadata.title.values[language].map { (language, "\($0) (\(format))") }
                }))
        return .compact([
            ("@id", .string(url)),
            ("@type", .string("dcat:Distribution")),
            ("dct:title", texts(title)),
            ("dct:description", texts(key: "format_note_" + file.format.key)),
            ("dcat:accessURL", id(url)),
            ("dcat:downloadURL", id(url)),
            ("dct:format", fileType(file.format)),
            ("dcat:mediaType", mediaType(file.format)),
            ("dct:license", license),
            ("dcatap:availability", availability),
            ("dcat:byteSize", typed(String(file.bytes), "xsd:nonNegativeInteger")),
            (
                "spdx:checksum",
                .object([
                    ("@type", .string("spdx:Checksum")),
                    ("spdx:algorithm", checksumAlgorithm),
                    ("spdx:checksumValue", typed(file.sha256, "xsd:hexBinary")),
                ])
            ),
            ("dct:issued", date(dates.issued)),
            ("dct:modified", date(dates.modified)),
        ])
    }

    private var context: JSONValue {
        .object([
            ("dcat", .string("http://www.w3.org/ns/dcat#")),
            ("dcatap", .string("http://data.europa.eu/r5r/")),
            ("dct", .string("http://purl.org/dc/terms/")),
            ("eli", .string("http://data.europa.eu/eli/ontology#")),
            ("foaf", .string("http://xmlns.com/foaf/0.1/")),
            ("owl", .string("http://www.w3.org/2002/07/owl#")),
            ("rdfs", .string("http://www.w3.org/2000/01/rdf-schema#")),
            ("skos", .string("http://www.w3.org/2004/02/skos/core#")),
            ("vcard", .string("http://www.w3.org/2006/vcard/ns#")),
            ("spdx", .string("http://spdx.org/rdf/terms#")),
            ("xsd", .string("http://www.w3.org/2001/XMLSchema#")),
            ("cec", .string("urn:cecsite:passport:")),
        ])
    }
}
