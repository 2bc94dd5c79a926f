import Foundation

/// The one place that decides whether settings are usable. Every front end
/// (wizard, headless commands, live test) asks here.
public enum SettingsValidator {
    static let maximumUserNameLength = 256
    static let maximumPasswordLength = 1024
    static let maximumNameLength = 128

    /// Every problem with the settings, errors and warnings, in form order.
    /// `store` is who reads them: Forem's own database refuses what Forem cannot do.
    public static func problems(in settings: MailSettings, store: StoreKind = .embedded) -> [SettingProblem] {
        SettingKey.allCases.flatMap { problems(for: $0, in: settings, store: store) }
    }

    /// Only the problems that block saving and testing.
    public static func errors(in settings: MailSettings, store: StoreKind = .embedded) -> [SettingProblem] {
        problems(in: settings, store: store).filter { $0.severity == .error }
    }

    /// Throws the blocking problems, if any.
    public static func check(_ settings: MailSettings, store: StoreKind = .embedded) throws(InvalidSettings) {
        let errors = errors(in: settings, store: store)
        if !errors.isEmpty { throw InvalidSettings(problems: errors) }
    }

    /// The problems of one field, so a form can show them as the field is left.
    public static func problems(
        for key: SettingKey, in settings: MailSettings, store: StoreKind = .embedded
    ) -> [SettingProblem] {
        let general = generalProblems(for: key, in: settings, store: store)
        // What the application's file cannot carry, once the value itself is sound.
        guard let application = store.application, !general.contains(where: { $0.severity == .error }) else {
            return general
        }
        return general + application.problems(in: settings).filter { $0.key == key }
    }

    static func generalProblems(for key: SettingKey, in settings: MailSettings, store: StoreKind) -> [SettingProblem] {
        let value = settings[key]
        switch key {
        case .address: return addressProblems(value)
        case .port: return portProblems(settings, store: store)
        case .security: return securityProblems(settings, store: store)
        case .verifyCertificate: return verifyProblems(settings)
        case .authentication: return authenticationProblems(value, store: store)
        case .userName, .password: return credentialProblems(key, settings, store: store)
        case .domain: return domainProblems(value)
        case .fromName: return textProblems(key, value, limit: maximumNameLength)
        case .fromEmailAddress, .replyToEmailAddress: return mailboxProblems(key, value)
        }
    }

    static func addressProblems(_ value: String?) -> [SettingProblem] {
        guard let value else {
            return [
                SettingProblem(
                    .address, "is not set.",
                    fix: "Enter your mail provider's SMTP host, like smtp.sendgrid.net.")
            ]
        }
        if let bad = HostSyntax.firstControlCharacter(value) {
            return [
                SettingProblem(
                    .address, "contains \(HostSyntax.describe(bad)).",
                    fix: "Enter just the host name, like smtp.sendgrid.net, without pasting line breaks.")
            ]
        }
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if trimmed != value {
            return [SettingProblem(.address, "has spaces around it.", fix: "Remove the spaces.")]
        }
        if let scheme = value.range(of: "://") {
            let rest = value[scheme.upperBound...]
            return [
                SettingProblem(
                    .address, "is a URL, not a host name.",
                    fix:
                        "Leave out '\(TerminalSafe.excerpt(String(value[..<scheme.upperBound])))': enter just \(TerminalSafe.excerpt(String(rest.split(separator: "/").first ?? rest)))."
                )
            ]
        }
        if let inner = HostSyntax.bracketed(value) {
            // Brackets belong to HELO names; an application reading the store
            // would look the bracketed text up as a host name and fail.
            let bare = HostSyntax.connectableHost(value)
            let valid = HostSyntax.isIPv4(bare) || HostSyntax.isIPv6(bare)
            return [
                SettingProblem(
                    .address,
                    valid
                        ? "is written with brackets ('\(TerminalSafe.excerpt(value))')."
                        : "'\(TerminalSafe.excerpt(value))' is not a valid IP address.",
                    fix: valid
                        ? "Write the IP address without brackets: \(bare)."
                        : "Write an IP address like 192.0.2.1 or 2001:db8::1, without brackets (not '\(TerminalSafe.excerpt(inner))')."
                )
            ]
        }
        if HostSyntax.kind(ofServer: value) != nil { return [] }
        if let colon = value.lastIndex(of: ":"), !value.contains("["),
            value.filter({ $0 == ":" }).count == 1
        {
            return [
                SettingProblem(
                    .address,
                    "includes a port ('\(TerminalSafe.excerpt(String(value[value.index(after: colon)...])))').",
                    fix:
                        "Enter the host alone (\(TerminalSafe.excerpt(String(value[..<colon])))) and put the port in the port field."
                )
            ]
        }
        let reason = HostSyntax.hostNameProblem(value) ?? "is not a host name"
        return [
            SettingProblem(
                .address, "'\(TerminalSafe.excerpt(value))' \(reason).",
                fix: "Use a host name like smtp.example.com (letters, digits, hyphens and dots) or an IP address.")
        ]
    }

    static func portProblems(_ settings: MailSettings, store: StoreKind) -> [SettingProblem] {
        guard let text = settings.effective(.port) else { return [] }
        guard let port = Int(text), (1...65535).contains(port) else {
            return [
                SettingProblem(
                    .port, "'\(TerminalSafe.excerpt(text))' is not a port number.",
                    fix: "Use a number from 1 to 65535: 587 for STARTTLS, 465 for TLS on connect.")
            ]
        }
        switch (port, settings.security) {
        case (465, let security) where store == .foremDatabase && security != .tls:
            // With tls the security row says it; one refusal is enough.
            return [
                SettingProblem(
                    .port, Notices.foremNoTLSOnConnect + " Port 465 expects TLS from the first byte.",
                    fix: Self.foremFix)
            ]
        case (465, .starttls?):
            return [
                SettingProblem(
                    .port, .warning, "465 usually expects TLS from the first byte, not STARTTLS.",
                    fix: "Set security to tls, or use port 587 with starttls.")
            ]
        case (587, .tls?):
            return [
                SettingProblem(
                    .port, .warning, "587 usually expects STARTTLS, not TLS on connect.",
                    fix: "Set security to starttls, or use port 465 with tls.")
            ]
        default:
            return []
        }
    }

    /// The one fix for what Forem's mailer cannot do.
    static let foremFix = "Use port 587 with starttls (ask the mail provider for its STARTTLS port if 587 is closed)."

    static func securityProblems(_ settings: MailSettings, store: StoreKind) -> [SettingProblem] {
        guard let text = settings.effective(.security) else { return [] }
        guard let security = Security(rawValue: text) else {
            let hint =
                switch text.lowercased() {
                case "ssl", "smtps", "implicit": "'\(TerminalSafe.excerpt(text))' means TLS on connect: use tls."
                case "start_tls", "start-tls": "Use starttls."
                default: "Use starttls, tls or none."
                }
            return [
                SettingProblem(.security, "'\(TerminalSafe.excerpt(text))' is not a connection security.", fix: hint)
            ]
        }
        if security == .tls && store == .foremDatabase {
            // Forem's own database is read by Forem alone: a setup it cannot use is refused.
            return [SettingProblem(.security, Notices.foremNoTLSOnConnect, fix: foremFix)]
        }
        if security == .tls, store == .embedded {
            return [
                SettingProblem(
                    .security, .warning, Notices.foremNoTLSOnConnect,
                    fix: "For Forem, use port 587 with starttls.")
            ]
        }
        if security == .none, settings.authentication?.sendsSecretInClear == true {
            return [
                SettingProblem(
                    .security, .warning,
                    "with no encryption the user name and password cross the network readable by anyone on the path.",
                    fix: "Use starttls or tls unless the server is on this machine.")
            ]
        }
        return []
    }

    static func verifyProblems(_ settings: MailSettings) -> [SettingProblem] {
        guard let text = settings.effective(.verifyCertificate) else { return [] }
        guard text == "true" || text == "false" else {
            return [
                SettingProblem(
                    .verifyCertificate, "'\(TerminalSafe.excerpt(text))' is not true or false.",
                    fix: "Use true or false.")
            ]
        }
        if text == "false" && settings.security != Security.none {
            return [
                SettingProblem(
                    .verifyCertificate, .warning,
                    "certificate checks are off: anyone on the path can pose as the server and read the password.",
                    fix: "Turn verification back on, or trust the server's CA instead.")
            ]
        }
        return []
    }

    /// Forem's `provided_minimum_settings?` wants an address, a user name
    /// and a password: a relay without a login is SMTP not set up to Forem.
    static let foremNeedsLogin =
        "Forem sends through SMTP only with a user name and password: without them it treats SMTP as not set up, "
        + "and with no fallback mail server no mail goes out."

    /// What the application reading `store` cannot do with settings a live
    /// test may still pass (TLS on connect, a relay without a login, for
    /// Forem): said beside a passed test, so that it never reads as "will work".
    public static func applicationCautions(in settings: MailSettings, store: StoreKind) -> [SettingProblem] {
        guard store == .embedded || store == .foremDatabase else { return [] }
        let problems =
            securityProblems(settings, store: store)
            + authenticationProblems(settings[.authentication], store: store)
        return problems.filter { $0.message == Notices.foremNoTLSOnConnect || $0.message == foremNeedsLogin }
    }

    static func authenticationProblems(_ value: String?, store: StoreKind) -> [SettingProblem] {
        if value == Authentication.none.rawValue, store == .foremDatabase || store == .embedded {
            return [
                SettingProblem(
                    .authentication, store == .foremDatabase ? .error : .warning, foremNeedsLogin,
                    fix:
                        "Use plain or login with the server's user name and password (ask for a login if it takes none)."
                )
            ]
        }
        guard let value, Authentication(rawValue: value) == nil else { return [] }
        let folded = value.lowercased().replacingOccurrences(of: "-", with: "_")
        let fix =
            Authentication(rawValue: folded).map { "Write it as \($0.rawValue)." }
            ?? "Use plain, login, cram_md5 or none."
        return [
            SettingProblem(
                .authentication, "'\(TerminalSafe.excerpt(value))' is not an authentication method.", fix: fix)
        ]
    }

    static func credentialProblems(_ key: SettingKey, _ settings: MailSettings, store: StoreKind) -> [SettingProblem] {
        let limit = key == .password ? maximumPasswordLength : maximumUserNameLength
        // Never quote the password back: it would land on screen and in logs.
        let what = key == .password ? "The password" : "The user name"
        guard let value = settings[key] else {
            if settings.authentication == Authentication.none { return [] }
            // Forem cannot send without a login: "none" is no way out there.
            let orNone = store == .foremDatabase ? "." : ", or set authentication to none."
            let fix =
                key == .password
                ? "Enter the password or API key from your mail provider" + orNone
                : "Enter the SMTP user name from your mail provider" + orNone
            return [
                SettingProblem(
                    key, "is required when authentication is \(settings.effective(.authentication) ?? "on").", fix: fix)
            ]
        }
        if let bad = HostSyntax.firstControlCharacter(value) {
            return [
                SettingProblem(
                    key, "contains \(HostSyntax.describe(bad)).",
                    fix: "\(what) must be one line of printable characters: re-enter it without pasting line breaks.")
            ]
        }
        if value.utf8.count > limit {
            return [
                SettingProblem(key, "is longer than \(limit) bytes.", fix: "Check that you pasted the right value.")
            ]
        }
        if value != value.trimmingCharacters(in: .whitespaces) {
            return [
                SettingProblem(
                    key, .warning, "starts or ends with a space.",
                    fix: "Usually a copy-and-paste slip: remove the spaces unless they are really part of it.")
            ]
        }
        return []
    }

    static func domainProblems(_ value: String?) -> [SettingProblem] {
        guard let value else { return [] }
        if let bad = HostSyntax.firstControlCharacter(value) {
            return [
                SettingProblem(
                    .domain, "contains \(HostSyntax.describe(bad)).", fix: "Enter a host name like mail.example.com.")
            ]
        }
        if HostSyntax.bracketed(value) != nil {
            return HostSyntax.kind(ofServer: value) == nil
                ? [SettingProblem(.domain, "is not a valid address literal.", fix: "Write it like [192.0.2.1].")]
                : []
        }
        if HostSyntax.isIPv4(value) || HostSyntax.isIPv6(value) {
            return [
                SettingProblem(.domain, "is a bare IP address.", fix: "Write an address as a literal, like [\(value)].")
            ]
        }
        if let reason = HostSyntax.hostNameProblem(value) {
            return [
                SettingProblem(
                    .domain, "'\(TerminalSafe.excerpt(value))' \(reason).",
                    fix: "Use this server's public host name, like app.example.com, or leave it empty.")
            ]
        }
        return []
    }

    static func textProblems(_ key: SettingKey, _ value: String?, limit: Int) -> [SettingProblem] {
        guard let value else { return [] }
        if let bad = HostSyntax.firstControlCharacter(value) {
            return [SettingProblem(key, "contains \(HostSyntax.describe(bad)).", fix: "Keep it to one line of text.")]
        }
        if value.count > limit {
            return [SettingProblem(key, "is longer than \(limit) characters.", fix: "Shorten it.")]
        }
        return []
    }

    static func mailboxProblems(_ key: SettingKey, _ value: String?) -> [SettingProblem] {
        guard let value else { return [] }
        guard let reason = EmailAddressSyntax.problem(value) else { return [] }
        let fix =
            key == .fromEmailAddress
            ? "Use an address at a domain your provider lets you send from, like notifications@example.com."
            : "Use a full address like support@example.com, or leave it empty."
        return [SettingProblem(key, "'\(TerminalSafe.excerpt(value))' \(reason).", fix: fix)]
    }
}
