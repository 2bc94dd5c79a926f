import Foundation
import ProbeModel
import SMTPProbe
import SMTPSettings
import Terminal
import Wizard

/// The closing words of `test`: ready, or the diagnosis with its fix.
enum DiagnosisText {
    /// `showCommands: false` leaves out the `smtp-setup set` hint, for the wizard, which asks itself.
    /// `cautions`: what the application cannot do with settings the test passed
    /// (`SettingsValidator.applicationCautions`): then the verdict is not "Ready".
    static func render(
        _ report: ProbeReport, settings: MailSettings, sentTo: String?, showCommands: Bool = true,
        cautions: [SettingProblem] = []
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
            var lines =
                cautions.isEmpty
                ? ["Ready: \(host) accepts mail with these settings."]
                : ["Passed: \(host) accepts mail with these settings, but:"]
                    + cautions.map { "  \($0.message) Fix: \($0.fix)" }
            if report.wentInClear { lines.append(Delivery.inClearWarning("the application")) }
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
