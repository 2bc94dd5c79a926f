import Foundation
import ProbeModel
import SMTPSettings

/// What the session tells its listener and keeps in the report: phases,
/// transcript lines, and the diagnosis that ends it.
extension ProbeSession {
    func start(_ phase: ProbePhase) {
        currentPhase = phase
        phaseStart = .now
        emit(.phaseStarted(phase: phase, limitSeconds: options.limit(phase)))
    }

    func finish(_ phase: ProbePhase, _ status: PhaseStatus) {
        let elapsed = ContinuousClock.now - phaseStart
        let milliseconds = Int(
            elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        report.phases.append(PhaseRecord(phase: phase, status: status, milliseconds: milliseconds))
        emit(.phaseFinished(phase: phase, status: status, milliseconds: milliseconds))
        currentPhase = nil
    }

    func skip(_ phase: ProbePhase) {
        report.phases.append(PhaseRecord(phase: phase, status: .skipped, milliseconds: 0))
        emit(.phaseFinished(phase: phase, status: .skipped, milliseconds: 0))
    }

    func record(_ reply: SMTPReply, encrypted: Bool) {
        for line in reply.rawLines { transcript(.received, line, encrypted: encrypted) }
    }

    func transcript(_ direction: TranscriptLine.Direction, _ text: String, encrypted: Bool? = nil) {
        let line = TranscriptLine(direction, encrypted: encrypted ?? self.encrypted, text)
        report.transcript.append(line)
        emit(.transcript(line: line))
    }

    func note(_ text: String) { transcript(.note, text) }

    func stop(
        _ kind: DiagnosisClass, phase: ProbePhase, reply: SMTPReply? = nil, detail: String? = nil,
        capabilities: ServerCapabilities? = nil
    ) -> ProbeStop {
        ProbeStop(diagnosis: diagnose(kind, phase: phase, reply: reply, detail: detail, capabilities: capabilities))
    }

    func diagnose(
        _ kind: DiagnosisClass, phase: ProbePhase, reply: SMTPReply? = nil, detail: String? = nil,
        capabilities: ServerCapabilities? = nil
    ) -> Diagnosis {
        var diagnosis = Diagnosis.make(
            kind,
            DiagnosisContext(
                host: target.host, port: target.port, security: target.security,
                authentication: target.authentication, userName: target.userName, phase: phase, reply: reply,
                capabilities: capabilities ?? report.capabilities, certificate: report.certificate, detail: detail))
        diagnosis.evidence = report.transcript.suffix(4).map(\.rendered)
        return diagnosis
    }
}
