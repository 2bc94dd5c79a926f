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

    enum Stage {
        case provider
        case fields
        case test
        case review
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
    var sesRegion = Provider.sesRegions[0]
    /// The address the last real test message went to: what `m` sends to next.
    var lastSentTo: String?
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

    mutating func main() async throws(Stop) -> Int32 {
        try chooseStore()
        welcome()
        var stage = Stage.provider
        while true {
            switch stage {
            case .provider:
                try chooseProvider()
                stage = .fields
            case .fields:
                try askFields()
                stage = .test
            case .test:
                try await testStep()
                stage = .review
            case .review:
                stage = try review()
            case .finished(let code):
                if code == Self.savedCode { try offerAfterSave() }
                return code
            }
        }
    }

    // MARK: Welcome

    mutating func welcome() {
        let path = store.location.path
        output.line("smtp-setup: outgoing mail (SMTP) for this application")
        output.line("This sets the mail server, its login and the sender address, tests them live, and saves them.")
        output.line("")
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
        let loaded = stored ?? StoredSettings(settings: MailSettings(), revision: 0, latest: nil)
        if let latest = loaded.latest {
            output.line(
                "Store: \(path) (revision \(latest.revision), saved \(latest.savedAtText) by \(latest.savedBy))")
        } else if saveRefusal == nil {
            output.line("Store: \(path) (nothing saved yet: SMTP is not configured)")
        } else {
            output.line("Store: \(path) (cannot be read: the questions start empty)")
        }
        if let saveRefusal {
            output.line("Note: \(Self.sentence(saveRefusal.description))")
            output.line("You can still go through the steps and test the settings, but they cannot be saved.")
        }
        output.line("")
        output.line(Notices.noFallback)
        if !loaded.settings.isEmpty {
            output.line("")
            output.line("Current settings (each question starts from them):")
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
        if let stored, let (_, region) = Provider.matching(stored.settings), let region,
            Provider.sesRegions.contains(region)
        {
            sesRegion = region
        }
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

    /// Store messages start in lower case to follow "error: "; alone they are sentences.
    static func sentence(_ text: String) -> String {
        guard let first = text.first else { return text }
        let capitalised = first.uppercased() + text.dropFirst()
        return capitalised.hasSuffix(".") ? capitalised : capitalised + "."
    }
}
