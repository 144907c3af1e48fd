/// How the news are listed: `news_on_home` and `news_per_page` in `site.yaml`.
package struct NewsSettings: Sendable, Equatable {
    /// The values `news_on_home` may take.
    package static let onHomeRange = 1...50
    /// The values `news_per_page` may take.
    package static let perPageRange = 1...100

    /// How many of the newest items the home page shows.
    package var onHome = 5
    /// How many items each page of `/news/` lists.
    package var perPage = 10
}
