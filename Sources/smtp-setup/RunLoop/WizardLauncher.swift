import Foundation
import SMTPProbe
import SMTPSettings
import Terminal
import Wizard

/// Runs the full-screen wizard on a thread of its own: ncurses must stay
/// on one thread, and a blocking `poll` must not hold a cooperative one.
enum WizardLauncher {
    enum Outcome: Sendable {
        case unavailable(String)
        case finished(Int32)
    }

    static func runFullScreen(store: any SettingsStore, options: ProbeOptions, start: WizardStart) async -> Outcome {
        // Nothing may write to stderr under the full screen; a busy store shows as the save's outcome.
        SQLiteStore.onBusy(nil)
        return await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: runOnThisThread(store: store, options: options, start: start))
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    private static func runOnThisThread(store: any SettingsStore, options: ProbeOptions, start: WizardStart) -> Outcome
    {
        let inbox = Inbox()
        // Ignored before ncurses starts, so it leaves the signals to us.
        SignalWatch.prepareForFullScreen()
        let terminal: CursesTerminal
        do {
            terminal = try CursesTerminal()
        } catch {
            // No signal source was made yet, on purpose: registering one makes
            // libdispatch install a handler of its own, asynchronously, which
            // outlives the source and would leave the line wizard's SIGINT
            // pending forever (seen 1 run in 10).
            SignalWatch.restoreDefaults()
            return .unavailable("\(error)")
        }
        let sources = SignalWatch.install(stop: inbox.postSignal, resize: inbox.postResize, suspend: inbox.postSuspend)
        defer { sources.forEach { $0.cancel() } }
        let environment = WizardEnvironment(
            machineName: options.fallbackHeloName, owner: start.owner,
            readabilityWarning: start.readabilityWarning, storeKind: store.location.kind,
            application: start.application, afterSave: start.afterSave, storeChoices: start.storeChoices)
        let state = WizardState(
            storePath: store.location.path, access: start.access, stored: start.stored, charset: terminal.charset,
            size: terminal.size, environment: environment)
        let effects = EffectRunner(
            store: store, probeOptions: options, inbox: inbox, foremDir: start.foremDir, ownerFlag: start.ownerFlag)
        let wizard = FullScreenWizard(terminal: terminal, inbox: inbox, effects: effects, state: state)
        let ending = wizard.run()
        // A test still running hangs up on its server now, not when the process is gone.
        effects.perform(.cancelTest)
        terminal.close()
        // The last test's verdict stays in the scrollback once the full screen is gone.
        for line in wizard.state.scrollbackSummary { say(line) }
        // The store chosen on the welcome step, if one was, as --store takes it.
        let code = report(ending, path: wizard.state.storeURL, undo: wizard.state.undoCommand)
        // The pick-up command stays in the scrollback too, unless it already ran.
        if code == 0, let pickUp = wizard.state.pickUpStillToRun { say(pickUp) }
        return .finished(code)
    }

    /// One line for the scrollback after the screen is gone, and the exit code.
    /// `undo` is the core's: the same command the done step shows.
    private static func report(_ ending: FullScreenWizard.Ending, path: String, undo: String?) -> Int32 {
        switch ending {
        case .quit(let saved?):
            say("Saved revision \(saved.revision) to \(path).\(undo.map { " Undo with: \($0)" } ?? "")")
            return 0
        case .quit(nil):
            say("Nothing was saved.")
            return 1
        case .signal(let number, let saved):
            // A save already done stays done; only what came after it is dropped.
            let saved = saved.map { "revision \($0.revision) was saved before that" } ?? "nothing was saved"
            printError("stopped by \(signalName(number)); \(saved).")
            return 128 + number
        case .inputEnded:
            printError("the terminal went away (input ended); nothing was saved.")
            return 129
        }
    }

    static func signalName(_ number: Int32) -> String {
        switch number {
        case SIGHUP: "SIGHUP (the connection closed)"
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        case SIGQUIT: "SIGQUIT"
        default: "signal \(number)"
        }
    }
}
