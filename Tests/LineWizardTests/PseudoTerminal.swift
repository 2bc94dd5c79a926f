import Foundation
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A child whose stdin, stdout and stderr are the slave side of a pseudo
/// terminal: what an admin at a `TERM=dumb` terminal looks like to it.
final class PseudoTerminalProcess: @unchecked Sendable {
    let pid: pid_t
    let master: Int32
    private var output: [UInt8] = []
    private var exitStatus: Int32?

    init(_ executable: String, _ arguments: [String], environment: [String: String]) throws {
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
        let slavePath = "/dev/pts/\(number)"
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR | O_NOCTTY, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        posix_spawn_file_actions_addclose(&actions, master)

        var child: pid_t = 0
        let status = spawn(&child, executable, arguments, env, &actions)
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

    func waitFor(_ text: String, timeout: TimeInterval = 20) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while !screen.contains(text) {
            guard Date() < deadline else { throw SetupFailure("never saw '\(text)' in:\n\(screen)") }
            usleep(10_000)
        }
    }

    /// The exit code (128 + signal when killed by one); nil if still running at the deadline.
    func wait(timeout: TimeInterval = 20) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while exitStatus == nil {
            drain()
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                let signalled = status & 0x7F
                exitStatus = signalled == 0 ? (status >> 8) & 0xFF : 128 + signalled
            } else if Date() >= deadline {
                return nil
            } else {
                usleep(10_000)
            }
        }
        drain()
        return exitStatus
    }

    private func drain() {
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
        close(master)
    }
}
