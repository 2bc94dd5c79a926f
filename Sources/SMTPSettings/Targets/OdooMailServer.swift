/// The one `ir_mail_server` row this tool keeps in Odoo's database, as Odoo
/// reads it (odoo/addons/base/models/ir_mail_server.py): the form's values
/// to the row's columns and back. Pure, so the rules are tested without a
/// database; `OdooStore` reads and writes the row.
public struct OdooMailServer: Equatable, Sendable {
    /// The row's `name`: the row this tool manages; every other row is the admin's.
    public static let rowName = "smtp-setup"
    /// Odoo's default `sequence` for a new server.
    public static let defaultSequence = 10

    public var host: String
    public var port: Int
    public var user: String?
    public var password: String?
    /// `none`, `starttls`, `ssl`, or (Odoo 17 and later) `starttls_strict`, `ssl_strict`.
    public var encryption: String

    public init(host: String, port: Int, user: String?, password: String?, encryption: String) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.encryption = encryption
    }

    /// The form's fields Odoo has a column for. No AUTH mechanism (smtplib
    /// picks it; authentication only says whether to log in), no HELO name (smtplib sends
    /// the machine's FQDN), and no sender: Odoo sends each message from its
    /// author's address or its notifications address (`mail.default.from`),
    /// settings of Odoo's own, not of the mail server.
    public static let usedKeys: Set<SettingKey> = [
        .address, .port, .security, .verifyCertificate, .userName, .password,
    ]

    /// The row for `settings`. `hasStrict`: the database knows the
    /// `*_strict` values (Odoo 17 and later), which alone make Odoo check
    /// the certificate; without them the plain values are all there is.
    public init(_ settings: MailSettings, hasStrict: Bool) {
        let settings = settings.withDefaults
        host = settings.address ?? ""
        port = settings.port ?? Security.starttls.usualPort
        let logsIn = settings.authentication != Authentication.none
        user = logsIn ? settings.userName : nil
        password = logsIn ? settings.password : nil
        let strict = hasStrict && settings.verifyCertificate ? "_strict" : ""
        switch settings.security ?? .starttls {
        case .none: encryption = "none"
        case .starttls: encryption = "starttls" + strict
        case .tls: encryption = "ssl" + strict
        }
    }

    /// The form's values as Odoo reads the row. A plain `starttls`/`ssl` in
    /// a database that has the strict values means certificate checks off;
    /// where it has none, the row says nothing about checks.
    public func settings(hasStrict: Bool) -> MailSettings {
        var settings = MailSettings([.address: host, .port: String(port)])
        let strict = encryption.hasSuffix("_strict")
        switch encryption {
        case "none": settings[.security] = Security.none.rawValue
        case "ssl", "ssl_strict": settings[.security] = Security.tls.rawValue
        default: settings[.security] = Security.starttls.rawValue
        }
        if encryption != "none" && (strict || hasStrict) { settings[.verifyCertificate] = strict ? "true" : "false" }
        if let user, !user.isEmpty {
            settings[.userName] = user
            settings[.password] = password.flatMap { $0.isEmpty ? nil : $0 }
        } else {
            settings[.authentication] = Authentication.none.rawValue
        }
        return settings
    }

    /// What Odoo cannot do with these settings, each with the fix.
    public static func problems(in settings: MailSettings) -> [SettingProblem] {
        let unused = settings.setKeys.filter {
            $0 != .authentication && !usedKeys.contains($0) && settings[$0] != $0.defaultValue
        }.map {
            SettingProblem(
                $0, .warning,
                "is not used by Odoo: it has no setting for it on a mail server"
                    + ($0 == .domain ? " (Python's smtplib sends this machine's name)." : "."),
                fix: $0 == .domain ? "Clear it." : "Clear it, or set the sender in Odoo's own settings.")
        }
        return unused
            + FormatProblems.mechanismChosenByApplication(
                .odoo, "Python's smtplib uses the best mechanism the server offers.", in: settings)
    }

    /// What the done screen and `set` say after a save.
    public static let pickUp =
        "Odoo reads its mail servers each time it sends: no restart is needed. It sends each message from "
        + "its author's address, or from its notifications address (set in Odoo's settings); this server's "
        + "FROM filter is left empty, so Odoo uses it for every sender."
}
