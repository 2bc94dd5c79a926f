import Foundation
import TestSupport
import Testing

@testable import SMTPSettings

/// `export` through the real binary: the env output read back by `sh` and
/// Ruby dotenv, and each application's snippet exactly what its store
/// writes, read back by that application's parser (the format tests' oracles).
@Suite(
    .enabled(
        if: DotenvOracle.isAvailable && NodeOracle.isAvailable && PHPOracle.isAvailable, "needs ruby-dotenv, node, php")
)
struct ExportFormatTests {
    let dir = TemporaryDirectory("export")

    /// The table, plus values no .env quoting carries to every reader.
    static let values = foremValueTable + ["line\nbreak", "back\\nslash-n", "run $(id)"]

    /// A store holding `settings`, saved without the validator so that the
    /// export's own refusals are what is tested.
    func store(_ settings: MailSettings, _ name: String) throws -> String {
        let path = dir.file("\(name).sqlite3")
        _ = try SQLiteStore(path: path).save(settings, basedOn: 0, action: "test")
        return path
    }

    func export(_ format: String, _ store: String) throws -> ProcessResult {
        try ProcessRunner.run(BuiltProducts.path("smtp-setup"), ["export", "--format", format, "--store", store])
    }

    static let readEnv = """
        require "dotenv"
        out = JSON.parse(STDIN.read).map do |text|
          env = Dotenv::Parser.call(text)
          %w[SMTP_USER_NAME SMTP_PASSWORD SMTP_FROM_NAME SMTP_SERVER SMTP_LOGIN].to_h { |k| [k, env[k]] }.compact
        end
        puts JSON.generate(out)
        """

    @Test func envReadsBackExactlyInShAndDotenvOrIsRefusedWithWords() throws {
        var written: [(value: String, text: String)] = []
        for (index, value) in Self.values.enumerated() {
            var settings = FormatCases.base
            settings[.userName] = value
            settings[.password] = value
            settings[.fromName] = value
            let result = try export("env", try store(settings, "env-\(index)"))
            if Dotenv.unwritableReason(value) != nil {
                #expect(result.status == 65, "\(value.debugDescription)")
                #expect(result.stdout.isEmpty)
                #expect(result.stderr.contains("password: contains"), "\(result.stderr)")
                let passwordLines = result.stderr.split(separator: "\n").filter { $0.contains("error: password:") }
                #expect(passwordLines.allSatisfy { !$0.contains(value) }, "shows the password")
                continue
            }
            #expect(result.status == 0, "\(value.debugDescription): \(result.stderr)")
            written.append((value, result.stdout))
        }
        #expect(written.count == foremValueTable.count)
        let dotenv = try RubyOracle.run(Self.readEnv, input: written.map(\.text), as: [[String: String]].self)
        for (index, item) in written.enumerated() {
            let expected = ["SMTP_USER_NAME": item.value, "SMTP_PASSWORD": item.value, "SMTP_FROM_NAME": item.value]
            #expect(dotenv[index] == expected, "dotenv \(item.value.debugDescription)")
            let file = dir.file("sourced-\(index).env")
            try item.text.write(toFile: file, atomically: false, encoding: .utf8)
            let sourced = try ProcessRunner.run(
                "/bin/sh",
                [
                    "-c",
                    ". \"$0\" && printf '%s\\001%s\\001%s' \"$SMTP_USER_NAME\" \"$SMTP_PASSWORD\" \"$SMTP_FROM_NAME\"",
                    file,
                ])
            #expect(
                sourced.stdout == [item.value, item.value, item.value].joined(separator: "\u{1}"),
                "sh \(item.value.debugDescription)")
        }
    }

    /// The password each application reads from its snippets.
    static func passwords(_ application: Application, _ texts: [String]) throws -> [String?] {
        switch application {
        case .mastodon:
            try RubyOracle.run(readEnv, input: texts, as: [[String: String]].self).map { $0["SMTP_PASSWORD"] }
        case .discourse: try DiscourseFormatTests.launcherValues(texts).map { $0["DISCOURSE_SMTP_PASSWORD"] }
        case .gitlab: try GitLabFormatTests.gitlabRails(texts).map { text($0["smtp_password"]) }
        case .ghost: try GhostFormatTests.mail(texts).map { $0.options?.auth?.pass }
        case .nextcloud: try NextcloudFormatTests.mailEntries(texts).map { text($0["mail_smtppassword"]) }
        case .gitea: try GiteaFormatTests.mailer(texts).map { $0.gitea["PASSWD"] }
        case .umbraco: try UmbracoFormatTests.appsettings(texts).map { $0["Password"] }
        // A database row, not a file: there is no export format for it.
        case .odoo: []
        }
    }

    static func text(_ value: OracleValue?) -> String? {
        if case .text(let text)? = value { return text }
        return nil
    }

    @Test(arguments: Application.fileApplications)
    func appSnippetIsWhatItsStoreWritesAndReadsBackOrIsRefused(_ application: Application) throws {
        let format = try #require(application.format)
        var written: [(value: String, text: String)] = []
        for (index, value) in Self.values.enumerated() {
            var settings = FormatCases.base
            settings[.password] = value
            let result = try export(application.rawValue, try store(settings, "\(application)-\(index)"))
            let errors = SettingsValidator.problems(in: settings, store: .applicationFile(application))
                .filter { $0.severity == .error }
            if !errors.isEmpty {
                #expect(result.status == 65, "\(value.debugDescription)")
                #expect(result.stdout.isEmpty)
                #expect(result.stderr.contains("error: password: "), "\(result.stderr)")
                if value.count > 3 { #expect(!result.stderr.contains(value), "shows the password") }
                continue
            }
            #expect(result.status == 0, "\(value.debugDescription): \(result.stderr)")
            #expect(result.stdout == (try format.write(settings, into: application.skeleton)))
            written.append((value, result.stdout))
        }
        #expect(written.count > 80, "most of the table is accepted")
        let read = try Self.passwords(application, written.map(\.text))
        for (index, item) in written.enumerated() {
            #expect(read[index] == item.value, "\(application) password \(item.value.debugDescription)")
        }
    }

    @Test func aValueTheApplicationCannotHoldIsRefusedAndWarningsNamed() throws {
        var settings = FormatCases.base
        settings[.password] = "back\\slash"
        let path = try store(settings, "discourse-backslash")
        let refused = try export("discourse", path)
        #expect(refused.status == 65 && refused.stdout.isEmpty)
        #expect(refused.stderr.contains("password: contains a backslash"))
        let ghost = try export("ghost", path)
        #expect(ghost.status == 0)
        #expect(ghost.stderr.contains("warning: reply_to_email_address: is not used by Ghost"))
        #expect(ghost.stdout.contains("\"pass\": \"back\\\\slash\""))
    }
}
