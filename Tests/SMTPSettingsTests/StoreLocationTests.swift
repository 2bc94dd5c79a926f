import SMTPSettings
import Testing

@Suite struct StoreLocationTests {
    @Test func forms() throws {
        #expect(try StoreLocation(parsing: "sqlite:///var/x/s.sqlite3").path == "/var/x/s.sqlite3")
        #expect(try StoreLocation(parsing: "/tmp/a.sqlite3").path == "/tmp/a.sqlite3")
        #expect(try StoreLocation(parsing: "sqlite:rel.sqlite3").path.hasSuffix("/rel.sqlite3"))
        #expect(try StoreLocation(parsing: "rel/b.sqlite3").path.hasPrefix("/"))
    }

    @Test func unsupported() {
        // A password on the command line; PostgreSQL itself is supported (PostgresLocationTests).
        #expect(throws: StoreError.self) { try StoreLocation(parsing: "postgres://u:pw@db/app") }
        #expect(throws: StoreError.self) { try StoreLocation(parsing: "redis://x") }
        #expect(throws: StoreError.self) { try StoreLocation(parsing: "") }
    }

    @Test func precedence() throws {
        let env = [StoreLocation.environmentVariable: "/env/s.sqlite3"]
        #expect(try StoreLocation.resolve(flag: "/flag/s.sqlite3", environment: env).path == "/flag/s.sqlite3")
        #expect(try StoreLocation.resolve(flag: nil, environment: env).path == "/env/s.sqlite3")
        #expect(try StoreLocation.resolve(flag: nil, environment: [:]).path == StoreLocation.defaultPath)
    }
}
