import Foundation
import SMTPSettings
import TestSupport
import Testing

/// The wizard saves into Forem's database through the same protocol as
/// every command: the plain line-by-line wizard, the real binary, a real
/// STARTTLS server and a real PostgreSQL server.
@Suite(.enabled(if: PostgresTestServer.isAvailable, "needs Debian's postgresql"))
struct PostgresWizardTests {
    @Test func theLineWizardTestsAndSavesIntoFormsDatabase() throws {
        let database = try PostgresTestServer.shared()
        let name = try database.makeDatabase(.subforems)
        let smtp = try SMTPTestServer(
            mode: "starttls", certificate: "good",
            arguments: ["--auth", "--user", SMTPTestServer.user, "--mechanisms", "PLAIN,LOGIN,CRAM-MD5"])
        let answers = [
            "9",  // Custom server
            "127.0.0.1", String(smtp.port), "starttls", "yes", "plain", SMTPTestServer.user, SMTPTestServer.password,
            "", "Example App", "app@example.com", "support@example.com",
            "y",  // test now
            "",  // no real test message
            "yes",  // the lockout notice
        ]
        let result = try ProcessRunner.run(
            BuiltProducts.path("smtp-setup"),
            ["--store", database.url(name), "--ca-file", try TestCertificates.caFile(), "--timeout", "5"],
            input: answers.map { $0 + "\n" }.joined(), environment: ["PGPASSWORD": "forem-secret"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("Saved revision 1 to postgres://forem@127.0.0.1:\(database.port)/\(name)"))
        #expect(!result.output.contains(SMTPTestServer.password) && !result.output.contains("forem-secret"))
        let rows = try database.psql(
            "SELECT var || '=' || value FROM settings_smtp WHERE subforem_id IS NULL ORDER BY var", database: name)
        #expect(rows.contains("address=--- 127.0.0.1\n") && rows.contains("port=--- \(smtp.port)\n"), "\(rows)")
        #expect(try database.psql("SELECT action FROM smtp_setup.revisions", database: name) == "wizard\n")
    }
}
