import ArgumentParser
import Foundation
import SMTPSettings
import Terminal

#if canImport(Glibc)
    import Glibc
#endif

/// Every byte the program writes to standard output or standard error goes
/// through here. When the SSH link drops, the terminal is gone and every
/// write fails with EIO (a closed pipe: EPIPE); Foundation's
/// `FileHandle.write` traps on that, and a trap on the way out turns a
/// hang-up into a crash that keeps connections open. Here a failed write is
/// dropped: there is no one left to read it.
enum SafeOutput {
    /// Writes all of `text` to `fd` with write(2); true if it all went out.
    @discardableResult
    static func write(_ text: String, to fd: Int32) -> Bool {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer in
                Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written > 0 {
                offset += written
                continue
            }
            switch errno {
            case EINTR:
                continue
            case EAGAIN:
                // A non-blocking descriptor that is full: wait a little for room, never forever.
                var room = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                guard poll(&room, 1, 1000) > 0, room.revents & Int16(POLLOUT) != 0 else { return false }
            default:
                // EIO (the terminal hung up), EPIPE, EBADF...: the reader is gone.
                return false
            }
        }
        return true
    }

    /// The single place text reaches the terminal: whatever it quotes (a
    /// server's reply, a certificate's names, a stored value) cannot drive
    /// it. Only `control`, this program's own (a line end, erase to end of
    /// line), goes out as it is.
    static func standardOutput(_ text: String, control: String = "") {
        write(TerminalSafe.printable(text) + control, to: STDOUT_FILENO)
    }

    static func standardError(_ text: String) { write(TerminalSafe.printable(text), to: STDERR_FILENO) }
}

/// `print` for this program: one line (or `terminator`) to standard
/// output, through `SafeOutput`. Unbuffered, so it also shows at once when
/// standard output is a pipe.
func say(_ text: String = "", terminator: String = "\n") {
    SafeOutput.standardOutput(text, control: terminator)
}

/// `say` for the output that is the command's result (show, export): if it
/// cannot be written (stdout closed, a full disk, /dev/full), the command
/// fails with 74 and says so, instead of claiming success.
func emit(_ text: String, terminator: String = "\n") throws {
    let shown = TerminalModes.isTerminal(STDOUT_FILENO) ? TerminalSafe.printable(text) : text
    guard SafeOutput.write(shown + terminator, to: STDOUT_FILENO) else {
        let reason = String(cString: strerror(errno))
        printError(
            "could not write the output (\(reason)): standard output is closed or its disk is full. "
                + "Nothing was changed; send the output somewhere writable, or use --output FILE where offered.")
        throw ExitCode(74)
    }
}
