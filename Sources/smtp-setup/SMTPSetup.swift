import ArgumentParser
import SMTPSettings

@main
struct SMTPSetup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smtp-setup",
        abstract: "Set up, test and save the outgoing mail (SMTP) settings of a self-hosted application.",
        discussion: """
            The settings live in a shared store that the application reads: a SQLite file at \
            \(StoreLocation.defaultPath) unless --store or $\(StoreLocation.environmentVariable) names another.

            EXIT CODES
              0   success
              64  usage error (unknown key, bad flag, password on the command line)
              65  invalid settings (each problem is printed with its fix)
              73  the store cannot be created
              74  the store is damaged, or the path holds something that is not a store
              75  conflict: someone else saved since this change started
              77  no permission: re-run with sudo or as the owner of the store
            """,
        subcommands: [
            ShowCommand.self, SetCommand.self, TestCommand.self, DetectCommand.self, ExportCommand.self,
            HistoryCommand.self, RollbackCommand.self, ResetCommand.self,
        ]
    )

    func run() async throws {
        // The full-screen wizard is not built yet: until then, show the way in.
        print(SMTPSetup.helpMessage())
    }
}
