import CECSiteContent
import CECSiteCore
import Foundation

extension Validator {
    /// The open datasets: each is described in `data/datasets.yaml` (and nothing else is), every
    /// column has a title and description, and every row meets its Table Schema — types, required
    /// values, uniqueness, closed lists, ranges, patterns, primary and foreign keys — so the
    /// published Data Package is valid before any validator sees it.
    func checkOpenData() {
        guard !content.datasetMetadata.isEmpty else { return }
        let datasets = DatasetCatalog(content: content, theme: theme).datasets()
        let ids = Set(datasets.map(\.id))
        var described: [String: SourceLocation] = [:]
        for meta in content.datasetMetadata {
            if let first = described[meta.id.value] {
                sink.error(meta.id.location, "Dataset '\(meta.id.value)' is described twice; the first is at \(first)")
            }
            described[meta.id.value] = meta.id.location
            if !ids.contains(meta.id.value) {
                let hint = Suggest.didYouMean(meta.id.value, in: ids)
                sink.error(
                    meta.id.location,
                    "No dataset '\(meta.id.value)' is derived from the content; \(hint)the datasets are: \(datasets.map(\.id).joined(separator: ", "))")
            }
        }
        let file = content.datasetMetadata.first?.id.location.file ?? "data/datasets.yaml"
        for dataset in datasets {
            guard described[dataset.id] != nil else {
                sink.error(
                    SourceLocation(file: file),
                    "Dataset '\(dataset.id)' has no metadata; add '\(dataset.id):' under 'datasets:' with title, description, frequency and fields (\(dataset.fields.map(\.name).joined(separator: ", ")))"
                )
                continue
            }
            let names = Set(dataset.fields.map(\.name))
            for field in dataset.fields where dataset.metadata.fields[field.name] == nil {
                sink.error(
                    dataset.metadata.id.location,
                    "Column '\(field.name)' of dataset '\(dataset.id)' is not described; add '\(field.name): {title: {uk, en}, description: {uk, en}}' under its fields"
                )
            }
            for (name, entry) in dataset.metadata.fields where !names.contains(name) {
                let hint = Suggest.didYouMean(name, in: names)
                sink.error(
                    entry.location,
                    "Dataset '\(dataset.id)' has no column '\(name)'; \(hint)its columns are: \(dataset.fields.map(\.name).joined(separator: ", "))")
            }
            checkRows(dataset, in: datasets)
        }
    }

    /// Every row against the dataset's schema; at most a few errors per column and rule.
    private func checkRows(_ dataset: Dataset, in all: [Dataset]) {
        func origin(_ row: Int) -> SourceLocation {
            row < dataset.origins.count ? dataset.origins[row] : dataset.metadata.id.location
        }
        for (row, values) in dataset.rows.enumerated() where values.count != dataset.fields.count {
            sink.error(origin(row), "Dataset '\(dataset.id)' row \(row + 1) has \(values.count) values for \(dataset.fields.count) columns")
            return
        }
        for (column, field) in dataset.fields.enumerated() {
            let pattern = field.pattern.flatMap { try? NSRegularExpression(pattern: "^(?:\($0))$") }
            var seen: [String: Int] = [:]
            for (row, values) in dataset.rows.enumerated() {
                let value = values[column]
                let text = value.csvText
                func fail(_ problem: String) {
                    sink.error(origin(row), "Dataset '\(dataset.id)', column '\(field.name)', row \(row + 1): \(problem); fix the content this row comes from")
                }
                if value.isMissing {
                    if field.required { fail("a value is required but missing") }
                    continue
                }
                if field.unique, let first = seen[text] {
                    fail("'\(text)' repeats row \(first + 1), but the column's values must be unique")
                }
                seen[text] = seen[text] ?? row
                if let allowed = field.allowed, !allowed.contains(text) {
                    fail("'\(text)' is not one of \(allowed.joined(separator: ", "))")
                }
                if case .integer(let n) = value {
                    if let minimum = field.minimum, n < minimum { fail("\(n) is below the minimum \(minimum)") }
                    if let maximum = field.maximum, n > maximum { fail("\(n) is above the maximum \(maximum)") }
                }
                if let pattern, pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil {
                    fail("'\(text)' does not match the pattern \(field.pattern ?? "")")
                }
            }
        }
        let index = Dictionary(uniqueKeysWithValues: dataset.fields.enumerated().map { ($1.name, $0) })
        func key(_ values: [DataValue], _ names: [String], _ index: [String: Int]) -> [String] {
            names.map { name in index[name].map { values[$0].csvText } ?? "" }
        }
        var keys: [[String]: Int] = [:]
        for (row, values) in dataset.rows.enumerated() {
            let k = key(values, dataset.primaryKey, index)
            if let first = keys[k] {
                sink.error(
                    origin(row), "Dataset '\(dataset.id)' row \(row + 1) repeats the key (\(k.joined(separator: ", "))) of row \(first + 1); ids must be unique"
                )
            } else {
                keys[k] = row
            }
        }
        for reference in dataset.foreignKeys {
            guard let target = all.first(where: { $0.id == reference.dataset }) else {
                sink.error(dataset.metadata.id.location, "Dataset '\(dataset.id)' refers to a dataset '\(reference.dataset)' that is not published")
                continue
            }
            let targetIndex = Dictionary(uniqueKeysWithValues: target.fields.enumerated().map { ($1.name, $0) })
            let existing = Set(target.rows.map { key($0, reference.referencedFields, targetIndex) })
            for (row, values) in dataset.rows.enumerated() {
                let k = key(values, reference.fields, index)
                if !existing.contains(k) {
                    sink.error(
                        origin(row),
                        "Dataset '\(dataset.id)' row \(row + 1): (\(k.joined(separator: ", "))) in \(reference.fields.joined(separator: ", ")) names no row of '\(target.id)'; add it there or correct the reference"
                    )
                }
            }
        }
    }
}
