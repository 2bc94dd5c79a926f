import ProbeModel
import SMTPSettings

extension Diagnosis {
    /// The settings themselves, DNS and the TCP connection. Nil for a class of another family.
    static func connection(_ kind: DiagnosisClass, _ c: DiagnosisContext) -> Diagnosis? {
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
        default:
            return nil
        }
    }
}
