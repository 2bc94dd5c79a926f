import Foundation
import Testing

@testable import SMTPSettings

/// `--store postgres://…` as libpq reads it, and the password rules.
struct PostgresLocationTests {
    func location(_ text: String, allowPassword: Bool = false) throws -> PostgresLocation {
        guard case .postgres(let location) = try StoreLocation(parsing: text, allowPassword: allowPassword) else {
            throw StoreError.unsupportedLocation(text, reason: "not postgres")
        }
        return location
    }

    @Test func hostPortDatabaseAndSSLMode() throws {
        let parsed = try location("postgresql://forem@db.example.com:6432/forem_production?sslmode=verify-full")
        #expect(parsed.user == "forem" && parsed.host == "db.example.com" && parsed.port == 6432)
        #expect(parsed.database == "forem_production" && parsed.sslMode == .verifyFull)
        #expect(parsed.description == "postgres://forem@db.example.com:6432/forem_production?sslmode=verify-full")
        #expect(try location("postgres://forem@127.0.0.1/x").sslMode == .prefer)
        #expect(try location(parsed.description) == parsed)
        #expect(try location("postgres://forem@[::1]:5433/x").host == "::1")
    }

    @Test func socketHostsAsLibpqSpellsThem() throws {
        let query = try location("postgres:///forem?host=/run/postgresql&user=forem")
        #expect(query.isSocket && query.host == "/run/postgresql" && query.database == "forem")
        #expect(query.socketPath == "/run/postgresql/.s.PGSQL.5432")
        let encoded = try location("postgres://forem@%2Frun%2Fpostgresql:5433/forem")
        #expect(encoded.host == "/run/postgresql" && encoded.port == 5433 && encoded.sslMode == .disable)
        // What messages and suggested commands print reads back as the same database.
        for parsed in [query, encoded] {
            var again = try location(parsed.description)
            again.source = parsed.source
            #expect(again == parsed, "\(parsed.description)")
        }
        let bare = try location("postgres:///forem")
        #expect(bare.host == PostgresLocation.defaultSocketFolder)
    }

    @Test func aPasswordInArgumentsIsRefusedWithoutRepeatingIt() throws {
        #expect {
            try location("postgres://forem:hunter2@db/forem")
        } throws: { error in
            guard let error = error as? StoreError, case .database(.passwordInArguments) = error else { return false }
            return error.exitCode == 64 && !error.description.contains("hunter2")
                && error.description.contains("PGPASSWORD")
        }
        #expect(try location("postgres://forem:hunter2@db/forem", allowPassword: true).password == "hunter2")
    }

    @Test func badModesAndPortsAreRefusedInWords() {
        #expect(throws: StoreError.self) { try location("postgres://forem@db/x?sslmode=verify-ca") }
        #expect(throws: StoreError.self) { try location("postgres://forem@db:99999/x") }
        #expect(throws: StoreError.self) { try location("postgres:///x?host=/run/postgresql&sslmode=verify-full") }
        #expect {
            try location("postgres://forem@db/x%1B%5B2J")
        } throws: { error in
            "\(error)".contains("database holds control characters") && !"\(error)".contains("\u{1B}")
        }
    }

    @Test func databaseURLOnlyWhenItIsPostgres() throws {
        let forem = try StoreLocation.resolve(
            flag: nil, environment: ["DATABASE_URL": "postgres://forem:pw@localhost/forem_production"])
        #expect(forem.kind == .foremDatabase)
        #expect(forem.shownName.hasSuffix("(from DATABASE_URL)") && !forem.shownName.contains("pw"))
        let other = try StoreLocation.resolve(flag: nil, environment: ["DATABASE_URL": "mysql2://x@localhost/db"])
        #expect(other == .sqlite(path: StoreLocation.defaultPath))
        let flag = try StoreLocation.resolve(
            flag: "/tmp/x.sqlite3", environment: ["DATABASE_URL": "postgres://forem@localhost/forem"])
        #expect(flag.kind == .embedded)
    }

    @Test func pgpassLinesAsLibpqMatchesThem() throws {
        let target = try location("postgres://forem@127.0.0.1:5433/forem")
        let text = """
            # comment
            other:5433:forem:forem:no
            127.0.0.1:*:forem:forem:pa\\:ss\\\\word
            """
        #expect(PostgresPassword.lookUp(in: text, location: target) == "pa:ss\\word")
        let socket = try location("postgres:///forem?host=/run/postgresql&user=forem")
        #expect(PostgresPassword.lookUp(in: "localhost:5432:*:forem:s3\n", location: socket) == "s3")
    }

    @Test func theValidatorRefusesTLSOnConnectOnlyForForemsDatabase() {
        let settings = MailSettings([
            .address: "smtp.example.com", .port: "465", .security: "tls", .userName: "u", .password: "p",
        ])
        #expect(SettingsValidator.errors(in: settings).isEmpty)
        let refused = SettingsValidator.errors(in: settings, store: .foremDatabase)
        #expect(refused.map(\.key) == [.security])
        var starttls = settings
        starttls[.security] = "starttls"
        #expect(SettingsValidator.errors(in: starttls, store: .foremDatabase).map(\.key) == [.port])
    }
}
