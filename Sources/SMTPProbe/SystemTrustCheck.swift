import ProbeModel
import SMTPSettings

/// A pass with `--ca-file` says whether the application will see the same
/// pass: the application trusts only the system's CAs. The only true way
/// to know is to ask the system's CAs themselves, so a second connection
/// repeats the handshake with them alone (verification on, no extra CA),
/// stops after EHLO and never logs in.
extension ProbeSession {
    func checkSystemTrust() async {
        guard options.caFile != nil, target.verify, target.security != .none, !options.systemTrustOnly,
            !options.discoverOnly,
            !hangUp.isCancelled
        else { return }
        var check = options
        check.caFile = nil
        check.discoverOnly = true
        check.sendTo = nil
        check.systemTrustOnly = true
        check.fallbackHeloName = target.heloName
        let settings = MailSettings([
            .address: target.host, .port: String(target.port), .security: target.security.rawValue,
            .verifyCertificate: "true", .authentication: Authentication.none.rawValue,
        ])
        let session = ProbeSession(options: check, events: { _ in })
        let hangUp = session.hangUp
        await withTaskCancellationHandler {
            await session.run(settings)
        } onCancel: {
            hangUp.cancel()
        }
        let tlsPhase: ProbePhase = target.security == .tls ? .tls : .startTLS
        if session.report.ok {
            report.trustedOnlyViaCAFile = false
            note("the system's trusted CAs accept this certificate too")
        } else if let diagnosis = session.report.diagnosis, session.report.failedPhase == tlsPhase,
            Self.certificateClasses.contains(diagnosis.diagnosisClass)
        {
            report.trustedOnlyViaCAFile = true
            note(
                "verified only with the CA from --ca-file: the system's trusted CAs refuse this certificate (\(diagnosis.title))"
            )
        } else {
            // The second connection failed for another reason: nothing is known, nothing is claimed.
            note("could not check this certificate against the system's trusted CAs")
        }
    }

    static let certificateClasses: Set<DiagnosisClass> = [
        .certificateUntrusted, .certificateSelfSigned, .certificateExpired, .certificateNotYetValid,
        .certificateWrongHost,
    ]
}
