import Foundation
import SMTPSettings
import TestSupport
import Testing

/// The line wizard started with no store named, in a folder holding an
/// application's file: it proposes what it found, as the full screen does.
private struct ProposalSession {
    let root = TemporaryDirectory("choice-root")
    let here = TemporaryDirectory("choice-cwd")
    let bin = TemporaryDirectory("choice-bin")
    var envFile: String { here.file(".env.production") }

    init() throws {
        try "LOCAL_DOMAIN=example.com\n# mail\n".write(
            toFile: envFile, atomically: false, encoding: .utf8)
    }

    /// The binary in `here`, no store named, looking under `root`; answers on a pipe.
    func run(_ answers: [String], path: String? = nil, arguments: [String] = ["--timeout", "5"]) throws
        -> ProcessResult
    {
        let input = answers.map { $0 + "\n" }.joined()
        var environment = [
            "SMTP_SETUP_ROOT": root.path, "DATABASE_URL": "", "SMTP_SETUP_STORE": "",
            "SMTP_SETUP_HISTORY": root.file("history.sqlite3"),
        ]
        if let path { environment["PATH"] = path }
        return try ProcessRunner.run(
            "/bin/sh",
            ["-c", "cd \"$1\" && shift && exec \"$@\"", "sh", here.path, BuiltProducts.path("smtp-setup")] + arguments,
            input: input, environment: environment)
    }
}

/// A file store for `mastodon:PATH` is there (the file-store work is merged).
private let fileStoresExist = (try? StoreLocation(parsing: "mastodon:/tmp/.env.production")) != nil

@Suite struct LineStoreChoiceTests {
    @Test func theFindIsProposedAndAnotherStoreCanBeTyped() throws {
        let session = try ProposalSession()
        let typed = session.here.file("settings.sqlite3")
        let result = try session.run(["7", "sqlite://" + typed, "q", "y"])
        #expect(result.status == 1, "\(result.output)")
        #expect(result.stdout.contains("Where should the settings go? Found on this machine:"))
        #expect(result.stdout.contains("  1) Mastodon at \(session.envFile)"))
        #expect(result.stdout.contains("  2) the embedded store (\(StoreLocation.defaultPath))"))
        #expect(result.stdout.contains("Type a number from 1 to 2, or a store."))
        #expect(result.stdout.contains("Settings store: \(typed)\n"))
    }

    /// `smtp-setup` with no arguments at all starts without building the
    /// argument parser (a fast path): the same wizard, proposal and exit.
    @Test func noArgumentsAtAllStartTheSameWizard() throws {
        let session = try ProposalSession()
        let typed = session.here.file("settings.sqlite3")
        let result = try session.run(["7", "sqlite://" + typed, "q", "y"], arguments: [])
        #expect(result.status == 1, "\(result.output)")
        #expect(result.stdout.contains("  1) Mastodon at \(session.envFile)"))
        #expect(result.stdout.contains("Settings store: \(typed)\n"))
    }

    @Test func aStoreNamedOnTheCommandLineIsNotAskedAbout() throws {
        let session = try ProposalSession()
        let store = session.here.file("named.sqlite3")
        let result = try ProcessRunner.run(
            "/bin/sh",
            [
                "-c", "cd \"$1\" && exec \"$2\" --store \"$3\"", "sh", session.here.path,
                BuiltProducts.path("smtp-setup"), store,
            ],
            input: "q\ny\n",
            environment: [
                "SMTP_SETUP_ROOT": session.root.path, "DATABASE_URL": "",
                "SMTP_SETUP_HISTORY": session.root.file("history.sqlite3"),
            ])
        #expect(!result.stdout.contains("Where should the settings go?"))
        #expect(result.stdout.contains("Settings store: \(store)\n"))
    }

    /// A Mastodon install here (its systemd units, a stand-in systemctl that
    /// logs how it ran) and the answers that save into its file untested.
    fileprivate func mastodonHere() throws -> (session: ProposalSession, log: String, answers: [String]) {
        let session = try ProposalSession()
        for unit in ["mastodon-web.service", "mastodon-sidekiq.service"] {
            let path = session.root.file("etc/systemd/system/\(unit)")
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try "[Unit]\n".write(toFile: path, atomically: false, encoding: .utf8)
        }
        let log = session.bin.file("systemctl.log")
        let systemctl = session.bin.file("systemctl")
        try "#!/bin/sh\necho \"$@\" > '\(log)'\necho restarted\n".write(
            toFile: systemctl, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: systemctl)
        let answers = [
            "1",  // Mastodon at ./.env.production
            "9", "127.0.0.1", "2525", "none", "none",  // custom server, no login
            "", "Example App", "app@example.com", "",  // sender
            "n",  // no test now
            "yes",  // type yes to save
            "y",  // save untested
        ]
        return (session, log, answers)
    }

    @Test(.enabled(if: fileStoresExist)) func savedIntoMastodonItNamesAndOffersTheRestart() throws {
        let (session, log, saving) = try mastodonHere()
        let answers = saving + ["y"]  // run the restart
        let result = try session.run(answers, path: session.bin.path + ":/usr/bin:/bin")
        #expect(result.status == 0, "\(result.output)")
        let restart = "systemctl restart mastodon-sidekiq mastodon-web"
        #expect(result.stdout.contains("Mastodon reads the new settings once you run: \(restart)"))
        #expect(result.stdout.contains("Run \(restart) now, so that Mastodon reads the new settings? [y/N]"))
        #expect(result.stdout.contains("\(restart) finished (exit status 0)"))
        #expect(result.stdout.contains("  restarted"))
        #expect(try String(contentsOfFile: log, encoding: .utf8) == "restart mastodon-sidekiq mastodon-web\n")
        let text = try String(contentsOfFile: session.envFile, encoding: .utf8)
        #expect(text.hasPrefix("LOCAL_DOMAIN=example.com\n# mail\n"))
        #expect(text.contains("127.0.0.1"))
    }

    /// Input ending at the restart question comes after the save: it says
    /// the settings are saved and the restart was not run, and exits 0.
    @Test(.enabled(if: fileStoresExist)) func inputEndingAtTheRestartQuestionKeepsTheSave() throws {
        let (session, log, answers) = try mastodonHere()
        let result = try session.run(answers, path: session.bin.path + ":/usr/bin:/bin")
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("Input ended: the settings are saved; systemctl restart"))
        #expect(!result.stdout.contains("nothing was saved"))
        #expect(!FileManager.default.fileExists(atPath: log))
        #expect(try String(contentsOfFile: session.envFile, encoding: .utf8).contains("127.0.0.1"))
    }
}
