import SMTPSettings

/// The steps of a connection test, in the order they happen.
public enum ProbePhase: String, Sendable, Codable, CaseIterable {
    case resolve
    case connect
    case tls
    case greeting
    case ehlo
    case startTLS = "starttls"
    case ehloAfterTLS = "ehlo_tls"
    case auth
    case sender
    case recipient
    case data
    case reset = "rset"
    case quit

    public var title: String {
        switch self {
        case .resolve: "DNS lookup"
        case .connect: "TCP connect"
        case .tls: "TLS handshake"
        case .greeting: "Greeting"
        case .ehlo: "EHLO"
        case .startTLS: "STARTTLS"
        case .ehloAfterTLS: "EHLO (after TLS)"
        case .auth: "Authentication"
        case .sender: "Sender (MAIL FROM)"
        case .recipient: "Recipient (RCPT TO)"
        case .data: "Message (DATA)"
        case .reset: "Reset (RSET)"
        case .quit: "QUIT"
        }
    }
}

public enum PhaseStatus: String, Sendable, Codable {
    case running
    case passed
    case failed
    case skipped
}

/// One line of the conversation. Built from what the probe chose to show
/// at each send, never from the wire bytes, so secrets never get here.
public struct TranscriptLine: Equatable, Sendable, Codable {
    public enum Direction: String, Sendable, Codable {
        case sent
        case received
        /// Our own remark, e.g. "TLS 1.3 established".
        case note
    }

    public var direction: Direction
    /// Whether the line travelled inside TLS.
    public var encrypted: Bool
    public var text: String

    public init(_ direction: Direction, encrypted: Bool, _ text: String) {
        self.direction = direction
        self.encrypted = encrypted
        self.text = text
    }

    /// swaks' arrows: `->`/`<-` in clear, `~>`/`<~` inside TLS.
    public var rendered: String {
        switch (direction, encrypted) {
        case (.sent, false): "-> \(text)"
        case (.received, false): "<- \(text)"
        case (.sent, true): "~> \(text)"
        case (.received, true): "<~ \(text)"
        case (.note, _): "== \(text)"
        }
    }
}

/// What a screen hears while the probe runs.
public enum ProbeEvent: Equatable, Sendable {
    case phaseStarted(ProbePhase)
    case phaseFinished(ProbePhase, PhaseStatus, milliseconds: Int)
    case transcript(TranscriptLine)
    case certificate(CertificateSummary)
}

public struct PhaseRecord: Equatable, Sendable, Codable {
    public var phase: ProbePhase
    public var status: PhaseStatus
    public var milliseconds: Int
}

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
    /// Whether the certificate was trusted only because of the extra CA
    /// file (`ProbeOptions.caFile`): true when the system's own trusted CAs
    /// refused it on a second handshake, false when they accepted it, nil
    /// when that does not apply (no TLS, no CA file, not verified, a
    /// failed test) or could not be found out.
    public var trustedOnlyViaCAFile: Bool?

    public var ok: Bool { diagnosis == nil }

    /// The phase that failed, if any: what the exit code is chosen by.
    public var failedPhase: ProbePhase? { phases.last { $0.status == .failed }?.phase }
}
