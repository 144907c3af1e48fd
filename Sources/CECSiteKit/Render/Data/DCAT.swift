import CECSiteCore
import CECSiteFormats

/// The DCAT-AP 3 catalog at `data/catalog.jsonld`, for portal harvesters (data.gov.ua's CKAN,
/// data.europa.eu): JSON-LD with its context inline, every dataset with its distributions,
/// checksums and sizes, plus the passport fields of Ukraine's open-data regulation in a small
/// vocabulary of ours (`cec:`), documented in docs/OPEN-DATA.md. IRIs are absolute when the
/// site has a `base_url`; otherwise they are relative to the catalog's own address, which
/// JSON-LD resolves against the document's URL.
struct DCAT {
    let content: SiteContent
    let theme: Theme
    let buildDate: Day

    static let fileName = "catalog.jsonld"

    private static let eu = "http://publications.europa.eu/resource/authority/"
    private static let languageCodes: [Language: String] = [.uk: "UKR", .en: "ENG"]

    private func string(_ key: String, _ language: Language) -> String { OpenData.string(theme, key, language) }
    private var config: OpenDataConfig { content.config.openData }

    /// An IRI for a site path (`/data/x.csv`).
    func iri(_ path: String) -> String { (content.config.baseURL ?? "") + path }

    private func id(_ iri: String) -> JSONValue { .object([("@id", .string(iri))]) }

    private func typed(_ value: String, _ type: String) -> JSONValue {
        .object([("@value", .string(value)), ("@type", .string(type))])
    }

    /// A text in every language it exists in, language-tagged.
    private func texts(_ text: LocalizedText) -> JSONValue {
        .array(
            Language.allCases.compactMap { language in
                text.values[language].map { .object([("@value", .string($0)), ("@language", .string(language.rawValue))]) }
            })
    }

    private func texts(key: String) -> JSONValue {
        texts(LocalizedText(Dictionary(uniqueKeysWithValues: Language.allCases.map { ($0, string(key, $0)) })))
    }

    private var publisher: JSONValue {
        .object([("@type", .string("foaf:Agent")), ("foaf:name", texts(config.publisher ?? content.config.title))])
    }

    private var contactPoint: JSONValue? {
        guard config.contactName != nil || config.contactEmail != nil else { return nil }
        return .compact([
            ("@type", .string("vcard:Kind")),
            ("vcard:fn", config.contactName.map(texts)),
            ("vcard:hasEmail", config.contactEmail.map { id("mailto:" + $0) }),
        ])
    }

    private var license: JSONValue {
        id((DataPackage.licenses[config.license] ?? DataPackage.licenses["CC-BY-4.0"]!).url)
    }

    private var languages: JSONValue {
        .array(Language.allCases.compactMap { Self.languageCodes[$0].map { id(Self.eu + "language/" + $0) } })
    }

    func catalog(_ published: [PublishedDataset]) -> JSONValue {
        .compact([
            ("@context", context),
            ("@id", .string(iri(Routes.url(DataFiles.directory, .main)))),
            ("@type", .string("dcat:Catalog")),
            (
                "dct:title",
                texts(
                    LocalizedText(
                        Dictionary(
                            uniqueKeysWithValues: Language.allCases.map {
                                ($0, DataPackage(content: content, theme: theme, buildDate: buildDate).title($0))
                            })))
            ),
            ("dct:description", texts(key: "data_intro")),
            ("dct:publisher", publisher),
            ("foaf:homepage", id(iri(Routes.url(Routes.home, .main)))),
            ("dct:language", languages),
            ("dct:license", license),
            ("dct:modified", typed(buildDate.description, "xsd:date")),
            ("dcat:themeTaxonomy", id(Self.eu + "data-theme")),
            ("dcat:dataset", .array(published.map(dataset))),
        ])
    }

    private func dataset(_ item: PublishedDataset) -> JSONValue {
        let dataset = item.dataset, meta = dataset.metadata
        let page = iri(Routes.url(DataFiles.directory + dataset.id + "/", .main))
        var keywords: [JSONValue] = []
        for language in Language.allCases {
            for word in meta.keywords[language] ?? [] {
                keywords.append(.object([("@value", .string(word)), ("@language", .string(language.rawValue))]))
            }
        }
        let frequency = LocalizedText(
            Dictionary(
                uniqueKeysWithValues: Language.allCases.map {
                    ($0, string("frequency_" + meta.frequency.rawValue, $0))
                }))
        return .compact([
            ("@id", .string(page)),
            ("@type", .string("dcat:Dataset")),
            ("dct:identifier", .string(dataset.id)),
            ("dct:title", texts(meta.title)),
            ("dct:description", texts(meta.description)),
            ("dcat:keyword", keywords.isEmpty ? nil : .array(keywords)),
            ("dcat:theme", meta.themes.isEmpty ? nil : .array(meta.themes.map { id(Self.eu + "data-theme/" + $0) })),
            ("dct:publisher", publisher),
            ("dcat:contactPoint", contactPoint),
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
            ("dct:accrualPeriodicity", id(Self.eu + "frequency/" + meta.frequency.euCode)),
            ("dct:modified", typed(buildDate.description, "xsd:date")),
            ("dct:language", languages),
            ("dcat:landingPage", id(page)),
            ("dct:conformsTo", id(iri(Routes.url(DataFiles.directory + DataPackage.fileName, .main)))),
            ("cec:currentAsOf", typed(buildDate.description, "xsd:date")),
            ("cec:updateFrequency", texts(frequency)),
            ("cec:responsiblePerson", config.contactName.map(texts)),
            ("cec:legalBasis", config.legalBasis.map(texts)),
            ("cec:sampleData", dataset.sample ? .bool(true) : nil),
            ("dcat:distribution", .array(item.files.map { distribution($0, of: dataset) })),
        ])
    }

    private func distribution(_ file: PublishedDataset.File, of dataset: Dataset) -> JSONValue {
        let url = iri(Routes.url(DataFiles.directory + file.name, .main))
        let format = file.format.rawValue.uppercased()
        let title = LocalizedText(
            Dictionary(
                uniqueKeysWithValues: Language.allCases.compactMap { language in
                    dataset.metadata.title.values[language].map { (language, "\($0) (\(format))") }
                }))
        return .compact([
            ("@id", .string(url)),
            ("@type", .string("dcat:Distribution")),
            ("dct:title", texts(title)),
            ("dcat:accessURL", id(url)),
            ("dcat:downloadURL", id(url)),
            ("dct:format", id(Self.eu + "file-type/" + file.format.euCode)),
            ("dcat:mediaType", id("https://www.iana.org/assignments/media-types/" + file.format.mediaType)),
            ("dct:license", license),
            ("dcat:byteSize", typed(String(file.bytes), "xsd:nonNegativeInteger")),
            (
                "spdx:checksum",
                .object([
                    ("@type", .string("spdx:Checksum")),
                    ("spdx:algorithm", id("http://spdx.org/rdf/terms#checksumAlgorithm_sha256")),
                    ("spdx:checksumValue", typed(file.sha256, "xsd:hexBinary")),
                ])
            ),
            ("dct:modified", typed(buildDate.description, "xsd:date")),
        ])
    }

    private var context: JSONValue {
        .object([
            ("dcat", .string("http://www.w3.org/ns/dcat#")),
            ("dct", .string("http://purl.org/dc/terms/")),
            ("foaf", .string("http://xmlns.com/foaf/0.1/")),
            ("vcard", .string("http://www.w3.org/2006/vcard/ns#")),
            ("spdx", .string("http://spdx.org/rdf/terms#")),
            ("xsd", .string("http://www.w3.org/2001/XMLSchema#")),
            ("cec", .string("urn:cecsite:passport:")),
        ])
    }
}
