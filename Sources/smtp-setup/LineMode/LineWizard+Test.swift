import Foundation
import ProbeModel
import SMTPProbe
import SMTPSettings
import Wizard

/// The live test: phases as they end, then "Ready" or the diagnosis, and
/// on a failure the one setting it names, asked again.
extension LineWizard {
    mutating func testStep() async throws(Stop) {
        output.line("")
        guard try askYesNo("Test the connection now?", default: true) else { return }
        while true {
            try askUntilValid()
            await probe(sendTo: nil)
            guard let diagnosis = core.lastDiagnosis else {
                try await offerTestMessage()
                return
            }
            output.line("")
            if let key = diagnosis.setting.map({ SettingKey($0) }), core.draft.applies(key) {
                guard try askYesNo("Change \(key.label) and test again?", default: true) else { return }
                try askField(key)
                warn(about: [key])
            } else {
                guard try askYesNo("Test again?", default: false) else { return }
            }
        }
    }

    /// After a pass: a real message to an address, if the admin wants one.
    /// `m` sends it to the last address used, or else to the from address.
    mutating func offerTestMessage() async throws(Stop) {
        // The probe sends from the from address; without one there is nothing to send from.
        guard settings.fromEmailAddress != nil, let usual = core.suggestedSendTo else { return }
        output.line("")
        while true {
            var address = try ask("Send a real test message to (an address, m for \(usual), or Enter to skip): ")
            if address.isEmpty { return }
            if address.lowercased() == "m" { address = usual }
            if let problem = EmailAddressSyntax.problem(address) {
                output.line("  '\(address)' \(problem).")
                continue
            }
            await probe(sendTo: address)
            return
        }
    }

    /// Runs the test the core asks for, printing each phase as it ends and
    /// then the outcome, and tells the core how it ended.
    mutating func probe(sendTo: String?) async {
        for effect in perform(.runTest(sendTo: sendTo)) {
            guard case .runTest(let settings, let sendTo) = effect else { continue }
            var options = probeOptions
            options.sendTo = sendTo
            // The test does what the application reading this store will do.
            options.follow(core.environment.storeKind.delivery, heloSetting: store.location.applicationHeloName)
            // Never the terminal form: it rewrites lines with escape codes a dumb terminal cannot show.
            let printer = LivePhasePrinter(isTerminal: false)
            output.line("")
            printer.header(settings)
            if let delivery = core.deliverySentence { output.line(delivery) }
            // The printer writes unbuffered (SafeOutput): live even through `| tee`.
            let report = await SMTPProbe(options: options).run(settings) { event in printer.handle(event) }
            output.line("")
            _ = update(&core, .probe(.finished(outcome: report.outcome)))
            output.line(
                DiagnosisText.render(
                    report, settings: settings, sentTo: sendTo, showCommands: false, cautions: core.applicationCautions)
            )
        }
    }
}
