import SMTPSettings

/// The failure classes, with stable identifiers scripts can match.
public enum DiagnosisClass: String, Sendable, Codable, CaseIterable {
    case invalidSettings = "invalid_settings"
    case dnsNotFound = "dns_not_found"
    case dnsUnavailable = "dns_unavailable"
    case connectionRefused = "connection_refused"
    case connectTimeout = "connect_timeout"
    case networkUnreachable = "network_unreachable"
    /// Silent in plain text, and a TLS handshake on the same port succeeded.
    case noGreeting = "no_greeting"
    /// Silent, and not because it expects TLS: a TLS handshake failed too.
    case silentServer = "silent_server"
    case closedEarly = "closed_early"
    case greetingRefused = "greeting_refused"
    case notSMTP = "not_smtp"
    case tlsOnPlaintextPort = "tls_on_plaintext_port"
    case certificateExpired = "certificate_expired"
    case certificateNotYetValid = "certificate_not_yet_valid"
    case certificateSelfSigned = "certificate_self_signed"
    case certificateUntrusted = "certificate_untrusted"
    case certificateWrongHost = "certificate_wrong_host"
    case tlsNoCommonVersion = "tls_no_common_version"
    case tlsHandshakeFailed = "tls_handshake_failed"
    case startTLSNotOffered = "starttls_not_offered"
    case startTLSRefused = "starttls_refused"
    case startTLSInjection = "starttls_injection"
    case ehloRejected = "ehlo_rejected"
    case authMechanismNotOffered = "auth_mechanism_not_offered"
    case authNotOffered = "auth_not_offered"
    case authFailed = "auth_failed"
    case authWebLoginRequired = "auth_web_login_required"
    case authRequiresTLS = "auth_requires_tls"
    case plaintextAuthRefused = "plaintext_auth_refused"
    case senderRefused = "sender_refused"
    case recipientRefused = "recipient_refused"
    case messageRefused = "message_refused"
    case timeout
    case protocolError = "protocol_error"
    case cancelled
}

/// A failure in words: what went wrong, why it usually happens, what to
/// change, and which setting that is.
public struct Diagnosis: Equatable, Sendable {
    public var diagnosisClass: DiagnosisClass
    public var title: String
    public var explanation: String
    public var fix: String
    public var setting: SettingKey?
    /// The transcript lines that show it.
    public var evidence: [String]

    public init(
        _ diagnosisClass: DiagnosisClass, title: String, explanation: String, fix: String, setting: SettingKey?,
        evidence: [String] = []
    ) {
        self.diagnosisClass = diagnosisClass
        self.title = title
        self.explanation = explanation
        self.fix = fix
        self.setting = setting
        self.evidence = evidence
    }
}

/// What the diagnosis needs to know to choose its words.
struct DiagnosisContext {
    var host: String
    var port: Int
    var security: Security
    var authentication: Authentication
    var userName: String?
    var phase: ProbePhase
    var reply: SMTPReply?
    var capabilities: ServerCapabilities?
    var certificate: CertificateSummary?
    var detail: String?

    var quotedReply: String {
        guard let reply else { return "" }
        return " The server said: \"\(reply.rawLines.joined(separator: " / "))\"."
    }
}

extension Diagnosis {
    // One function, one table: every class's words in one place.
    static func make(_ kind: DiagnosisClass, _ c: DiagnosisContext) -> Diagnosis {
        let server = "\(c.host) port \(c.port)"
        switch kind {
        case .invalidSettings:
            return Diagnosis(
                kind, title: "The settings are not valid", explanation: c.detail ?? "",
                fix: "Correct the settings named above.", setting: nil)
        case .dnsNotFound:
            return Diagnosis(
                kind, title: "No such host: \(c.host)",
                explanation: "The DNS has no address for \(c.host). Usually a typo in the server address.",
                fix: "Check the spelling against your provider's documentation (e.g. smtp.sendgrid.net).",
                setting: .address)
        case .dnsUnavailable:
            return Diagnosis(
                kind, title: "DNS is not answering",
                explanation:
                    "This server could not ask DNS for \(c.host)\(c.detail.map { " (\($0))" } ?? ""). The name may be fine; the lookup itself failed.",
                fix:
                    "Check /etc/resolv.conf and outbound DNS (port 53) on this server, or enter the mail server's IP address.",
                setting: .address)
        case .connectionRefused:
            return Diagnosis(
                kind, title: "Connection refused by \(server)",
                explanation:
                    "The host is reachable but nothing accepts connections on port \(c.port). Either the port is wrong or the mail service is down.",
                fix: "Check the port: 587 for STARTTLS, 465 for TLS on connect, 25 for server-to-server relays.",
                setting: .port)
        case .connectTimeout:
            let cloud =
                c.port == 25
                ? " Many cloud providers (AWS, Google Cloud, Azure, DigitalOcean and others) block outgoing port 25."
                : ""
            return Diagnosis(
                kind, title: "No answer from \(server)",
                explanation:
                    "The connection attempt got no answer at all: a firewall is silently dropping it, here, at your hosting provider, or at the mail server.\(cloud)",
                fix: c.port == 25
                    ? "Use port 587 (STARTTLS) or 2525, which most providers offer for exactly this reason."
                    : "Check this server's outbound firewall for port \(c.port), or try 587, 465 or 2525.",
                setting: .port)
        case .networkUnreachable:
            return Diagnosis(
                kind, title: "No route to \(server)",
                explanation: "This server has no network route to \(c.host)\(c.detail.map { " (\($0))" } ?? "").",
                fix: "Check the address, and this server's network (IPv6 addresses need IPv6 connectivity).",
                setting: .address)
        case .noGreeting:
            return Diagnosis(
                kind, title: "Connected, but the server never said hello",
                explanation:
                    "An SMTP server greets first. This one stayed silent in plain text, and a TLS handshake on the same port succeeded: it expects TLS from the first byte (usually port 465).",
                fix: "This port likely expects TLS on connect: set security=tls (or use port 587 with starttls).",
                setting: .security)
        case .silentServer:
            let after = c.security == .tls ? " after the TLS handshake" : ""
            let tried =
                c.security == .tls ? "" : " A TLS handshake on the same port failed too, so it is not a TLS port."
            return Diagnosis(
                kind, title: "The server at \(server) accepts connections but stays silent",
                explanation:
                    "An SMTP server greets first. This one accepted the connection and said nothing\(after), not even to a line sent to it.\(tried) A stuck or overloaded mail server, a proxy or firewall holding the connection, or a service that is not SMTP does this.",
                fix:
                    "Check that the address and port are the mail server's (usually 587, or 465 with security=tls), and that the server is running.",
                setting: .port)
        case .closedEarly:
            return Diagnosis(
                kind, title: "The server closed the connection during \(c.phase.title)",
                explanation:
                    "The connection was closed without an SMTP reply. Servers do this when they block your IP address, reject the TLS settings, or are overloaded.",
                fix:
                    "Check that this server's IP may use the mail service (allow-lists at the provider), then try again.",
                setting: c.phase == .greeting ? .port : nil)
        case .greetingRefused:
            return Diagnosis(
                kind, title: "The server refused the connection (\(c.reply?.code ?? 0))",
                explanation:
                    "It answered, but with a refusal instead of a welcome: it is busy, or it does not accept mail from this server's IP address.\(c.quotedReply)",
                fix: "Ask the provider whether this server's IP is blocked; if it says busy (421), try again later.",
                setting: nil)
        case .notSMTP:
            return Diagnosis(
                kind, title: "Port \(c.port) is not an SMTP server",
                explanation:
                    "Another kind of server answered\(c.detail.map { ": \($0)" } ?? ""). The port is probably a mail-reading port (POP3 110/995, IMAP 143/993) or a web port.",
                fix: "Use the SMTP submission port: 587 (STARTTLS) or 465 (TLS on connect).", setting: .port)
        case .tlsOnPlaintextPort:
            return Diagnosis(
                kind, title: "TLS spoken to a plain-text port",
                explanation:
                    "security is tls (TLS from the first byte), but port \(c.port) answered in plain text, so the TLS handshake read an SMTP greeting (\"wrong version number\").",
                fix: "Use security=starttls on this port, or port 465 with security=tls.", setting: .security)
        case .certificateExpired:
            return Diagnosis(
                kind, title: "The server's certificate has expired",
                explanation:
                    "\(c.certificate.map { "It expired on \($0.notAfterText)." } ?? "") An expired certificate cannot prove the server is who it says; the provider has to renew it.",
                fix: "If that date looks wrong, check this machine's clock (timedatectl). Otherwise the mail server's "
                    + "admin must renew the certificate; turning verification off would hand the password to anyone "
                    + "who can intercept it.",
                setting: nil)
        case .certificateNotYetValid:
            return Diagnosis(
                kind, title: "The server's certificate is not valid yet",
                explanation:
                    "\(c.certificate.map { "It is valid only from \($0.notBeforeText)." } ?? "") Either the certificate was issued wrongly or this server's clock is behind.",
                fix: "Check this server's clock (timedatectl); if it is right, tell the mail server's admin.",
                setting: nil)
        case .certificateSelfSigned:
            return Diagnosis(
                kind, title: "The server's certificate is self-signed",
                explanation:
                    "Nobody vouches for it\(c.certificate.map { " (issued by itself for \($0.subject))" } ?? ""), so it cannot prove the server's identity. Common on private relays.",
                fix: "If this is your own relay, install its certificate in this machine's CA store "
                    + "(/usr/local/share/ca-certificates, then update-ca-certificates) so the application trusts it "
                    + "too; --ca-file trusts it for this test only. Otherwise ask the provider for a proper certificate.",
                setting: nil)
        case .certificateUntrusted:
            return Diagnosis(
                kind, title: "The server's certificate is not from a trusted authority",
                explanation:
                    "It was issued by \(c.certificate?.issuer ?? "an unknown authority"), which this machine does not trust. Private CAs, and servers that do not send their intermediate certificate, cause this.",
                fix: "Install the issuing CA in this machine's CA store (/usr/local/share/ca-certificates, then "
                    + "update-ca-certificates) so the application trusts it too; --ca-file trusts it for this test only.",
                setting: nil)
        case .certificateWrongHost:
            let names = c.certificate.map { $0.names.joined(separator: ", ") } ?? ""
            return Diagnosis(
                kind, title: "The certificate is for another host name",
                explanation:
                    "You connected to \(c.host), but the certificate is issued for \(names.isEmpty ? "other names" : names). Often the provider's documented host name differs from the one entered.",
                fix: names.isEmpty
                    ? "Use the host name the certificate was issued for."
                    : "Set the address to a name the certificate covers (\(c.certificate?.names.first ?? names)).",
                setting: .address)
        case .tlsNoCommonVersion:
            return Diagnosis(
                kind, title: "No TLS version in common",
                explanation:
                    "The server offers only old TLS versions (1.0/1.1) that are no longer considered safe, and this tool requires TLS 1.2 or newer.",
                fix: "Ask the mail server's admin to enable TLS 1.2 or 1.3.", setting: nil)
        case .tlsHandshakeFailed:
            return Diagnosis(
                kind, title: "The TLS handshake failed",
                explanation:
                    "The encrypted connection could not be set up\(c.detail.map { " (\($0))" } ?? "").",
                fix: "Check the security setting matches the port (587: starttls, 465: tls).", setting: .security)
        case .startTLSNotOffered:
            return Diagnosis(
                kind, title: "The server does not offer STARTTLS",
                explanation:
                    "security is starttls, but the EHLO reply does not list STARTTLS. Either this port expects TLS on connect, the server has no TLS, or something on the network strips STARTTLS to read your mail. This tool never falls back to plain text silently.",
                fix:
                    "Try port 465 with security=tls. Choose security=none only for a relay on this machine or a trusted network.",
                setting: .security)
        case .startTLSRefused:
            return Diagnosis(
                kind, title: "The server refused STARTTLS",
                explanation: "It listed STARTTLS but answered the command with an error.\(c.quotedReply)",
                fix: "Try port 465 with security=tls, or ask the provider.", setting: .security)
        case .startTLSInjection:
            return Diagnosis(
                kind, title: "Data was injected before TLS started",
                explanation:
                    "Bytes arrived after the server's go-ahead for STARTTLS and before encryption began. That is the signature of a STARTTLS command-injection attack (or a badly broken server); the test stopped before sending anything sensitive.",
                fix:
                    "Do not use this path for mail. Try security=tls on port 465, and report this to the network and mail server admins.",
                setting: .security)
        case .ehloRejected:
            return Diagnosis(
                kind, title: "The server rejected the greeting name (EHLO/HELO)",
                explanation: "It did not accept the name this server introduced itself with.\(c.quotedReply)",
                fix: "Set the HELO domain to this server's public, fully qualified host name (e.g. app.example.com).",
                setting: .domain)
        case .authMechanismNotOffered:
            let offered = c.capabilities?.authMechanisms ?? []
            return Diagnosis(
                kind, title: "The server does not offer \(c.authentication.saslName ?? "that") authentication",
                explanation: "It offers: \(offered.joined(separator: ", ")).",
                fix: "Set authentication to \(suggestedMechanism(offered) ?? "one of those").", setting: .authentication
            )
        case .authNotOffered:
            return Diagnosis(
                kind, title: "The server does not offer authentication",
                explanation: c.security == .none
                    ? "Its EHLO reply lists no AUTH. Many servers offer AUTH only after TLS has started."
                    : "Its EHLO reply lists no AUTH: this server accepts mail without logging in, or not from you at all.",
                fix: c.security == .none
                    ? "Set security to starttls (587) or tls (465)."
                    : "Set authentication to none if this is a relay that trusts your IP address; otherwise check the host.",
                setting: c.security == .none ? .security : .authentication)
        case .authFailed:
            let sendgrid = c.host.lowercased().contains("sendgrid") && c.userName != "apikey"
            return Diagnosis(
                kind, title: "The user name or password was not accepted",
                explanation:
                    "The server rejected the credentials.\(c.quotedReply) Gmail, Microsoft 365 and iCloud refuse the normal account password here; they need an app password.",
                fix: sendgrid
                    ? "For SendGrid the user name is literally apikey and the password is the API key."
                    : "Re-enter the password (or API key); for Gmail/Microsoft 365 create an app password. SendGrid's user name is always apikey.",
                setting: sendgrid ? .userName : .password)
        case .authWebLoginRequired:
            return Diagnosis(
                kind, title: "The provider wants a web login first",
                explanation: "The server requires signing in with a browser or an app password.\(c.quotedReply)",
                fix:
                    "Create an app password in the account's security settings (Gmail: myaccount.google.com/apppasswords) and use it as the password.",
                setting: .password)
        case .authRequiresTLS:
            return Diagnosis(
                kind, title: "The server requires encryption before login",
                explanation: "It refuses to take credentials over a plain connection.\(c.quotedReply)",
                fix: "Set security to starttls (port 587) or tls (port 465).", setting: .security)
        case .plaintextAuthRefused:
            return Diagnosis(
                kind, title: "Not sending the password unencrypted",
                explanation:
                    "\(c.authentication.saslName ?? "This") authentication would send the password readable by anyone on the network, because the connection is not encrypted.",
                fix: "Set security to starttls or tls. For a relay on this machine, pass --allow-plaintext-auth.",
                setting: .security)
        case .senderRefused:
            let authHint = c.reply?.code == 530 ? " The server wants you to log in first." : ""
            return Diagnosis(
                kind, title: "The sender address was refused",
                explanation:
                    "The server will not send mail from this address.\(authHint)\(c.quotedReply) Providers accept only senders on domains you have verified with them.",
                fix: authHint.isEmpty
                    ? "Use a from address on a domain verified at your provider (SPF/DKIM set up there)."
                    : "Set authentication and a user name and password.",
                setting: authHint.isEmpty ? .fromEmailAddress : .authentication)
        case .recipientRefused:
            let relay = (c.reply?.text.lowercased() ?? "").contains("relay")
            return Diagnosis(
                kind, title: relay ? "Relaying denied" : "The recipient was refused",
                explanation: relay
                    ? "The server will not pass mail on for you: it does not consider you logged in or trusted.\(c.quotedReply)"
                    : "The server will not deliver to that address.\(c.quotedReply)",
                fix: relay
                    ? "Set authentication with your provider's credentials."
                    : "Check the recipient address; send the test to a mailbox you control.",
                setting: relay ? .authentication : nil)
        case .messageRefused:
            return Diagnosis(
                kind, title: "The message was refused",
                explanation: "The server rejected the test message itself.\(c.quotedReply)",
                fix: "Check the from address and the domain's SPF/DKIM records at your provider.",
                setting: .fromEmailAddress)
        case .timeout:
            return Diagnosis(
                kind, title: "Timed out during \(c.phase.title)",
                explanation: c.detail ?? "The server stopped answering in the middle of the conversation.",
                fix: "Try again; if it persists, a firewall or proxy may be interfering, or the server is overloaded.",
                setting: nil)
        case .cancelled:
            return Diagnosis(
                kind, title: "Test cancelled during \(c.phase.title)",
                explanation: "The test was stopped before it finished; nothing was concluded about the server.",
                fix: "Run the test again.", setting: nil)
        case .protocolError:
            return Diagnosis(
                kind, title: "The server broke the SMTP protocol during \(c.phase.title)",
                explanation: "\(c.detail ?? "It sent something this tool cannot read.")\(c.quotedReply)",
                fix: "Check that the address and port point at an SMTP server.", setting: .port)
        }
    }

    static func suggestedMechanism(_ offered: [String]) -> String? {
        if offered.contains("PLAIN") { return "plain" }
        if offered.contains("LOGIN") { return "login" }
        if offered.contains("CRAM-MD5") { return "cram_md5" }
        return nil
    }
}
