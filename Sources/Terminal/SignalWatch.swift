import Dispatch
import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// The signal dispositions of the two front ends live here; the one other
/// place that sets any is `TerminalModes.hideInput`, whose handlers restore
/// echo while a password is typed (the termios side is in TerminalModes.swift). SIGTERM, SIGHUP, SIGINT and SIGQUIT become
/// calls to `stop` instead of ncurses' own handlers (which `_exit` without
/// restoring anything); SIGWINCH becomes a call to `resize`, SIGTSTP a
/// call to `suspend`. Built outside
/// any actor: Dispatch calls the handlers on its own queue.
public enum SignalWatch {
    public static let stopping = [SIGTERM, SIGHUP, SIGINT, SIGQUIT]

    /// Before ncurses starts: it then leaves these signals to us, and a write
    /// to a closed pipe fails with EPIPE instead of killing the process.
    /// SIGTSTP too: ncurses, when it owns SIGTSTP, swaps its handler out and
    /// back around every refresh (two system calls for each typed key);
    /// `CursesTerminal.suspend` does the stopping instead.
    public static func prepareForFullScreen() {
        for number in stopping + [SIGTSTP] { signal(number, SIG_IGN) }
        signal(SIGPIPE, SIG_IGN)
    }

    /// The signals end (or stop) the process as usual again: the line wizard's
    /// way, where nothing is half-saved since a save is one transaction.
    public static func restoreDefaults() {
        for number in stopping + [SIGTSTP] { signal(number, SIG_DFL) }
    }

    /// Watches the signals until the sources are cancelled. Make them only
    /// once the full screen is up: registering one makes libdispatch install
    /// a handler of its own, asynchronously, which outlives the source and
    /// would leave a later SIGINT pending forever (seen 1 run in 10).
    nonisolated public static func install(
        stop: @escaping @Sendable (Int32) -> Void, resize: @escaping @Sendable () -> Void,
        suspend: @escaping @Sendable () -> Void
    ) -> [any DispatchSourceSignal] {
        var sources: [any DispatchSourceSignal] = stopping.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stop(number) }
            source.resume()
            return source
        }
        // SIGWINCH may land on any thread; ncurses would only notice at its
        // next read, and the UI thread sleeps in poll until something wakes it.
        let window = DispatchSource.makeSignalSource(signal: SIGWINCH, queue: .global())
        window.setEventHandler { resize() }
        window.resume()
        sources.append(window)
        // SIGTSTP from outside (`kill -TSTP`; Ctrl-Z itself arrives as a key in raw
        // mode) stops the process the same way Ctrl-Z does, screen handed back first.
        let stopRequest = DispatchSource.makeSignalSource(signal: SIGTSTP, queue: .global())
        stopRequest.setEventHandler { suspend() }
        stopRequest.resume()
        sources.append(stopRequest)
        return sources
    }
}
