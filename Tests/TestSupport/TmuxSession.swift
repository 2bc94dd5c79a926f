import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A real program running in a real terminal: one pane of a private tmux
/// server (`tmux -L <unique name> -f /dev/null`), driven with `send-keys`
/// and read back with `capture-pane`. The server is killed when the session
/// is dropped.
///
/// The pane's environment is the test process's, except: `NO_COLOR`,
/// `LC_ALL`, `LC_CTYPE`, `LANGUAGE`, `COLUMNS` and `LINES` are removed (so
/// the runner's settings do not leak in), `TERM` is `term` (removed when
/// nil), `LANG` is `C.UTF-8`, and then `environment` is applied on top (it
/// may set any of these again). The status line is off, so the pane is the
/// whole `width` x `height`. The pane stays after the program exits
/// (`remain-on-exit`), so its exit status and last screen can be read.
///
///     let tmux = try TmuxSession(command: [BuiltProducts.path("smtp-setup"), "--store", store])
///     try tmux.waitFor("Welcome")
///     try tmux.sendKeys("Enter")
///     try tmux.type("smtp.example.com")
///     try tmux.sendKeys("C-c")
///     XCTAssertEqual(try tmux.waitForExit(), 130)
public final class TmuxSession: @unchecked Sendable {
    /// The name given to `tmux -L`.
    public let socketName: String
    /// The pane, as tmux names it (`%0`); the target of every command.
    public let paneID: String
    /// The program in the pane (the shell that started it `exec`s `env`,
    /// which `exec`s the program, so this is the program's own pid).
    public let pid: pid_t
    /// The shell command the pane was started with (for failure messages).
    public let shellCommand: String
    /// The tmux server.
    public let serverPID: pid_t
    public private(set) var width: Int
    public private(set) var height: Int

    private let socketPath: String

    public static let tmuxPath = "/usr/bin/tmux"

    public init(
        command: [String], environment: [String: String] = [:], term: String? = "xterm-256color",
        width: Int = 80, height: Int = 24
    ) throws {
        precondition(!command.isEmpty, "TmuxSession needs a command")
        precondition(!command[0].contains("="), "env would read \(command[0]) as an assignment")
        precondition(width > 0 && height > 0)
        guard FileManager.default.isExecutableFile(atPath: Self.tmuxPath) else {
            throw SetupFailure("tmux is not installed (\(Self.tmuxPath)); apt-get install -y tmux")
        }
        socketName = "smtp-setup-\(getpid())-\(UUID().uuidString.prefix(8).lowercased())"
        self.width = width
        self.height = height

        var assignments = ["LANG": "C.UTF-8"]
        if let term { assignments["TERM"] = term }
        for (key, value) in environment {
            precondition(!key.isEmpty && !key.contains("="), "bad environment variable name: \(key)")
            assignments[key] = value
        }
        var words = ["exec", "/usr/bin/env"]
        var unset = ["NO_COLOR", "LC_ALL", "LC_CTYPE", "LANGUAGE", "COLUMNS", "LINES"]
        if term == nil { unset.append("TERM") }
        for name in unset where assignments[name] == nil { words += ["-u", name] }
        words += assignments.keys.sorted().map { Self.shellQuote("\($0)=\(assignments[$0]!)") }
        words += command.map(Self.shellQuote)
        // One string, every word single-quoted: tmux runs it with
        // `/bin/sh -c`, and it cannot end in a bare `;` (which tmux would
        // take for a command separator).
        shellCommand = words.joined(separator: " ")

        // Options first, in the same invocation, so they are in force before
        // the program can exit or draw.
        let started = try Self.run(
            socketName,
            [
                "set-option", "-g", "remain-on-exit", "on", ";",
                "set-option", "-g", "status", "off", ";",
                "set-option", "-g", "default-shell", "/bin/sh", ";",
                "new-session", "-d", "-s", "main", "-x", String(width), "-y", String(height),
                "-P", "-F", "#{pane_id} #{pane_pid} #{pid} #{socket_path}", shellCommand,
            ])
        let fields = started.trimmingCharacters(in: .whitespacesAndNewlines).split(
            separator: " ", maxSplits: 3)
        guard fields.count == 4, let pid = pid_t(fields[1]), let serverPID = pid_t(fields[2]) else {
            _ = try? Self.run(socketName, ["kill-server"])
            throw SetupFailure("tmux new-session printed \(started.debugDescription)")
        }
        paneID = String(fields[0])
        self.pid = pid
        self.serverPID = serverPID
        socketPath = String(fields[3])
    }

    deinit {
        // A program still running gets SIGTERM while its terminal is still
        // there (kill-server closes the pty first, and a program that hears
        // of it only by SIGHUP/EIO may take its time), then SIGKILL.
        if !paneDead {
            Glibc.kill(pid, SIGTERM)
            let deadline = Date().addingTimeInterval(1)
            while !paneDead && Date() < deadline { usleep(10_000) }
            if !paneDead { Glibc.kill(pid, SIGKILL) }
        }
        _ = try? Self.run(socketName, ["kill-server"])
        let deadline = Date().addingTimeInterval(1)
        while Self.isAlive(pid) && Date() < deadline { usleep(10_000) }
        if Self.isAlive(pid) { Glibc.kill(pid, SIGKILL) }
        unlink(socketPath)
    }

    /// Running (a zombie waiting for a reaper does not count).
    public static func isAlive(_ pid: pid_t) -> Bool {
        guard Glibc.kill(pid, 0) == 0 else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return true }
        // "pid (comm) S ...": the state follows the last ')'.
        return stat[close...].dropFirst().trimmingCharacters(in: .whitespaces).first != "Z"
    }

    // MARK: Input

    /// Sends tmux key names, one per argument: "Enter", "Escape", "C-c",
    /// "Up", "Down", "Tab", "BTab", "BSpace", "Space", "Home", "End", "DC",
    /// "PPage", "NPage", "F1"... A string that is not a key name is typed
    /// as it is.
    public func sendKeys(_ keys: String...) throws { try sendKeys(keys) }

    public func sendKeys(_ keys: [String]) throws {
        guard !keys.isEmpty else { return }
        try tmux(["send-keys", "-t", paneID, "--"] + keys.map(Self.escapeSeparator))
    }

    /// Types `text` literally (`send-keys -l`): no key names, UTF-8 as is.
    public func type(_ text: String) throws {
        guard !text.isEmpty else { return }
        try tmux(["send-keys", "-t", paneID, "-l", "--", Self.escapeSeparator(text)])
    }

    // MARK: Output

    /// The screen as plain text, one line per row (trailing spaces trimmed).
    public func capture() throws -> String {
        try tmux(["capture-pane", "-p", "-t", paneID])
    }

    /// The screen with its SGR escapes (colours, bold, reverse...) and
    /// DEC line drawing as SO/SI, trailing spaces kept (`-N`: they may be
    /// coloured), as `Scripts/render_screenshot.py` reads it.
    public func captureEscapes() throws -> String {
        try tmux(["capture-pane", "-p", "-e", "-N", "-t", paneID])
    }

    /// Polls the screen until it contains `text`; returns that screen.
    /// Fails early if the program exits without showing it.
    @discardableResult
    public func waitFor(_ text: String, timeout: Double = 10) throws -> String {
        try waitUntil("the screen shows \(text.debugDescription)", timeout: timeout) { $0.contains(text) }
    }

    /// Polls the screen until it contains every one of `texts`; returns that
    /// screen. A frame reaches the terminal in more than one write when it is
    /// large, so a screen showing its first words may not show its last yet:
    /// wait for all the words a check needs, not the first of them.
    @discardableResult
    public func waitFor(all texts: [String], timeout: Double = 10) throws -> String {
        try waitUntil("the screen shows \(texts.map(\.debugDescription).joined(separator: " and "))", timeout: timeout)
        {
            screen in texts.allSatisfy { screen.contains($0) }
        }
    }

    /// Polls the screen until it no longer contains `text`.
    @discardableResult
    public func waitForAbsence(of text: String, timeout: Double = 10) throws -> String {
        try waitUntil("the screen no longer shows \(text.debugDescription)", timeout: timeout) {
            !$0.contains(text)
        }
    }

    /// Polls the screen until `condition` holds; returns that screen. On
    /// timeout (or if the program exits first) the error shows the last
    /// screen and `description`.
    @discardableResult
    public func waitUntil(
        _ description: String, timeout: Double = 10, _ condition: (String) -> Bool
    ) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        while true {
            screen = try capture()
            if condition(screen) { return screen }
            if let status = try exitStatus() {
                // The screen of a dead pane no longer changes; one last look.
                screen = try capture()
                if condition(screen) { return screen }
                throw Failure(
                    "waiting until \(description): the program exited with status \(status)", screen: screen)
            }
            if Date() >= deadline { break }
            usleep(50_000)
        }
        throw Failure("timed out after \(timeout) s waiting until \(description)", screen: screen)
    }

    // MARK: The program

    /// The program's exit status once it has exited (128 + signal if a
    /// signal ended it, as `ProcessResult` has it), nil while it runs.
    public func exitStatus() throws -> Int32? {
        let fields = try format("#{pane_dead}|#{pane_dead_status}|#{pane_dead_signal}")
            .split(separator: "|", omittingEmptySubsequences: false)
        guard fields.count == 3 else { throw Failure("tmux did not report the pane's state: \(fields)") }
        guard fields[0] == "1" else { return nil }
        if let signal = Int32(fields[2]) { return 128 + signal }
        if let status = Int32(fields[1]) { return status }
        // tmux marks the pane dead (terminal closed) a moment before it
        // reaps the program and records the status. Debian's tmux (built
        // with libutempter) can miss that SIGCHLD altogether and leave the
        // program a zombie with no status (tmux/tmux#311; about 1 run in
        // 10 here): a SIGCHLD of our own makes it reap.
        Glibc.kill(serverPID, SIGCHLD)
        return nil
    }

    /// Whether the program has exited (the pane is kept, dead).
    /// (A server that is gone counts as dead.)
    public var paneDead: Bool {
        do { return try exitStatus() != nil } catch { return true }
    }

    /// Waits for the program to exit; returns its status (128 + signal if
    /// killed).
    @discardableResult
    public func waitForExit(timeout: Double = 10) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let status = try exitStatus() { return status }
            if Date() >= deadline { break }
            usleep(20_000)
        }
        throw Failure(
            "timed out after \(timeout) s waiting for the program to exit", screen: (try? capture()) ?? "")
    }

    /// Kills the pane (`kill-pane`): tmux closes the pty, which hangs up
    /// the terminal for real (SIGHUP, EIO on every read and write), as a
    /// dropped SSH connection or a closed terminal window does. The pane is
    /// gone afterwards: its exit status cannot be read from tmux.
    public func killPane() throws {
        try tmux(["kill-pane", "-t", paneID])
    }

    /// Polls until `pid` is gone (exited, reaped or a zombie); returns how
    /// long that took, or nil if it still runs at the deadline.
    public static func waitUntilGone(_ pid: pid_t, timeout: Double = 10) -> Double? {
        let start = Date()
        while isAlive(pid) {
            if Date().timeIntervalSince(start) > timeout { return nil }
            usleep(2_000)
        }
        return Date().timeIntervalSince(start)
    }

    /// Sends `signal` to the program (not to tmux).
    public func kill(signal: Int32 = SIGTERM) {
        Glibc.kill(pid, signal)
    }

    /// Resizes the window (and the pane with it); the program gets SIGWINCH.
    public func resize(width: Int, height: Int) throws {
        precondition(width > 0 && height > 0)
        try tmux(["resize-window", "-t", paneID, "-x", String(width), "-y", String(height)])
        self.width = width
        self.height = height
    }

    /// Whether the program left the alternate screen on (a full-screen
    /// program that restored the terminal has turned it off).
    public func alternateScreen() throws -> Bool { try format("#{alternate_on}") == "1" }

    /// Whether the cursor is visible.
    public func cursorVisible() throws -> Bool { try format("#{cursor_flag}") == "1" }

    /// The cursor position, zero-based.
    public func cursor() throws -> (x: Int, y: Int) {
        let parts = try format("#{cursor_x} #{cursor_y}").split(separator: " ").compactMap { Int($0) }
        guard parts.count == 2 else { throw Failure("tmux did not report the cursor") }
        return (parts[0], parts[1])
    }

    /// Expands a tmux format (`#{pane_width}`, `#{pane_current_command}`...)
    /// for the pane.
    public func format(_ format: String) throws -> String {
        try tmux(["display-message", "-p", "-t", paneID, "--", Self.escapeSeparator(format)])
            .trimmingCharacters(in: .newlines)
    }

    /// Runs any tmux command against this session's server; returns stdout.
    @discardableResult
    public func tmux(_ arguments: [String]) throws -> String {
        try Self.run(socketName, arguments)
    }

    // MARK: Helpers

    public struct Failure: Error, CustomStringConvertible {
        public var message: String
        public var screen: String?

        public init(_ message: String, screen: String? = nil) {
            self.message = message
            self.screen = screen
        }

        public var description: String {
            guard let screen else { return message }
            var lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if lines.last == "" { lines.removeLast() }
            let width = max(lines.map(\.count).max() ?? 0, 1)
            let rule = String(repeating: "-", count: width)
            return "\(message)\nlast screen:\n+\(rule)+\n"
                + lines.map { "|" + $0.padding(toLength: width, withPad: " ", startingAt: 0) + "|" }
                .joined(separator: "\n") + "\n+\(rule)+"
        }
    }

    private static func run(_ socket: String, _ arguments: [String]) throws -> String {
        let result = try ProcessRunner.run(tmuxPath, ["-L", socket, "-f", "/dev/null"] + arguments, timeout: 10)
        guard result.status == 0 else {
            throw Failure("tmux \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.output)")
        }
        return result.stdout
    }

    /// `'…'` for /bin/sh.
    static func shellQuote(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// tmux takes an argument ending in `;` for a command separator (and
    /// drops the `;`); `\;` at the end stands for a literal `;`.
    static func escapeSeparator(_ argument: String) -> String {
        argument.hasSuffix(";") ? String(argument.dropLast()) + "\\;" : argument
    }
}
