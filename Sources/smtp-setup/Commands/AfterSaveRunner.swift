import Foundation
import SMTPSettings
import Wizard

/// Runs the offer made after a save, once the admin said yes: Forem's cache
/// through `ForemCache`, an application's pick-up command through `sh -c`,
/// exactly as it was shown. Both wizards use it.
enum AfterSaveRunner {
    /// How many of the command's last output lines are shown.
    static let shownLines = 8

    static func run(_ offer: AfterSaveOffer, foremDir: String?) -> AfterSaveResult {
        switch offer.kind {
        case .foremCache:
            guard let foremDir else { return AfterSaveResult(failure: "no --forem-dir was given") }
            return AfterSaveResult(failure: ForemCache.clear(in: foremDir))
        case .pickUp:
            return runShell(offer.command)
        }
    }

    /// Runs `command` with no input; its output (both streams) comes back made
    /// safe for the terminal, and a non-zero exit status as the failure.
    static func runShell(_ command: String) -> AfterSaveResult {
        switch CapturedRun.run("/bin/sh", ["-c", command]) {
        case .failure(let failure):
            return AfterSaveResult(failure: failure.message)
        case .success(let run):
            let failure: String? =
                run.signalled ? "stopped by signal \(run.status)" : run.status == 0 ? nil : "exit status \(run.status)"
            return AfterSaveResult(failure: failure, output: run.lastLines(shownLines))
        }
    }
}
