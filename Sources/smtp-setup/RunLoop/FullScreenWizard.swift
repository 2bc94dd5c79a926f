import Foundation
import SMTPProbe
import SMTPSettings
import Terminal
import Wizard

/// The full-screen run loop: keys and posted results go through `update`,
/// the view is painted, effects are handed to the runner. It sleeps in
/// `poll` between events, so an idle wizard uses no CPU.
final class FullScreenWizard {
    enum Ending {
        case quit(saved: HistoryEntry?)
        case signal(Int32, saved: HistoryEntry?)
        case inputEnded
    }

    private let terminal: CursesTerminal
    private let inbox: Inbox
    private let effects: EffectRunner
    private(set) var state: WizardState
    private var lastSaved: HistoryEntry?
    /// The last frame's parts: a typed key rebuilds only the field it changed.
    private var memo = ViewMemo()

    init(terminal: CursesTerminal, inbox: Inbox, effects: EffectRunner, state: WizardState) {
        self.terminal = terminal
        self.inbox = inbox
        self.effects = effects
        self.state = state
    }

    func run() -> Ending {
        apply(.resized(terminal.size))
        terminal.draw(view(state, memo: &memo))
        var lastTick = ContinuousClock.now
        while true {
            var fds = [
                pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                pollfd(fd: inbox.readFD, events: Int16(POLLIN), revents: 0),
            ]
            let timeout = state.isBusy ? Int32(WizardState.tickMilliseconds) : -1
            _ = poll(&fds, 2, timeout)
            if fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { return .inputEnded }

            // Ask ncurses every time: a resize arrives as a key after SIGWINCH interrupts poll.
            for input in terminal.readPending(readable: fds[0].revents & Int16(POLLIN) != 0) {
                switch input {
                case .key(let key):
                    if let ending = apply(.key(key)) { return ending }
                case .resized(let size):
                    _ = apply(.resized(size))
                case .endOfInput:
                    return .inputEnded
                }
            }
            // Every post writes a byte after queuing its message: a quiet pipe means nothing
            // was posted, so a key costs no read of it.
            if fds[1].revents & Int16(POLLIN) != 0, let ending = takeInbox() { return ending }
            // One tick per period that passed, so the test's countdown keeps time on a busy machine.
            let period = Duration.milliseconds(WizardState.tickMilliseconds)
            if state.isBusy {
                let elapsed = Int((ContinuousClock.now - lastTick) / period)
                // After a long stall (a suspended process), jump rather than replay every tick.
                lastTick = elapsed > 80 ? .now : lastTick + period * elapsed
                for _ in 0..<min(80, elapsed) { _ = apply(.tick) }
            } else {
                lastTick = .now
            }
            terminal.draw(view(state, memo: &memo))
        }
    }

    /// Applies what other threads posted; non-nil means stop.
    private func takeInbox() -> Ending? {
        let drained = inbox.drain()
        if let signal = drained.signal { return .signal(signal, saved: lastSaved) }
        if drained.suspend, let size = terminal.suspend() { _ = apply(.resized(size)) }
        if drained.resized, let size = terminal.followWindowSize() { _ = apply(.resized(size)) }
        for message in drained.messages {
            if case .saved(let entry, _) = message { lastSaved = entry }
            if let ending = apply(message) { return ending }
        }
        return nil
    }

    /// Updates the state and runs what it asks for; non-nil means stop.
    @discardableResult
    private func apply(_ message: WizardMessage) -> Ending? {
        for effect in update(&state, message) {
            if effect == .quit { return .quit(saved: lastSaved) }
            effects.perform(effect)
        }
        return nil
    }
}
