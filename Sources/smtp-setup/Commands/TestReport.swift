import Foundation
import ProbeModel
import SMTPProbe
import SMTPSettings
import Terminal

/// `test --json`.
struct TestReport: Encodable {
    struct Phase: Encodable {
        let name: String
        let status: String
        let milliseconds: Int
    }

    struct DiagnosisObject: Encodable {
        let `class`: String
        let title: String
        let explanation: String
        let fix: String
        let setting: String?
    }

    struct CertificateObject: Encodable {
        let subject: String
        let issuer: String
        let names: [String]
        let notBefore: String
        let notAfter: String
        let selfSigned: Bool

        enum CodingKeys: String, CodingKey {
            case subject, issuer, names
            case notBefore = "not_before"
            case notAfter = "not_after"
            case selfSigned = "self_signed"
        }

        init(_ summary: CertificateSummary) {
            subject = summary.subject
            issuer = summary.issuer
            names = summary.names
            notBefore = summary.notBeforeText
            notAfter = summary.notAfterText
            selfSigned = summary.selfSigned
        }
    }

    let ok: Bool
    /// True when the pass needed --ca-file: the application will not trust the certificate.
    let trustedOnlyViaCAFile: Bool?
    let heloName: String?
    /// "domain" (the setting) or "this_machine" (domain is empty).
    let heloNameSource: String?
    /// Sentences an admin must read about this result (the CA file, the HELO name).
    let notes: [String]
    let phases: [Phase]
    let transcript: [String]
    let diagnosis: DiagnosisObject?
    let certificate: CertificateObject?
    let problems: [String]?

    enum CodingKeys: String, CodingKey {
        case ok, phases, transcript, diagnosis, certificate, problems, notes
        case trustedOnlyViaCAFile = "trusted_only_via_ca_file"
        case heloName = "helo_name"
        case heloNameSource = "helo_name_source"
    }

    init(_ report: ProbeReport) {
        // Only when every phase that decides delivery passed: a sender never tried is not a pass.
        ok = report.ok && report.phases.contains { $0.phase == .sender && $0.status == .passed }
        trustedOnlyViaCAFile = report.trustedOnlyViaCAFile
        heloName = report.heloName
        heloNameSource =
            report.heloName == nil
            ? nil
            : report.heloNameIsThisMachine
                ? "this_machine" : report.heloNameSource != nil ? "application_default" : "domain"
        notes = [report.trustedOnlyViaCAFile == true ? TrustWords.onlyViaCAFile : nil, TrustWords.helo(report)]
            .compactMap { $0 }
        phases = report.phases.map {
            Phase(name: $0.phase.rawValue, status: $0.status.rawValue, milliseconds: $0.milliseconds)
        }
        transcript = report.transcript.map(\.rendered)
        diagnosis = report.diagnosis.map {
            DiagnosisObject(
                class: $0.diagnosisClass.rawValue, title: $0.title, explanation: $0.explanation, fix: $0.fix,
                setting: $0.setting?.rawValue)
        }
        certificate = report.certificate.map(CertificateObject.init)
        problems = nil
    }

    private init(problems: [SettingProblem]) {
        ok = false
        trustedOnlyViaCAFile = nil
        heloName = nil
        heloNameSource = nil
        notes = []
        phases = []
        transcript = []
        diagnosis = DiagnosisObject(
            class: DiagnosisClass.invalidSettings.rawValue, title: "The settings are not valid",
            explanation: problems.map(\.description).joined(separator: " "), fix: "Correct the settings named.",
            setting: problems.first?.key.rawValue)
        certificate = nil
        self.problems = problems.map(\.description)
    }

    static func invalid(_ problems: [SettingProblem]) -> TestReport { TestReport(problems: problems) }
}

/// The words of a pass that needed `--ca-file`, and of the HELO name sent.
enum TrustWords {
    static let onlyViaCAFile = Notices.trustedOnlyViaCAFile

    /// Which name the test sent in EHLO/HELO; nil if it ended before sending one.
    static func helo(_ report: ProbeReport) -> String? {
        guard let name = report.heloName else { return nil }
        if let source = report.heloNameSource {
            return "HELO/EHLO name sent: \(name), \(source), because domain is empty: the application sends the same."
        }
        guard report.heloNameIsThisMachine else { return "HELO/EHLO name sent: \(name) (the domain setting)." }
        return "HELO/EHLO name sent: \(name), this machine's name, because domain is empty. "
            + "A fully qualified name (like mail.example.com) is better: some servers refuse a bare one."
    }
}
