/// How a person-level record's gender is counted. `unknown` holds records whose gender column
/// is empty or says unknown; `other` holds records that give another gender. Neither is dropped.
public enum RecordGender: String, CaseIterable, Sendable {
    case women, men, other, unknown

    /// The accepted codes, case-insensitive, after trimming spaces: `female`, `f`, `woman`, `ж`,
    /// `жінка` → women; `male`, `m`, `man`, `ч`, `чоловік` → men; `other`, `інша` → other;
    /// empty, `unknown`, `невідомо` → unknown. Anything else is an error.
    public static func code(_ text: String) -> RecordGender? {
        // The canonical codes first: this runs once per record.
        switch text {
        case "female": return .women
        case "male": return .men
        case "": return .unknown
        default: break
        }
        switch text.trimmedSpaces.lowercased() {
        case "female", "f", "woman", "ж", "жінка": return .women
        case "male", "m", "man", "ч", "чоловік": return .men
        case "other", "інша", "інше": return .other
        case "", "unknown", "невідомо": return .unknown
        default: return nil
        }
    }
}

/// The kind of a records file, which fixes its columns and what it is aggregated by.
public enum RecordKind: String, CaseIterable, Sendable {
    /// Election commission members: aggregated by election × level × position × region.
    case members
    /// Registered candidates: aggregated by election × nomination × region.
    case candidates

    /// The columns a file must have (in any order; others are an error).
    public var columns: [String] {
        switch self {
        case .members: return ["election", "level", "commission_id", "region", "position", "gender"]
        case .candidates: return ["election", "nomination", "region", "district", "gender"]
        }
    }

    /// The columns that are published, as aggregation keys. `commission_id` and `district` are
    /// read only to check that they are present; they never leave the loader.
    public var keys: [String] {
        switch self {
        case .members: return ["election", "level", "position", "region"]
        case .candidates: return ["election", "nomination", "region"]
        }
    }

    /// The closed lists of values of some columns.
    public var allowed: [String: [String]] {
        switch self {
        case .members: return ["level": ["district", "territorial", "precinct"], "position": ["chair", "deputy_chair", "secretary", "member"]]
        case .candidates: return [:]
        }
    }

    /// The column a page breaks the counts down by besides region.
    public var breakdown: String { self == .members ? "position" : "nomination" }
}

/// A records file after aggregation: only the counts per key leave the loader.
public struct RecordSet: Sendable {
    public var id: Located<String>
    public var kind: RecordKind
    public var title: LocalizedText
    public var description: LocalizedText
    public var source: LocalizedText
    /// Illustrative sample data, labelled so on every page and in the metadata.
    public var sample: Bool
    public var note: LocalizedText?
    /// How many records were read.
    public var records: Int
    /// Counts per gender (in ``RecordGender`` order) for each key (values of ``RecordKind/keys``), sorted by key.
    public var groups: [(key: [String], counts: [Int])]

    /// Creates a value from all its stored properties.
    public init(
        id: Located<String>, kind: RecordKind, title: LocalizedText, description: LocalizedText, source: LocalizedText, sample: Bool,
        note: LocalizedText? = nil, records: Int, groups: [(key: [String], counts: [Int])]
    ) {
        self.id = id
        self.kind = kind
        self.title = title
        self.description = description
        self.source = source
        self.sample = sample
        self.note = note
        self.records = records
        self.groups = groups
    }

    /// The elections, in order of first appearance in the sorted keys.
    public var elections: [String] {
        var seen: [String] = []
        for group in groups where !seen.contains(group.key[0]) { seen.append(group.key[0]) }
        return seen
    }

    /// The counts of one election summed by the value of key column `column`.
    public func totals(election: String, by column: String) -> [(value: String, counts: [Int])] {
        guard let index = kind.keys.firstIndex(of: column) else { return [] }
        var sums: [String: [Int]] = [:]
        var order: [String] = []
        for group in groups where group.key[0] == election {
            let value = group.key[index]
            if sums[value] == nil { order.append(value); sums[value] = Array(repeating: 0, count: RecordGender.allCases.count) }
            for i in group.counts.indices { sums[value]?[i] += group.counts[i] }
        }
        let ranked =
            kind.allowed[column].map { list in order.sorted { (list.firstIndex(of: $0) ?? .max, $0) < (list.firstIndex(of: $1) ?? .max, $1) } }
            ?? order.sorted()
        return ranked.map { ($0, sums[$0] ?? []) }
    }
}

extension String {
    /// The text without leading and trailing spaces and tabs; cheap when there are none, as in
    /// nearly every field of a records file.
    public var trimmedSpaces: String {
        func isSpace(_ c: Character) -> Bool { c == " " || c == "\t" }
        guard let first = first, let last = last, isSpace(first) || isSpace(last) else { return self }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
