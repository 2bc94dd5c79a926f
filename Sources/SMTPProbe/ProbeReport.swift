import ProbeModel
import SMTPSettings

/// Everything a finished test knows.
public struct ProbeReport: Equatable, Sendable {
    public var phases: [PhaseRecord] = []
    public var transcript: [TranscriptLine] = []
    public var diagnosis: Diagnosis?
    public var certificate: CertificateSummary?
    /// What the server offered in its last EHLO reply.
    public var capabilities: ServerCapabilities?
    public var greeting: SMTPReply?
    public var tlsVersion: String?
    /// Whether a real message was accepted for delivery.
    public var messageSent = false
    /// The name sent in EHLO/HELO; nil if the test ended before sending one.
    public var heloName: String?
    /// The settings had no domain: `heloName` is this machine's name.
    public var heloNameIsThisMachine = false
    /// The settings had no domain and `heloName` is the application's own
    /// default instead ("GitLab's default"): said in its place.
    public var heloNameSource: String?
    /// Whether the certificate was trusted only because of the extra CA
    /// file (`ProbeOptions.caFile`): true when the system's own trusted CAs
    /// refused it on a second handshake, false when they accepted it, nil
    /// when that does not apply (no TLS, no CA file, not verified, a
    /// failed test) or could not be found out.
    public var trustedOnlyViaCAFile: Bool?

    /// The server did not offer STARTTLS and the test went on in plain
    /// text, as an application that upgrades only when offered would.
    public var wentInClear = false

    public var ok: Bool { diagnosis == nil }

    /// The phase that failed, if any: what the exit code is chosen by.
    public var failedPhase: ProbePhase? { phases.last { $0.status == .failed }?.phase }

    /// What the wizard and the commands show of it: the last event of a run.
    public var outcome: ProbeOutcome {
        ProbeOutcome(
            diagnosis: diagnosis, certificate: certificate, trustedOnlyViaCAFile: trustedOnlyViaCAFile,
            messageSent: messageSent, wentInClear: wentInClear ? true : nil)
    }
}
