import ProbeModel
import SMTPSettings

/// After a verification failure, connects once more with verification off
/// only to read the certificate, so the diagnosis can say "expired on",
/// "self-signed", "issued for". It stops after EHLO: no login, no mail.
enum CertificateFetcher {
    /// `hangUp`: the first session's; cancelling it or its time limit running out closes this one too.
    static func fetch(target: ProbeSession.Target, options: ProbeOptions, hangUp: HangUp) async
        -> CertificateSummary?
    {
        var discovery = options
        discovery.discoverOnly = true
        discovery.sendTo = nil
        let settings = MailSettings([
            .address: target.host, .port: String(target.port), .security: target.security.rawValue,
            .verifyCertificate: "false", .authentication: Authentication.none.rawValue,
        ])
        discovery.fallbackHeloName = target.heloName
        let session = ProbeSession(options: discovery, events: { _ in })
        session.linkedHangUp = hangUp
        await session.run(settings)
        return session.report.certificate
    }
}
