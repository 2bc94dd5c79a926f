import Foundation
import SMTPProbe
import SMTPSettings
import Terminal
import Wizard

/// The wizard as plain questions and answers, one line each, for when there
/// is no terminal to draw on (`TERM=dumb`, an unknown TERM, input or output
/// not a terminal). Same steps as the full-screen wizard: welcome and its
/// warnings, provider, every field validated as it is entered, the live
/// test, review with the lockout notice, save, and how to undo.
///
/// Output is plain text: no colours, no cursor movement.
struct LineWizard {
    /// Saved, or there was nothing to change.
    static let savedCode: Int32 = 0
    /// The admin quit (q, or "no" to the lockout notice); nothing was saved.
    static let quitCode: Int32 = 1
    /// Input ended (EOF: a script ran out of answers, the SSH link dropped)
    /// before the wizard finished; nothing was saved. EX_NOINPUT from
    /// sysexits.h: 64 already means a usage error in every command.
    static let inputEndedCode: Int32 = 66
    /// The terminal hung up (its read failed with EIO): 128 + SIGHUP, as if
    /// the hang-up signal had ended it.
    static let hangUpCode: Int32 = 129

    /// Runs the whole wizard and returns the exit code. Store errors end it
    /// with `StoreError.exitCode`, after saying what happened in words.
    static func run(
        store: any SettingsStore, probeOptions: ProbeOptions, start: WizardStart, input: LineInput = LineInput(),
        output: LineOutput = .standard
    ) async -> Int32 {
        // A full-screen attempt that found no terminal may have left these ignored
        // (signal sources need SIG_IGN); here they should end the process as usual:
        // nothing is half-saved, since a save is one transaction.
        SignalWatch.restoreDefaults()
        var wizard = LineWizard(
            store: store, probeOptions: probeOptions, input: input, output: output, choices: start.storeChoices)
        wizard.owner = start.owner
        wizard.foremDir = start.foremDir
        wizard.ownerFlag = start.ownerFlag
        wizard.afterSave = start.afterSave
        do throws(Stop) {
            return try await wizard.main()
        } catch {
            switch error {
            case .inputEnded where input.hungUp:
                // The terminal is gone: no one is left to read a word, and the
                // shell reports 129 for a hang-up.
                return hangUpCode
            case .inputEnded:
                output.line("")
                output.line("Input ended; nothing was saved.")
                return inputEndedCode
            case .quit:
                output.line("Quit; nothing was saved.")
                return quitCode
            }
        }
    }

    /// Whether the plain fallback is the only choice before trying a terminal:
    /// input or output is not a terminal, or TERM says it cannot draw. (An
    /// unknown TERM is found out when ncurses' `newterm` returns nil.)
    static func isNeeded(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        CursesTerminal.unusableReason(environment: environment) != nil
    }

    /// How the wizard ends early: both leave the store untouched.
    enum Stop: Error {
        case inputEnded
        case quit
    }

    /// Where a stage leaves the wizard: on at whatever step the core is on
    /// now (the core keeps the order of the steps), or ended with an exit code.
    enum Stage {
        case followCore
        case finished(Int32)
    }

    /// The store named at start, or the one chosen from the proposal.
    var store: any SettingsStore
    let probeOptions: ProbeOptions
    let input: LineInput
    let output: LineOutput

    /// The wizard core the full screen also drives: this front end only asks and prints.
    var core: WizardState
    /// Why saving is impossible, in the store's words; nil when it can save.
    var saveRefusal: StoreError?
    /// Forem's folder (`--forem-dir`): after a save, clearing its settings cache is offered.
    var foremDir: String?
    /// Who the store will belong to; `.ask` until the admin says.
    var owner = OwnerSource.ask
    /// `--owner`, for a store chosen from the proposal.
    var ownerFlag: StoreOwner?
    /// What makes the application read a save: named after it, offered when it can be run.
    var afterSave: AfterSaveOffer?
    /// Warnings already printed, so each is said once.
    var warned: Set<String> = []

    init(
        store: any SettingsStore, probeOptions: ProbeOptions, input: LineInput, output: LineOutput,
        choices: [StoreChoice] = []
    ) {
        self.store = store
        self.probeOptions = probeOptions
        self.input = input
        self.output = output
        core = WizardState(
            storePath: store.location.path, access: .writable, stored: nil,
            environment: WizardEnvironment(storeChoices: choices))
    }

    /// The settings as the core has them now: what a test runs and a save writes.
    var settings: MailSettings { core.settings }

    /// Asks what the core's current step asks, until a stage ends the wizard:
    /// the steps come in the core's order, as on the full screen.
    mutating func main() async throws(Stop) -> Int32 {
        try chooseStore()
        welcome()
        while true {
            var stage = Stage.followCore
            switch core.step {
            case .welcome:
                perform(.next)
            case .provider:
                try chooseProvider()
            case .server, .authentication, .sender:
                try askFields()
            case .test:
                try await testStep()
                perform(.next)
            case .review:
                stage = try review()
            case .done:
                stage = .finished(Self.savedCode)
            }
            if case .finished(let code) = stage {
                if code == Self.savedCode { try offerAfterSave() }
                return code
            }
        }
    }

    // MARK: Welcome

    /// Reads the store, starts the core on it, and prints the core's welcome:
    /// the words the full-screen welcome step draws.
    mutating func welcome() {
        var stored: StoredSettings?
        do throws(StoreError) {
            stored = try store.load()
        } catch {
            // Unreadable (not a store, damaged, not ours): start empty, still able to test.
            saveRefusal = error
        }
        if saveRefusal == nil {
            do throws(StoreError) {
                try store.checkWritable()
            } catch {
                saveRefusal = error
            }
        }
        start(from: stored)
        let welcome = core.welcome
        output.line(welcome.title)
        output.line(welcome.introduction)
        output.line("")
        output.line("\(welcome.storeLabel): \(welcome.storePath)")
        output.line("  \(welcome.access)")
        output.line("  \(welcome.existing)")
        output.line("")
        output.line("\(welcome.noticeTitle): \(welcome.notice)")
        if !(stored?.settings.isEmpty ?? true) {
            output.line("")
            output.line("Current settings:")
            printSummary(core.reviewSummary)
        }
        output.line("")
        output.line("Enter keeps the value in [brackets]; - clears an optional one; q quits without saving.")
    }

    /// Starts the core on what the store holds. The owner question is asked
    /// only at a terminal: a script answering through a pipe keeps its answers
    /// in step, and its store stays this user's.
    mutating func start(from stored: StoredSettings?) {
        let asked = owner == .ask && !input.isTerminal ? .running(NSUserName()) : owner
        let environment = WizardEnvironment(
            machineName: machineName, owner: asked, testsOnEntering: false, storeKind: store.location.kind,
            application: afterSave?.application, afterSave: afterSave)
        core = WizardState(
            storePath: store.location.path, access: saveRefusal.map(StoreAccess.init) ?? .writable, stored: stored,
            environment: environment)
    }

    // MARK: Shared wording

    /// Prints review's rows; the password is only ever described.
    func printSummary(_ summary: ReviewSummary, test: String? = nil) {
        for row in summary.rows { printRow(row.label, row.value) }
        if let test { printRow("Test", test) }
    }

    func printRow(_ label: String, _ value: String) {
        output.line("  " + label.padding(toLength: 13, withPad: " ", startingAt: 0) + value)
    }

    /// What an empty HELO domain sends.
    var machineName: String { probeOptions.fallbackHeloName }
}
