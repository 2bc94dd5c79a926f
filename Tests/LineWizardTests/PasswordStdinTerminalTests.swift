import Foundation
import SMTPSettings
import TestSupport
import Testing

/// `--password-stdin` at a terminal: asked for on one line, not shown,
/// rather than echoed and read until Ctrl-D.
@Suite struct PasswordStdinTerminalTests {
    let dir = TemporaryDirectory("password-stdin-tty")

    func start(_ command: [String]) throws -> PseudoTerminalProcess {
        let child = try PseudoTerminalProcess(
            BuiltProducts.path("smtp-setup"), command + ["--password-stdin"], environment: ["TERM": "dumb"])
        try child.waitFor("Password (not shown): ")
        try child.waitUntil("echo turned off") { !child.echoes }
        return child
    }

    @Test func setAsksForThePasswordWithoutShowingIt() throws {
        let store = dir.file("settings.sqlite3")
        let child = try start(["set", "--store", store, "address=smtp.example.com", "user_name=apikey"])
        child.type("Typed-Secret-9\r")
        #expect(child.wait() == 0, "\(child.screen)")
        #expect(child.echoes)
        #expect(!child.screen.contains("Typed-Secret"))
        #expect(try SQLiteStore(path: store).load().settings[.password] == "Typed-Secret-9")
    }

    @Test func anEmptyLineIsRefusedAndNothingIsSaved() throws {
        let store = dir.file("settings.sqlite3")
        let child = try start(["set", "--store", store, "address=smtp.example.com", "user_name=apikey"])
        child.type("\r")
        #expect(child.wait() == 64)
        #expect(child.echoes)
        #expect(child.screen.contains("empty password"))
        #expect(!FileManager.default.fileExists(atPath: store))
    }
}
