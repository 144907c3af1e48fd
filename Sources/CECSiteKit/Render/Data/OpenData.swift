import CECSiteContent
import CECSiteCore
import CECSiteFormats
import Foundation

/// A dataset with its encoded files, as the catalog pages, the Data Package and DCAT describe it.
struct PublishedDataset {
    /// One encoded file of the dataset.
    struct File {
        var format: DataFiles.Format
        /// Path below `data/`: `plan-results.csv`.
        var name: String
        var data: Data
        var sha256: String
        var bytes: Int { data.count }
    }

    var dataset: Dataset
    var files: [File]
}

/// The open-data stage of rendering: encodes every dataset in every format, then writes the
/// Data Package and the DCAT catalog that describe them. Pure: the same content, theme and
/// build date give the same bytes.
struct OpenData {
    let content: SiteContent
    let theme: Theme
    let buildDate: Day

    /// The datasets with their files. A file that cannot be encoded (a workbook too large for
    /// a ZIP archive) is left out and reported to `sink` as an error, which stops the build.
    func publish(sink: DiagnosticSink? = nil) -> [PublishedDataset] {
        // Every dataset × format is encoded and hashed on its own: in parallel.
        let datasets = DatasetCatalog(content: content, theme: theme).datasets()
        let formats = DataFiles.Format.allCases
        let files = parallelMap(datasets.count * formats.count) { i -> PublishedDataset.File? in
            let dataset = datasets[i / formats.count], format = formats[i % formats.count]
            let name = DataFiles.name(dataset.id, format)
            let data: Data
            do {
                data = try DataFiles.encode(dataset, as: format)
            } catch {
                sink?.error(dataset.origins.first ?? SourceLocation(file: "content"), "Cannot write data/\(name): \(error)")
                return nil
            }
            return PublishedDataset.File(format: format, name: name, data: data, sha256: SHA256.hex(data))
        }
        return datasets.enumerated().map { n, dataset in
            PublishedDataset(dataset: dataset, files: (0..<formats.count).compactMap { files[n * formats.count + $0] })
        }
    }

    /// Every file below `data/`: the datasets, `datapackage.json` and `catalog.jsonld`.
    func files(_ published: [PublishedDataset]) -> [OutputFile] {
        guard !published.isEmpty else { return [] }
        var files = published.flatMap { item in
            item.files.map { OutputFile(path: DataFiles.directory + $0.name, data: $0.data) }
        }
        let package = DataPackage(content: content, theme: theme).descriptor(published)
        files.append(OutputFile(path: DataFiles.directory + DataPackage.fileName, data: Data(package.serialized().utf8)))
        let catalog = DCAT(content: content, theme: theme).catalog(published)
        files.append(OutputFile(path: DataFiles.directory + DCAT.fileName, data: Data(catalog.serialized().utf8)))
        return files
    }

    /// An interface string of the theme in `language` (the key itself when missing).
    static func string(_ theme: Theme, _ key: String, _ language: Language) -> String {
        theme.strings[language]?[key]?.value ?? key
    }

    /// The build date as an RFC 3339 date-time at midnight in Kyiv (`2026-11-23T00:00:00+02:00`).
    static func midnight(_ day: Day) -> String {
        var calendar = Calendar(identifier: .gregorian)
        let zone = TimeZone(identifier: "Europe/Kyiv") ?? TimeZone(identifier: "Europe/Kiev") ?? TimeZone(secondsFromGMT: 7200)!
        calendar.timeZone = zone
        var offset = 7200
        if let date = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: 12)) {
            offset = zone.secondsFromGMT(for: date)
        }
        let hours = abs(offset) / 3600, minutes = abs(offset) % 3600 / 60
        let sign = offset < 0 ? "-" : "+"
        return "\(day)T00:00:00\(sign)\(hours < 10 ? "0" : "")\(hours):\(minutes < 10 ? "0" : "")\(minutes)"
    }
}
