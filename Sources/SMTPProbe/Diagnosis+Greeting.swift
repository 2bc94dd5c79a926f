import ProbeModel
import SMTPSettings

extension Diagnosis {
    /// What the server said (or did not say) first. Nil for a class of another family.
    static func greeting(_ kind: DiagnosisClass, _ c: DiagnosisContext) -> Diagnosis? {
        let server = "\(c.host) port \(c.port)"
        switch kind {
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
        default:
            return nil
        }
    }
}
