import Foundation
import SMTPSettings
import TestSupport
import Testing

/// The real binary in a real terminal (tmux), against a real server.
struct Wizard {
    let dir = TemporaryDirectory("e2e")
    var store: String { dir.file("settings.sqlite3") }

    var command: [String] {
        get throws {
            [BuiltProducts.path("smtp-setup"), "--store", store, "--ca-file", try TestCertificates.caFile()]
        }
    }

    func start(
        environment: [String: String] = [:], term: String? = "xterm-256color", width: Int = 80, height: Int = 24
    ) throws -> TmuxSession {
        try TmuxSession(command: try command, environment: environment, term: term, width: width, height: height)
    }

    /// Runs the wizard under a shell that then prints its exit status and
    /// the terminal modes: tmux wipes a dead pane's screen when it reaps it,
    /// and what the wizard leaves behind is the point of these tests.
    func startInShell() throws -> TmuxSession {
        let script =
            #""$@"; echo "EXIT=$?"; stty -a | tr ' ' '\n' | grep -E '^-?(icanon|echo)$' | tr '\n' ' '; sleep 60"#
        return try TmuxSession(command: ["/bin/sh", "-c", script, "sh"] + (try command))
    }
}

/// The wizard's own pid when it runs under `startInShell`'s shell.
private func childPID(of parent: pid_t) throws -> pid_t {
    let deadline = Date().addingTimeInterval(5)
    while Date() < deadline {
        let children = (try? String(contentsOfFile: "/proc/\(parent)/task/\(parent)/children", encoding: .utf8)) ?? ""
        if let first = children.split(separator: " ").first, let pid = pid_t(first) { return pid }
        usleep(20_000)
    }
    throw SetupFailure("no child of \(parent)")
}

let authArguments = ["--auth", "--user", SMTPTestServer.user, "--mechanisms", "PLAIN,LOGIN,CRAM-MD5"]

/// Welcome -> Custom server: the server form, address field focused.
func openCustomServerForm(_ tmux: TmuxSession) throws {
    try tmux.waitFor("Set up outgoing mail")
    try tmux.sendKeys("Enter")
    try tmux.waitFor("Choose your mail provider")
    try tmux.sendKeys(Array(repeating: "Down", count: 8) + ["Enter"])
    try tmux.waitFor("Mail server")
}

/// Welcome -> Custom server -> the form, up to the test running by itself.
func fillForm(_ tmux: TmuxSession, port: Int, password: String) throws {
    try openCustomServerForm(tmux)
    try tmux.sendKeys("C-u")
    try tmux.type("127.0.0.1")
    try tmux.sendKeys("Tab", "C-u")
    try tmux.type(String(port))
    try tmux.sendKeys("Enter", "Enter", "Enter", "Enter")
    try tmux.waitFor("How the application proves")
    try tmux.sendKeys("C-u")
    try tmux.type(SMTPTestServer.user)
    try tmux.sendKeys("Tab")
    try tmux.type(password)
    let login = try tmux.capture()
    #expect(!login.contains(password), "the password is masked")
    try tmux.sendKeys("Enter")
    try tmux.waitFor("HELO name and sender")
    try tmux.sendKeys("Tab", "Tab")
    try tmux.type("app@example.com")
    try tmux.sendKeys("Enter", "Enter")
}

/// tmux shows a dead pane's last output a moment after it marks it dead.
private func eventually(_ what: String, _ condition: () throws -> Bool) throws {
    let deadline = Date().addingTimeInterval(5)
    while Date() < deadline {
        if try condition() { return }
        usleep(50_000)
    }
    Issue.record("never saw \(what)")
}

@Suite(.serialized) struct WizardEndToEndTests {
    @Test func wholeSetupTestedAcknowledgedAndSaved() throws {
        let server = try SMTPTestServer(mode: "starttls", certificate: "good", arguments: authArguments)
        let wizard = Wizard()
        // Tall enough for the whole transcript beside the --ca-file note.
        let tmux = try wizard.start(height: 40)
        try fillForm(tmux, port: server.port, password: SMTPTestServer.password)
        let passed = try tmux.waitFor(all: ["Passed in", "~> AUTH PLAIN [redacted]"], timeout: 20)
        #expect(passed.contains("~> AUTH PLAIN [redacted]"))
        #expect(!passed.contains(SMTPTestServer.password))
        try tmux.sendKeys("Enter")
        let review = try tmux.waitFor(all: ["Review and save", "logged out", "super admin"])
        #expect(review.contains("logged out") && review.contains("super admin"))
        #expect(review.contains("password set") && !review.contains(SMTPTestServer.password))
        // Enter alone never saves.
        try tmux.sendKeys("Enter")
        try tmux.waitFor("Enter does not save")
        #expect(!FileManager.default.fileExists(atPath: wizard.store))
        try tmux.sendKeys("Space", "s")
        let asked = try tmux.waitUntil("saved, or asked whose the store is", timeout: 10) {
            $0.contains("Saved") || $0.contains("The application runs as user:")
        }
        // A new store made as root: the wizard asks who the application runs as.
        if asked.contains("The application runs as user:") {
            try tmux.type("root")
            try tmux.sendKeys("Enter")
        }
        let done = try tmux.waitFor(all: ["Saved", "as revision"], timeout: 10)
        #expect(done.contains("as revision"))
        try tmux.sendKeys("q")
        #expect(try tmux.waitForExit() == 0)

        let stored = try SQLiteStore(path: wizard.store).load()
        #expect(stored.revision == 1)
        #expect(stored.settings.address == "127.0.0.1")
        #expect(stored.settings.port == server.port)
        #expect(stored.settings.userName == SMTPTestServer.user)
        #expect(stored.settings.password == SMTPTestServer.password)
        #expect(stored.settings.fromEmailAddress == "app@example.com")
        #expect(!(try tmux.alternateScreen()), "the terminal is restored")
        withExtendedLifetime(server) {}
    }

    @Test func failingTestJumpsToThePasswordAndPassesAfterTheFix() throws {
        let server = try SMTPTestServer(mode: "starttls", certificate: "good", arguments: authArguments)
        let wizard = Wizard()
        let tmux = try wizard.start()
        try fillForm(tmux, port: server.port, password: "not-the-password")
        let failed = try tmux.waitFor(all: ["not accepted", "app password"], timeout: 20)
        #expect(failed.contains("app password"))
        #expect(!failed.contains("not-the-password"))
        try tmux.sendKeys("f")
        // The fix key lands on the password. The step's title is painted
        // before its fields, so the wait is for both.
        try tmux.waitFor(all: ["How the application proves", "▸ Password"])
        try tmux.sendKeys("C-u")
        try tmux.type(SMTPTestServer.password)
        // Ctrl-N: next step, twice, back to the test, which runs again by itself.
        try tmux.sendKeys("C-n")
        try tmux.waitFor("HELO name and sender")
        try tmux.sendKeys("C-n")
        try tmux.waitFor("Passed in", timeout: 20)
        try tmux.sendKeys("C-c")
        try tmux.waitFor("Quit without saving?")
        try tmux.sendKeys("y")
        #expect(try tmux.waitForExit() == 1)
        #expect(!FileManager.default.fileExists(atPath: wizard.store))
        withExtendedLifetime(server) {}
    }

    @Test func sighupMidFormRestoresTheTerminalAndSavesNothing() throws {
        let wizard = Wizard()
        let tmux = try wizard.startInShell()
        try tmux.waitFor("Set up outgoing mail")
        try tmux.sendKeys("Enter", "Enter")
        try tmux.waitFor("Mail server")
        try tmux.type("typed-but-not-saved")
        kill(try childPID(of: tmux.pid), SIGHUP)
        let after = try tmux.waitFor("EXIT=")
        #expect(after.contains("stopped by SIGHUP"))
        #expect(after.contains("EXIT=129"))
        // The modes the shell found: the wizard's raw mode is gone.
        try tmux.waitFor("icanon")
        let modes = try tmux.capture()
        #expect(modes.contains(" icanon") || modes.hasPrefix("icanon") || modes.contains("\nicanon"))
        #expect(!modes.contains("-icanon") && !modes.contains("-echo "))
        #expect(!(try tmux.alternateScreen()))
        #expect(try tmux.cursorVisible())
        #expect(!FileManager.default.fileExists(atPath: wizard.store))
    }

    @Test func quitWithCtrlCSaysNothingWasSaved() throws {
        let wizard = Wizard()
        let tmux = try wizard.startInShell()
        try tmux.waitFor("Set up outgoing mail")
        try tmux.sendKeys("C-c")
        try tmux.waitFor("Quit without saving?")
        try tmux.sendKeys("n")
        try tmux.waitForAbsence(of: "Quit without saving?")
        try tmux.sendKeys("C-c")
        try tmux.waitFor("Quit without saving?")
        try tmux.sendKeys("y")
        let after = try tmux.waitFor("EXIT=")
        #expect(after.contains("Nothing was saved.") && after.contains("EXIT=1"))
    }

    @Test func sigtermAfterASaveKeepsTheSavedRevisionWhole() throws {
        let wizard = Wizard()
        let saved = try ProcessRunner.run(
            BuiltProducts.path("smtp-setup"),
            ["set", "address=smtp.example.com", "authentication=none", "--store", wizard.store])
        #expect(saved.status == 0)
        let before = FileManager.default.contents(atPath: wizard.store)
        let tmux = try wizard.start()
        try tmux.waitFor("revision 1")
        try tmux.sendKeys("Enter", "Enter")
        tmux.kill(signal: SIGTERM)
        #expect(try tmux.waitForExit() == 143)
        #expect(FileManager.default.contents(atPath: wizard.store) == before)
    }

    @Test func idleWizardUsesNoCPU() throws {
        let tmux = try Wizard().start()
        try tmux.waitFor("Set up outgoing mail")
        let ticks = { () -> Int in
            let stat = (try? String(contentsOfFile: "/proc/\(tmux.pid)/stat", encoding: .utf8)) ?? ""
            let fields = stat[(stat.lastIndex(of: ")") ?? stat.startIndex)...].split(separator: " ")
            return (Int(fields[12]) ?? 0) + (Int(fields[13]) ?? 0)
        }
        let start = ticks()
        usleep(1_500_000)
        // 1.5 s of a spinning loop would be ~150 ticks; an idle poll is ~0.
        #expect(ticks() - start < 20)
    }

    @Test func smallWindowsShowWhatFitsOrSaySo() throws {
        let tmux = try Wizard().start(width: 60, height: 16)
        let small = try tmux.waitFor("Set up outgoing mail")
        #expect(small.split(separator: "\n").allSatisfy { $0.count <= 60 })
        try tmux.resize(width: 40, height: 10)
        try tmux.waitFor("at least 60x16")
        try tmux.resize(width: 80, height: 24)
        try tmux.waitFor("No fallback mail server")
    }

    @Test(arguments: ["xterm-256color", "screen", "tmux", "linux", "vt100"])
    func commonTerminalTypes(_ term: String) throws {
        let tmux = try Wizard().start(term: term)
        try tmux.waitFor("Set up outgoing mail")
        try tmux.sendKeys("Enter")
        try tmux.waitFor("Choose your mail provider")
        try tmux.sendKeys("C-c")
        try tmux.waitFor("Quit without saving?")
        try tmux.sendKeys("y")
        let status = try tmux.waitForExit()
        let screen = try tmux.capture()
        #expect(status == 1, "\(screen)")
    }

    @Test func noColorIsMonochromeAndColourIsOtherwiseUsed() throws {
        let plain = try Wizard().start(environment: ["NO_COLOR": "1"])
        try plain.waitFor(all: ["Set up outgoing mail", "^C quit"])
        let mono = try plain.captureEscapes()
        let colourCodes = try Regex(#"\x1B\[[0-9;]*(3[0-7]|38;5;[0-9]+|9[0-7])m"#)
        #expect(mono.firstMatch(of: colourCodes) == nil, "no foreground colours")
        #expect(mono.contains("\u{1B}[1m"), "still bold for titles")
        let coloured = try Wizard().start()
        try coloured.waitFor(all: ["Set up outgoing mail", "^C quit"])
        #expect(try coloured.captureEscapes().firstMatch(of: colourCodes) != nil)
    }

    @Test func nonUTF8LocaleGetsASCIILines() throws {
        let tmux = try Wizard().start(environment: ["LANG": "C"])
        let screen = try tmux.waitFor("No fallback mail server")
        #expect(screen.contains("+-"))
        #expect(!screen.contains("─"))
    }

    @Test func arrowEscapeSequencesEditFields() throws {
        let tmux = try Wizard().start()
        try openCustomServerForm(tmux)
        try tmux.sendKeys("C-u")
        try tmux.type("mailexample.com")
        // Raw sequences, as a terminal whose terminfo entry is wrong sends them.
        try tmux.sendKeys("Home")
        try tmux.type("\u{1B}[C\u{1B}[C\u{1B}[C\u{1B}[C")
        try tmux.type(".")
        try tmux.sendKeys("End")
        try tmux.type("\u{1B}[3~")
        try tmux.waitFor("[mail.example.com")
    }

    @Test func unwritableStoreIsSaidOnTheWelcomeScreen() throws {
        let wizard = Wizard()
        chmod(wizard.dir.path, 0o755)
        let tmux = try TmuxSession(
            command: [
                "/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                BuiltProducts.path("smtp-setup"),
                "--store", wizard.store,
            ])
        let screen = try tmux.waitFor(all: ["re-run with sudo", "root or the owner of"])
        #expect(screen.contains("root or the owner of \(wizard.dir.path)"))
    }
}
