import CECSiteContent
import CECSiteCore
import CECSiteSearch

/// The search page. Its form is shown by the search script; without JavaScript (or before the
/// index has loaded) the page lists every searchable thing of the site by section, so nothing
/// is out of reach.
extension ContextBuilder {
    func searchContext(_ documents: [SearchDocument]) -> [String: Any] {
        var context = page(
            path: Routes.search, title: plain(string("search_title")), description: string("search_intro"),
            breadcrumbs: [(Routes.home, plain(string("nav_home")))], section: "search")
        var order: [String] = []
        var bySection: [String: [[String: Any]]] = [:]
        for doc in documents {
            if bySection[doc.section] == nil { order.append(doc.section) }
            bySection[doc.section, default: []].append(["url": url(doc.path), "title": text(doc.title)])
        }
        context["sections"] = order.map { section -> [String: Any] in
            ["anchor": "all-" + section, "label": string("search_section_" + section + "_plural"), "items": bySection[section] ?? []]
        }
        context["search"] = [
            "url": url(Routes.search), "index": "/" + SearchIndex.directory, "prefix": urlPrefix, "script": "/assets/search.js",
        ]
        return context
    }
}
