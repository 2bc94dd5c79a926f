import ArgumentParser
import Foundation
import SMTPSettings

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
