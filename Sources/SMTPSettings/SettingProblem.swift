/// One thing wrong with a setting: which key, what is wrong, how to fix it.
public struct SettingProblem: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable, Codable {
        /// The settings cannot be saved or tested like this.
        case error
        /// Allowed, but probably not what the admin wants.
        case warning
    }

    public let key: SettingKey
    public let severity: Severity
    public let message: String
    public let fix: String

    public init(_ key: SettingKey, _ severity: Severity, _ message: String, fix: String) {
        self.key = key
        self.severity = severity
        self.message = message
        self.fix = fix
    }

    public init(_ key: SettingKey, _ message: String, fix: String) {
        self.init(key, .error, message, fix: fix)
    }

    public var description: String { "\(key.rawValue): \(message) \(fix)" }
}

/// The error-severity problems that stopped a save or a test.
public struct InvalidSettings: Error, Sendable, CustomStringConvertible {
    public let problems: [SettingProblem]

    public init(problems: [SettingProblem]) { self.problems = problems }

    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
