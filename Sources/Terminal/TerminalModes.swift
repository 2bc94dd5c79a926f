import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// Every termios change the program makes lives here (ncurses makes its
/// own, undone by `endwin`).
///
/// The rule this file keeps: whenever echo comes back on after the admin
/// typed without it (a hidden password in the line wizard, the whole
/// full-screen wizard), the input still queued on the terminal is thrown
/// away first (`tcflush(TCIFLUSH)`). Bytes typed on a pty reach the line
/// discipline some time after `write` returns; with echo back on they
/// would be echoed, and the next reader of the terminal (the shell) would
/// get a half-typed password as a command line.
public enum TerminalModes {
    /// Whether `fileDescriptor` is a terminal (a person typing, a screen
    /// that shows control codes), not a pipe or a file.
    public static func isTerminal(_ fileDescriptor: Int32) -> Bool {
        isatty(fileDescriptor) == 1
    }

    /// Throws away what was typed and not read yet (including bytes still on
    /// their way to the line discipline). Harmless on a terminal that hung
    /// up (EIO) or on something that is not a terminal (ENOTTY).
    public static func discardTypedInput(_ fileDescriptor: Int32) {
        _ = tcflush(fileDescriptor, TCIFLUSH)
    }

    /// Whether the terminal hung up: it then answers every request with EIO
    /// (a read may already have returned 0, as at an ordinary end of input).
    public static func hungUp(_ fileDescriptor: Int32) -> Bool {
        var state = termios()
        return tcgetattr(fileDescriptor, &state) != 0 && errno == EIO
    }

    /// Turns echo off on `fileDescriptor` until `restore()`; nil if it is
    /// not a terminal. Until then SIGINT, SIGTERM, SIGHUP and SIGQUIT
    /// discard the typed input, restore the terminal and end the process
    /// as the signal would have.
    public static func hideInput(_ fileDescriptor: Int32) -> HiddenInput? {
        var state = termios()
        guard tcgetattr(fileDescriptor, &state) == 0 else { return nil }
        // Saved before anything changes, so a signal at any point restores the original.
        hiddenSaved = state
        hiddenFD = fileDescriptor
        let handlers = HiddenInput.signals.map { ($0, signal($0, restoreHiddenAndRaise)) }
        var quiet = state
        quiet.c_lflag &= ~tcflag_t(ECHO)
        // The Enter that ends the password still moves to a new line.
        quiet.c_lflag |= tcflag_t(ECHONL)
        _ = tcsetattr(fileDescriptor, TCSANOW, &quiet)
        return HiddenInput(fileDescriptor: fileDescriptor, previousHandlers: handlers)
    }
}

/// Echo turned off on a terminal, with the state and signal handlers to put back.
public struct HiddenInput {
    static let signals = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]

    let fileDescriptor: Int32
    let previousHandlers: [(Int32, sighandler_t?)]

    /// Discards anything typed after the line that was read, puts echo back
    /// and the previous signal handlers. (As OpenSSH's readpassphrase does,
    /// with TCSAFLUSH: a line typed ahead after a password is dropped.)
    public func restore() {
        TerminalModes.discardTypedInput(fileDescriptor)
        _ = tcsetattr(fileDescriptor, TCSANOW, &hiddenSaved)
        hiddenFD = -1
        for (number, handler) in previousHandlers { _ = signal(number, handler) }
    }
}

/// The terminal state saved while echo is off, for the signal handler
/// (which may use only these globals and async-signal-safe calls).
nonisolated(unsafe) private var hiddenSaved = termios()
nonisolated(unsafe) private var hiddenFD: Int32 = -1

/// Discards the typed input, restores the terminal and dies of the signal as
/// if nothing had caught it. tcflush, tcsetattr, signal and raise are
/// async-signal-safe; on a terminal that hung up they fail at once (EIO).
private func restoreHiddenAndRaise(_ number: Int32) {
    if hiddenFD >= 0 {
        _ = tcflush(hiddenFD, TCIFLUSH)
        _ = tcsetattr(hiddenFD, TCSANOW, &hiddenSaved)
    }
    _ = signal(number, SIG_DFL)
    raise(number)
}
