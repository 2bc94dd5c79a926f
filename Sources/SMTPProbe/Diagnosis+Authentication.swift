import ProbeModel
import SMTPSettings

extension Diagnosis {
    /// Logging in: what the server offers and what it said to the credentials. Nil for a class of another family.
    static func authentication(_ kind: DiagnosisClass, _ c: DiagnosisContext) -> Diagnosis? {
        switch kind {
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
        default:
            return nil
        }
    }

    static func suggestedMechanism(_ offered: [String]) -> String? {
        if offered.contains("PLAIN") { return "plain" }
        if offered.contains("LOGIN") { return "login" }
        if offered.contains("CRAM-MD5") { return "cram_md5" }
        return nil
    }
}
