/// One cell of a dataset. Empty text is published as a missing value (`null` in JSON, an empty
/// field in CSV), so a CSV file and its JSON twin always hold the same records.
public enum DataValue: Hashable, Sendable {
    case text(String)
    case integer(Int)
    /// A decimal, already formatted with `.` and no thousands separators (`54.77`).
    case decimal(String)
    case date(Day)
    case boolean(Bool)
    case missing

    /// Text, or ``missing`` when it is empty.
    public static func text(_ value: String?) -> DataValue {
        guard let value, !value.isEmpty else { return .missing }
        return .text(value)
    }

    /// True for ``missing`` and for empty text, which is published the same way.
    public var isMissing: Bool {
        switch self {
        case .missing: return true
        case .text(let s): return s.isEmpty
        default: return false
        }
    }

    /// A date, or ``missing``.
    public static func date(_ value: Day?) -> DataValue { value.map(DataValue.date) ?? .missing }

    /// The value as CSV writes it: ISO 8601 dates, `.` decimals, `true`/`false`, empty when missing.
    public var csvText: String {
        switch self {
        case .text(let s): return s
        case .integer(let n): return String(n)
        case .decimal(let s): return s
        case .date(let d): return d.description
        case .boolean(let b): return b ? "true" : "false"
        case .missing: return ""
        }
    }
}

/// The Table Schema type of a field.
public enum FieldType: String, Sendable {
    case string, integer, number, date, boolean
}

/// One column of a dataset: its name, type and constraints, and its bilingual documentation.
public struct DataField: Sendable {
    /// The snake_case ASCII column name.
    public var name: String
    public var type: FieldType
    public var required: Bool = false
    public var unique: Bool = false
    /// The only values allowed, when the column is a closed list.
    public var allowed: [String]? = nil
    public var minimum: Int? = nil
    public var maximum: Int? = nil
    /// A regular expression (XML Schema flavour, as Table Schema uses) the whole value matches.
    public var pattern: String? = nil
    /// Title and description, filled from `content/data/datasets.yaml`.
    public var title = LocalizedText([:])
    public var description = LocalizedText([:])

    /// Creates a field; the texts come later from the dataset metadata.
    public init(
        _ name: String, _ type: FieldType, required: Bool = false, unique: Bool = false,
        allowed: [String]? = nil, minimum: Int? = nil, maximum: Int? = nil, pattern: String? = nil
    ) {
        self.name = name
        self.type = type
        self.required = required
        self.unique = unique
        self.allowed = allowed
        self.minimum = minimum
        self.maximum = maximum
        self.pattern = pattern
    }
}

/// A reference from columns of one dataset to the key of another.
public struct ForeignKey: Sendable {
    public var fields: [String]
    /// The referenced dataset's id.
    public var dataset: String
    public var referencedFields: [String]

    /// Creates a value from all its stored properties.
    public init(fields: [String], dataset: String, referencedFields: [String]) {
        self.fields = fields
        self.dataset = dataset
        self.referencedFields = referencedFields
    }
}

/// How often a dataset is updated: the regulation's wording comes from the interface strings
/// (`frequency_<raw value>`), the EU vocabulary's from ``euCode``.
public enum UpdateFrequency: String, CaseIterable, Sendable {
    case onChange = "on-change"
    case daily, weekly, monthly, quarterly
    case halfYearly = "half-yearly"
    case yearly
    case never

    /// The code in the EU Publications Office's frequency vocabulary, as DCAT-AP wants it.
    public var euCode: String {
        switch self {
        case .onChange: return "IRREG"
        case .daily: return "DAILY"
        case .weekly: return "WEEKLY"
        case .monthly: return "MONTHLY"
        case .quarterly: return "QUARTERLY"
        case .halfYearly: return "ANNUAL_2"
        case .yearly: return "ANNUAL"
        case .never: return "NEVER"
        }
    }
}

/// What `content/data/datasets.yaml` says about one dataset.
public struct DatasetMetadata: Sendable {
    public var id: Located<String>
    public var title: LocalizedText
    public var description: LocalizedText
    public var keywords: [Language: [String]]
    /// EU data-theme codes (`GOVE`, `SOCI`…).
    public var themes: [String]
    public var frequency: UpdateFrequency
    /// Field name → (title, description).
    public var fields: [String: (title: LocalizedText, description: LocalizedText, location: SourceLocation)]
    /// `issued:`, the day the dataset was first published, for content outside git.
    public var issued: Located<Day>? = nil
    /// `changed:`, the day its records last changed, for content outside git.
    public var changed: Located<Day>? = nil
    /// `same_as:`, absolute http(s) addresses of the same dataset elsewhere (its page on a
    /// national portal such as data.gov.ua), for schema.org `sameAs`; empty when not set.
    public var sameAs: [String] = []

    /// Creates a value from all its stored properties.
    public init(
        id: Located<String>, title: LocalizedText, description: LocalizedText, keywords: [Language: [String]], themes: [String], frequency: UpdateFrequency,
        fields: [String: (title: LocalizedText, description: LocalizedText, location: SourceLocation)]
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.keywords = keywords
        self.themes = themes
        self.frequency = frequency
        self.fields = fields
    }
}

/// The open-data settings of `site.yaml` (`open_data:`). Nothing here is invented: a key the
/// publisher has not written stays nil and the catalog says it is not stated.
public struct OpenDataConfig: Sendable {
    /// The Data Package's `name`.
    public var name: String = "open-data"
    /// An SPDX licence id; CC BY 4.0 unless configured.
    public var license: String = "CC-BY-4.0"
    public var publisher: LocalizedText?
    public var contactName: LocalizedText?
    public var contactEmail: String?
    /// The act the datasets are published under, as the publisher words it.
    public var legalBasis: LocalizedText?
    /// The package's version as the publisher numbers it (`1.2.0`), when set.
    public var version: String?
    /// The publisher's EDRPOU code (8 digits), its identifier in Ukraine's state register.
    public var edrpou: String?
    /// The publisher's kind in the ADMS publisher-type vocabulary (`NationalAuthority`…).
    public var publisherType: String?
    /// Where `open_data:` was written, for warnings about missing keys.
    public var location: SourceLocation?

    /// Creates a value from all its stored properties.
    public init(
        name: String = "open-data", license: String = "CC-BY-4.0", publisher: LocalizedText? = nil, contactName: LocalizedText? = nil,
        contactEmail: String? = nil, legalBasis: LocalizedText? = nil, location: SourceLocation? = nil
    ) {
        self.name = name
        self.license = license
        self.publisher = publisher
        self.contactName = contactName
        self.contactEmail = contactEmail
        self.legalBasis = legalBasis
        self.location = location
    }
}

/// A table published as open data: its shape, its rows and what it is.
public struct Dataset: Sendable {
    /// The URL slug and file stem: `plan-results` → `/data/plan-results.csv`.
    public var id: String
    public var fields: [DataField]
    public var primaryKey: [String]
    public var foreignKeys: [ForeignKey]
    public var rows: [[DataValue]]
    /// Where each row comes from in content, for errors about it.
    public var origins: [SourceLocation]
    public var metadata: DatasetMetadata
    /// The period the data covers, when known.
    public var temporal: (start: Day, end: Day)?
    /// The source documents the rows come from.
    public var sources: [LocalizedText]
    /// True for illustrative sample data, which pages and metadata label as such.
    public var sample: Bool = false

    /// Creates a value from all its stored properties.
    public init(
        id: String, fields: [DataField], primaryKey: [String], foreignKeys: [ForeignKey], rows: [[DataValue]], origins: [SourceLocation],
        metadata: DatasetMetadata, temporal: (start: Day, end: Day)? = nil, sources: [LocalizedText], sample: Bool = false
    ) {
        self.id = id
        self.fields = fields
        self.primaryKey = primaryKey
        self.foreignKeys = foreignKeys
        self.rows = rows
        self.origins = origins
        self.metadata = metadata
        self.temporal = temporal
        self.sources = sources
        self.sample = sample
    }
}
