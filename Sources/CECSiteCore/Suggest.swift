/// Finds the known name nearest to a misspelt one, for "did you mean" hints.
public enum Suggest {
    /// The candidate with the smallest edit distance to `name`, if it is close enough to be a likely typo.
    public static func nearest<S: Sequence>(to name: String, in candidates: S) -> String? where S.Element == String {
        let lowered = name.lowercased()
        var best: (name: String, distance: Int)?
        for candidate in candidates.sorted() {
            let distance = editDistance(lowered, candidate.lowercased())
            if let current = best, current.distance <= distance { continue }
            best = (candidate, distance)
        }
        guard let best else { return nil }
        let limit = max(2, min(lowered.count, best.name.count) / 3)
        return best.distance <= limit ? best.name : nil
    }

    /// `did you mean 'x'? ` for the nearest candidate, or an empty string: the start of a hint.
    public static func didYouMean<S: Sequence>(_ name: String, in candidates: S) -> String where S.Element == String {
        nearest(to: name, in: candidates).map { "did you mean '\($0)'? " } ?? ""
    }

    /// Levenshtein distance over Unicode characters.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
