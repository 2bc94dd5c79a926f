import SMTPProbe
import SMTPSettings
import Wizard

/// The probe's events in the wizard's words. The Wizard knows nothing of
/// the probe; this is where the two meet.
enum ProbeMessages {
    static func message(for event: ProbeEvent, options: ProbeOptions) -> WizardMessage? {
        switch event {
        case .phaseStarted(let phase):
            return .testPhase(
                name: phase.title, status: .running, milliseconds: nil, limitSeconds: limit(phase, options))
        case .phaseFinished(let phase, let status, let milliseconds):
            return .testPhase(name: phase.title, status: status.wizardStatus, milliseconds: milliseconds)
        case .transcript(let line):
            let direction: TranscriptDirection =
                switch (line.direction, line.encrypted) {
                case (.sent, false): .sent
                case (.sent, true): .sentTLS
                case (.received, false): .received
                case (.received, true): .receivedTLS
                case (.note, _): .note
                }
            return .testTranscript(direction, line.text)
        case .certificate:
            return nil
        }
    }

    /// The longest a phase may take: what the wizard counts down from.
    static func limit(_ phase: ProbePhase, _ options: ProbeOptions) -> Double? {
        switch phase {
        case .resolve, .connect: options.connectTimeout
        case .greeting: options.greetingTimeout
        case .data: options.dataTimeout
        default: options.commandTimeout
        }
    }

    static func outcome(_ report: ProbeReport, settings: MailSettings) -> TestOutcome {
        let certificate = report.certificate.map(describe)
        guard let diagnosis = report.diagnosis else {
            return .passed(certificate: certificate, onlyWithCAFile: report.trustedOnlyViaCAFile == true)
        }
        return .failed(
            TestDiagnosis(
                classID: diagnosis.diagnosisClass.rawValue, title: diagnosis.title, explanation: diagnosis.explanation,
                fix: diagnosis.fix, setting: diagnosis.setting,
                suggestion: FixSuggestion.values(for: diagnosis, report: report, settings: settings)),
            certificate: certificate)
    }

    static func describe(_ certificate: CertificateSummary) -> String {
        "\(certificate.subject), issued by \(certificate.issuer), valid until \(certificate.notAfterText)"
    }

    /// What detect recommends, as values the wizard's `a` key puts in the form.
    static func recommendedValues(_ findings: [PortFinding]) -> [SuggestedValue] {
        guard let recommendation = PortDetector.recommend(findings) else { return [] }
        return [
            SuggestedValue(.port, String(recommendation.port)),
            SuggestedValue(.security, recommendation.security.rawValue),
            SuggestedValue(.authentication, recommendation.authentication.rawValue),
        ]
    }

    /// `detect`'s findings as the lines the wizard shows.
    static func detectLines(host: String, _ findings: [PortFinding]) -> [String] {
        var lines = findings.map(DetectText.line)
        if let recommendation = PortDetector.recommend(findings) {
            lines.append(
                "Recommended: port \(recommendation.port), \(recommendation.security.title), authentication \(recommendation.authentication.rawValue)"
            )
        } else {
            lines.append("No usable SMTP port found on \(host).")
        }
        return lines
    }
}

extension PhaseStatus {
    var wizardStatus: TestPhaseStatus {
        switch self {
        case .running: .running
        case .passed: .passed
        case .failed: .failed
        case .skipped: .skipped
        }
    }
}
