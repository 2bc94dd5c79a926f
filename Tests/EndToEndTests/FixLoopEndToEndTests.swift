import Foundation
import SMTPSettings
import TestSupport
import Testing

/// The fix loop and the editing keys, on the real binary in tmux.
@Suite(.serialized) struct FixLoopEndToEndTests {
    @Test func fSwitchesATLSPortToSTARTTLSAndCtrlTPassesAgain() throws {
        let server = try SMTPTestServer(mode: "starttls", certificate: "good", arguments: authArguments)
        let tmux = try Wizard().start()
        try openCustomServerForm(tmux)
        try tmux.sendKeys("C-u")
        try tmux.type("127.0.0.1")
        try tmux.sendKeys("Tab", "C-u")
        try tmux.type(String(server.port))
        // Security: STARTTLS -> TLS on connect, spoken to a port that starts in plain text.
        try tmux.sendKeys("Tab", "Right", "Enter", "Enter")
        try tmux.waitFor("How the application proves")
        try tmux.sendKeys("Enter")  // authentication: plain, on to the user name
        try tmux.sendKeys("C-u")
        try tmux.type(SMTPTestServer.user)
        try tmux.sendKeys("Tab")
        try tmux.type(SMTPTestServer.password)
        try tmux.sendKeys("Enter")
        try tmux.waitFor("HELO name and sender")
        try tmux.sendKeys("Tab", "Tab")
        try tmux.type("app@example.com")
        try tmux.sendKeys("Enter", "Enter")
        let failed = try tmux.waitFor(
            all: ["TLS spoken to a plain-text port", "f fix it: set Connection security to STARTTLS"], timeout: 20)
        #expect(failed.contains("f fix it: set Connection security to STARTTLS"))
        try tmux.sendKeys("f")
        let fixed = try tmux.waitFor(
            all: ["Changed Connection security to STARTTLS (was TLS)", "▸ Connection security", "^T"])
        #expect(fixed.contains("▸ Connection security"), "the fix lands on the field it changed")
        #expect(fixed.contains("^T"), "the bottom line shows the retest key")
        try tmux.sendKeys("C-t")
        let passed = try tmux.waitFor(all: ["Passed in", "STARTTLS"], timeout: 20)
        #expect(passed.contains("STARTTLS"))
        try tmux.sendKeys("C-c", "y")
        #expect(try tmux.waitForExit() == 1)
        withExtendedLifetime(server) {}
    }

    @Test func aPastedNewlineStaysInTheFieldAndTheValueIsTrimmed() throws {
        let tmux = try Wizard().start()
        try openCustomServerForm(tmux)
        try tmux.sendKeys("C-u")
        _ = try tmux.tmux(["set-buffer", "--", "  smtp.example.com\n"])
        // -p: as a terminal pastes, between the bracketed-paste markers the wizard turned on.
        _ = try tmux.tmux(["paste-buffer", "-p", "-t", tmux.paneID])
        let screen = try tmux.waitFor(all: ["[smtp.example.com ", "Mail server"])
        #expect(screen.contains("▸ Server address"), "the newline did not move to the next field")
        #expect(screen.contains("Mail server"))
        try tmux.sendKeys("C-c", "y")
        #expect(try tmux.waitForExit() == 1)
    }

    @Test func questionMarkAndF1OpenTheKeyList() throws {
        let tmux = try Wizard().start()
        try tmux.waitFor("Set up outgoing mail")
        try tmux.type("?")
        try tmux.waitFor("Keys on the Welcome step")
        try tmux.sendKeys("Escape")
        try tmux.waitForAbsence(of: "Keys on the Welcome step")
        try tmux.sendKeys("Enter")
        try tmux.waitFor("Choose your mail provider")
        try tmux.sendKeys(Array(repeating: "Down", count: 8) + ["Enter"])
        try tmux.waitFor("Mail server")
        // In a text field ? is typed; F1 still opens the list.
        try tmux.sendKeys("C-u")
        try tmux.type("a?b")
        try tmux.waitFor("[a?b")
        try tmux.sendKeys("F1")
        let help = try tmux.waitFor(all: ["Keys on the Server step", "delete the word before the cursor"])
        #expect(help.contains("delete the word before the cursor"))
        try tmux.sendKeys("Escape")
        try tmux.waitFor("[a?b")
        try tmux.type(" more")
        try tmux.waitFor("[a?b more")
        // Alt-Backspace arrives as ESC DEL: a word goes, the step stays.
        try tmux.sendKeys("M-BSpace")
        let word = try tmux.waitUntil("the word before the cursor deleted") {
            $0.contains("[a?b ") && !$0.contains("more")
        }
        #expect(word.contains("Mail server"))
        try tmux.sendKeys("C-w")
        try tmux.waitForAbsence(of: "[a?b")
        try tmux.sendKeys("C-c", "y")
        #expect(try tmux.waitForExit() == 1)
    }

    @Test func theSmallestWindowScrollsToTheNoFallbackNotice() throws {
        let tmux = try Wizard().start(width: 60, height: 16)
        let top = try tmux.waitFor(all: ["Set up outgoing mail", "more lines below: PgDn scrolls"])
        #expect(top.contains("more lines below: PgDn scrolls"))
        try tmux.sendKeys("NPage")
        try tmux.waitFor("No fallback mail server")
        try tmux.sendKeys("C-c", "y")
        #expect(try tmux.waitForExit() == 1)
    }

    @Test(.enabled(if: geteuid() == 0, "giving a store to another user needs root"))
    func aNewStoreIsGivenToTheUserTheAdminNames() throws {
        let server = try SMTPTestServer(mode: "starttls", certificate: "good", arguments: authArguments)
        let wizard = Wizard()
        let tmux = try wizard.start()
        try fillForm(tmux, port: server.port, password: SMTPTestServer.password)
        try tmux.waitFor("Passed in", timeout: 20)
        try tmux.sendKeys("Enter")
        let review = try tmux.waitFor(all: ["Review and save", "asked when you save"])
        #expect(review.contains("asked when you save"))
        try tmux.sendKeys("Space", "s")
        try tmux.waitFor("The application runs as user:")
        try tmux.type("nobody")
        try tmux.sendKeys("Enter")
        let done = try tmux.waitFor("Saved", timeout: 10)
        let nobody = try StoreOwner(parsing: "nobody")
        var info = stat()
        #expect(stat(wizard.store, &info) == 0)
        #expect(info.st_uid == nobody.uid)
        #expect(info.st_mode & 0o777 == 0o600)
        let readable = StoreReadability.check(path: wizard.store, reader: nobody)
        let flat = done.replacingOccurrences(of: "\n ", with: " ")
        if readable.canRead {
            #expect(flat.contains("The application reads them"))
        } else {
            #expect(flat.contains("Not readable yet"))
            #expect(!flat.contains("The application reads them"))
        }
        try tmux.sendKeys("q")
        #expect(try tmux.waitForExit() == 0)
        withExtendedLifetime(server) {}
    }

    @Test func theDoneScreenClearsFormsCacheWhenAsked() throws {
        let server = try SMTPTestServer(mode: "starttls", certificate: "good", arguments: authArguments)
        let wizard = Wizard()
        let forem = TemporaryDirectory("forem-app")
        try FileManager.default.createDirectory(atPath: forem.file("bin"), withIntermediateDirectories: true)
        // A stand-in for Forem's bin/rails that records how it was run.
        try "#!/bin/sh\necho \"$(pwd) $*\" > ran.txt\n".write(
            toFile: forem.file("bin/rails"), atomically: false, encoding: .utf8)
        chmod(forem.file("bin/rails"), 0o755)
        let tmux = try TmuxSession(
            command: try wizard.command + ["--owner", "root", "--forem-dir", forem.path], width: 80, height: 40)
        try fillForm(tmux, port: server.port, password: SMTPTestServer.password)
        try tmux.waitFor("Passed in", timeout: 20)
        try tmux.sendKeys("Enter")
        try tmux.waitFor("Review and save")
        try tmux.sendKeys("Space", "s")
        try tmux.waitFor("Press c to clear Forem's settings cache now", timeout: 10)
        #expect(!FileManager.default.fileExists(atPath: forem.file("ran.txt")), "never without the admin's key")
        try tmux.sendKeys("c")
        // The pick-up notice also says "settings cache is cleared": wait for the
        // result's own words, whichever way the lines wrap.
        try tmux.waitUntil("the cache cleared", timeout: 20) {
            $0.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
                .contains("cache is cleared: it reads the new settings now")
        }
        let ran = try String(contentsOfFile: forem.file("ran.txt"), encoding: .utf8)
        #expect(ran == "\(forem.path) runner Settings::SMTP.clear_cache\n")
        try tmux.sendKeys("q")
        #expect(try tmux.waitForExit() == 0)
        withExtendedLifetime(server) {}
    }

    @Test func anotherProviderNeverGetsTheStoredPassword() throws {
        let wizard = Wizard()
        let stored = MailSettings([
            .address: "smtp.sendgrid.net", .port: "587", .security: "starttls", .authentication: "plain",
            .userName: "apikey", .password: "Stored-Secret-9f3k", .fromEmailAddress: "app@example.com",
        ])
        _ = try SQLiteStore(path: wizard.store).save(stored, basedOn: 0, action: "test")
        let before = try Data(contentsOf: URL(fileURLWithPath: wizard.store))
        let tmux = try wizard.start()
        try tmux.waitFor("Set up outgoing mail")
        try tmux.sendKeys("Enter")
        try tmux.waitFor("Choose your mail provider")
        // Keep current, SendGrid, then Mailgun.
        try tmux.sendKeys("Down", "Down")
        try tmux.waitFor("▸ Mailgun")
        try tmux.sendKeys("Enter")
        try tmux.waitFor("The stored password stays with")
        try tmux.sendKeys("C-n")
        try tmux.waitFor("How the application proves")
        try tmux.sendKeys("Tab", "Tab")
        let login = try tmux.waitFor("type the password for this server")
        #expect(!login.contains("stored password kept"))
        try tmux.sendKeys("C-c", "y")
        #expect(try tmux.waitForExit() == 1)
        #expect(try Data(contentsOf: URL(fileURLWithPath: wizard.store)) == before, "nothing was written")
    }
}
