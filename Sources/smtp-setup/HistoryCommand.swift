import ArgumentParser
import Foundation
import SMTPSettings

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "List every save: revision, time, who, and which keys changed.")

    @OptionGroup var storeOptions: StoreOptions
    @Flag(help: "Print a JSON array.") var json = false

    func run() throws {
        let store = try storeOptions.openStore()
        let entries = try failing { () throws(StoreError) in try store.history() }
        if json {
            say(try JSONText.encode(entries.map(HistoryReport.init)))
            return
        }
        guard !entries.isEmpty else {
            say("Nothing has been saved to \(store.location.path) yet.")
            return
        }
        for entry in entries {
            let keys = entry.changedKeys.map(\.rawValue).joined(separator: ", ")
            let who = TerminalSafe.excerpt(entry.savedBy)
            say("\(entry.revision)\t\(entry.savedAtText)\t\(who)\t\(TerminalSafe.excerpt(entry.action))\t\(keys)")
        }
        say("Undo with: smtp-setup rollback REVISION\(StoreLocation.flag(for: store.location.path))")
    }
}

struct HistoryReport: Encodable {
    let revision: Int
    let savedAt: String
    let savedBy: String
    let action: String
    let changedKeys: [String]

    init(_ entry: HistoryEntry) {
        revision = entry.revision
        savedAt = entry.savedAtText
        savedBy = entry.savedBy
        action = entry.action
        changedKeys = entry.changedKeys.map(\.rawValue)
    }

    enum CodingKeys: String, CodingKey {
        case revision, action
        case savedAt = "saved_at"
        case savedBy = "saved_by"
        case changedKeys = "changed_keys"
    }
}

struct RollbackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Restore the settings of an earlier revision, saved as a new revision.",
        discussion: """
            History never keeps the password. The current password is kept unless --password-stdin gives \
            another; if none is stored (after a reset), give it, or the rollback is refused (exit 65) \
            rather than save settings the application cannot use.
            """)

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The revision to restore (see smtp-setup history).") var revision: Int
    @Flag(help: "Read the password for the restored settings from standard input.") var passwordStdin = false

    func run() throws {
        let store = try storeOptions.openStore()
        try failing { () throws(StoreError) in try store.checkWritable() }
        let stored = try failing { () throws(StoreError) in try store.load() }
        // Nothing saved: refuse before anything is created or written.
        guard stored.revision > 0 else {
            try failing { () throws(StoreError) in throw StoreError.noSuchRevision(revision, latest: 0) }
            return
        }
        let password = passwordStdin ? try PasswordInput.readFromStandardInput() : nil
        let outcome = try failing { () throws(StoreError) in
            try store.rollback(to: revision, basedOn: stored.revision, password: password)
        }
        if outcome.entry.revision == stored.revision {
            say("Revision \(revision) already matches the current settings; nothing was saved.")
        } else {
            say("Restored revision \(revision) as revision \(outcome.entry.revision).")
        }
        if outcome.keptCurrentPassword {
            printWarning(
                "the password changed after revision \(revision); the current password was kept. "
                    + "Give another with: smtp-setup rollback \(revision) --password-stdin")
        }
    }
}

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
            guard isatty(STDIN_FILENO) == 1 else {
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
            say(
                "Cleared the settings as revision \(entry.revision). Undo with: smtp-setup rollback \(stored.revision)\(StoreLocation.flag(for: store.location.path)) --password-stdin (history never keeps the password)"
            )
        } else {
            say("There were no settings to clear.")
        }
    }
}
