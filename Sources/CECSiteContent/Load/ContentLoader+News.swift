import CECSiteCore

extension ContentLoader {
    /// The news settings of `site.yaml`: `news_on_home` and `news_per_page`, each a whole number
    /// in its range (``NewsSettings``), the default where a key is left out. A bad value is an
    /// error at the value, and the default is kept so the rest of the build can be checked.
    package static func newsSettings(_ f: Fields) -> NewsSettings {
        var settings = NewsSettings()
        func read(_ key: String, _ range: ClosedRange<Int>, _ what: String, default value: Int) -> Int {
            guard let text = f.string(key, required: false, what: what) else { return value }
            if text.value.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(text.value), range.contains(number) { return number }
            f.reader.sink.error(
                text.location,
                "Invalid \(key) '\(text.value)'; write a whole number from \(range.lowerBound) to \(range.upperBound) (\(what)), e.g. '\(key): \(value)'")
            return value
        }
        settings.onHome = read(
            "news_on_home", NewsSettings.onHomeRange, "how many of the newest news items the home page lists",
            default: settings.onHome)
        settings.perPage = read(
            "news_per_page", NewsSettings.perPageRange, "how many news items each page of the news list shows",
            default: settings.perPage)
        return settings
    }
}
