import Foundation
import SMTPSettings
import TestSupport
import Testing

/// Undoing on an application's own file, judged by the application's
/// parser: a reset leaves no SMTP settings at all (none invented), and the
/// settings found before smtp-setup's first save are a revision to go back to.
@Suite struct ApplicationUndoTests {
    let dir = TemporaryDirectory("application-undo")

    func smtpSetup(_ arguments: [String], history: String, input: String? = nil) throws -> ProcessResult {
        try ProcessRunner.run(
            BuiltProducts.path("smtp-setup"), arguments, input: input,
            environment: [FileHistory.environmentVariable: dir.file(history)])
    }

    /// The shipped file, alone in a folder of its own.
    func makeFile(_ file: ApplicationFile, in name: String) throws -> String {
        try file.place(in: dir.file(name))
    }

    func set(_ file: ApplicationFile, _ path: String, server: String, user: String, password: String, history: String)
        throws -> ProcessResult
    {
        try smtpSetup(
            [
                "set", "address=\(server)", "user_name=\(user)", "from_email_address=app@example.com",
                "--password-stdin", "--store", "\(file.store):\(path)",
            ], history: history, input: password + "\n")
    }

    @Test func aDamagedHistoryFileIsNamedForWhatItIsAndTheFileIsUntouched() throws {
        let file = ApplicationFile.mastodon
        let path = try makeFile(file, in: "damaged")
        try "this is not a database, it is text\n".write(toFile: dir.file("broken"), atomically: false, encoding: .utf8)
        let result = try set(file, path, server: "smtp.example.com", user: "u", password: "pw", history: "broken")
        #expect(result.status == 74, "\(result.output)")
        #expect(result.stderr.contains("smtp-setup's history file \(dir.file("broken"))"), "\(result.stderr)")
        #expect(result.stderr.contains("$SMTP_SETUP_HISTORY") && !result.stderr.contains("settings store"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == file.shipped)
    }

    /// Undoing the first save over a hand-written file gives its settings
    /// back as they were: the keys that save added with smtp-setup's
    /// defaults go again (Mastodon's own defaults apply, as before).
    @Test func undoingTheFirstSaveGivesAHandWrittenFileItsSettingsBack() throws {
        let folder = dir.file("hand")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/.env.production"
        let original =
            "LOCAL_DOMAIN=example.com\nSMTP_SERVER=old.example.com\nSMTP_LOGIN=olduser\nSMTP_PASSWORD=oldpass\n"
        try original.write(toFile: path, atomically: false, encoding: .utf8)
        let file = ApplicationFile.mastodon
        let saved = try set(
            file, path, server: "new.example.com", user: "newuser", password: "n3w-pass", history: "hand-history")
        #expect(saved.status == 0, "\(saved.output)")
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("SMTP_PORT=587"))
        let undo = try smtpSetup(
            ["rollback", "1", "--password-stdin", "--store", "mastodon:\(path)"], history: "hand-history",
            input: "oldpass\n")
        #expect(undo.status == 0, "\(undo.output)")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for gone in [
            "SMTP_PORT", "SMTP_ENABLE_STARTTLS", "SMTP_OPENSSL_VERIFY_MODE", "new.example.com", "app@example.com",
        ] {
            #expect(!text.contains(gone), "\(gone) is left: \(text)")
        }
        let format = try #require(file.application.format)
        #expect(try format.read(text) == format.read(original))
        #expect(try file.credentials([path]) == [.init(login: "olduser", password: "oldpass")])
    }

    /// History says only what changed in the file: never a key the
    /// application has no place for (authentication for Gitea and Ghost).
    @Test(arguments: [ApplicationFile.gitea, .ghost])
    func changedKeysAreOnlyThoseTheFileHolds(_ file: ApplicationFile) throws {
        let path = try makeFile(file, in: "changed-\(file.store)")
        let first = try set(file, path, server: "smtp.example.com", user: "u", password: "pw", history: "changed-h")
        #expect(first.status == 0, "\(first.output)")
        let named = try smtpSetup(["set", "from_name=Forge", "--store", "\(file.store):\(path)"], history: "changed-h")
        #expect(named.status == 0, "\(named.output)")
        #expect(named.stdout.contains("(changed: from_name)."), "\(named.stdout)")
    }

    /// A reset as the first command over settings already there: its undo
    /// names the revision that holds them.
    @Test func aFirstResetNamesTheRevisionToUndoTo() throws {
        let file = ApplicationFile.mastodon
        let path = try makeFile(file, in: "first-reset")
        let reset = try smtpSetup(["reset", "--yes", "--store", "mastodon:\(path)"], history: "first-reset-history")
        #expect(reset.status == 0, "\(reset.output)")
        #expect(reset.stdout.contains("Cleared the settings as revision 2. Undo with: smtp-setup rollback 1 "))
        let undo = try smtpSetup(
            ["rollback", "1", "--password-stdin", "--store", "mastodon:\(path)"], history: "first-reset-history",
            input: "0123abcd\n")
        #expect(undo.status == 0, "\(undo.output)")
        let format = try #require(file.application.format)
        #expect(try format.read(try String(contentsOfFile: path, encoding: .utf8)) == format.read(file.shipped))
    }

    @Test(arguments: ApplicationFile.all)
    func aResetLeavesNoSMTPSettingsForTheApplication(_ file: ApplicationFile) throws {
        try #require(file.hasParser, "\(file.application.title)'s parser is not installed")
        let format = try #require(file.application.format)
        let path = try makeFile(file, in: "reset")
        let saved = try set(
            file, path, server: "smtp.example.com", user: "apikey", password: "r3set-S3cret", history: "h")
        #expect(saved.status == 0, "\(saved.output)")
        let reset = try smtpSetup(["reset", "--yes", "--store", "\(file.store):\(path)"], history: "h")
        #expect(reset.status == 0, "\(reset.output)")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(try format.read(text) == MailSettings(), "\(text)")
        #expect(try file.credentials([path]) == [.init(login: nil, password: nil)])
        #expect(!text.contains("smtp.example.com") && !text.contains("r3set-S3cret"))
        #expect(!text.contains("by smtp-setup"), "no heading is left over nothing")
        #expect(file.unrelated(text) == file.unrelated(file.shipped), "the rest of the file is kept")
        let show = try smtpSetup(["show", "--store", "\(file.store):\(path)"], history: "h")
        // Set, reset; and first what the shipped file held, if anything.
        let revision = try format.read(file.shipped).isEmpty ? 2 : 3
        #expect(show.status == 0 && show.stdout.contains("(revision \(revision)"), "\(show.output)")
        #expect(show.stdout.contains("address                 (not set)"), "\(show.output)")
    }

    @Test(arguments: ApplicationFile.all)
    func theSettingsFoundBeforeTheFirstSaveAreARevisionToGoBackTo(_ file: ApplicationFile) throws {
        try #require(file.hasParser, "\(file.application.title)'s parser is not installed")
        let format = try #require(file.application.format)
        let path = try makeFile(file, in: "found")
        // What the admin had: set by hand, or by a run whose history is gone.
        let earlier = try set(
            file, path, server: "smtp.found.example", user: "found-user", password: "f0und-S3cret", history: "gone")
        #expect(earlier.status == 0, "\(earlier.output)")
        let found = try format.read(try String(contentsOfFile: path, encoding: .utf8))
        let first = try set(
            file, path, server: "smtp.new.example", user: "new-user", password: "n3w-S3cret", history: "h")
        #expect(first.status == 0, "\(first.output)")
        let store = ConfigFileStore(
            application: file.application, path: path, history: FileHistory(path: dir.file("h")))
        let history = try store.history()
        #expect(history.map(\.revision) == [2, 1])
        #expect(history.last?.action == "found before smtp-setup's first save")
        #expect(history.last?.savedBy == "another program")
        #expect(history.last.map { $0.changedKeys.contains(.address) && $0.changedKeys.contains(.password) } == true)

        let undo = try smtpSetup(
            ["rollback", "1", "--password-stdin", "--store", "\(file.store):\(path)"], history: "h",
            input: "f0und-S3cret\n")
        #expect(undo.status == 0, "\(undo.output)")
        #expect(try file.credentials([path]) == [.init(login: "found-user", password: "f0und-S3cret")])
        #expect(try format.read(try String(contentsOfFile: path, encoding: .utf8)) == found)
        #expect(try store.history().map(\.revision) == [3, 2, 1])
    }
}
