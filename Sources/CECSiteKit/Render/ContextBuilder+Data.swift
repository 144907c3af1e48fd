import CECSiteContent
import CECSiteCore
import CECSiteFormats

/// Contexts of the open-data catalog: the list of datasets and one page per dataset with its
/// passport, downloads, field table and a preview of its first rows.
extension ContextBuilder {
    /// How many rows a dataset page previews.
    static let previewRows = 10

    /// A byte count as `812 байт` or `4,2 КБ` in the page's language.
    func size(_ bytes: Int) -> String {
        if bytes < 1024 { return string("size_bytes").replacingOccurrences(of: "{n}", with: String(bytes)) }
        let tenths = (bytes * 10 + 512) / 1024
        let text = String(tenths / 10) + string("decimal_separator") + String(tenths % 10)
        return string("size_kb").replacingOccurrences(of: "{n}", with: text)
    }

    private func downloads(_ item: PublishedDataset) -> [[String: Any]] {
        item.files.map { file in
            [
                "format": file.format.label, "mediaType": file.format.mediaType,
                "url": "/" + DataFiles.directory + file.name, "name": file.name,
                "size": size(file.bytes), "bytes": file.bytes, "sha256": file.sha256,
                "note": string("format_note_" + file.format.key),
            ]
        }
    }

    private var license: [String: Any] {
        let id = content.config.openData.license
        let known = DataPackage.licenses[id] ?? DataPackage.licenses["CC-BY-4.0"]!
        return ["id": id, "title": known.title, "url": known.url]
    }

    func dataCatalogContext(_ published: [PublishedDataset]) -> [String: Any] {
        var context = page(
            path: Routes.data, title: plain(string("data_title")), description: string("data_intro"),
            breadcrumbs: [(Routes.home, plain(string("nav_home")))], section: "data")
        context["data"] =
            [
                "datasets": published.map { item -> [String: Any] in
                    let meta = item.dataset.metadata
                    var entry: [String: Any] = [
                        "id": item.dataset.id, "title": text(meta.title), "description": text(meta.description),
                        "url": url(Routes.dataset(item.dataset.id)), "rows": item.dataset.rows.count,
                        "frequency": string("frequency_" + meta.frequency.rawValue),
                        "downloads": downloads(item),
                    ]
                    entry.set("sample", item.dataset.sample ? true : nil)
                    return entry
                },
                "packageURL": "/" + DataFiles.directory + DataPackage.fileName,
                "dcatURL": "/" + DataFiles.directory + DCAT.fileName,
                "license": license,
            ] as [String: Any]
        return context
    }

    func datasetContext(_ item: PublishedDataset) -> [String: Any] {
        let dataset = item.dataset, meta = dataset.metadata, config = content.config.openData
        // "Dataset: …", so a dataset page never shares its title with the page it was derived from.
        var title = text(meta.title)
        title["text"] = string("dataset_title_format").replacingOccurrences(of: "{title}", with: meta.title.text(language))
        var context = page(
            path: Routes.dataset(dataset.id), title: title,
            description: meta.description.text(language),
            breadcrumbs: [(Routes.home, plain(string("nav_home"))), (Routes.data, plain(string("data_title")))],
            section: "data")
        let notStated = plain(string("passport_not_stated"))
        let dates = DatasetDates(dataset, content)
        func day(_ label: String, _ value: Day?) -> [String: Any] {
            ["label": string(label), "date": date(value) ?? false, "text": value == nil ? notStated : false]
        }
        let languages = Language.allCases.compactMap { DCAT.languageNames[$0] }.map { language == .uk ? $0.uk : $0.en.lowercased() }
        let formats = item.files.map(\.format.label).joined(separator: ", ")
        let email = config.contactEmail ?? content.config.frame.email
        // The fields of the dataset passport of Resolution No. 835, in its order.
        var passport: [[String: Any]] = [
            ["label": string("passport_identifier"), "code": dataset.id],
            ["label": string("passport_language"), "text": plain(languages.joined(separator: ", "))],
            day("passport_issued", dates.issued),
            day("passport_modified", dates.modified),
            day("passport_current_as_of", dates.currentAsOf),
            ["label": string("passport_frequency"), "text": plain(string("frequency_" + meta.frequency.rawValue))],
        ]
        let keywords = meta.keywords[language] ?? []
        passport.append(["label": string("passport_keywords"), "text": keywords.isEmpty ? notStated : plain(keywords.joined(separator: ", "))])
        passport.append(["label": string("passport_formats"), "text": plain(formats)])
        passport.append(["label": string("passport_publisher"), "text": text(config.publisher ?? content.config.title)])
        passport.append(["label": string("passport_edrpou"), "code": config.edrpou ?? false, "text": config.edrpou == nil ? notStated : false])
        passport.append([
            "label": string("passport_contact"), "text": config.contactName.map(text) ?? notStated,
            "email": email ?? false,
        ])
        passport.append(["label": string("passport_legal_basis"), "text": config.legalBasis.map(text) ?? notStated])
        let version = DatasetDates.version(content)
        passport.append(["label": string("passport_version"), "code": version ?? false, "text": version == nil ? notStated : false])
        if let period = dataset.temporal, let start = date(period.start), let end = date(period.end) {
            passport.append(["label": string("passport_temporal"), "period": ["start": start, "end": end]])
        }
        passport.append(["label": string("passport_license"), "link": ["url": license["url"] ?? "", "label": license["title"] ?? ""]])
        if !dataset.sources.isEmpty {
            passport.append(["label": string("passport_source"), "texts": dataset.sources.map(text)])
        }
        for i in passport.indices {
            for key in ["code", "text", "email", "period", "date", "link", "texts"] where passport[i][key] == nil { passport[i][key] = false }
        }

        let shown = dataset.rows.prefix(Self.previewRows)
        // The preview shows a text column in the page's language only, when the dataset has it
        // in both (`title_uk`, `title_en`): the other is in the downloads and the field table.
        let names = Set(dataset.fields.map(\.name))
        let columns = dataset.fields.indices.filter { index in
            let name = dataset.fields[index].name
            guard let other = Self.language(of: dataset.fields[index]), other != language else { return true }
            return !names.contains(name.dropLast(other.rawValue.count) + language.rawValue)
        }
        var caption = string("preview_caption").replacingOccurrences(of: "{shown}", with: String(shown.count))
            .replacingOccurrences(of: "{total}", with: String(dataset.rows.count))
        if columns.count < dataset.fields.count { caption += string("preview_columns_in_page_language") }
        let preview: [String: Any] = [
            "caption": caption,
            "columns": columns.map { ["name": dataset.fields[$0].name] },
            "rows": shown.map { row in
                [
                    "cells": columns.map { (dataset.fields[$0], row[$0]) }.enumerated().map { index, pair -> [String: Any] in
                        let (field, value) = pair
                        let text = value.csvText
                        var cell: [String: Any] = ["label": field.name, "text": text.isEmpty ? "—" : text, "header": index == 0]
                        cell["code"] = Self.isCode(field) && !text.isEmpty
                        // Numbers right-aligned (digits under digits), dates never broken at a hyphen.
                        switch field.type {
                        case .integer, .number: cell["class"] = " class=\"num\""
                        case .date: cell["class"] = " class=\"nowrap\""
                        case .string, .boolean: cell["class"] = ""
                        }
                        cell["attr"] = Self.language(of: field).map { $0 == language || text.isEmpty ? "" : " lang=\"\($0.rawValue)\"" } ?? ""
                        return cell
                    }
                ]
            },
        ]
        var data: [String: Any] = [
            "id": dataset.id, "description": text(meta.description), "passport": passport,
            "downloads": downloads(item),
            "fields": dataset.fields.map { field -> [String: Any] in
                [
                    "name": field.name, "type": string("type_" + field.type.rawValue),
                    "title": text(field.title), "description": text(field.description),
                    "constraints": constraints(field, of: dataset),
                    "hasConstraints": !constraints(field, of: dataset).isEmpty,
                ]
            },
            "preview": preview,
            "packageURL": "/" + DataFiles.directory + DataPackage.fileName,
        ]
        data.set("sample", dataset.sample ? true : nil)
        context["dataset"] = data
        context["jsonld"] = schemaOrg(item).serialized(pretty: false, scriptSafe: true)
        return context
    }

    /// Constraints of a field as `{label, code?}` items: required, unique, key, allowed values…
    private func constraints(_ field: DataField, of dataset: Dataset) -> [[String: Any]] {
        var items: [[String: Any]] = []
        func add(_ key: String, _ code: String? = nil) { items.append(["label": string(key), "code": code ?? false]) }
        if dataset.primaryKey.contains(field.name) { add("constraint_primary_key") }
        for key in dataset.foreignKeys where key.fields.contains(field.name) {
            add("constraint_foreign_key", "\(key.dataset).\(key.referencedFields.joined(separator: ", "))")
        }
        if field.required { add("constraint_required") }
        if field.unique { add("constraint_unique") }
        if let allowed = field.allowed { add("constraint_enum", allowed.joined(separator: ", ")) }
        if let minimum = field.minimum { add("constraint_minimum", String(minimum)) }
        if let maximum = field.maximum { add("constraint_maximum", String(maximum)) }
        if let pattern = field.pattern { add("constraint_pattern", pattern) }
        return items
    }

    /// Identifier-like columns (ids, slugs, paths, closed lists) are shown as code.
    static func isCode(_ field: DataField) -> Bool {
        field.type == .string
            && (field.pattern != nil || field.allowed != nil
                || ["_id", "_ids", "slug", "_path"].contains(where: field.name.hasSuffix) || ["themes", "license"].contains(field.name))
    }

    /// The language a `…_uk` or `…_en` column is written in.
    static func language(of field: DataField) -> Language? {
        Language.allCases.first { field.name.hasSuffix("_" + $0.rawValue) }
    }

    /// schema.org `Dataset` for search engines' dataset search: the area and period it covers
    /// (the same as the DCAT catalog's `dct:spatial` and `dct:temporal`), the publisher (also
    /// its creator) as an organisation with its name, its site (`publisher_url`, else this
    /// site's home page) and EDRPOU code when set, and `sameAs` from `same_as:` of
    /// `datasets.yaml` when set.
    func schemaOrg(_ item: PublishedDataset) -> JSONValue {
        let dataset = item.dataset, meta = dataset.metadata, config = content.config.openData
        let name = (config.publisher ?? content.config.title).text(language)
        let site = content.config.frame.publisherURL ?? absolute(Routes.url(Routes.home, language))
        let organization = JSONValue.compact([
            ("@type", .string("Organization")), ("name", .string(name)), ("url", .string(site)),
            (
                "identifier",
                config.edrpou.map { code in
                    .object([("@type", .string("PropertyValue")), ("propertyID", .string("EDRPOU")), ("value", .string(code))])
                }
            ),
        ])
        let area = DCAT.spatialCoverage
        let place = JSONValue.object([("@type", .string("Place")), ("name", .string(area.name.text(language))), ("sameAs", .string(area.iri))])
        let page = absolute(Routes.url(Routes.dataset(dataset.id), language))
        let keywords = meta.keywords[language] ?? []
        let dates = DatasetDates(dataset, content)
        let period: JSONValue? = dataset.temporal.map { .string("\($0.start)/\($0.end)") }
        let downloads: [JSONValue] = item.files.map { file in
            .object([
                ("@type", .string("DataDownload")),
                ("encodingFormat", .string(file.format.mediaType)),
                ("contentUrl", .string(absolute("/" + DataFiles.directory + file.name))),
                ("contentSize", .string("\(file.bytes) B")),
            ])
        }
        var entries: [(String, JSONValue?)] = [
            ("@context", .string("https://schema.org")),
            ("@type", .string("Dataset")),
            ("@id", .string(page)),
            ("name", .string(meta.title.text(language))),
            ("description", .string(meta.description.text(language))),
            ("url", .string(page)),
            ("identifier", .string(dataset.id)),
            ("inLanguage", .array(Language.allCases.map { .string($0.rawValue) })),
            ("keywords", keywords.isEmpty ? nil : .array(keywords.map(JSONValue.string))),
            ("license", .string((license["url"] as? String) ?? "")),
            ("isAccessibleForFree", .bool(true)),
        ]
        entries += [
            ("publisher", organization),
            ("creator", organization),
            ("sameAs", meta.sameAs.isEmpty ? nil : .array(meta.sameAs.map(JSONValue.string))),
            ("spatialCoverage", place),
            ("temporalCoverage", period),
            ("datePublished", dates.issued.map { .string($0.description) }),
            ("dateModified", dates.modified.map { .string($0.description) }),
            ("variableMeasured", .array(dataset.fields.map { .string($0.name) })),
            ("distribution", .array(downloads)),
        ]
        return .compact(entries)
    }
}
