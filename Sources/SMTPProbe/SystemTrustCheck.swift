import ProbeModel
import SMTPSettings

/// What the system's CAs alone said about a certificate that passed with `--ca-file`.
enum SystemTrustVerdict: Sendable {
    case trusted
    case refused(title: String)
    /// The check's own connection failed for another reason: nothing is known.
    case unknown
}

/// A pass with `--ca-file` says whether the application will see the same
/// pass: the application trusts only the system's CAs. The only true way
/// to know is to ask the system's CAs themselves, so a second connection
/// repeats the handshake with them alone (verification on, no extra CA),
/// stops after EHLO and never logs in. It starts once the test's own
/// handshake accepted the certificate and runs beside the rest of the test
/// (login, envelope), so it adds little or no time to a passing test; a
/// failing test cancels it.
extension ProbeSession {
    func startSystemTrustCheck() {
        guard options.caFile != nil, target.verify, target.security != .none, !options.systemTrustOnly,
            !options.discoverOnly, systemTrust == nil, !hangUp.isCancelled
        else { return }
        var check = options
        check.caFile = nil
        check.discoverOnly = true
        check.sendTo = nil
        check.systemTrustOnly = true
        check.fallbackHeloName = target.heloName
        check.overallLimit = nil
        let settings = MailSettings([
            .address: target.host, .port: String(target.port), .security: target.security.rawValue,
            .verifyCertificate: "true", .authentication: Authentication.none.rawValue,
        ])
        let tlsPhase: ProbePhase = target.security == .tls ? .tls : .startTLS
        let linked = hangUp
        let options = check
        systemTrust = Task { [settings, options, tlsPhase, linked] in
            await ProbeSession.systemTrustVerdict(settings, options, tlsPhase: tlsPhase, linked: linked)
        }
    }

    /// The check's own session; the test's hang-up (cancel, --timeout) closes its connection too.
    static func systemTrustVerdict(
        _ settings: MailSettings, _ options: ProbeOptions, tlsPhase: ProbePhase, linked: HangUp
    ) async -> SystemTrustVerdict {
        let session = ProbeSession(options: options, events: { _ in })
        session.linkedHangUp = linked
        let hangUp = session.hangUp
        await withTaskCancellationHandler {
            await session.run(settings)
        } onCancel: {
            hangUp.cancel()
        }
        if session.report.ok { return .trusted }
        if let diagnosis = session.report.diagnosis, session.report.failedPhase == tlsPhase,
            certificateClasses.contains(diagnosis.diagnosisClass)
        {
            return .refused(title: diagnosis.title)
        }
        return .unknown
    }

    /// Waits for the check when the test passed (and says what it found);
    /// cancels it when the test did not.
    func finishSystemTrustCheck() async {
        guard let check = systemTrust else { return }
        systemTrust = nil
        guard report.ok, !hangUp.isCancelled else {
            check.cancel()
            return
        }
        switch await check.value {
        case .trusted:
            report.trustedOnlyViaCAFile = false
            note("the system's trusted CAs accept this certificate too")
        case .refused(let title):
            report.trustedOnlyViaCAFile = true
            note(
                "verified only with the CA from --ca-file: the system's trusted CAs refuse this certificate (\(title))")
        case .unknown:
            note("could not check this certificate against the system's trusted CAs")
        }
    }

    static let certificateClasses: Set<DiagnosisClass> = [
        .certificateUntrusted, .certificateSelfSigned, .certificateExpired, .certificateNotYetValid,
        .certificateWrongHost,
    ]
}
