#if canImport(Glibc)
    import Glibc
#endif

/// Stopping the process the way a terminal's Ctrl-Z would, for a full-screen
/// program that reads Ctrl-Z as a key (raw mode), and coming back only in
/// the foreground.
enum JobControl {
    /// Whether a shell could continue this process once stopped: not when it
    /// leads its own session (`ssh -t host smtp-setup`, `docker exec -it`),
    /// where nothing would ever say `fg` and the admin would be left with a
    /// frozen terminal.
    static var canStop: Bool { getpgrp() != getsid(0) }

    /// Whether another process group has the terminal (continued with `bg`).
    static var inBackground: Bool {
        let foreground = tcgetpgrp(STDIN_FILENO)
        return foreground != -1 && foreground != getpgrp()
    }

    /// Stops with SIGTSTP's own default action, as the terminal's Ctrl-Z
    /// does: the shell reports a stopped job, and in a process group no
    /// shell watches (orphaned) the kernel drops it instead of stopping for
    /// ever. Returns once continued in the foreground: continued in the
    /// background, it stops again rather than take the terminal from the
    /// shell (libdispatch blocks SIGTTOU on this thread, so the terminal
    /// would not stop it). SIGTSTP is unblocked here for the same reason.
    static func stopUntilForeground() {
        var previous = sigaction()
        var byDefault = sigaction()
        byDefault.__sigaction_handler.sa_handler = SIG_DFL
        sigemptyset(&byDefault.sa_mask)
        _ = sigaction(SIGTSTP, &byDefault, &previous)
        var only = sigset_t()
        var mask = sigset_t()
        sigemptyset(&only)
        sigaddset(&only, SIGTSTP)
        _ = pthread_sigmask(SIG_UNBLOCK, &only, &mask)
        // Bounded: an orphaned group in the background would drop every stop.
        var stops = 0
        repeat {
            _ = raise(SIGTSTP)
            stops += 1
        } while inBackground && stops < 100
        _ = pthread_sigmask(SIG_SETMASK, &mask, nil)
        _ = sigaction(SIGTSTP, &previous, nil)
    }
}
