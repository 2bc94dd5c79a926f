import Foundation
import SMTPSettings
import TestSupport
import Testing

/// A .env.production with Windows line ends (edited on Windows, copied
/// over): read as Ruby dotenv reads it, and changed in place, its line ends
/// kept, with no second copy of any setting.
@Suite(.enabled(if: DotenvOracle.isAvailable, "needs Debian's ruby and ruby-dotenv"))
struct MastodonLineEndsTests {
    let dir = TemporaryDirectory("mastodon-crlf")

    static let dotenv = """
        require "dotenv"
        env = Dotenv::Parser.call(File.read(JSON.parse(STDIN.read)))
        puts JSON.generate(env.select { |k, _| k.start_with?("SMTP_") })
        """

    func smtpSetup(_ arguments: [String], input: String? = nil) throws -> ProcessResult {
        try ProcessRunner.run(
            BuiltProducts.path("smtp-setup"), arguments, input: input,
            environment: [FileHistory.environmentVariable: dir.file("history.sqlite3")])
    }

    @Test func aFileWithWindowsLineEndsIsReadAndChangedInPlace() throws {
        let path = dir.file(".env.production")
        let shipped = MastodonStoreTests.shipped.replacingOccurrences(of: "\n", with: "\r\n")
        try shipped.write(toFile: path, atomically: false, encoding: .utf8)
        let before = try RubyOracle.run(Self.dotenv, input: path, as: [String: String].self)
        #expect(before["SMTP_SERVER"] == "smtp.mailgun.org")
        let store = ConfigFileStore(
            application: .mastodon, path: path, history: FileHistory(path: dir.file("history.sqlite3")))
        let read = try store.load().settings
        #expect(read.address == "smtp.mailgun.org" && read.port == 587 && read.password == "0123abcd")

        let result = try smtpSetup(
            [
                "set", "--store", "mastodon:\(path)", "address=smtp.sendgrid.net", "user_name=apikey",
                "--password-stdin",
            ],
            input: "SG.new-key\n")
        #expect(result.status == 0, "\(result.output)")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        // Every line still ends as the file's did, and each setting is there once.
        #expect(!text.unicodeScalars.split(separator: "\n").contains { $0.last != "\r" })
        #expect(text.components(separatedBy: "SMTP_SERVER=").count == 2)
        #expect(text.components(separatedBy: "SMTP_PASSWORD=").count == 2)
        #expect(!text.contains("0123abcd"))
        let after = try RubyOracle.run(Self.dotenv, input: path, as: [String: String].self)
        #expect(after["SMTP_SERVER"] == "smtp.sendgrid.net")
        #expect(after["SMTP_LOGIN"] == "apikey" && after["SMTP_PASSWORD"] == "SG.new-key")
        #expect(after["SMTP_PORT"] == "587")
        #expect(try store.load().settings.password == "SG.new-key")
    }
}
