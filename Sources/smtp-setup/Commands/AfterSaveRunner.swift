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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return AfterSaveResult(failure: "cannot start /bin/sh: \(error.localizedDescription)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let lines = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).suffix(shownLines)
            .map { TerminalSafe.visible(String($0.prefix(300))) }
        let status = process.terminationStatus
        let failure: String? =
            process.terminationReason == .uncaughtSignal
            ? "stopped by signal \(status)" : status == 0 ? nil : "exit status \(status)"
        return AfterSaveResult(failure: failure, output: lines)
    }
}
