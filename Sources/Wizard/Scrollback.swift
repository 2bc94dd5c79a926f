import ProbeModel
import SMTPSettings

/// What stays on the normal screen once the full screen is gone: the last
/// test's result and diagnosis, so that the scrollback keeps the fix.
extension WizardState {
    public var scrollbackSummary: [String] {
        guard let run = test else { return [] }
        let secrets = Secrets(self)
        let target = "\(run.settings.serverPhrase), \(run.settings.loginPhrase), EHLO \(heloName)"
        var lines: [String]
        if let diagnosis = run.outcome?.diagnosis {
            lines = [
                "Last test (\(target)): failed: \(diagnosis.title)", "  \(diagnosis.explanation)",
                "  Fix: \(diagnosis.fix)",
            ]
        } else if let outcome = run.outcome {
            let total = run.phases.compactMap(\.milliseconds).reduce(0, +)
            lines = ["Last test (\(target)): passed in \(duration(total))."]
            if outcome.passedOnlyWithCAFile { lines.append("  " + CAFileNote.sentence(self)) }
        } else {
            lines = ["Last test (\(target)): \(run.cancelled ? "cancelled" : "not finished")."]
        }
        if !run.isRunning, run.settings != settings { lines.append("  The settings changed after that test.") }
        return lines.map { TerminalSafe.visible(secrets.scrub($0)) }
    }
}
