import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Ctrl-Z under an interactive shell with job control (bash in tmux, as an
/// admin's SSH login has it): the wizard hands the terminal back and stops;
/// `bg` does not let it take the terminal from the shell; a window resized
/// while it was stopped is followed on `fg`; SIGTSTP from outside stops it
/// the same way; typing goes on where it was. Every step waits for what the
/// screen or /proc shows.
@Suite struct SuspendEndToEndTests {
    let dir = TemporaryDirectory("suspend-shell")

    /// Waits until the wizard's process is in `state` ("T": stopped).
    func waitUntil(_ pid: pid_t, is state: Character, _ tmux: TmuxSession) throws {
        try tmux.waitUntil("process \(pid) in state \(state)") { _ in ProcessTable.state(of: pid) == state }
    }

    func stopped(_ screen: String) -> Int { screen.components(separatedBy: "Stopped").count - 1 }

    @Test func ctrlZStopsUnderAShellAndFgBringsTheWizardBack() throws {
        // set -b: bash tells of a job that stops at once, not at its next prompt.
        let tmux = try TmuxSession(
            command: ["/bin/bash", "--norc", "--noprofile", "-i"],
            environment: ["PS1": "shell$ ", "SMTP_SETUP_HISTORY": dir.file("history.sqlite3")])
        try tmux.waitFor("shell$")
        try tmux.type("set -b; \(BuiltProducts.path("smtp-setup")) --store \(dir.file("settings.sqlite3"))")
        try tmux.type("; echo wizard-ended-$?")
        try tmux.sendKeys("Enter")
        try tmux.waitFor(all: ["outgoing", "quit"])
        let wizard = try #require(ProcessTable.children(of: tmux.pid).first, "the wizard under bash")
        try tmux.sendKeys("Enter")
        try tmux.waitFor(all: ["Choose", "quit"])
        try tmux.sendKeys(["Down", "Down", "Down", "Down", "Down", "Down", "Down", "Down", "Enter"])
        try tmux.waitFor(all: ["hands", "quit"])
        try tmux.type("mail")
        try tmux.waitFor("[mail")

        // Ctrl-Z: the shell's screen and prompt, the wizard stopped.
        try tmux.sendKeys("C-z")
        var screen = try tmux.waitUntil("bash reporting the stopped job") { stopped($0) == 1 }
        try waitUntil(wizard, is: "T", tmux)
        #expect(try !tmux.alternateScreen(), "the shell's own screen: \(screen)")

        // bg: continued where the shell keeps the terminal, it stops again at once.
        try tmux.type("bg")
        try tmux.sendKeys("Enter")
        screen = try tmux.waitUntil("bash reporting the job stopped again") { stopped($0) == 2 }
        try waitUntil(wizard, is: "T", tmux)
        #expect(try !tmux.alternateScreen(), "the shell kept its terminal: \(screen)")

        // A resize while stopped, then fg: the whole screen at the new size.
        try tmux.resize(width: 100, height: 30)
        try tmux.type("fg")
        try tmux.sendKeys("Enter")
        screen = try tmux.waitFor(all: ["Welcome", "[mail", "STARTTLS", "quit"])
        #expect(try tmux.alternateScreen())
        let top = try #require(screen.split(separator: "\n").first.map(String.init))
        #expect(top.hasSuffix("smtp-setup") && top.count == 100, "painted at 100 columns: \(top)")
        try tmux.type(".example")
        try tmux.waitFor("[mail.example")

        // SIGTSTP from outside: the same stop, and fg brings it back again.
        kill(wizard, SIGTSTP)
        try tmux.waitUntil("bash reporting the stopped job") { stopped($0) >= 1 && !$0.contains("[mail") }
        try waitUntil(wizard, is: "T", tmux)
        try tmux.type("fg")
        try tmux.sendKeys("Enter")
        try tmux.waitFor(all: ["[mail.example", "quit"])

        try tmux.sendKeys("C-c")
        try tmux.waitFor("Quit without saving")
        try tmux.type("y")
        try tmux.waitFor("wizard-ended-1")
    }
}
