import SMTPSettings

/// The wizard's screens, in the order the admin meets them.
public enum Step: Int, CaseIterable, Comparable, Sendable {
    case welcome
    case provider
    case server
    case authentication
    case sender
    case test
    case review
    case done

    public static func < (lhs: Step, rhs: Step) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The name in the progress line.
    var title: String {
        switch self {
        case .welcome: "Welcome"
        case .provider: "Provider"
        case .server: "Server"
        case .authentication: "Auth"
        case .sender: "Sender"
        case .test: "Test"
        case .review: "Save"
        case .done: "Done"
        }
    }

    var next: Step? { Step(rawValue: rawValue + 1) }
    var previous: Step? { Step(rawValue: rawValue - 1) }

    /// The settings edited on this step, in screen order.
    var keys: [SettingKey] {
        switch self {
        case .server: [.address, .port, .security, .verifyCertificate]
        case .authentication: [.authentication, .userName, .password]
        case .sender: [.domain, .fromName, .fromEmailAddress, .replyToEmailAddress]
        default: []
        }
    }

    public var isForm: Bool { !keys.isEmpty }

    /// The step whose form holds `key`.
    static func holding(_ key: SettingKey) -> Step {
        allCases.first { $0.keys.contains(key) } ?? .server
    }
}
