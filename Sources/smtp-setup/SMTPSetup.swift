// Module smtp-setup: the executable; it wires the others and does the I/O.
// Commands/: the headless commands (show, set, test, detect, export,
// history, rollback, reset) over SMTPSettings and SMTPProbe. RunLoop/: the
// full-screen front end (effects carried out, the inbox the UI thread
// sleeps on). LineMode/: the line front end, prompt I/O over the same core.
// Output/: writing to stdout/stderr safely, the test's printed words.
// May import: SMTPSettings, SMTPProbe, Wizard, Terminal, ArgumentParser,
// Foundation. Rules belong in SMTPSettings or Wizard, not here; terminal
// modes and signals belong in Terminal.

import ArgumentParser
import Foundation
import SMTPProbe
import SMTPSettings
import Terminal
import Wizard

@main
struct SMTPSetup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smtp-setup",
        abstract: "Set up, test and save the outgoing mail (SMTP) settings of a self-hosted application.",
        discussion: """
            With no command, runs the full-screen wizard (plain prompts when there is no usable terminal). \
            The settings live in a shared store that the application reads: a SQLite file at \
            \(StoreLocation.defaultPath) unless --store or $\(StoreLocation.environmentVariable) names another. \
            With no store named, the wizard first proposes the applications `smtp-setup targets` finds here.

            EXIT CODES
              0   success (the wizard: settings saved)
              1   the wizard ended without saving
              64  usage error: an unknown key, a bad flag, the password on the
                  command line, no such revision, an unknown owner
              65  invalid settings (each problem is printed with its fix), or an
                  application's file smtp-setup cannot read as the application does
              66  the application's file named by --store APP:PATH does not exist,
                  or the plain-prompt wizard's input ended first (nothing saved)
              69  a database server cannot be reached or refused the connection or
                  its TLS; or Forem's settings cache could not be cleared
              73  the store (or export's --output) cannot be created or written:
                  the disk is full, or the file system is read-only
              74  the store is damaged or cannot be read, or the path holds
                  something that is not a store; or the output could not be written
              75  conflict: someone else saved, or edited the file, since this
                  change started; or the store stayed busy for the whole wait
              77  no permission: re-run with sudo or as the owner of the store
                  (also: a wrong database password, a link out of the folder)
              129, 130, 143  the wizard was stopped by SIGHUP, SIGINT or SIGTERM
                  (nothing half-saved)
            `smtp-setup test --help` lists the test's own codes (10-18).
            """,
        version: "smtp-setup 0.1.0",
        subcommands: [
            ShowCommand.self, SetCommand.self, TestCommand.self, DetectCommand.self, ExportCommand.self,
            HistoryCommand.self, RollbackCommand.self, ResetCommand.self, TargetsCommand.self,
        ]
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var probeFlags: ProbeFlags

    @OptionGroup var forem: ForemOptions

    /// `smtp-setup` alone or with only its store flags (the wizard as an
    /// admin starts it, WizardArguments) and `smtp-setup --version` skip the
    /// argument parser: it builds every command's options by reflection
    /// first, which took a third of the time to the first screen (perf,
    /// release build). Anything else is parsed as usual.
    static func main() async {
        let arguments = CommandLine.arguments.dropFirst()
        if arguments.elementsEqual(["--version"]) {
            print(configuration.version)
            return
        }
        guard let wizard = WizardArguments(arguments) else {
            await main(nil)
            return
        }
        do {
            try await runWizard(store: wizard.store, owner: wizard.owner, probe: (nil, nil, false), foremDir: nil)
        } catch let code as ExitCode {
            // What the parser's own exit does with an exit code, without building its help first.
            Foundation.exit(code.rawValue)
        } catch {
            exit(withError: error)
        }
    }

    func run() async throws {
        let probe = (probeFlags.caFile, probeFlags.timeout, probeFlags.allowPlaintextAuth)
        try await Self.runWizard(
            store: storeOptions.store, owner: storeOptions.owner, probe: probe, foremDir: forem.foremDir)
    }

    /// The wizard, full screen or line by line, from the values of its flags
    /// (`probe`: --ca-file, --timeout, --allow-plaintext-auth).
    static func runWizard(
        store storeFlag: String?, owner: String?, probe: (String?, Double?, Bool), foremDir: String?
    ) async throws {
        if let foremDir, let problem = ForemCache.problem(with: foremDir) { throw usageFailure(problem) }
        let store = try StoreOptions.openStore(flag: storeFlag, owner: owner)
        let options = try ProbeFlags.options(caFile: probe.0, timeout: probe.1, allowPlaintextAuth: probe.2)
        let ownerFlag = try StoreOptions.storeOwner(owner)
        var start = WizardStart.read(store, ownerFlag: ownerFlag)
        start.foremDir = foremDir
        start.ownerFlag = ownerFlag
        let environment = ProcessInfo.processInfo.environment
        let named = StoreChoices.namedURL(flag: storeFlag, environment: environment)
        start.application = named.flatMap(Application.reading(storeURL:))
        start.afterSave = StoreChoices.afterSave(storeURL: named, foremDir: foremDir, environment: environment)
        // No store named: what is found here is proposed on the welcome step.
        start.storeChoices = StoreChoices.proposal(flag: storeFlag, environment: environment)
        // No terminal to draw on: the plain line-by-line wizard (LineWizard.swift).
        if LineWizard.isNeeded() {
            let code = await LineWizard.run(store: store, probeOptions: options, start: start)
            if code != 0 { throw ExitCode(code) }
            return
        }
        let outcome = await WizardLauncher.runFullScreen(store: store, options: options, start: start)
        switch outcome {
        case .unavailable(let reason):
            printWarning("no full-screen terminal (\(reason)): using plain prompts.")
            let code = await LineWizard.run(store: store, probeOptions: options, start: start)
            if code != 0 { throw ExitCode(code) }
        case .finished(let code):
            if code != 0 { throw ExitCode(code) }
        }
    }
}
