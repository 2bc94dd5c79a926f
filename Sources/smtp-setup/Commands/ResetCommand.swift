import ArgumentParser
import Foundation
import SMTPSettings
import Terminal

struct ResetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset",
        abstract: "Clear the SMTP settings (kept in history; undo with rollback).")

    @OptionGroup var storeOptions: StoreOptions
    @Flag(help: "Do not ask; needed when not run from a terminal.") var yes = false

    func run() throws {
        let store = try storeOptions.openStore()
        try failing { () throws(StoreError) in try store.checkWritable() }
        let stored = try failing { () throws(StoreError) in try store.load() }
        guard stored.revision > 0 || !stored.settings.isEmpty else {
            say("There is nothing to reset: nothing has been saved to \(store.location.path). Nothing was changed.")
            return
        }
        SafeOutput.standardError("\(Notices.noFallback)\n")
        if stored.settings.hasPassword {
            SafeOutput.standardError("History never keeps the password: undoing this needs the password again.\n")
        }
        if !yes {
            guard TerminalModes.isTerminal(STDIN_FILENO) else {
                throw usageFailure("reset asks for confirmation: pass --yes when running from a script.")
            }
            SafeOutput.standardError("Type 'reset' to clear the settings: ")
            guard readLine()?.trimmingCharacters(in: .whitespaces) == "reset" else {
                say("Nothing was changed.")
                return
            }
        }
        let entry = try failing { () throws(StoreError) in
            try store.save(MailSettings(), basedOn: stored.revision, action: "reset")
        }
        if let entry {
            // The revision just before the reset: what was found before a first
            // save, or an edit made outside smtp-setup, is one of its own.
            say(
                "Cleared the settings as revision \(entry.revision). Undo with: smtp-setup rollback \(entry.revision - 1)\(StoreLocation.flag(for: store.location.path)) --password-stdin (history never keeps the password)"
            )
        } else {
            say("There were no settings to clear.")
        }
    }
}
