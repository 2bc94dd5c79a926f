import Foundation
import TestSupport
import Testing

/// At a `TERM=dumb` terminal the password is read with echo off, and echo
/// comes back on every way out.
@Suite struct PasswordEchoTests {
    let dir = TemporaryDirectory("line-wizard-tty")

    func start(term: String = "dumb") throws -> PseudoTerminalProcess {
        let child = try PseudoTerminalProcess(
            BuiltProducts.path("smtp-setup"), ["--store", dir.file("settings.sqlite3")],
            environment: ["TERM": term])
        try child.waitFor("Provider (1-9)")
        for answer in ["9", "smtp.example.com", "", "", "", "", "user"] { child.type(answer + "\r") }
        try child.waitFor("Password (not shown): ")
        // The answers are typed ahead; give the wizard the moment it needs to reach the read.
        let deadline = Date().addingTimeInterval(10)
        while child.echoes && Date() < deadline { usleep(10_000) }
        return child
    }

    @Test func thePasswordIsNotEchoedAndEchoComesBack() throws {
        let child = try start()
        #expect(!child.echoes)
        child.type("Sup3r-Secret\r")
        try child.waitFor("HELO domain")
        #expect(child.echoes)
        // Ctrl-D at the next question ends input: nothing saved.
        child.type("\u{04}")
        #expect(child.wait() == 66)
        #expect(child.screen.contains("Input ended; nothing was saved."))
        #expect(!child.screen.contains("Sup3r"))
        #expect(!FileManager.default.fileExists(atPath: dir.file("settings.sqlite3")))
    }

    @Test(arguments: [SIGINT, SIGTERM, SIGHUP])
    func aSignalWhileTypingThePasswordRestoresEcho(signal: Int32) throws {
        let child = try start()
        #expect(!child.echoes)
        child.type("Sup3r")
        kill(child.pid, signal)
        #expect(child.wait() == 128 + signal)
        #expect(child.echoes)
        #expect(!child.screen.contains("Sup3r"))
    }

    @Test func anUnknownTermFallsBackToPlainPrompts() throws {
        let child = try start(term: "no-such-terminal")
        #expect(!child.echoes)
        child.type("Sup3r\r")
        try child.waitFor("HELO domain")
        #expect(child.echoes)
        // Ctrl-C at an ordinary question ends it, as it should at any prompt.
        kill(child.pid, SIGINT)
        #expect(child.wait() == 128 + SIGINT)
        #expect(!child.screen.contains("Sup3r"))
        #expect(!FileManager.default.fileExists(atPath: dir.file("settings.sqlite3")))
    }

    @Test func endOfInputAtThePasswordRestoresEcho() throws {
        let child = try start()
        child.type("\u{04}")
        #expect(child.wait() == 66)
        #expect(child.echoes)
    }
}
