import Foundation
import SMTPSettings
import TestSupport
import Testing

/// The full-screen wizard started with no store named, in a folder holding
/// Mastodon's `.env.production` (issue 11).
private struct ProposalMachine {
    let root = TemporaryDirectory("proposal-root")
    let here = TemporaryDirectory("proposal-cwd")
    let bin = TemporaryDirectory("proposal-bin")
    var envFile: String { here.file(".env.production") }

    init() throws {
        try "LOCAL_DOMAIN=example.com\n# Sending mail\nSINGLE_USER_MODE=false\n".write(
            toFile: envFile, atomically: false, encoding: .utf8)
    }

    /// The wizard in `here`, looking under `root`, with no store named.
    func start(height: Int = 24) throws -> TmuxSession {
        try TmuxSession(
            command: [
                "/bin/sh", "-c", "cd \"$1\" && exec \"$2\" --ca-file \"$3\"", "sh", here.path,
                BuiltProducts.path("smtp-setup"), try TestCertificates.caFile(),
            ],
            environment: [
                "SMTP_SETUP_ROOT": root.path, "DATABASE_URL": "", "SMTP_SETUP_STORE": "",
                "SMTP_SETUP_HISTORY": root.file("history.sqlite3"),
                "PATH": bin.path + ":/usr/bin:/bin",
            ], width: 100, height: height)
    }
}

/// A file store for `mastodon:PATH` is there (the file-store work is merged).
private let fileStoresExist = (try? StoreLocation(parsing: "mastodon:/tmp/.env.production")) != nil

/// Words on the screen, whichever way the lines wrap.
private func flat(_ screen: String) -> String {
    screen.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
}

@Suite(.serialized) struct TargetProposalEndToEndTests {
    @Test func theWelcomeProposesTheFileHereAndAnotherStoreCanBeTyped() throws {
        let machine = try ProposalMachine()
        let tmux = try machine.start()
        let welcome = try tmux.waitFor(all: ["Where should the settings go?", "the embedded store"])
        #expect(welcome.contains("▸ Mastodon at \(machine.envFile)"))
        #expect(welcome.contains("the embedded store (\(StoreLocation.defaultPath))"))
        let store = machine.here.file("typed.sqlite3")
        try tmux.sendKeys("o")
        try tmux.waitFor("Store: [")
        try tmux.type("sqlite://" + store)
        try tmux.sendKeys("Enter")
        let chosen = try tmux.waitUntil("the typed store opened", timeout: 20) { flat($0).contains("Enter starts.") }
        #expect(chosen.contains(store))
        #expect(!chosen.contains("Where should the settings go?"))
        try tmux.sendKeys("Enter")
        try tmux.waitFor("Choose your mail provider")
        try tmux.sendKeys("C-c", "y")
        #expect(try tmux.waitForExit() == 1)
    }

    /// The file exists, so its owner is kept and the wizard does not ask who
    /// the application runs as (it did while it looked at `mastodon:PATH` as a path).
    @Test(.enabled(if: fileStoresExist)) func itSavesIntoMastodonsFileAndNamesTheRestart() throws {
        let server = try SMTPTestServer(mode: "starttls", certificate: "good", arguments: authArguments)
        let machine = try ProposalMachine()
        for unit in ["mastodon-web.service", "mastodon-sidekiq.service"] {
            let path = machine.root.file("etc/systemd/system/\(unit)")
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try "[Unit]\n".write(toFile: path, atomically: false, encoding: .utf8)
        }
        // A stand-in for systemctl that records how it was run.
        let log = machine.bin.file("ran.txt")
        try "#!/bin/sh\necho \"$*\" > '\(log)'\necho restarted\n".write(
            toFile: machine.bin.file("systemctl"), atomically: false, encoding: .utf8)
        chmod(machine.bin.file("systemctl"), 0o755)
        let tmux = try machine.start(height: 40)
        try tmux.waitFor("▸ Mastodon at \(machine.envFile)")
        try tmux.sendKeys("Enter")
        // Opening the file is an effect: keys wait until the welcome says it is in use.
        try tmux.waitUntil("the file opened", timeout: 20) { flat($0).contains("Enter starts.") }
        try fillForm(tmux, port: server.port, password: SMTPTestServer.password)
        try tmux.waitFor("Passed in", timeout: 20)
        try tmux.sendKeys("Enter")
        try tmux.waitFor("Review and save")
        try tmux.sendKeys("Space", "s")
        let restart = "systemctl restart mastodon-sidekiq mastodon-web"
        try tmux.waitUntil("the restart named", timeout: 10) {
            flat($0).contains("Mastodon reads the new settings once you run: \(restart)")
        }
        try tmux.waitUntil("the restart offered", timeout: 10) {
            flat($0).contains("Press r to run it now: Mastodon is installed here.")
        }
        #expect(!FileManager.default.fileExists(atPath: log), "never without the admin's key")
        try tmux.sendKeys("r")
        try tmux.waitUntil("the restart ran", timeout: 20) { flat($0).contains("finished (exit status 0)") }
        #expect(try String(contentsOfFile: log, encoding: .utf8) == "restart mastodon-sidekiq mastodon-web\n")
        let text = try String(contentsOfFile: machine.envFile, encoding: .utf8)
        #expect(text.hasPrefix("LOCAL_DOMAIN=example.com\n# Sending mail\nSINGLE_USER_MODE=false\n"))
        #expect(text.contains("127.0.0.1"))
        try tmux.sendKeys("q")
        #expect(try tmux.waitForExit() == 0)
        withExtendedLifetime(server) {}
    }
}
