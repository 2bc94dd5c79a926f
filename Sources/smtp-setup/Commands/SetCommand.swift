import ArgumentParser
import Foundation
import SMTPSettings

struct SetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Change settings and save them as one new revision.",
        discussion: """
            Keys: \(SettingKey.allCases.filter { !$0.isSecret }.map(\.rawValue).joined(separator: ", ")).
            KEY= (empty) clears a key. The password is read only from standard input (--password-stdin), \
            never from the command line, where ps and shell history would show it.
            Example: printf '%s' "$KEY" | smtp-setup set address=smtp.sendgrid.net port=587 user_name=apikey --password-stdin
            """)

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: ArgumentHelp("Settings to change.", valueName: "key=value"))
    var assignments: [String] = []

    @Flag(help: "Read the password from standard input (one line; a final newline is dropped).")
    var passwordStdin = false

    @Option(
        help: ArgumentHelp(
            "Save only if the store is still at this revision (exit 75 otherwise).", valueName: "revision"))
    var ifRevision: Int?

    @Flag(
        help: ArgumentHelp(
            "After saving, clear Forem's settings cache so the running Forem reads the change now (runs \(ForemCache.command) in --forem-dir)."
        ))
    var clearCache = false

    @OptionGroup var forem: ForemOptions
    var foremDir: String? { forem.foremDir }

    func run() throws {
        if clearCache {
            guard let foremDir else { throw usageFailure("--clear-cache needs --forem-dir DIR, Forem's folder.") }
            if let problem = ForemCache.problem(with: foremDir) { throw usageFailure(problem) }
        }
        let changes = try parseAssignments()
        guard !changes.isEmpty || passwordStdin || storeOptions.owner != nil else {
            throw usageFailure("nothing to set: give KEY=VALUE pairs, --password-stdin, or --owner.")
        }
        let store = try storeOptions.openStore()
        if clearCache, let application = store.location.kind.application {
            throw usageFailure(
                "--clear-cache clears Forem's settings cache; \(application.title) reads its file itself: "
                    + "leave out --clear-cache and --forem-dir.")
        }
        // Refuse now, before anything is read from stdin, if the save would be refused later.
        try failing { () throws(StoreError) in try store.checkWritable() }
        let stored = try failing { () throws(StoreError) in try store.load() }
        let base = ifRevision ?? stored.revision
        // The wizards' rules: authentication=none drops the login, another server leaves the stored password.
        var draft = SettingsDraft(stored: stored.settings)
        draft.set(changes)
        // A login given where none is used would be dropped without a word: refused, with the way to use it.
        let givenLogin = changes.map(\.0).filter { $0 == .userName } + (passwordStdin ? [.password] : [])
        let unused = givenLogin.filter { !draft.applies($0) }
        guard unused.isEmpty else {
            throw reportInvalid(
                unused.map {
                    SettingProblem(
                        $0, "is not used while authentication is none: the login would be dropped.",
                        fix:
                            "Add authentication=plain (or login, cram_md5) to this command to log in. Nothing was written."
                    )
                })
        }
        if passwordStdin { draft.set(.password, try PasswordInput.readFromStandardInput()) }
        let settings = draft.settings
        for key in [SettingKey.userName, .password] where stored.settings[key] != nil && !draft.applies(key) {
            say("\(key.label) dropped: it is not used without authentication.")
        }
        if let note = draft.passwordLeftBehindNote {
            printWarning("\(note) Pipe this server's password in with --password-stdin.")
        }

        let problems = SettingsValidator.problems(in: settings, store: store.location.kind)
        let errors = problems.filter { $0.severity == .error }
        guard errors.isEmpty else { throw reportInvalid(errors) }
        for warning in problems where warning.severity == .warning { printWarning(warning.description) }

        let entry = try failing { () throws(StoreError) in try store.save(settings, basedOn: base, action: "set") }
        if let entry {
            say(
                "Saved revision \(entry.revision) to \(store.location.path) (changed: \(entry.changedKeys.map(\.rawValue).joined(separator: ", ")))."
            )
            let forem = store.location.kind.application == nil
            if stored.revision == 0 && forem { say(Notices.lockout) }
            if clearCache, let foremDir {
                if let failure = ForemCache.clear(in: foremDir) {
                    printError(
                        "saved, but clearing Forem's settings cache failed (\(failure)). \(Notices.foremPickUp)")
                    throw ExitCode(69)
                }
                say("Cleared Forem's settings cache: the running Forem reads the new settings now.")
            } else {
                // An application's own file: its exact pick-up command; else Forem's.
                let offer = StoreChoices.afterSave(
                    storeURL: store.location.description, foremDir: nil,
                    environment: ProcessInfo.processInfo.environment)
                say(offer?.sentence ?? Notices.pickUp(for: store.location.kind))
            }
        } else {
            say("Nothing changed: the store stays at revision \(stored.revision).")
        }
        let readability = store.readability(for: nil)
        if storeOptions.owner != nil, let ownership = readability.ownership { say("The store is \(ownership).") }
        if let warning = readability.warning { printWarning(warning) }
    }

    func parseAssignments() throws -> [(SettingKey, String)] {
        var seen: Set<SettingKey> = []
        return try assignments.map { assignment in
            // By scalar: a value that begins with a combining mark makes "=" and the mark one Character.
            let scalars = assignment.unicodeScalars
            guard let equals = scalars.firstIndex(of: "=") else {
                throw usageFailure(
                    "'\(TerminalSafe.excerpt(assignment))' is not KEY=VALUE; write for example port=587.")
            }
            let name = String(scalars[..<equals])
            let value = String(scalars[scalars.index(after: equals)...])
            guard let key = SettingKey(rawValue: name) else {
                let hint = SettingKey.suggestion(for: name).map { " Did you mean \($0.rawValue)?" } ?? ""
                throw usageFailure(
                    "unknown key '\(TerminalSafe.excerpt(name))'.\(hint) Keys: \(SettingKey.allCases.map(\.rawValue).joined(separator: ", "))."
                )
            }
            if key.isSecret {
                // The value is deliberately not repeated in this message.
                throw usageFailure(
                    "the password is never taken from the command line (ps and shell history would show it): pipe it in with --password-stdin."
                )
            }
            // Which of the two was meant is a guess; nothing is written.
            guard seen.insert(key).inserted else {
                throw usageFailure(
                    "\(key.rawValue) is given twice: give each key once. Nothing was written.")
            }
            return (key, value)
        }
    }
}
