import ProbeModel
import SMTPSettings

extension Diagnosis {
    /// The greeting name, the envelope and the message, and a conversation that broke off. Nil for a class of another family.
    static func envelope(_ kind: DiagnosisClass, _ c: DiagnosisContext) -> Diagnosis? {
        switch kind {
        case .ehloRejected:
            return Diagnosis(
                kind, title: "The server rejected the greeting name (EHLO/HELO)",
                explanation: "It did not accept the name this server introduced itself with.\(c.quotedReply)",
                fix: "Set the HELO domain to this server's public, fully qualified host name (e.g. app.example.com).",
                setting: .domain)
        case .senderRefused where c.detail != nil:
            // The address itself, not the domain's standing: the server cannot take it at all.
            return Diagnosis(
                kind, title: "The sender address was refused",
                explanation: "\(c.detail!)\(c.quotedReply)",
                fix:
                    "Use an ASCII from address (an ASCII name before the @, the domain in its xn-- form), or a server that offers SMTPUTF8.",
                setting: .fromEmailAddress)
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
        default:
            return nil
        }
    }
}
