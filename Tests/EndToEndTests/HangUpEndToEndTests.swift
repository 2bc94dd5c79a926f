import Foundation
import SMTPSettings
import TestSupport
import Testing

/// Where in the full-screen wizard the pane is killed.
enum WizardStep: String, CaseIterable, Sendable {
    case welcome, provider, server, auth, sender, test, review
}

/// The pane is killed (`tmux kill-pane`: a real pty hang-up, as a dropped
/// SSH connection) at every step of the full-screen wizard: the wizard is
/// gone within 1 s with 129, never traps, leaves the store byte for byte as
/// it was, and hangs up on the server a running test was talking to.
@Suite(.serialized) struct HangUpEndToEndTests {
    @Test(arguments: WizardStep.allCases)
    func killingThePaneEndsTheWizardAtOnce(at step: WizardStep) throws {
        // A server that accepts and never greets: the test step keeps its connection open.
        let server = try SMTPTestServer(mode: "silent")
        let dir = TemporaryDirectory("hang-up-e2e")
        let store = dir.file("settings.sqlite3")
        // Review is reached after a test that fails at once (nothing listens).
        let port = step == .review ? closedPort() : server.port
        let saved = try ProcessRunner.run(
            BuiltProducts.path("smtp-setup"),
            [
                "set", "address=127.0.0.1", "port=\(port)", "security=none", "authentication=none",
                "from_email_address=app@example.com", "--store", store,
            ])
        #expect(saved.status == 0, "\(saved.output)")
        let before = try #require(FileManager.default.contents(atPath: store))

        // The shell records the wizard's exit status in a file: kill-pane
        // removes the pane, and with it tmux's record of the status. It
        // survives the hang-up (its trap runs after the wizard has ended).
        let statusFile = dir.file("status")
        let script = #"trap : HUP; "$@"; echo "$?" > "$STATUS_FILE""#
        let tmux = try TmuxSession(
            command: ["/bin/sh", "-c", script, "sh", BuiltProducts.path("smtp-setup"), "--store", store],
            environment: ["STATUS_FILE": statusFile])
        try walk(tmux, to: step, server: server)
        let wizard = try wizardPID(under: tmux.pid)

        try tmux.killPane()
        let gone = TmuxSession.waitUntilGone(wizard, timeout: 20)
        #expect(gone != nil && gone! < 1, "the wizard was gone after \(String(describing: gone)) s")
        try waitUntil("the shell wrote the exit status") {
            (try? String(contentsOfFile: statusFile, encoding: .utf8))?.hasSuffix("\n") == true
        }
        let status = try String(contentsOfFile: statusFile, encoding: .utf8).trimmingCharacters(in: .newlines)
        // 129: exit(129), or SIGHUP itself; never 132 (SIGILL), 133 (SIGTRAP) or 134 (SIGABRT).
        #expect(status == "129", "exit status \(status)")
        #expect(FileManager.default.contents(atPath: store) == before, "the store is unchanged")
        if step == .test {
            try waitUntil("the silent server saw its connection closed") { server.log.contains("silent: closed") }
        }
    }

    /// Drives the wizard to `step` and waits until it is shown.
    func walk(_ tmux: TmuxSession, to step: WizardStep, server: SMTPTestServer) throws {
        try tmux.waitFor("Set up outgoing mail")
        if step == .welcome { return }
        try tmux.sendKeys("Enter")
        try tmux.waitFor("Choose your mail provider")
        if step == .provider { return }
        try tmux.sendKeys("Enter")
        try tmux.waitFor("Where the application hands over its mail")
        if step == .server { return }
        try tmux.sendKeys("C-n")
        try tmux.waitFor("How the application proves")
        if step == .auth { return }
        try tmux.sendKeys("C-n")
        try tmux.waitFor("HELO name and sender")
        if step == .sender { return }
        try tmux.sendKeys("C-n")
        try tmux.waitFor("Testing 127.0.0.1")
        if step == .test {
            // The test is running: the server holds its connection.
            try waitUntil("the silent server has the test's connection") {
                server.log.contains("silent: connection from")
            }
            return
        }
        try tmux.waitFor("Connection refused")
        try tmux.sendKeys("Enter")
        try tmux.waitFor("Review and save")
    }
}

/// The only child of `parent` (the wizard under the recording shell).
func wizardPID(under parent: pid_t) throws -> pid_t {
    var found: pid_t?
    try waitUntil("\(parent) has a child") {
        let children =
            (try? String(contentsOfFile: "/proc/\(parent)/task/\(parent)/children", encoding: .utf8)) ?? ""
        found = children.split(separator: " ").first.flatMap { pid_t($0) }
        return found != nil
    }
    return found!
}

/// Polls `condition` (every 10 ms) until it holds; throws at the deadline.
func waitUntil(_ what: String, timeout: TimeInterval = 20, _ condition: () throws -> Bool) throws {
    let deadline = Date().addingTimeInterval(timeout)
    while try !condition() {
        guard Date() < deadline else { throw SetupFailure("timed out waiting until \(what)") }
        var none = pollfd(fd: -1, events: 0, revents: 0)
        _ = poll(&none, 1, 10)
    }
}
