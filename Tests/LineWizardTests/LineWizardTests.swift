import Foundation
import SMTPSettings
import TestSupport
import Testing

/// The plain line-by-line wizard: the real binary, answers on a pipe,
/// against a real STARTTLS server with AUTH.
private struct LineSession {
    let dir = TemporaryDirectory("line-wizard")
    var storePath: String { dir.file("settings.sqlite3") }

    /// Runs `smtp-setup` with no command: stdin is a pipe, so it asks line by line.
    func run(_ answers: [String], timeout: TimeInterval = 60) throws -> ProcessResult {
        let input = answers.map { $0 + "\n" }.joined()
        let result = try ProcessRunner.run(
            BuiltProducts.path("smtp-setup"), try arguments(), input: input, timeout: timeout)
        expectNoSecret(result.output)
        return result
    }

    func arguments() throws -> [String] {
        ["--store", storePath, "--ca-file", try TestCertificates.caFile(), "--timeout", "5"]
    }

    func load() throws -> StoredSettings { try SQLiteStore(path: storePath).load() }
}

private let authArguments = ["--auth", "--user", SMTPTestServer.user, "--mechanisms", "PLAIN,LOGIN,CRAM-MD5"]

private func startServer() throws -> SMTPTestServer {
    try SMTPTestServer(mode: "starttls", certificate: "good", arguments: authArguments)
}

private func expectNoSecret(_ output: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let password = SMTPTestServer.password
    for form in [password, Data(password.utf8).base64EncodedString(), "wrong-Pa55word"] {
        #expect(!output.contains(form), "a password form leaked into the output", sourceLocation: sourceLocation)
    }
}

/// Answers for a custom server up to and including the password.
private func customServer(port: Int, password: String = SMTPTestServer.password) -> [String] {
    [
        "9",  // Custom server (the last provider when nothing is stored)
        "127.0.0.1", String(port), "starttls", "yes", "plain", SMTPTestServer.user, password,
    ]
}

/// Domain, from name, from address, reply-to.
private let sender = ["", "Example App", "app@example.com", "support@example.com"]

@Suite struct LineWizardTests {
    @Test func aWholeSetupIsTestedAndSaved() throws {
        let server = try startServer()
        let session = LineSession()
        let answers =
            customServer(port: server.port) + sender + [
                "y",  // test now
                "",  // no real test message
                "yes",  // the lockout notice
            ]
        let result = try session.run(answers)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("no fallback mail server"))
        #expect(result.stdout.contains("ok    STARTTLS"))
        #expect(result.stdout.contains("Ready: 127.0.0.1 accepts mail"))
        #expect(result.stdout.contains("logged out"))
        #expect(result.stdout.contains("password set"))
        #expect(result.stdout.contains("Saved revision 1 to \(session.storePath)"))
        #expect(result.stdout.contains("smtp-setup reset"))

        let stored = try session.load()
        #expect(stored.revision == 1)
        #expect(stored.latest?.action == "wizard")
        let settings = stored.settings
        #expect(settings.address == "127.0.0.1")
        #expect(settings.port == server.port)
        #expect(settings.userName == SMTPTestServer.user)
        #expect(settings.password == SMTPTestServer.password)
        #expect(settings.fromName == "Example App")
        #expect(settings.fromEmailAddress == "app@example.com")
        #expect(settings.replyToEmailAddress == "support@example.com")
        // Defaults the admin kept are written too, so the application reads what the form showed.
        #expect(settings[.security] == "starttls" && settings[.authentication] == "plain")

        // A second run keeps everything with Enter, the password included, and has nothing to save.
        let again = try session.run(Array(repeating: "", count: 12) + ["n"])
        #expect(again.status == 0, "\(again.output)")
        #expect(again.stdout.contains("Enter keeps the stored password"))
        #expect(again.stdout.contains("password unchanged"))
        #expect(again.stdout.contains("already holds exactly these settings"))
        #expect(try session.load().revision == 1)
        #expect(try session.load().settings.password == SMTPTestServer.password)
        withExtendedLifetime(server) {}
    }

    @Test func aWrongPasswordIsFixedWhenOffered() throws {
        let server = try startServer()
        let session = LineSession()
        let answers =
            customServer(port: server.port, password: "wrong-Pa55word") + sender + [
                "y",  // test now: fails on AUTH
                "y",  // change the password and test again
                SMTPTestServer.password,
                "",  // no real test message
                "yes",
            ]
        let result = try session.run(answers)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("FAIL  Authentication"))
        #expect(result.stdout.contains("[auth_failed]"))
        #expect(result.stdout.contains("Change Password and test again?"))
        #expect(result.stdout.contains("Ready: 127.0.0.1 accepts mail"))
        #expect(try session.load().settings.password == SMTPTestServer.password)
        withExtendedLifetime(server) {}
    }

    @Test func aRealTestMessageCanBeSent() throws {
        let server = try startServer()
        let session = LineSession()
        let answers = customServer(port: server.port) + sender + ["y", "admin@example.org", "no"]
        let result = try session.run(answers)
        #expect(result.status == 1, "\(result.output)")
        #expect(result.stdout.contains("A test message was sent to admin@example.org."))
        #expect(server.messages().count == 1)
    }

    @Test func theLockoutNoticeNeedsTheWordYes() throws {
        let server = try startServer()
        let session = LineSession()
        // Enter and "y" do not acknowledge the notice; "no" leaves without saving.
        let result = try session.run(customServer(port: server.port) + sender + ["y", "", "", "y", "no"])
        #expect(result.status == 1, "\(result.output)")
        #expect(result.stdout.contains("Saving needs the word yes"))
        #expect(result.stdout.contains("Nothing was saved."))
        #expect(!FileManager.default.fileExists(atPath: session.storePath))
        withExtendedLifetime(server) {}
    }

    @Test func anUntestedSaveAsksOnceMore() throws {
        let session = LineSession()
        // No test; at review "yes", then refuse to save untested, go back to the test and skip it again,
        // then agree.
        let answers = customServer(port: closedPort()) + sender + ["n", "yes", "n", "n", "yes", "y"]
        let result = try session.run(answers)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("These settings have not passed a test. Save anyway?"))
        #expect(try session.load().revision == 1)
    }

    @Test func inputEndingHalfWaySavesNothing() throws {
        let server = try startServer()
        let session = LineSession()
        let result = try session.run(customServer(port: server.port) + ["", "Example App"])
        #expect(result.status == 66, "\(result.output)")
        #expect(result.stdout.contains("Input ended; nothing was saved."))
        #expect(!FileManager.default.fileExists(atPath: session.storePath))

        // At the very last question, too: the notice is never taken as read.
        let late = try session.run(customServer(port: server.port) + sender + ["y", ""])
        #expect(late.status == 66, "\(late.output)")
        #expect(!FileManager.default.fileExists(atPath: session.storePath))
        withExtendedLifetime(server) {}
    }

    @Test func qQuitsAfterAsking() throws {
        let session = LineSession()
        // "q", then "n" to carry on, then "q" and "y".
        let result = try session.run(["9", "q", "n", "smtp.example.com", "q", "y"])
        #expect(result.status == 1, "\(result.output)")
        #expect(result.stdout.contains("Quit without saving? [y/N]"))
        #expect(result.stdout.contains("Port [587]: q"))
        #expect(!FileManager.default.fileExists(atPath: session.storePath))
    }

    @Test func fieldsAreValidatedAsTheyAreEntered() throws {
        let session = LineSession()
        let answers = [
            "9",
            "smtp.example.com:587",  // a port in the address: asked again
            "smtp.example.com",
            "70000",  // not a port
            "465",
            "ssl",  // not a security name, with the fix
            "tls",
            "no",  // certificate checks off: a warning, and on
            "cram-md5",  // written as cram_md5
            "user",
            "s3cr3t-Value",
            "", "", "not-an-address", "app@example.com", "",
            "n",  // no test
            "no",  // quit at the notice
        ]
        let result = try session.run(answers)
        #expect(result.status == 1, "\(result.output)")
        let out = result.stdout
        #expect(out.contains("Problem: Server address includes a port ('587')."))
        #expect(out.contains("Problem: Port '70000' is not a port number."))
        #expect(out.contains("'ssl' means TLS on connect: use tls."))
        #expect(out.contains("Warning: Verify certificate"))
        #expect(out.contains("Problem: From address 'not-an-address'"))
        #expect(out.contains("cram_md5, user user, password set"))
        #expect(!out.contains("s3cr3t-Value"))
    }

    @Test func aProviderFillsTheServerAndSaysWhatItNeeds() throws {
        let session = LineSession()
        let answers = [
            "1",  // SendGrid
            "", "", "", "", "",  // address, port, security, verify, authentication as filled in
            "",  // user name: apikey, filled in
            "SG.key",
            "", "", "app@example.com", "",
            "n", "no",
        ]
        let result = try session.run(answers)
        #expect(result.status == 1, "\(result.output)")
        #expect(result.stdout.contains("The user name is literally apikey"))
        #expect(result.stdout.contains("Server address [smtp.sendgrid.net]"))
        #expect(result.stdout.contains("User name [apikey]"))
        #expect(result.stdout.contains("SendGrid wants an API key with the Mail Send permission."))
        #expect(result.stdout.contains("Server       smtp.sendgrid.net port 587, STARTTLS"))
    }

    /// A second wizard run that changes the from name and stops at the
    /// lockout notice, while another process saves a new revision.
    private func editWhileSomeoneElseSaves(_ session: LineSession) throws -> RunningProcess {
        let child = try RunningProcess(BuiltProducts.path("smtp-setup"), try session.arguments())
        // Keep everything but the from name, skip the test, and stop at the notice.
        child.write((["", "", "", "", "", "", "", "", "", "Other Name", "", "", "n"].map { $0 + "\n" }).joined())
        try waitFor("Type yes to save", in: child)
        let other = try ProcessRunner.run(
            BuiltProducts.path("smtp-setup"), ["set", "domain=app.example.com", "--store", session.storePath])
        #expect(other.status == 0, "\(other.output)")
        return child
    }

    @Test func aConflictingSaveCanBeOverwritten() throws {
        let server = try startServer()
        let session = LineSession()
        let first = try session.run(customServer(port: server.port) + sender + ["n", "yes", "y"])
        #expect(first.status == 0, "\(first.output)")

        let child = try editWhileSomeoneElseSaves(session)
        child.write("yes\ny\noverwrite\n")
        child.closeInput()
        let result = try #require(child.wait(timeout: 30))
        expectNoSecret(result.output)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("saved revision 2"))
        #expect(result.stdout.contains("Saved revision 3"))
        #expect(result.stdout.contains("smtp-setup rollback 2"))
        let stored = try session.load()
        #expect(stored.revision == 3)
        #expect(stored.settings.fromName == "Other Name")
        // Overwrite writes the wizard's settings as they are: the other domain is replaced.
        #expect(stored.settings.domain == nil)
        withExtendedLifetime(server) {}
    }

    @Test func aConflictingSaveCanBeReloaded() throws {
        let session = LineSession()
        let first = try session.run(customServer(port: closedPort()) + sender + ["n", "yes", "y"])
        #expect(first.status == 0, "\(first.output)")

        let child = try editWhileSomeoneElseSaves(session)
        // Reload, keep the provider and every answer (now the other save's), nothing left to save.
        child.write("yes\ny\nreload\n" + String(repeating: "\n", count: 12) + "n\n")
        child.closeInput()
        let result = try #require(child.wait(timeout: 30))
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("Loaded revision 2"))
        #expect(
            result.stdout.contains("HELO domain (optional: this server's public name, sent in EHLO) [app.example.com]"))
        #expect(result.stdout.contains("already holds exactly these settings"))
        let stored = try session.load()
        #expect(stored.revision == 2)
        #expect(stored.settings.fromName == "Example App")
    }

    @Test(.enabled(if: getuid() == 0, "needs root to drop to another user"))
    func aStoreThatCannotBeWrittenIsSaidFirst() throws {
        let session = LineSession()
        chmod(session.dir.path, 0o755)
        let answers = customServer(port: closedPort()) + sender + ["n"]
        let input = answers.map { $0 + "\n" }.joined()
        let result = try ProcessRunner.run(
            "/usr/bin/setpriv",
            ["--reuid=65534", "--regid=65534", "--clear-groups", BuiltProducts.path("smtp-setup")]
                + (try session.arguments()), input: input)
        #expect(result.status == 77, "\(result.output)")
        let welcome = result.stdout.components(separatedBy: "Mail provider:").first ?? ""
        #expect(welcome.contains("Saving needs root or the owner of \(session.dir.path)"))
        #expect(welcome.contains("re-run with sudo"))
        #expect(!result.stdout.contains("Type yes to save"))
        #expect(!FileManager.default.fileExists(atPath: session.storePath))
    }
}

private func waitFor(_ text: String, in child: RunningProcess, timeout: TimeInterval = 30) throws {
    let deadline = Date().addingTimeInterval(timeout)
    while !child.currentOutput.contains(text) {
        guard Date() < deadline, child.isRunning else {
            throw SetupFailure("never saw '\(text)': \(child.currentOutput) \(child.currentError)")
        }
        usleep(20_000)
    }
}
