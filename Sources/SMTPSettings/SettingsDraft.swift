/// The settings being edited, and the form's rules, written once: which
/// fields apply given the others, which defaults stay unset, which secrets
/// are dropped, where the stored password may go, and what changed. The
/// full-screen wizard, the line wizard and `set` all edit through one, so
/// a rule changed here changes every front end.
public struct SettingsDraft: Equatable, Sendable {
    /// The settings as loaded: the base of the draft and of the next save.
    public let stored: MailSettings
    /// Each field's text as the admin left it. The password's is only what
    /// was typed: the stored one never enters a field.
    private var texts: [SettingKey: String]
    /// The application whose own file is the store; nil for Forem's. Its
    /// fields with no setting in that application are not asked.
    public let application: Application?

    public init(stored: MailSettings, application: Application? = nil) {
        self.stored = stored
        self.application = application
        texts = [:]
        for key in SettingKey.allCases where key != .password { texts[key] = stored.effective(key) ?? "" }
    }

    /// The field's text: the value, its default, or empty. For the password,
    /// only what was typed.
    public func text(_ key: SettingKey) -> String { texts[key] ?? "" }

    /// Sets a field's text; empty clears it (for the password: keeps the stored one).
    public mutating func set(_ key: SettingKey, _ text: String) {
        texts[key] = text
    }

    /// Sets several fields, as `set KEY=VALUE ...` does: the password too, as given.
    public mutating func set(_ values: [(SettingKey, String)]) {
        for (key, value) in values { set(key, value) }
    }

    // MARK: Which fields apply

    /// Whether `key` is asked and kept given the other fields: no user name or
    /// password without authentication, no certificate check without TLS.
    public func applies(_ key: SettingKey) -> Bool {
        Self.applies(key, authentication: text(.authentication), security: text(.security), application: application)
    }

    /// The same rule from the only fields it reads: the full-screen wizard
    /// asks it on every key, where building a whole draft would cost more
    /// than the rest of the key.
    public static func applies(
        _ key: SettingKey, authentication: String, security: String, application: Application?
    ) -> Bool {
        if let application, application.unaskedKeys.contains(key) { return false }
        return switch key {
        case .userName, .password: Authentication(rawValue: authentication) != Authentication.none
        case .verifyCertificate: Security(rawValue: security) != Security.none
        default: true
        }
    }

    /// Why a field is not asked, in the words both wizards show; nil when it applies.
    public func unusedReason(_ key: SettingKey) -> String? {
        guard !applies(key) else { return nil }
        if let application, application.unaskedKeys.contains(key) { return "not used by \(application.title)" }
        return key == .verifyCertificate ? "not used without TLS" : "not used without a login"
    }

    /// The fields that apply, in form order: the questions, and their order.
    public var applicableKeys: [SettingKey] { SettingKey.allCases.filter(applies) }

    /// The fields a blank answer may clear.
    public static let optionalKeys: Set<SettingKey> = [.domain, .fromName, .fromEmailAddress, .replyToEmailAddress]

    // MARK: The password

    /// A new password was typed; none typed keeps the stored one.
    public var passwordEdited: Bool { !text(.password).isEmpty }

    /// The stored password belongs to another server than the draft's now.
    public var passwordLeftBehind: Bool {
        guard stored.password != nil else { return false }
        let address = (stored.address ?? "").lowercased()
        return text(.address).trimmingCharacters(in: .whitespaces).lowercased() != address
    }

    /// The stored password goes only to the server it was stored for: a
    /// draft pointed at another host needs that host's password typed.
    public var hasStoredPassword: Bool { stored.password != nil && !passwordLeftBehind }

    /// Said when the server changes away from the stored password's: it stays behind.
    public var passwordLeftBehindNote: String? {
        guard passwordLeftBehind, !passwordEdited, let old = stored.address, !old.isEmpty else { return nil }
        return "The stored password was for \(old): it will not be sent to \(text(.address))."
    }

    /// How the password stands, never what it is. Typing the stored password
    /// again changes nothing, so it reads "unchanged".
    public var passwordState: String {
        guard let password = settings.password else { return "no password" }
        return password == stored.password ? "password unchanged" : "password set"
    }

    // MARK: The result

    /// The settings the draft describes: what a test runs and a save writes.
    public var settings: MailSettings {
        var settings = MailSettings()
        for key in SettingKey.allCases where key != .password {
            let value = text(key)
            // A default the admin never touched stays unset, so saving an unchanged draft changes nothing.
            if value == key.defaultValue && stored[key] == nil { continue }
            settings[key] = value
        }
        settings[.password] = passwordEdited ? text(.password) : hasStoredPassword ? stored.password : nil
        // The application has no setting for these: the form never asks them.
        for key in application?.unaskedKeys ?? [] { settings[key] = nil }
        if !applies(.password) {
            // A secret that is not used is not kept.
            settings[.userName] = nil
            settings[.password] = nil
        }
        return settings
    }

    /// The keys whose values the save would change.
    public var changedKeys: [SettingKey] { settings.changedKeys(from: stored) }

    /// Nothing differs from the store: saving would change nothing.
    public var isUnchanged: Bool { changedKeys.isEmpty }
}
