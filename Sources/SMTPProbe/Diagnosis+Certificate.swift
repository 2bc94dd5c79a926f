import ProbeModel
import SMTPSettings

extension Diagnosis {
    /// The server certificate, when verification refused it. Nil for a class of another family.
    static func certificate(_ kind: DiagnosisClass, _ c: DiagnosisContext) -> Diagnosis? {
        switch kind {
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
        default:
            return nil
        }
    }
}
