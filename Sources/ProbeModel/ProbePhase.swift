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
    /// Not run, because an earlier phase failed or it was not asked for.
    case skipped
}

/// How one phase ended.
public struct PhaseRecord: Equatable, Sendable, Codable {
    public var phase: ProbePhase
    public var status: PhaseStatus
    public var milliseconds: Int

    public init(phase: ProbePhase, status: PhaseStatus, milliseconds: Int) {
        self.phase = phase
        self.status = status
        self.milliseconds = milliseconds
    }
}
