// Module SMTPSettings: the settings model and every rule about it, once.
// Holds the keys and values (MailSettings, SettingKey), the form's rules
// (SettingsDraft: which fields apply, defaults, unused secrets, the review
// summary as data), validation with problem + fix (SettingsValidator), the
// shared stores (SQLite, PostgreSQL, Forem's table, Targets for application
// files), their errors, notices, and TerminalSafe for text from outside.
// May import: Foundation, GRDB, Yams, PostgresNIO and NIO (for the
// PostgreSQL store only). Never curses, the wizard, or the probe.

/// One set of SMTP settings, as the store holds them: text by key.
///
/// Values stay text so that what the admin typed survives until it is
/// validated; the typed accessors read through the defaults.
public struct MailSettings: Equatable, Sendable {
    private var stored: [SettingKey: String]

    public init(_ values: [SettingKey: String] = [:]) {
        stored = [:]
        for (key, value) in values { self[key] = value }
    }

    /// The stored value; an empty string clears the key.
    public subscript(key: SettingKey) -> String? {
        get { stored[key] }
        set {
            if let newValue, !newValue.isEmpty {
                stored[key] = key == .port ? Self.canonicalPort(newValue) : newValue
            } else {
                stored[key] = nil
            }
        }
    }

    /// `0587` and `+587` are the port 587: stored as the application will
    /// read it back, so that no other program parses a leading zero as octal.
    static func canonicalPort(_ text: String) -> String {
        guard text.utf8.allSatisfy({ (0x30...0x39).contains($0) || $0 == 0x2B }),
            let number = Int(text), number > 0
        else { return text }
        return String(number)
    }

    /// The stored value, or the key's default.
    public func effective(_ key: SettingKey) -> String? {
        stored[key] ?? key.defaultValue
    }

    /// The keys that hold a value, in form order.
    public var setKeys: [SettingKey] { stored.keys.sorted() }

    public var isEmpty: Bool { stored.isEmpty }

    public var hasPassword: Bool { stored[.password] != nil }

    /// The keys whose stored values differ between the two.
    public func changedKeys(from other: MailSettings) -> [SettingKey] {
        SettingKey.allCases.filter { self[$0] != other[$0] }
    }

    /// A copy where every key with a default holds it explicitly: what a
    /// save writes, so the application reads what the form showed.
    public var withDefaults: MailSettings {
        var copy = self
        for key in SettingKey.allCases where copy[key] == nil { copy[key] = key.defaultValue }
        return copy
    }

    /// A copy without the password, for history snapshots and displays.
    public var withoutSecrets: MailSettings {
        var copy = self
        copy[.password] = nil
        return copy
    }

    public var address: String? { effective(.address) }
    public var port: Int? { effective(.port).flatMap { Int($0) } }
    public var security: Security? { effective(.security).flatMap(Security.init(rawValue:)) }
    public var verifyCertificate: Bool { effective(.verifyCertificate) != "false" }
    public var authentication: Authentication? {
        effective(.authentication).flatMap(Authentication.init(rawValue:))
    }
    public var userName: String? { stored[.userName] }
    public var password: String? { stored[.password] }
    public var domain: String? { stored[.domain] }
    public var fromName: String? { stored[.fromName] }
    public var fromEmailAddress: String? { stored[.fromEmailAddress] }
    public var replyToEmailAddress: String? { stored[.replyToEmailAddress] }

    /// Every stored value as text by key name, for export and snapshots.
    public var dictionary: [String: String] {
        Dictionary(uniqueKeysWithValues: stored.map { ($0.key.rawValue, $0.value) })
    }

    /// Reads stored rows, ignoring names this version does not know.
    public init(dictionary: [String: String]) {
        self.init()
        for (name, value) in dictionary {
            if let key = SettingKey(rawValue: name) { self[key] = value }
        }
    }
}
