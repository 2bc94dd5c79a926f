import Foundation
import SMTPSettings
import TestSupport
import Testing

/// `set` edits through the same draft as the wizards: the real binary,
/// a real store, the rules checked in what was saved.
@Suite struct SetRulesTests {
    let dir = TemporaryDirectory("set-rules")
    var store: String { dir.file("settings.sqlite3") }
    let secret = "Sup3r-Secret-Value"

    func set(_ arguments: [String], input: String? = nil) throws -> ProcessResult {
        let result = try ProcessRunner.run(
            BuiltProducts.path("smtp-setup"), ["set"] + arguments + ["--store", store], input: input)
        #expect(!result.output.contains(secret), "the password leaked into the output")
        return result
    }

    func configure() throws {
        let result = try set(
            ["address=smtp.example.com", "user_name=apikey", "from_email_address=app@example.com", "--password-stdin"],
            input: secret + "\n")
        #expect(result.status == 0, "\(result.output)")
        #expect(try SQLiteStore(path: store).load().settings.password == secret)
    }

    @Test func authenticationNoneDropsTheUserNameAndPassword() throws {
        try configure()
        let result = try set(["authentication=none"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("User name dropped: it is not used without authentication."))
        let saved = try SQLiteStore(path: store).load()
        #expect(saved.revision == 2)
        #expect(saved.settings.userName == nil)
        #expect(saved.settings.password == nil)
        #expect(saved.settings.authentication == Authentication.none)
        #expect(saved.latest?.changedKeys.contains(.password) == true)
    }

    /// A login given to a store that uses none would be dropped: refused, with the fix, and nothing
    /// read from stdin or written. Given together with a method, it is kept.
    @Test func aLoginGivenWhereAuthenticationIsNoneIsRefusedWithTheFix() throws {
        let relay = try set(["address=127.0.0.1", "port=2525", "security=none", "authentication=none"])
        #expect(relay.status == 0, "\(relay.output)")
        let refused = try set(["user_name=bob", "--password-stdin"], input: secret + "\n")
        #expect(refused.status == 65, "\(refused.output)")
        #expect(refused.stderr.contains("user_name: is not used while authentication is none"))
        #expect(refused.stderr.contains("password: is not used while authentication is none"))
        #expect(refused.stderr.contains("Add authentication=plain"))
        #expect(try SQLiteStore(path: store).load().revision == 1)
        let kept = try set(["user_name=bob", "authentication=plain", "--password-stdin"], input: secret + "\n")
        #expect(kept.status == 0, "\(kept.output)")
        let saved = try SQLiteStore(path: store).load().settings
        #expect(saved.userName == "bob" && saved.password == secret && saved.authentication == .plain)
    }

    /// --clear-cache runs Forem's bin/rails: for another application's file it is refused before
    /// anything is written or run.
    @Test func clearingForemsCacheIsRefusedForAnotherApplicationsFile() throws {
        let forem = TemporaryDirectory("forem-app")
        try FileManager.default.createDirectory(atPath: forem.file("bin"), withIntermediateDirectories: true)
        let rails = forem.file("bin/rails")
        try "#!/bin/sh\ntouch ran.txt\n".write(toFile: rails, atomically: false, encoding: .utf8)
        chmod(rails, 0o755)
        let file = dir.file(".env.production")
        try "LOCAL_DOMAIN=social.example.com\n".write(toFile: file, atomically: false, encoding: .utf8)
        let result = try ProcessRunner.run(
            BuiltProducts.path("smtp-setup"),
            [
                "set", "address=smtp.example.com", "--store", "mastodon:\(file)", "--clear-cache", "--forem-dir",
                forem.path,
            ])
        #expect(result.status == 64, "\(result.output)")
        #expect(result.stderr.contains("Mastodon reads its file itself"))
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "LOCAL_DOMAIN=social.example.com\n")
        #expect(!FileManager.default.fileExists(atPath: forem.file("ran.txt")))
    }

    @Test func anotherServerLeavesTheStoredPasswordBehind() throws {
        try configure()
        // The stored password is not sent to another server: without a new one the login is incomplete.
        let refused = try set(["address=smtp.other.example.com"])
        #expect(refused.status == 65, "\(refused.output)")
        #expect(refused.stderr.contains("The stored password was for smtp.example.com"))
        #expect(refused.stderr.contains("password: is required"))
        #expect(try SQLiteStore(path: store).load().revision == 1)

        let result = try set(["address=smtp.other.example.com", "--password-stdin"], input: "Other-Secret-1\n")
        #expect(result.status == 0, "\(result.output)")
        let saved = try SQLiteStore(path: store).load()
        #expect(saved.settings.address == "smtp.other.example.com")
        #expect(saved.settings.password == "Other-Secret-1")
        #expect(saved.settings.userName == "apikey")
    }

    @Test func theSameServerKeepsTheStoredPassword() throws {
        try configure()
        let result = try set(["port=2525"])
        #expect(result.status == 0, "\(result.output)")
        #expect(try SQLiteStore(path: store).load().settings.password == secret)
    }
}
