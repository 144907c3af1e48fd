import CECSiteCore
import Foundation
import Yams

/// Loads `data/datasets.yaml`: what each open dataset is (titles, descriptions, keywords,
/// themes, update frequency, the meaning of each column). The rows themselves are derived from
/// the rest of the content; this file only describes them. A site without the file publishes
/// no metadata, and the validator names what is missing.
package struct DatasetMetadataLoader {
    package let file: String
    package let sink: DiagnosticSink

    /// The EU data-theme vocabulary's codes (DCAT-AP's recommended themes).
    package static let themes = ["AGRI", "ECON", "EDUC", "ENER", "ENVI", "GOVE", "HEAL", "INTR", "JUST", "OP_DATPRO", "REGI", "SOCI", "TECH", "TRAN"]

    package func load() -> [DatasetMetadata] {
        guard FileManager.default.fileExists(atPath: file), let text = SourceFiles(sink: sink).text(file) else { return [] }
        let reader = YAMLReader(file: file, sink: sink)
        guard let top = reader.root(text, what: "the dataset metadata") else { return [] }
        defer { top.finish("the dataset metadata (keys: datasets)") }
        guard let node = top.node("datasets", required: true, what: "the datasets, by id"),
            case .mapping(let mapping) = node
        else {
            if let node = top.node("datasets", required: false, what: "") {
                sink.error(reader.location(of: node), "Expected 'datasets' as a mapping of dataset id to its metadata")
            }
            return []
        }
        return mapping.compactMap { key, value in
            guard let id = reader.string(key, what: "a dataset id") else { return nil }
            return dataset(id, value, reader)
        }
    }

    private func dataset(_ id: Located<String>, _ node: Node, _ reader: YAMLReader) -> DatasetMetadata? {
        guard let f = reader.mapping(node, what: "the metadata of dataset '\(id.value)'") else { return nil }
        let title = f.localized("title", what: "the dataset's title")
        let description = f.localized("description", what: "the dataset's description")
        var keywords: [Language: [String]] = [:]
        if let node = f.node("keywords", required: false, what: "keywords per language"),
            let k = reader.mapping(node, what: "'keywords' (a list per language, like {uk: [a, b], en: [c]})")
        {
            for language in Language.allCases {
                keywords[language] = k.list(language.rawValue, required: false, what: "keywords in \(language.rawValue)")
                    .compactMap { reader.string($0, what: "a keyword")?.value }
            }
            k.finish("'keywords' (languages are \(Language.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let themes = f.list("themes", required: false, what: "EU data themes").compactMap { node -> String? in
            guard let theme = reader.string(node, what: "a theme") else { return nil }
            guard Self.themes.contains(theme.value) else {
                let hint = Suggest.didYouMean(theme.value, in: Set(Self.themes))
                sink.error(
                    theme.location, "Unknown theme '\(theme.value)'; \(hint)use a code of the EU data-theme vocabulary: \(Self.themes.joined(separator: ", "))")
                return nil
            }
            return theme.value
        }
        var frequency = UpdateFrequency.onChange
        if let value = f.string("frequency", what: "how often the dataset is updated") {
            if let known = UpdateFrequency(rawValue: value.value) {
                frequency = known
            } else {
                let all = UpdateFrequency.allCases.map(\.rawValue)
                let hint = Suggest.didYouMean(value.value, in: Set(all))
                sink.error(value.location, "Unknown frequency '\(value.value)'; \(hint)write one of: \(all.joined(separator: ", "))")
            }
        }
        var fields: [String: (title: LocalizedText, description: LocalizedText, location: SourceLocation)] = [:]
        if let node = f.node("fields", required: true, what: "the meaning of each column"), case .mapping(let mapping) = node {
            for (key, value) in mapping {
                guard let name = reader.string(key, what: "a field name"), let g = reader.mapping(value, what: "field '\(name.value)'") else { continue }
                let title = g.localized("title", what: "the column's title")
                let description = g.localized("description", what: "what the column holds")
                g.finish("field '\(name.value)' (keys: title, description)")
                if let title, let description { fields[name.value] = (title, description, name.location) }
            }
        } else if let node = f.node("fields", required: false, what: "") {
            sink.error(reader.location(of: node), "Expected 'fields' as a mapping of column name to {title, description}")
        }
        let issued = f.day("issued", required: false, what: "the day the dataset was first published (used when the content is not in git)")
        let changed = f.day("changed", required: false, what: "the day its records last changed (used when the content is not in git)")
        if let issued, let changed, changed.value < issued.value {
            sink.error(
                changed.location, "The dataset changed on \(changed.value), before it was first published (issued: \(issued.value)); correct either date")
        }
        let sameAs = f.list("same_as", required: false, what: "addresses of the same dataset on other sites").compactMap { node -> String? in
            guard let url = reader.string(node, what: "an address") else { return nil }
            let parts = URLComponents(string: url.value)
            guard let parts, ["http", "https"].contains(parts.scheme?.lowercased() ?? ""), parts.host?.isEmpty == false else {
                sink.error(
                    url.location,
                    "Invalid same_as address '\(url.value)'; write the full address of the same dataset on another site, e.g. https://data.gov.ua/dataset/…")
                return nil
            }
            return url.value
        }
        f.finish("the metadata of dataset '\(id.value)' (keys: title, description, keywords, themes, frequency, issued, changed, same_as, fields)")
        guard let title, let description else { return nil }
        var metadata = DatasetMetadata(
            id: id, title: title, description: description, keywords: keywords, themes: themes,
            frequency: frequency, fields: fields)
        metadata.issued = issued
        metadata.changed = changed
        metadata.sameAs = sameAs
        return metadata
    }

    /// The `open_data:` mapping of `site.yaml`.
    package static func openData(_ f: Fields, reader: YAMLReader) -> OpenDataConfig {
        var config = OpenDataConfig()
        config.location = f.location
        if let name = f.string("name", required: false, what: "the Data Package's name") {
            if name.value.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || "-_.".contains($0)) }) {
                config.name = name.value
            } else {
                reader.sink.error(name.location, "Invalid open_data name '\(name.value)'; use lowercase ASCII letters, digits and - _ . only")
            }
        }
        if let license = f.string("license", required: false, what: "an SPDX licence id such as CC-BY-4.0") {
            if OpenDataVocabulary.licenses[license.value] != nil {
                config.license = license.value
            } else {
                let known = OpenDataVocabulary.licenses.keys.sorted()
                reader.sink.error(
                    license.location, "Unknown licence '\(license.value)'; write one of \(known.joined(separator: ", ")) (SPDX ids of open licences)")
            }
        }
        config.publisher = f.localized("publisher", required: false, what: "the publisher's name")
        if let node = f.node("contact", required: false, what: "the contact point"),
            let c = reader.mapping(node, what: "the contact point ({name: {uk, en}, email})")
        {
            config.contactName = c.localized("name", required: false, what: "the responsible person or office")
            if let email = c.string("email", required: false, what: "the contact e-mail address") {
                let parts = email.value.split(separator: "@", omittingEmptySubsequences: false)
                if parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !email.value.contains(where: \.isWhitespace) {
                    config.contactEmail = email.value
                } else {
                    reader.sink.error(email.location, "Invalid e-mail address '\(email.value)'; write it as name@example.org")
                }
            }
            c.finish("the contact point (keys: name, email)")
        }
        config.legalBasis = f.localized("legal_basis", required: false, what: "the act the datasets are published under")
        if let version = f.string("version", required: false, what: "the package's semantic version, such as 1.0.0") {
            let parts = version.value.split(separator: ".", omittingEmptySubsequences: false)
            if parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) {
                config.version = version.value
            } else {
                reader.sink.error(version.location, "Invalid open_data version '\(version.value)'; write a semantic version MAJOR.MINOR.PATCH such as 1.0.0")
            }
        }
        if let code = f.string("edrpou", required: false, what: "the publisher's EDRPOU code (8 digits)") {
            if code.value.count == 8, code.value.allSatisfy({ $0.isASCII && $0.isNumber }) {
                config.edrpou = code.value
            } else {
                reader.sink.error(
                    code.location, "Invalid EDRPOU code '\(code.value)'; write the publisher's 8-digit code from the state register, as a quoted string")
            }
        }
        if let kind = f.string("publisher_type", required: false, what: "the publisher's kind (ADMS publisher type)") {
            if OpenDataVocabulary.publisherTypes[kind.value] != nil {
                config.publisherType = kind.value
            } else {
                let known = OpenDataVocabulary.publisherTypes.keys.sorted()
                let hint = Suggest.didYouMean(kind.value, in: Set(known))
                reader.sink.error(
                    kind.location, "Unknown publisher_type '\(kind.value)'; \(hint)write one of the ADMS publisher types: \(known.joined(separator: ", "))")
            }
        }
        f.finish("the open-data settings (keys: name, license, publisher, publisher_type, edrpou, contact, legal_basis, version)")
        return config
    }
}
