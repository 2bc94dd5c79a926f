/// Where the settings stand against the last test, in the words review shows.
public enum TestStanding: Equatable, Sendable {
    case passed
    /// Passed, with a reservation (trusted only through `--ca-file`).
    case passedBut(String)
    case running
    case failed(title: String)
    case changedSincePass
    case notRun

    /// The standing of `settings`, given the last passing and failing runs.
    public init(
        _ settings: MailSettings, lastPassed: MailSettings?, lastFailed: (settings: MailSettings, title: String)?,
        running: Bool = false, reservation: String? = nil
    ) {
        if lastPassed == settings {
            self = reservation.map { .passedBut($0) } ?? .passed
        } else if running {
            self = .running
        } else if let lastFailed, lastFailed.settings == settings {
            self = .failed(title: lastFailed.title)
        } else if lastPassed != nil {
            self = .changedSincePass
        } else {
            self = .notRun
        }
    }

    public var text: String {
        switch self {
        case .passed: "passed with these settings"
        case .passedBut(let reservation): "passed, but " + reservation
        case .running: "running"
        case .failed(let title): "failed: \(title)"
        case .changedSincePass: "the settings changed since the last passing test"
        case .notRun: "not run"
        }
    }

    /// Why saving `settings` asks once more, or nil when they are the ones that passed.
    public static func untestedReason(_ settings: MailSettings, lastPassed: MailSettings?) -> String? {
        if lastPassed == settings { return nil }
        return lastPassed == nil
            ? "These settings have not passed a test." : "The settings changed since the last passing test."
    }
}
