import Foundation
import ProbeModel
import SMTPProbe
import SMTPSettings
import Wizard

/// Prints each phase as it ends; on a terminal, shows it while it runs.
struct LivePhasePrinter: Sendable {
    /// Shows the running phase and rewrites its line; off for the plain-prompt wizard.
    var isTerminal = isatty(STDOUT_FILENO) == 1

    func header(_ settings: MailSettings) {
        let auth =
            settings.authentication == Authentication.none
            ? "no login" : "\(settings.effective(.authentication) ?? "") as \(settings.userName ?? "?")"
        say(
            "Testing \(settings.address ?? "?") port \(settings.port ?? 0) (\(settings.security?.title ?? "?"), \(auth))"
        )
    }

    func handle(_ event: ProbeEvent) {
        switch event {
        case .phaseStarted(let phase, _) where isTerminal:
            say("  ...   \(phase.title)", terminator: "\r")
        case .phaseFinished(let phase, let status, let milliseconds):
            let mark =
                switch status {
                case .passed: "ok  "
                case .failed: "FAIL"
                case .skipped: "skip"
                case .running: "... "
                }
            let time = status == .skipped ? "" : "\(milliseconds) ms"
            let title = phase.title.padding(toLength: 24, withPad: " ", startingAt: 0)
            say("  \(mark)  \(title)\(time)", terminator: (isTerminal ? "\u{1B}[K" : "") + "\n")
        default:
            break
        }
    }
}

/// The closing words of `test`: ready, or the diagnosis with its fix.
enum DiagnosisText {
    /// `showCommands: false` leaves out the `smtp-setup set` hint, for the wizard, which asks itself.
    static func render(
        _ report: ProbeReport, settings: MailSettings, sentTo: String?, showCommands: Bool = true
    ) -> String {
        guard let diagnosis = report.diagnosis else {
            let host = TerminalSafe.excerpt(settings.address ?? "the server")
            // Without a sender nothing said the server takes mail from this
            // application: not "Ready", and how to test it.
            guard settings.fromEmailAddress != nil else {
                var lines = [
                    "\(host) passed everything tested, but the sender was not tested: no from address is set, "
                        + "so whether the server accepts mail from this application is unknown.",
                    showCommands
                        ? "Test it with --from ADDRESS (the application's sender), or save it with "
                            + "smtp-setup set from_email_address=ADDRESS."
                        : "Set a from address and test again to check that the sender is accepted.",
                ]
                if report.trustedOnlyViaCAFile == true { lines.append(TrustWords.onlyViaCAFile) }
                if let helo = TrustWords.helo(report) { lines.append(helo) }
                return lines.joined(separator: "\n")
            }
            var lines = ["Ready: \(host) accepts mail with these settings."]
            if report.trustedOnlyViaCAFile == true { lines.append(TrustWords.onlyViaCAFile) }
            if let helo = TrustWords.helo(report) { lines.append(helo) }
            if report.messageSent, let sentTo { lines.append("A test message was sent to \(sentTo).") }
            return lines.joined(separator: "\n")
        }
        var lines = [
            "\(diagnosis.title)  [\(diagnosis.diagnosisClass.rawValue)]",
            "  \(diagnosis.explanation)",
            "  Fix: \(diagnosis.fix)",
        ]
        if let setting = diagnosis.setting, showCommands {
            let how =
                SettingKey(setting).isSecret
                ? "smtp-setup set --password-stdin" : "smtp-setup set \(setting.rawValue)=..."
            lines.append("  Setting: \(setting.rawValue)  (change it with: \(how))")
        }
        if let certificate = report.certificate, diagnosis.diagnosisClass.rawValue.hasPrefix("certificate") {
            lines.append(
                "  Certificate: \(certificate.subject), issued by \(certificate.issuer), for \(certificate.names.joined(separator: ", ")), valid \(certificate.notBeforeText) to \(certificate.notAfterText)"
            )
        }
        if let helo = TrustWords.helo(report) { lines.append("  \(helo)") }
        if !diagnosis.evidence.isEmpty {
            lines.append("  Last lines of the conversation:")
            lines += diagnosis.evidence.map { "    \($0)" }
        }
        return lines.joined(separator: "\n")
    }
}

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
        heloNameSource = report.heloName == nil ? nil : report.heloNameIsThisMachine ? "this_machine" : "domain"
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
        guard report.heloNameIsThisMachine else { return "HELO/EHLO name sent: \(name) (the domain setting)." }
        return "HELO/EHLO name sent: \(name), this machine's name, because domain is empty. "
            + "A fully qualified name (like mail.example.com) is better: some servers refuse a bare one."
    }
}
