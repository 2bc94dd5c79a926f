import Foundation

/// Mastodon's `.env.production`, read by Ruby dotenv (bare metal) or Docker
/// Compose's `env_file`, then put into `config/email.yml`.
public struct MastodonFormat: ConfigFileFormat {
    public init() {}

    public var application: Application { .mastodon }

    public var usedKeys: Set<SettingKey> { Set(SettingKey.allCases) }

    /// The comment written once above the keys this tool adds.
    static let marker = "# SMTP settings written by smtp-setup"

    /// Every variable this format writes, in the order new ones are added.
    static let variables = [
        "SMTP_SERVER", "SMTP_PORT", "SMTP_LOGIN", "SMTP_PASSWORD", "SMTP_FROM_ADDRESS", "SMTP_REPLY_TO",
        "SMTP_DOMAIN", "SMTP_AUTH_METHOD", "SMTP_OPENSSL_VERIFY_MODE", "SMTP_ENABLE_STARTTLS", "SMTP_TLS",
        "SMTP_SSL",
    ]

    /// email.yml puts these raw into YAML: they must stay plain YAML strings.
    /// (The port, the authentication and the verify mode are checked as
    /// numbers and names by the validator already.)
    static let rawInYAML: [SettingKey: String] = [.domain: "SMTP_DOMAIN"]

    // MARK: Reading

    public func read(_ text: String) throws(ConfigFileError) -> MailSettings {
        let values = try Dotenv(text).values(needed: Set(Self.variables))
        var settings = MailSettings()
        settings[.address] = values["SMTP_SERVER"]
        settings[.port] = values["SMTP_PORT"]
        settings[.userName] = values["SMTP_LOGIN"]
        settings[.password] = values["SMTP_PASSWORD"]
        settings[.replyToEmailAddress] = values["SMTP_REPLY_TO"]
        settings[.domain] = values["SMTP_DOMAIN"]
        settings[.authentication] = values["SMTP_AUTH_METHOD"]
        if let from = values["SMTP_FROM_ADDRESS"] {
            let (name, address) = SenderText.parse(from)
            settings[.fromName] = name
            settings[.fromEmailAddress] = address
        }
        switch values["SMTP_OPENSSL_VERIFY_MODE"] {
        case "none"?: settings[.verifyCertificate] = "false"
        case "peer"?: settings[.verifyCertificate] = "true"
        case let other?: settings[.verifyCertificate] = other
        case nil: break
        }
        settings[.security] = Self.security(values)?.rawValue
        return settings
    }

    /// Mastodon's own rule (config/environments/production.rb): TLS on
    /// connect wins, then SMTP_ENABLE_STARTTLS; `auto` (STARTTLS when
    /// offered) is read as STARTTLS, the nearest this tool tests.
    static func security(_ values: [String: String]) -> Security? {
        if values["SMTP_TLS"] == "true" || values["SMTP_SSL"] == "true" { return .tls }
        switch values["SMTP_ENABLE_STARTTLS"] {
        case "always"?, "auto"?: return .starttls
        case "never"?: return Security.none
        default: return values["SMTP_ENABLE_STARTTLS_AUTO"] == "false" ? Security.none : nil
        }
    }

    // MARK: Writing

    public func write(_ settings: MailSettings, into text: String) throws(ConfigFileError) -> String {
        let old = try read(text)
        var file = Dotenv(text)
        let changed = Set(settings.changedKeys(from: old))
        var assignments: [(String, String?)] = []
        func set(_ keys: [SettingKey], _ variable: String, _ value: String?) {
            if keys.contains(where: changed.contains) { assignments.append((variable, value)) }
        }
        set([.address], "SMTP_SERVER", settings[.address])
        set([.port], "SMTP_PORT", settings[.port])
        set([.userName], "SMTP_LOGIN", settings[.userName])
        set([.password], "SMTP_PASSWORD", settings[.password])
        set(
            [.fromName, .fromEmailAddress], "SMTP_FROM_ADDRESS",
            settings[.fromEmailAddress].map { SenderText.compose(name: settings[.fromName], address: $0) })
        set([.replyToEmailAddress], "SMTP_REPLY_TO", settings[.replyToEmailAddress])
        set([.domain], "SMTP_DOMAIN", settings[.domain])
        set([.authentication], "SMTP_AUTH_METHOD", settings[.authentication])
        set(
            [.verifyCertificate], "SMTP_OPENSSL_VERIFY_MODE",
            settings[.verifyCertificate].map { $0 == "false" ? "none" : "peer" })
        if changed.contains(.security) {
            let security = settings[.security].flatMap(Security.init(rawValue:))
            assignments.append(("SMTP_ENABLE_STARTTLS", security.map { $0 == .starttls ? "always" : "never" }))
            assignments.append(("SMTP_TLS", security == .tls ? "true" : nil))
            if security != .tls { assignments.append(("SMTP_SSL", nil)) }
        }
        for (variable, value) in assignments {
            if let value, let reason = Dotenv.unwritableReason(value) {
                throw ConfigFileError("\(variable) \(reason)", fix: "Choose another value.")
            }
            file.set(variable, value.map(Dotenv.quote), marker: Self.marker)
        }
        file.removeTrailing(marker: Self.marker)
        return file.text
    }

    /// Every SMTP_PASSWORD line, not only the last one dotenv reads: an
    /// appended line or a copied block keeps the password in the earlier ones.
    public func maskingPassword(in text: String, with standIn: String) throws(ConfigFileError) -> String {
        var file = Dotenv(text)
        file.setEvery("SMTP_PASSWORD", Dotenv.quote(standIn))
        return file.text
    }

    // MARK: What Mastodon can express

    public func problems(in settings: MailSettings) -> [SettingProblem] {
        var problems: [SettingProblem] = []
        for key in SettingKey.allCases {
            guard let value = settings[key], let reason = Dotenv.unwritableReason(value) else { continue }
            problems.append(
                SettingProblem(
                    key, key.isSecret ? reason : "'\(TerminalSafe.excerpt(value))' \(reason)",
                    fix: "Mastodon could not read it back exactly: choose a value without it."))
        }
        for (key, variable) in Self.rawInYAML.sorted(by: { $0.key < $1.key }) {
            guard let value = settings[key], Dotenv.unwritableReason(value) == nil,
                PsychScalar.requestedStyle(for: value) != .plain
                    || PsychScalar.tokenize(value) != .string(value)
            else { continue }
            problems.append(
                SettingProblem(
                    key,
                    "'\(TerminalSafe.excerpt(value))' would not be read as written: Mastodon puts \(variable) into YAML unquoted.",
                    fix: key == .domain
                        ? "Use this server's host name, like mail.example.com (an address literal like [192.0.2.1] reads as a list)."
                        : "Use one of the values Mastodon knows."))
        }
        problems += FormatProblems.nameWithoutAddress(for: application, in: settings)
        return problems
    }
}
