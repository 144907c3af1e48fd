import CECSiteContent
import CECSiteCore

/// Where an action's period stands relative to the build date. Named so nobody reads
/// "period ended" as "done": the plan records timing, not completion.
enum TimingStatus: String, Sendable {
    case notStarted = "not-started"
    case underWay = "under-way"
    case periodEnded = "period-ended"
    case unknown = "unknown"

    /// The status of a period `from…till` on `date`.
    public init(from: Day?, till: Day?, on date: Day) {
        if let from, date < from {
            self = .notStarted
        } else if let till, till < date {
            self = .periodEnded
        } else if from != nil, till != nil {
            self = .underWay
        } else {
            self = .unknown
        }
    }

    /// The interface-string key of the status's label.
    var stringKey: String { "status_" + rawValue.replacingOccurrences(of: "-", with: "_") }
}
