/// How an application hands its mail over with the settings it reads, beyond
/// the settings themselves: what the test does so that it tests what the
/// application will do, and the words the test step says about it.
public struct Delivery: Equatable, Sendable {
    /// With security STARTTLS: whether the application insists on it.
    public enum StartTLSPolicy: Equatable, Sendable {
        /// No STARTTLS in the server's EHLO reply is a failure.
        case required
        /// STARTTLS when the server offers it, plain text when it does not.
        case whenOffered
    }

    /// The HELO name the application sends when the HELO domain is empty.
    public enum HeloDefault: Equatable, Sendable {
        /// The machine's own name.
        case machineName
        /// A fixed name its mail library sends.
        case fixed(String)
        /// Another setting of the application, by name: the test cannot know its value.
        case setting(String)
    }

    /// The application's name in the test step's words.
    public let name: String
    public let startTLS: StartTLSPolicy
    public let heloDefault: HeloDefault
    /// How it checks the server's certificate, in words.
    public let verification: String

    /// Forem, through the Mail gem's defaults (enable_starttls_auto). The
    /// HELO name stays this machine's, as the test always sent it.
    public static let forem = Delivery(
        name: "Forem", startTLS: .whenOffered, heloDefault: .machineName,
        verification: "checks the certificate against the system's CAs")

    /// The HELO name the application sends for `domain`; nil when only the
    /// application can know it (another of its settings).
    public func heloName(domain: String?, machineName: String) -> String? {
        if let domain, !domain.isEmpty { return domain }
        switch heloDefault {
        case .machineName: return machineName
        case .fixed(let name): return name
        case .setting: return nil
        }
    }

    /// What the application sends as HELO with the domain empty, when that
    /// is not this machine's name: "GitLab sends localhost".
    public var emptyHeloPhrase: String? {
        switch heloDefault {
        case .machineName: nil
        case .fixed(let name): "\(self.name) sends \(name)"
        case .setting(let setting): "\(self.name) sends its \(setting)"
        }
    }

    /// Said after a test that went on in plain text because the server did not offer STARTTLS.
    public static func inClearWarning(_ name: String) -> String {
        "The server does not offer STARTTLS: \(name) would send its mail, and any password, in plain text. "
            + "Use TLS on connect (port 465) or a server that offers STARTTLS."
    }

    /// What the test step says the application does, in one sentence.
    public func sentence(for settings: MailSettings, machineName: String) -> String {
        let security: String
        switch settings.security ?? .starttls {
        case .tls: security = "TLS on connect"
        case .none: security = "plain text, no TLS"
        case .starttls:
            security =
                startTLS == .required
                ? "STARTTLS, refused when the server does not offer it"
                : "STARTTLS when the server offers it, plain text when it does not"
        }
        let helo: String
        if let domain = settings.domain, !domain.isEmpty {
            helo = "EHLO \(domain)"
        } else {
            switch heloDefault {
            case .machineName: helo = "EHLO \(machineName) (this machine's name)"
            case .fixed(let name): helo = "EHLO \(name) (its default)"
            case .setting(let name): helo = "EHLO its \(name)"
            }
        }
        let checks = settings.security == Security.none ? "" : settings.verifyCertificate ? ", \(verification)" : ""
        return "\(name) sends with \(security), \(helo)\(checks)."
    }
}

extension Application {
    /// How this application delivers: one description per application,
    /// read by the test's options and its words.
    public var delivery: Delivery {
        switch self {
        // Written as SMTP_ENABLE_STARTTLS=always; the HELO default is SMTP_DOMAIN's, LOCAL_DOMAIN.
        case .mastodon:
            Delivery(
                name: title, startTLS: .required, heloDefault: .setting("LOCAL_DOMAIN"),
                verification: "checks the certificate (SMTP_OPENSSL_VERIFY_MODE=peer)")
        // The Mail gem's enable_starttls_auto; net-smtp says localhost without a domain.
        case .discourse, .gitlab:
            Delivery(
                name: title, startTLS: .whenOffered, heloDefault: .fixed("localhost"),
                verification: "checks the certificate (openssl_verify_mode peer)")
        // Written with requireTLS; Nodemailer's name defaults to the host name.
        case .ghost:
            Delivery(
                name: title, startTLS: .required, heloDefault: .machineName,
                verification: "checks the certificate (Nodemailer's rejectUnauthorized)")
        // mail_smtpsecure '' upgrades when offered; Symfony Mailer's local domain is [127.0.0.1].
        case .nextcloud:
            Delivery(
                name: title, startTLS: .whenOffered, heloDefault: .fixed("[127.0.0.1]"),
                verification: "checks the certificate (PHP's verify_peer)")
        // PROTOCOL=smtp+starttls refuses a server without it; HELO_HOSTNAME defaults to the host name.
        case .gitea:
            Delivery(
                name: title, startTLS: .required, heloDefault: .machineName,
                verification: "checks the certificate (unless FORCE_TRUST_SERVER_CERT)")
        // Written as SecureSocketOptions StartTls (web.config: enableSsl); MailKit's
        // local domain defaults to the host name, and it always checks.
        case .umbraco:
            Delivery(
                name: title, startTLS: .required, heloDefault: .machineName,
                verification: "always checks the certificate (MailKit)")
        // smtplib's starttls() fails when the server does not offer it, and
        // its EHLO name is socket.getfqdn(); the *_strict values check.
        case .odoo:
            Delivery(
                name: title, startTLS: .required, heloDefault: .machineName,
                verification:
                    "checks the certificate (starttls_strict or ssl_strict, Odoo 17 and later; older Odoo does not check)"
            )
        }
    }
}

extension StoreKind {
    /// How the application reading this store delivers: Forem's for its own database.
    public var delivery: Delivery {
        application?.delivery ?? .forem
    }
}

extension StoreLocation {
    /// The HELO name the application reading this store sends when the
    /// domain is empty, when it is another of its settings in the same file
    /// (Mastodon's LOCAL_DOMAIN); nil when it is not, or not set.
    public var applicationHeloName: String? {
        guard case .file(let application, let path) = self, case .setting(let name) = application.delivery.heloDefault,
            application == .mastodon, let text = try? String(contentsOfFile: path, encoding: .utf8),
            let value = try? Dotenv(text).values(needed: [name])[name], !value.isEmpty
        else { return nil }
        return value
    }
}
