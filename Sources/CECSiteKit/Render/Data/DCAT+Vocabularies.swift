import CECSiteContent
import CECSiteCore
import CECSiteFormats

/// The controlled vocabularies the catalog uses, each IRI with its type and label written beside
/// it (as ckanext-dcat's writer does), so that DCAT-AP 3's shapes can check the ranges and a
/// harvester needs no other file: EU file types, IANA media types, EU languages, countries,
/// data themes, frequencies and availability, ADMS publisher and licence types, SPDX algorithms.
extension DCAT {
    static let eu = "http://publications.europa.eu/resource/authority/"
    static let adms = "http://purl.org/adms/"

    /// ADMS publisher types (`publisher_type` in `site.yaml`) and their English labels.
    static var publisherTypes: [String: String] { OpenDataVocabulary.publisherTypes }

    /// English labels of the EU data-theme vocabulary.
    static let themeLabels = [String: String](
        uniqueKeysWithValues: [
            ("AGRI", "Agriculture, fisheries, forestry and food"), ("ECON", "Economy and finance"), ("EDUC", "Education, culture and sport"),
            ("ENER", "Energy"), ("ENVI", "Environment"), ("GOVE", "Government and public sector"), ("HEAL", "Health"),
            ("INTR", "International issues"), ("JUST", "Justice, legal system and public safety"), ("OP_DATPRO", "Provisional data"),
            ("REGI", "Regions and cities"), ("SOCI", "Population and society"), ("TECH", "Science and technology"), ("TRAN", "Transport"),
        ])

    /// The EU language vocabulary's code and name (in Ukrainian and English) of each site language.
    static let languageNames = [Language: (code: String, uk: String, en: String)](
        uniqueKeysWithValues: [
            (.uk, ("UKR", "українська", "Ukrainian")), (.en, ("ENG", "англійська", "English")),
        ])

    /// Licence types (ADMS) of each licence, and the id and title CKAN's default licence list
    /// gives it (what ckanext-dcat matches a harvested licence against).
    static let licenseFacts = [String: (types: [String], ckanID: String, ckanTitle: String)](
        uniqueKeysWithValues: [
            ("CC-BY-4.0", (types: ["Attribution"], ckanID: "cc-by", ckanTitle: "Creative Commons Attribution")),
            ("CC-BY-SA-4.0", (types: ["Attribution", "ShareAlike"], ckanID: "cc-by-sa", ckanTitle: "Creative Commons Attribution Share-Alike")),
            ("CC0-1.0", (types: ["PublicDomain"], ckanID: "cc-zero", ckanTitle: "Creative Commons CCZero")),
            ("ODC-By-1.0", (types: ["Attribution"], ckanID: "odc-by", ckanTitle: "Open Data Commons Attribution License")),
            ("ODbL-1.0", (types: ["Attribution", "ShareAlike"], ckanID: "odc-odbl", ckanTitle: "Open Data Commons Open Database License (ODbL)")),
            ("PDDL-1.0", (types: ["PublicDomain"], ckanID: "odc-pddl", ckanTitle: "Open Data Commons Public Domain Dedication and License (PDDL)")),
        ])

    /// A controlled-vocabulary concept: IRI, type, labels.
    func concept(_ iri: String, _ type: String, _ labels: JSONValue, scheme: String? = nil) -> JSONValue {
        .compact([
            ("@id", .string(iri)), ("@type", .string(type)), ("skos:prefLabel", labels), ("rdfs:label", labels),
            ("skos:inScheme", scheme.map { id($0) }),
        ])
    }

    func english(_ text: String) -> JSONValue { .array([.object([("@value", .string(text)), ("@language", .string("en"))])]) }

    var languages: JSONValue {
        .array(
            Language.allCases.compactMap { language in
                Self.languageNames[language].map { name in
                    concept(
                        Self.eu + "language/" + name.code, "dct:LinguisticSystem",
                        texts(LocalizedText([.uk: name.uk, .en: name.en])), scheme: Self.eu + "language")
                }
            })
    }

    /// The area every dataset of the CEC covers: Ukraine, its IRI in the EU countries vocabulary
    /// and its name. The catalog's `dct:spatial` and the dataset pages' schema.org
    /// `spatialCoverage` both come from here.
    static let spatialCoverage = (iri: eu + "country/UKR", name: LocalizedText([.uk: "Україна", .en: "Ukraine"]))

    /// Ukraine, in the EU countries vocabulary (``spatialCoverage``).
    var spatial: JSONValue {
        concept(Self.spatialCoverage.iri, "dct:Location", texts(Self.spatialCoverage.name), scheme: Self.eu + "country")
    }

    func theme(_ code: String) -> JSONValue {
        concept(Self.eu + "data-theme/" + code, "skos:Concept", english(Self.themeLabels[code] ?? code), scheme: Self.eu + "data-theme")
    }

    func frequency(_ frequency: UpdateFrequency) -> JSONValue {
        concept(Self.eu + "frequency/" + frequency.euCode, "dct:Frequency", texts(key: "frequency_" + frequency.rawValue), scheme: Self.eu + "frequency")
    }

    func fileType(_ format: DataFiles.Format) -> JSONValue {
        let label = JSONValue.string(format.euCode)
        return concept(Self.eu + "file-type/" + format.euCode, "dct:MediaTypeOrExtent", label, scheme: Self.eu + "file-type")
    }

    func mediaType(_ format: DataFiles.Format) -> JSONValue {
        concept("https://www.iana.org/assignments/media-types/" + format.mediaType, "dct:MediaType", .string(format.mediaType))
    }

    /// The licence: its IRI, title and SPDX id, ADMS types, and CKAN's id and title for it.
    var license: JSONValue {
        let spdx = DataPackage.licenses[config.license] != nil ? config.license : "CC-BY-4.0"
        let url = DataPackage.licenses[spdx]?.url ?? "", title = DataPackage.licenses[spdx]?.title ?? spdx
        let facts = Self.licenseFacts[spdx]
        var identifiers: [JSONValue] = [.string(spdx)]
        if let facts { identifiers.append(.string(facts.ckanID)) }
        var types: JSONValue?
        if let facts {
            let scheme = Self.adms + "licencetype/1.1"
            types = .array(facts.types.map { concept(Self.adms + "licencetype/" + $0, "skos:Concept", english($0), scheme: scheme) })
        }
        let entries: [(String, JSONValue?)] = [
            ("@id", .string(url)), ("@type", .string("dct:LicenseDocument")),
            ("dct:title", facts.map { JSONValue.string($0.ckanTitle) }),
            ("rdfs:label", .string(title)),
            ("dct:identifier", .array(identifiers)),
            ("dct:type", types),
        ]
        return .compact(entries)
    }

    var availability: JSONValue {
        concept("http://data.europa.eu/r5r/availability/available", "skos:Concept", english("Available"), scheme: "http://data.europa.eu/r5r/availability")
    }

    var checksumAlgorithm: JSONValue {
        .object([
            ("@id", .string("http://spdx.org/rdf/terms#checksumAlgorithm_sha256")), ("@type", .string("spdx:ChecksumAlgorithm")),
            ("rdfs:label", .string("SHA-256")),
        ])
    }
}
