import Foundation
import SMTPSettings
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// How the tool reaches Forem's database: URLs, passwords, TLS, and every
/// way it can fail, each in words with the fix. A real server throughout.
@Suite(.enabled(if: PostgresTestServer.isAvailable, "needs Debian's postgresql"))
struct PostgresAccessTests {
    let server: PostgresTestServer
    let home = TemporaryDirectory("pg-home")

    init() throws { server = try PostgresTestServer.shared() }

    /// The binary with a clean environment for the database: no password
    /// unless the test gives one, HOME without a ~/.pgpass.
    func smtpSetup(_ arguments: [String], input: String? = nil, environment: [String: String] = [:]) throws
        -> ProcessResult
    {
        var env = ["HOME": home.path, "PGPASSWORD": "", "DATABASE_URL": "", "SMTP_SETUP_STORE": ""]
        for (key, value) in environment { env[key] = value }
        return try ProcessRunner.run(BuiltProducts.path("smtp-setup"), arguments, input: input, environment: env)
    }

    func show(_ url: String, environment: [String: String] = ["PGPASSWORD": "forem-secret"]) throws -> ProcessResult {
        try smtpSetup(["show", "--store", url], environment: environment)
    }

    @Test func aPasswordOnTheCommandLineIsRefusedWithTheFix() throws {
        let name = try server.makeDatabase(.classic)
        let url = "postgres://forem:forem-secret@127.0.0.1:\(server.port)/\(name)"
        let result = try smtpSetup(["show", "--store", url])
        #expect(result.status == 64, "\(result.output)")
        #expect(!result.output.contains("forem-secret"))
        #expect(result.stderr.contains("PGPASSWORD") && result.stderr.contains("~/.pgpass"), "\(result.stderr)")
        // From the environment the same URL is fine.
        let fromEnvironment = try smtpSetup(["show"], environment: ["SMTP_SETUP_STORE": url])
        #expect(fromEnvironment.status == 0, "\(fromEnvironment.output)")
    }

    @Test func databaseURLIsUsedWhenItIsPostgresAndShowSaysSo() throws {
        let name = try server.makeDatabase(.classic)
        let url = "postgresql://forem:forem-secret@127.0.0.1:\(server.port)/\(name)?pool=5"
        let result = try smtpSetup(["show"], environment: ["DATABASE_URL": url])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("(from DATABASE_URL)"), "\(result.stdout)")
        #expect(!result.output.contains("forem-secret"))
        // Not a postgres URL: the default store, not DATABASE_URL.
        let other = try smtpSetup(["show"], environment: ["DATABASE_URL": "mysql://x@127.0.0.1/db"])
        #expect(!other.output.contains("DATABASE_URL"), "\(other.output)")
    }

    @Test func pgpassIsHonouredOnlyWhenPrivate() throws {
        let name = try server.makeDatabase(.classic)
        let pgpass = home.file(".pgpass")
        try "# comment\n127.0.0.1:\(server.port):\(name):forem:forem-secret\n".write(
            toFile: pgpass, atomically: false, encoding: .utf8)
        chmod(pgpass, 0o600)
        let ok = try show(server.url(name), environment: [:])
        #expect(ok.status == 0, "\(ok.output)")
        chmod(pgpass, 0o644)
        let ignored = try show(server.url(name), environment: [:])
        #expect(ignored.status == 77, "\(ignored.output)")
        #expect(ignored.stderr.contains("asks user forem for a password and none was given"), "\(ignored.stderr)")
    }

    @Test func socketURLsAsLibpqSpellsThem() throws {
        let name = try server.makeDatabase(.classic)
        let encoded = server.socketFolder.replacingOccurrences(of: "/", with: "%2F")
        for url in [server.socketURL(name), "postgres://forem@\(encoded):\(server.port)/\(name)"] {
            let result = try smtpSetup(
                ["set", "address=smtp.example.com", "user_name=u", "--password-stdin", "--store", url], input: "p\n")
            #expect(result.status == 0, "\(url): \(result.output)")
        }
        #expect(try server.psql("SELECT count(*) FROM smtp_setup.revisions", database: name) == "1\n")
    }

    @Test func everyFailureIsInWordsWithItsExitCode() throws {
        let name = try server.makeDatabase(.classic)
        let bare = try server.makeDatabase(nil)
        let secret = ["PGPASSWORD": "forem-secret"]
        let cases: [(String, [String: String], Int32, String)] = [
            ("postgres://forem@127.0.0.1:\(try PostgresTestServer.freePort())/\(name)", secret, 69, "cannot reach"),
            (server.url(name), ["PGPASSWORD": "wrong"], 77, "refused user forem"),
            (server.url("no_such_db"), secret, 69, "there is no database 'no_such_db'"),
            (server.url(bare), secret, 74, "this database is not a Forem database"),
            (
                server.url(name, user: "tlsonly", query: "sslmode=disable"), ["PGPASSWORD": "tlsonly-secret"], 69,
                "accepts this connection only with TLS"
            ),
            (server.url(name, user: "stranger"), ["PGPASSWORD": "stranger-secret"], 77, "may not do this"),
        ]
        for (url, environment, status, words) in cases {
            let result = try show(url, environment: environment)
            #expect(result.status == status, "\(url): \(result.output)")
            #expect(result.stderr.contains(words), "\(url): \(result.stderr)")
            #expect(!result.output.contains("secret"))
        }
    }

    @Test func verifyFullChecksTheCertificateMadeAtTestTime() throws {
        let name = try server.makeDatabase(.classic)
        let ca = try TestCertificates.caFile()
        let secret = ["PGPASSWORD": "forem-secret"]
        for host in ["127.0.0.1", "localhost"] {
            let url = server.url(name, host: host, query: "sslmode=verify-full&sslrootcert=\(ca)")
            let result = try show(url, environment: secret)
            #expect(result.status == 0, "\(host): \(result.output)")
        }
        // The tlsonly role is refused without TLS (above) and let in with it.
        let tls = try show(
            server.url(name, user: "tlsonly", query: "sslmode=verify-full&sslrootcert=\(ca)"),
            environment: ["PGPASSWORD": "tlsonly-secret"])
        #expect(tls.status == 74 || tls.status == 77, "\(tls.output)")
        #expect(!tls.stderr.contains("only with TLS"), "\(tls.stderr)")
        // Without the test CA the system's CAs do not trust it.
        let untrusted = try show(server.url(name, query: "sslmode=verify-full"), environment: secret)
        #expect(untrusted.status == 69, "\(untrusted.output)")
        #expect(untrusted.stderr.contains("certificate") && untrusted.stderr.contains("not trusted"))
    }

    @Test func aCertificateForAnotherNameIsRefusedInWords() throws {
        let other = try PostgresTestServer(certificate: "wrongname")
        defer { other.stop() }
        let name = try other.makeDatabase(.classic)
        let ca = try TestCertificates.caFile()
        let secret = ["PGPASSWORD": "forem-secret"]
        let refused = try show(other.url(name, query: "sslmode=verify-full&sslrootcert=\(ca)"), environment: secret)
        #expect(refused.status == 69, "\(refused.output)")
        #expect(
            refused.stderr.contains("not trusted")
                && refused.stderr.contains("made out to another name than 127.0.0.1"), "\(refused.stderr)")
        // require encrypts without checking, as libpq's does.
        let encrypted = try show(other.url(name, query: "sslmode=require"), environment: secret)
        #expect(encrypted.status == 0, "\(encrypted.output)")
    }

    @Test func aUserWhoMayOnlyReadIsToldBeforeAnythingIsAsked() throws {
        let name = try server.makeDatabase(.classic)
        try server.psql("GRANT SELECT ON settings_smtp TO stranger", database: name, user: "forem")
        let url = server.url(name, user: "stranger")
        let secret = ["PGPASSWORD": "stranger-secret"]
        #expect(try show(url, environment: secret).status == 0)
        let result = try smtpSetup(["set", "port=2525", "--store", url], environment: secret)
        #expect(result.status == 77, "\(result.output)")
        #expect(result.stderr.contains("no SELECT, INSERT, UPDATE and DELETE on settings_smtp"), "\(result.stderr)")
        #expect(result.stderr.contains("GRANT SELECT, INSERT, UPDATE, DELETE ON settings_smtp TO stranger"))
    }
}
