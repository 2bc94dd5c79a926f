/// Nextcloud's `config/config.php`: the `mail_*` entries of `$CONFIG`,
/// which Nextcloud reads on every request.
///
/// Entries are edited by lines in PHP's own syntax; every other line is
/// kept. Nextcloud's mailer chooses the AUTH mechanism, sends its own
/// HELO name, and takes the sender's name from the theming settings: those
/// fields are not asked.
public struct NextcloudFormat: ConfigFileFormat {
    public init() {}

    public var application: Application { .nextcloud }

    public var usedKeys: Set<SettingKey> {
        [.address, .port, .security, .verifyCertificate, .userName, .password, .fromEmailAddress]
    }

    static let names = [
        "mail_smtpmode", "mail_smtphost", "mail_smtpport", "mail_smtpsecure", "mail_smtpauth", "mail_smtpname",
        "mail_smtppassword", "mail_from_address", "mail_domain", "mail_smtpstreamoptions",
    ]

    /// Certificate checks off, as Nextcloud's documentation writes it.
    static let unverified = PHPLiteral.array([
        .init(
            key: .string("ssl"),
            value: .array([
                .init(key: .string("allow_self_signed"), value: .bool(true)),
                .init(key: .string("verify_peer"), value: .bool(false)),
                .init(key: .string("verify_peer_name"), value: .bool(false)),
            ]))
    ])

    /// Each entry's value for `settings`; absent: the entry is not set.
    static func values(for settings: MailSettings) -> [String: PHPLiteral] {
        // A reset: no entry at all, as a fresh install has it.
        guard !settings.isEmpty else { return [:] }
        let logsIn = settings.authentication != Authentication.none
        var values: [String: PHPLiteral] = [
            "mail_smtpmode": .string("smtp"),
            // '' is STARTTLS whenever the server offers it; 'ssl' is TLS on connect.
            "mail_smtpsecure": .string(settings.security == .tls ? "ssl" : ""),
            "mail_smtpauth": .bool(logsIn),
        ]
        values["mail_smtphost"] = settings.address.map(PHPLiteral.string)
        values["mail_smtpport"] = settings.effective(.port).map { Int($0).map(PHPLiteral.integer) ?? .string($0) }
        if logsIn {
            values["mail_smtpname"] = settings.userName.map(PHPLiteral.string)
            values["mail_smtppassword"] = settings.password.map(PHPLiteral.string)
        }
        if let from = settings.fromEmailAddress, let at = from.lastIndex(of: "@") {
            values["mail_from_address"] = .string(String(from[..<at]))
            values["mail_domain"] = .string(String(from[from.index(after: at)...]))
        }
        if !settings.verifyCertificate { values["mail_smtpstreamoptions"] = unverified }
        return values
    }

    /// Whether stream options turn certificate checks off.
    static func skipsVerification(_ options: PHPLiteral?) -> Bool {
        options?["ssl"]?["verify_peer"] == .bool(false) || options?["ssl"]?["verify_peer_name"] == .bool(false)
    }

    /// PHP's truthiness for the scalars a person writes.
    static func isTrue(_ value: PHPLiteral?) -> Bool {
        switch value {
        case .bool(let flag): flag
        case .integer(let number): number != 0
        case .string(let text): !text.isEmpty && text != "0"
        default: false
        }
    }

    public func read(_ text: String) throws(ConfigFileError) -> MailSettings {
        let config = try NextcloudConfigArray(LineFile(text))
        var settings = MailSettings()
        // Another mode (sendmail, PHP's mail) sends no SMTP at all. Without
        // one, Nextcloud's default is smtp (`getSystemValueString('mail_smtpmode',
        // 'smtp')`): a server set that way is used.
        let mode = config.value(of: "mail_smtpmode")?.text
        guard mode == "smtp" || (mode == nil && config.value(of: "mail_smtphost") != nil) else { return settings }
        settings[.address] = config.value(of: "mail_smtphost")?.text
        settings[.port] = config.value(of: "mail_smtpport")?.text
        let secure = config.value(of: "mail_smtpsecure")?.text ?? ""
        settings[.security] = (secure == "ssl" ? Security.tls : .starttls).rawValue
        if Self.isTrue(config.value(of: "mail_smtpauth")) {
            settings[.userName] = config.value(of: "mail_smtpname")?.text
            settings[.password] = config.value(of: "mail_smtppassword")?.text
        } else {
            settings[.authentication] = Authentication.none.rawValue
        }
        if let local = config.value(of: "mail_from_address")?.text, let domain = config.value(of: "mail_domain")?.text {
            settings[.fromEmailAddress] = local + "@" + domain
        }
        let skips = Self.skipsVerification(config.value(of: "mail_smtpstreamoptions"))
        settings[.verifyCertificate] = skips ? "false" : "true"
        return settings
    }

    public func write(_ settings: MailSettings, into text: String) throws(ConfigFileError) -> String {
        let file = LineFile(text)
        let config = try NextcloudConfigArray(file)
        let values = Self.values(for: settings)
        var edits: [LineEdit] = []
        var appended: [String] = []
        for name in Self.names {
            let existing = config.entries.filter { $0.key == name }
            // Stream options may hold a CA file of the admin's: only the
            // switch that turns checks off is this tool's to remove.
            if name == "mail_smtpstreamoptions", values[name] == nil,
                !existing.contains(where: { Self.skipsVerification($0.value) })
            {
                continue
            }
            let entry = values[name].map {
                config.indentation + PHPLiteral.string(name).source + " => " + $0.source + ","
            }
            let replacing = existing.last.flatMap { last in entry.map { $0 + (last.lines.count == 1 ? last.rest : "") }
            }
            edits += config.lines(of: name).edits(replacing: replacing, inserting: entry, in: file) {
                appended.append($0)
            }
        }
        if !appended.isEmpty {
            edits.append(LineEdit(lines: config.closing..<config.closing, replacement: appended))
        }
        return file.applying(edits)
    }

    public func problems(in settings: MailSettings) -> [SettingProblem] {
        var problems = FormatProblems.unused(by: self, in: settings).filter { $0.key != .authentication }
        problems += FormatProblems.mechanismChosenByApplication(
            application, "it logs in with what the server offers.", in: settings)
        if settings.security == Security.none {
            problems.append(
                SettingProblem(
                    .security, "none cannot be told to Nextcloud: it uses STARTTLS whenever the server offers it.",
                    fix: "Choose starttls (Nextcloud then sends unencrypted only to a server without STARTTLS), or tls."
                ))
        }
        return problems
    }
}
