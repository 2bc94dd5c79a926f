// ProbeModel: the values a live SMTP test produces (phases and their status,
// transcript lines, diagnoses, the certificate summary, the events and the
// outcome), shared by the probe that makes them and the wizard and commands
// that show them. It imports Foundation at most: no NIO, no settings store.

/// What a screen hears while the probe runs, in order; `finished` comes last.
/// Codable, so a real run can be recorded and replayed (the wizard's goldens).
public enum ProbeEvent: Equatable, Sendable, Codable {
    /// A phase began; it may take up to `limitSeconds` (what a countdown shows).
    case phaseStarted(phase: ProbePhase, limitSeconds: Double?)
    case phaseFinished(phase: ProbePhase, status: PhaseStatus, milliseconds: Int)
    case transcript(line: TranscriptLine)
    case certificate(summary: CertificateSummary)
    case finished(outcome: ProbeOutcome)
}
