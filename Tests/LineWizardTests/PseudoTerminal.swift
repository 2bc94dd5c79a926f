import Foundation
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A child whose stdin, stdout and stderr are the slave side of a pseudo
/// terminal: what an admin at a `TERM=dumb` terminal looks like to it.
///
/// With `controllingTerminal`, the child starts a session of its own and
/// the pty becomes its controlling terminal, as under sshd or tmux: then
/// `hangUp()` (closing the master side) is a real hang-up, with SIGHUP for
/// the child and EIO for its reads and writes.
final class PseudoTerminalProcess: @unchecked Sendable {
    let pid: pid_t
    private(set) var master: Int32
    /// `/dev/pts/N`: where a next reader of this terminal opens it.
    let slavePath: String
    private var output: [UInt8] = []
    private var exitStatus: Int32?
    /// The signal that ended the child, if one did.
    private(set) var terminatingSignal: Int32?
    /// Whether the child dumped core.
    private(set) var dumpedCore = false

    init(
        _ executable: String, _ arguments: [String], environment: [String: String],
        controllingTerminal: Bool = false, size: (width: Int, height: Int)? = nil
    ) throws {
        // posix_openpt and friends are not in Swift's Glibc module: the same through /dev/ptmx.
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        // TIOCSPTLCK and TIOCGPTN (asm-generic; Swift cannot import the _IOW/_IOR macros).
        let unlockRequest: UInt = 0x4004_5431
        let numberRequest: UInt = 0x8004_5430
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard master >= 0, ioctl(master, unlockRequest, &unlock) == 0, ioctl(master, numberRequest, &number) == 0
        else {
            throw SetupFailure("no pseudo terminal: \(String(cString: strerror(errno)))")
        }
        slavePath = "/dev/pts/\(number)"
        if let size { Self.setSize(master, width: size.width, height: size.height) }
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // After setsid (which posix_spawn does before the file actions), the
        // first terminal a session leader opens without O_NOCTTY becomes its own.
        posix_spawn_file_actions_addopen(&actions, 0, slavePath, controllingTerminal ? O_RDWR : O_RDWR | O_NOCTTY, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        posix_spawn_file_actions_addclose(&actions, master)

        var child: pid_t = 0
        // POSIX_SPAWN_SETSID (glibc's 0x80; Swift does not import the macro).
        let status = spawn(&child, executable, arguments, env, &actions, extraFlags: controllingTerminal ? 0x80 : 0)
        guard status == 0 else {
            close(master)
            throw SetupFailure("cannot start \(executable): \(String(cString: strerror(status)))")
        }
        pid = child
    }

    /// Types `text` as keys (a terminal sends CR for Enter).
    func type(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    /// Changes the window size, as a terminal window being resized does:
    /// the child's session gets SIGWINCH when this is its controlling terminal.
    func resize(width: Int, height: Int) {
        Self.setSize(master, width: width, height: height)
    }

    private static func setSize(_ master: Int32, width: Int, height: Int) {
        var size = winsize(ws_row: UInt16(height), ws_col: UInt16(width), ws_xpixel: 0, ws_ypixel: 0)
        // TIOCSWINSZ (Swift does not import the macro).
        _ = ioctl(master, 0x5414, &size)
    }

    /// Everything written so far, as bytes: what came after a point is `written[mark...]`.
    var written: [UInt8] {
        drain()
        return output
    }

    /// Closes the master side: the terminal hangs up, as when the SSH
    /// connection or the terminal window goes away.
    func hangUp() {
        drain()
        if master >= 0 { close(master) }
        master = -1
    }

    /// Everything the terminal has shown so far.
    var screen: String {
        drain()
        return String(decoding: output, as: UTF8.self)
    }

    /// Whether the terminal echoes typed characters now.
    var echoes: Bool {
        var state = termios()
        tcgetattr(master, &state)
        return state.c_lflag & tcflag_t(ECHO) != 0
    }

    /// Waits until the screen shows `text`, sleeping in poll on the
    /// terminal's output (it wakes as soon as the child writes).
    func waitFor(_ text: String, timeout: TimeInterval = 20) throws {
        try waitUntil("the screen shows '\(text)'", timeout: timeout) { screen.contains(text) }
    }

    /// Polls `condition` until it holds; throws at the deadline or when the child has exited.
    func waitUntil(_ what: String, timeout: TimeInterval = 20, _ condition: () -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while !condition() {
            guard Date() < deadline, master >= 0 else { throw SetupFailure("never saw \(what); screen:\n\(screen)") }
            var status: Int32 = 0
            if exitStatus == nil, waitpid(pid, &status, WNOHANG) == pid {
                record(status)
                if condition() { return }
                throw SetupFailure("the child exited (\(exitStatus ?? -1)) before \(what); screen:\n\(screen)")
            }
            var readable = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            _ = poll(&readable, 1, 10)
        }
    }

    /// The exit code (128 + signal when killed by one); nil if still running at the deadline.
    func wait(timeout: TimeInterval = 20) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while exitStatus == nil {
            drain()
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                record(status)
            } else if Date() >= deadline {
                return nil
            } else if master >= 0 {
                // Wakes early when the child writes; the exit itself is polled.
                var readable = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
                _ = poll(&readable, 1, 5)
            } else {
                usleep(5_000)
            }
        }
        drain()
        return exitStatus
    }

    private func record(_ status: Int32) {
        let signalled = status & 0x7F
        exitStatus = signalled == 0 ? (status >> 8) & 0xFF : 128 + signalled
        terminatingSignal = signalled == 0 ? nil : signalled
        dumpedCore = status & 0x80 != 0
    }

    private func drain() {
        guard master >= 0 else { return }
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 0) > 0, poller.revents & Int16(POLLIN) != 0 else { return }
            let count = chunk.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
            guard count > 0 else { return }
            output += chunk[..<count]
        }
    }

    deinit {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        if master >= 0 { close(master) }
    }
}
