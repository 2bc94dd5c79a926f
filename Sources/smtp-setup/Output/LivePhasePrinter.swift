import Foundation
import ProbeModel
import SMTPProbe
import SMTPSettings
import Terminal

/// Prints each phase as it ends; on a terminal, shows it while it runs.
struct LivePhasePrinter: Sendable {
    /// Shows the running phase and rewrites its line; off for the plain-prompt wizard.
    var isTerminal = TerminalModes.isTerminal(STDOUT_FILENO)

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
