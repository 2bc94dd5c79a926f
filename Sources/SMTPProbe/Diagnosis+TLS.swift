import ProbeModel
import SMTPSettings

extension Diagnosis {
    /// TLS itself: the handshake, versions and STARTTLS. Nil for a class of another family.
    static func tls(_ kind: DiagnosisClass, _ c: DiagnosisContext) -> Diagnosis? {
        switch kind {
        case .tlsOnPlaintextPort:
            return Diagnosis(
                kind, title: "TLS spoken to a plain-text port",
                explanation:
                    "security is tls (TLS from the first byte), but port \(c.port) answered in plain text, so the TLS handshake read an SMTP greeting (\"wrong version number\").",
                fix: "Use security=starttls on this port, or port 465 with security=tls.", setting: .security)
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
        default:
            return nil
        }
    }
}
