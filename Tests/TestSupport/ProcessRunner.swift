import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where the binaries under test are: beside the test bundle, or where
/// `SMTP_SETUP_BIN_DIR` says.
public enum BuiltProducts {
    public static var directory: String {
        if let dir = ProcessInfo.processInfo.environment["SMTP_SETUP_BIN_DIR"] { return dir }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        // The test bundle is `<bin>/smtp-setupPackageTests.xctest` (a file on Linux).
        while url.pathComponents.count > 1
            && !FileManager.default.fileExists(atPath: url.appendingPathComponent("smtp-setup").path)
        {
            url.deleteLastPathComponent()
        }
        return url.path
    }

    public static func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
}

/// Spawn attributes that give the child default signal handling: a child
/// inherits the signal mask and ignored signals, and the test runner's
/// threads block or ignore some.
public func withDefaultSignals<T>(
    extraFlags: Int32 = 0, _ body: (UnsafePointer<posix_spawnattr_t>) throws -> T
) rethrows -> T {
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var emptyMask = sigset_t()
    sigemptyset(&emptyMask)
    posix_spawnattr_setsigmask(&attributes, &emptyMask)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in [SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGCHLD] { sigaddset(&defaults, signal) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF) | extraFlags))
    return try body(&attributes)
}

/// posix_spawn with C copies of the arguments and environment, and
/// default signal handling in the child. `extraFlags` adds posix_spawn
/// flags (POSIX_SPAWN_SETSID is 0x80 in glibc).
public func spawn(
    _ child: inout pid_t, _ executable: String, _ arguments: [String], _ environment: [String: String],
    _ actions: inout posix_spawn_file_actions_t, extraFlags: Int32 = 0
) -> Int32 {
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
        argv.forEach { free($0) }
        envp.forEach { free($0) }
    }
    return withDefaultSignals(extraFlags: extraFlags) { posix_spawn(&child, executable, &actions, $0, argv, envp) }
}

/// What a finished process left behind.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    public var output: String { stdout + stderr }
}

public enum ProcessRunner {
    /// Runs to the end with `input` on stdin.
    @discardableResult
    public static func run(
        _ executable: String, _ arguments: [String], input: String? = nil,
        environment: [String: String] = [:], timeout: TimeInterval = 60
    ) throws -> ProcessResult {
        let child = try RunningProcess(executable, arguments, environment: environment)
        if let input { child.write(input) }
        child.closeInput()
        guard let result = child.wait(timeout: timeout) else {
            throw TimedOut(command: ([executable] + arguments).joined(separator: " "))
        }
        return result
    }

    public struct TimedOut: Error, CustomStringConvertible {
        public var command: String
        public var description: String { "timed out: \(command)" }
    }
}

/// A child the test talks to while it runs; killed when dropped.
///
/// Spawned with posix_spawn and reaped with waitpid by this object alone:
/// Foundation's Process learns of an exit through a run loop that async
/// tests never spin. Output goes to files, so a chatty child never blocks.
public final class RunningProcess: @unchecked Sendable {
    public let pid: pid_t
    private var inputFD: Int32
    private let scratch = TemporaryDirectory("spawn")
    private let lock = NSLock()
    private var exitStatus: Int32?

    public init(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }

        var pipeFDs: [Int32] = [0, 0]
        guard pipe(&pipeFDs) == 0 else { throw SetupFailure("pipe failed") }
        fcntl(pipeFDs[1], F_SETFD, FD_CLOEXEC)
        signal(SIGPIPE, SIG_IGN)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeFDs[0], 0)
        posix_spawn_file_actions_addclose(&actions, pipeFDs[0])
        posix_spawn_file_actions_addopen(&actions, 1, scratch.file("out"), O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, scratch.file("err"), O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        var child: pid_t = 0
        let status = spawn(&child, executable, arguments, env, &actions)
        close(pipeFDs[0])
        guard status == 0 else {
            close(pipeFDs[1])
            throw SetupFailure("cannot start \(executable): \(String(cString: strerror(status)))")
        }
        pid = child
        inputFD = pipeFDs[1]
    }

    public func write(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        guard inputFD >= 0 else { return }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(inputFD, $0.baseAddress, $0.count) }
            if written <= 0 { return }
            offset += written
        }
    }

    public func closeInput() {
        lock.lock()
        defer { lock.unlock() }
        if inputFD >= 0 {
            close(inputFD)
            inputFD = -1
        }
    }

    /// Whether it has not exited yet (reaping it if it has).
    public var isRunning: Bool { reap(blocking: false) == nil }

    /// What it has printed so far, byte for byte: Foundation's file decoding
    /// would drop a leading U+FEFF that a value under test may begin with.
    public var currentOutput: String { printed("out") }
    public var currentError: String { printed("err") }

    private func printed(_ name: String) -> String {
        FileManager.default.contents(atPath: scratch.file(name)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// Waits at most `timeout` seconds; nil if still running.
    public func wait(timeout: TimeInterval = 30) -> ProcessResult? {
        let deadline = Date().addingTimeInterval(timeout)
        while reap(blocking: false) == nil {
            if Date() >= deadline { return nil }
            usleep(2_000)
        }
        return ProcessResult(status: exitStatus ?? -1, stdout: currentOutput, stderr: currentError)
    }

    public func kill(_ signal: Int32 = SIGKILL) {
        if isRunning { Glibc.kill(pid, signal) }
    }

    /// The exit code (128 + signal for a killed child), once it has exited.
    private func reap(blocking: Bool) -> Int32? {
        lock.lock()
        defer { lock.unlock() }
        if let exitStatus { return exitStatus }
        var status: Int32 = 0
        let result = waitpid(pid, &status, blocking ? 0 : WNOHANG)
        guard result == pid else { return nil }
        let signalled = status & 0x7F
        exitStatus = signalled == 0 ? (status >> 8) & 0xFF : 128 + signalled
        return exitStatus
    }

    deinit {
        closeInput()
        if reap(blocking: false) == nil {
            Glibc.kill(pid, SIGKILL)
            _ = reap(blocking: true)
        }
    }
}
