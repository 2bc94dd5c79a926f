/// How a finished test ended, as the wizard and the commands show it.
public struct ProbeOutcome: Equatable, Sendable, Codable {
    /// Why it failed; nil when it passed.
    public var diagnosis: Diagnosis?
    /// The server's certificate, when TLS was used.
    public var certificate: CertificateSummary?
    /// The certificate was trusted only through the extra CA file, which the
    /// application does not have: true, false, or nil when that does not apply.
    public var trustedOnlyViaCAFile: Bool?
    /// Whether a real message was accepted for delivery.
    public var messageSent: Bool
    /// True when the server did not offer STARTTLS and the test went on in
    /// plain text, as the application would; nil otherwise (and in records
    /// made before it existed).
    public var wentInClear: Bool?

    public init(
        diagnosis: Diagnosis? = nil, certificate: CertificateSummary? = nil, trustedOnlyViaCAFile: Bool? = nil,
        messageSent: Bool = false, wentInClear: Bool? = nil
    ) {
        self.wentInClear = wentInClear
        self.diagnosis = diagnosis
        self.certificate = certificate
        self.trustedOnlyViaCAFile = trustedOnlyViaCAFile
        self.messageSent = messageSent
    }

    public var passed: Bool { diagnosis == nil }

    /// The pass leaned on a CA the application will not trust.
    public var passedOnlyWithCAFile: Bool { passed && trustedOnlyViaCAFile == true }
}
