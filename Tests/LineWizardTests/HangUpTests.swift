import Foundation
import TestSupport
import Testing

/// The terminal hangs up for real (the pty's master side closes, as when an
/// SSH connection drops): the wizard, full-screen or line by line, is gone
/// at once with 129, never traps, leaves the store as it was and hangs up
/// on a server it was testing. Each test waits for states it can see.
@Suite struct HangUpTests {
    let dir = TemporaryDirectory("hang-up")
    var store: String { dir.file("settings.sqlite3") }

    func start(term: String, controllingTerminal: Bool = true) throws -> PseudoTerminalProcess {
        try PseudoTerminalProcess(
            BuiltProducts.path("smtp-setup"), ["--store", store, "--timeout", "30"], environment: ["TERM": term],
            controllingTerminal: controllingTerminal)
    }

    /// Hangs up and checks how the child ended: 129 (exit code or SIGHUP),
    /// never a trap (SIGILL, SIGTRAP, SIGABRT) or a core, within 1 s.
    func hangUpAndExpectAQuickEnd(_ child: PseudoTerminalProcess, sourceLocation: SourceLocation = #_sourceLocation) {
        let started = Date()
        child.hangUp()
        let status = child.wait(timeout: 20)
        let elapsed = Date().timeIntervalSince(started)
        #expect(status == 129, "ended with \(String(describing: status))", sourceLocation: sourceLocation)
        #expect(child.terminatingSignal == nil || child.terminatingSignal == SIGHUP, sourceLocation: sourceLocation)
        #expect(!child.dumpedCore, sourceLocation: sourceLocation)
        #expect(elapsed < 1, "gone after \(elapsed) s", sourceLocation: sourceLocation)
    }

    @Test func theFullScreenWizardEndsAtOnce() throws {
        try saveSomething()
        let before = FileManager.default.contents(atPath: store)
        let child = try start(term: "xterm-256color")
        // Drawn by ncurses: words arrive between cursor moves, so one word.
        try child.waitFor("outgoing")
        hangUpAndExpectAQuickEnd(child)
        // The full-screen wizard ends through its own exit path, not by the signal.
        #expect(child.terminatingSignal == nil)
        #expect(FileManager.default.contents(atPath: store) == before)
    }

    @Test func theFullScreenWizardHangsUpOnTheServerItIsTesting() throws {
        let server = try SMTPTestServer(mode: "silent")
        let saved = try ProcessRunner.run(
            BuiltProducts.path("smtp-setup"),
            [
                "set", "address=127.0.0.1", "port=\(server.port)", "security=none", "authentication=none",
                "from_email_address=app@example.com", "--store", store,
            ])
        #expect(saved.status == 0, "\(saved.output)")
        let before = FileManager.default.contents(atPath: store)
        let child = try start(term: "xterm-256color")
        try child.waitFor("outgoing")
        // Keys are read in order: Enter (start), Enter (keep the current
        // settings), then Ctrl-N past the server, login and sender steps to
        // the test, which starts by itself.
        child.type("\r\r\u{0E}\u{0E}\u{0E}")
        try waitUntil("the server has the test's connection") { server.log.contains("silent: connection from") }
        hangUpAndExpectAQuickEnd(child)
        #expect(child.terminatingSignal == nil)
        try waitUntil("the server saw the connection closed") { server.log.contains("silent: closed") }
        #expect(FileManager.default.contents(atPath: store) == before)
    }

    /// Not the session's terminal (no SIGHUP comes): the failed read (EIO,
    /// or POLLHUP for the full screen) alone ends it, with 129 all the same.
    @Test(arguments: [("dumb", "Provider (1-"), ("xterm-256color", "outgoing")])
    func withoutSIGHUPTheFailedReadEndsIt(term: String, shown: String) throws {
        let child = try start(term: term, controllingTerminal: false)
        try child.waitFor(shown)
        hangUpAndExpectAQuickEnd(child)
        #expect(child.terminatingSignal == nil, "ended by its own exit, not a signal")
        #expect(!FileManager.default.fileExists(atPath: store))
    }

    @Test func theLineWizardEndsAtOnceAtAQuestion() throws {
        let child = try start(term: "dumb")
        try child.waitFor("Provider (1-9)")
        hangUpAndExpectAQuickEnd(child)
        #expect(!FileManager.default.fileExists(atPath: store))
    }

    @Test func theLineWizardEndsAtOnceWhileThePasswordIsTyped() throws {
        let child = try start(term: "dumb")
        try child.waitFor("Provider (1-9)")
        for answer in ["9", "smtp.example.com", "", "", "", "", "user"] { child.type(answer + "\r") }
        try child.waitFor("Password (not shown): ")
        try child.waitUntil("echo turned off") { !child.echoes }
        child.type("Sup3r")
        hangUpAndExpectAQuickEnd(child)
        #expect(!child.screen.contains("Sup3r"))
        #expect(!FileManager.default.fileExists(atPath: store))
    }

    @Test func theLineWizardHangsUpOnTheServerItIsTesting() throws {
        let server = try SMTPTestServer(mode: "silent")
        try saveSomething()
        let before = FileManager.default.contents(atPath: store)
        let child = try start(term: "dumb")
        try child.waitFor("Provider (1-")
        // Keep the current settings, then Enter through every field.
        child.type("\r")
        try child.waitFor("Server address")
        child.type("127.0.0.1\r\(server.port)\rnone\rnone\r\r\rapp@example.com\r\r")
        try child.waitFor("Test the connection now?")
        child.type("y\r")
        try waitUntil("the server has the test's connection") { server.log.contains("silent: connection from") }
        hangUpAndExpectAQuickEnd(child)
        try waitUntil("the server saw the connection closed") { server.log.contains("silent: closed") }
        #expect(FileManager.default.contents(atPath: store) == before)
    }

    /// A store at revision 1, so "unchanged" compares real bytes.
    func saveSomething() throws {
        let saved = try ProcessRunner.run(
            BuiltProducts.path("smtp-setup"),
            ["set", "address=smtp.example.com", "authentication=none", "--store", store])
        #expect(saved.status == 0, "\(saved.output)")
    }
}

/// Polls `condition` (every 10 ms) until it holds; throws at the deadline.
func waitUntil(_ what: String, timeout: TimeInterval = 20, _ condition: () -> Bool) throws {
    let deadline = Date().addingTimeInterval(timeout)
    while !condition() {
        guard Date() < deadline else { throw SetupFailure("timed out waiting until \(what)") }
        var none = pollfd(fd: -1, events: 0, revents: 0)
        _ = poll(&none, 1, 10)
    }
}
