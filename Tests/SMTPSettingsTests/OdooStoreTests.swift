import Foundation
import SMTPSettings
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Odoo's store against a real PostgreSQL holding Odoo's `ir_mail_server`,
/// read back with psql: one row of the tool's, first in sequence, every
/// other row untouched, conflicts seen, history kept out of Odoo's schema.
@Suite(.enabled(if: PostgresTestServer.isAvailable, "needs postgresql"))
struct OdooStoreTests {
    let dir = TemporaryDirectory("odoo-store")

    static let base = MailSettings([
        .address: "smtp.example.com", .port: "587", .security: "starttls", .verifyCertificate: "true",
        .authentication: "plain", .userName: "apikey", .password: "s3cret-Pass",
    ])

    @Test func everyTrickyValueReadsBackWithPsql() throws {
        let database = try OdooDatabase(in: dir)
        let store = try database.store()
        var saved = 0
        // The user name and the password in one save, the address in another.
        for value in foremValueTable {
            for keys in [[SettingKey.address], [.userName, .password]] {
                var settings = Self.base
                for key in keys { settings[key] = value }
                let key = keys[0]
                guard SettingsValidator.errors(in: settings, store: .odooDatabase).isEmpty else { continue }
                let loaded = try store.load()
                _ = try store.save(settings, basedOn: loaded.revision, action: "test")
                let row = try #require(try database.rows().first)
                #expect(row.host == settings[.address], "\(key) = \(value.debugDescription)")
                #expect(row.user == settings[.userName], "\(key) = \(value.debugDescription)")
                #expect(row.password == settings[.password], "\(key) = \(value.debugDescription)")
                let back = try store.load().settings
                #expect(
                    SettingKey.allCases.allSatisfy { back.effective($0) == settings.withDefaults.effective($0) },
                    "\(key) = \(value.debugDescription)")
                saved += 1
            }
        }
        #expect(saved >= foremValueTable.count, "most values are saved, not refused")
        #expect(try database.rows().count == 1)
    }

    @Test func theRowComesFirstAndEveryOtherRowStaysAsItWas() throws {
        let database = try OdooDatabase(in: dir)
        let before = try database.others()
        let store = try database.store()
        #expect(try store.load().settings == MailSettings(), "no row yet: an empty form")
        _ = try store.save(Self.base, basedOn: 0, action: "test")
        let row = try #require(try database.rows().first)
        #expect(row.sequence == 0, "one below the archived row's 1")
        #expect(row.active == true && row.authentication == "login" && row.port == 587)
        #expect(row.fromFilter == nil, "Odoo uses it for every sender")
        #expect(row.debug == false && row.createDate != nil && row.writeDate != nil)
        #expect(try database.others() == before, "the other rows are byte-identical")

        // Unchanged settings write nothing; a lower row elsewhere moves ours below it.
        #expect(try store.save(Self.base, basedOn: 1, action: "test") == nil)
        try database.psql("UPDATE ir_mail_server SET sequence = -3 WHERE name = 'Company relay'")
        let others = try database.others()
        var changed = Self.base
        changed[.port] = "2525"
        _ = try store.save(changed, basedOn: try store.load().revision, action: "test")
        #expect(try database.rows().first?.sequence == -4)
        #expect(try database.others() == others)
        #expect(try database.otherSequences().allSatisfy { $0 > -4 })
    }

    @Test(arguments: [(OdooDatabase.Version.odoo17, true as Bool?), (.odoo17, false), (.odoo17, nil), (.odoo14, nil)])
    func encryptionFollowsSecurityWithTheStrictValuesWhereTheDatabaseHasThem(
        _ version: OdooDatabase.Version, _ selection: Bool?
    ) throws {
        let database = try OdooDatabase(version, selection: selection, in: dir)
        let store = try database.store()
        let strict = selection == true
        let cases: [(Security, Bool, String)] = [
            (.starttls, true, strict ? "starttls_strict" : "starttls"), (.starttls, false, "starttls"),
            (.tls, true, strict ? "ssl_strict" : "ssl"), (.tls, false, "ssl"), (.none, true, "none"),
        ]
        for (security, verify, expected) in cases {
            var settings = Self.base
            settings[.security] = security.rawValue
            settings[.port] = String(security.usualPort)
            settings[.verifyCertificate] = verify ? "true" : "false"
            _ = try store.save(settings, basedOn: try store.load().revision, action: "test")
            let row = try #require(try database.rows().first)
            #expect(row.encryption == expected, "\(security) verify \(verify)")
            #expect(row.authentication == (version == .odoo17 ? "login" : nil))
            let loaded = try store.load().settings
            #expect(loaded.security == security)
            if strict && security != .none { #expect(loaded.verifyCertificate == verify) }
        }
        // A row already using a strict value says the database has them.
        if !strict && version == .odoo17 {
            try database.psql("UPDATE ir_mail_server SET smtp_encryption = 'ssl_strict' WHERE name = 'Archived'")
            var settings = Self.base
            settings[.verifyCertificate] = "true"
            _ = try store.save(settings, basedOn: try store.load().revision, action: "test")
            #expect(try database.rows().first?.encryption == "starttls_strict")
        }
    }

    @Test func aRowChangedSinceItWasLoadedIsAConflictAndHistoryRecordsTheChange() throws {
        let database = try OdooDatabase(in: dir)
        let store = try database.store()
        _ = try store.save(Self.base, basedOn: 0, action: "test")
        let loaded = try store.load()
        // Odoo's own form writes the row meanwhile.
        try database.psql(
            "UPDATE ir_mail_server SET smtp_port = 465, smtp_encryption = 'ssl', write_date = now() "
                + "WHERE name = 'smtp-setup'")
        var mine = Self.base
        mine[.userName] = "mine"
        #expect {
            _ = try store.save(mine, basedOn: loaded.revision, action: "test")
        } throws: { error in
            guard let error = error as? StoreError, case .fileChanged(let path, _) = error else { return false }
            return error.exitCode == 75 && path.hasPrefix("odoo+postgres://") && !path.contains("secret")
        }
        #expect(try database.rows().first?.port == 465, "nothing of the save was written")
        // Reloading and saving again works; history shows the outside change.
        let reloaded = try store.load()
        #expect(reloaded.settings.port == 465 && reloaded.settings.security == .tls)
        _ = try store.save(mine, basedOn: reloaded.revision, action: "test")
        let history = try store.history()
        #expect(history.map(\.revision) == [3, 2, 1])
        #expect(
            history[1].action == "changed outside smtp-setup"
                && history[1].changedKeys == [.port, .security, .verifyCertificate])
        #expect(try database.rows().first?.user == "mine")
    }

    @Test func historyAndRollbackKeepNoPasswordAndStayOutOfOdoosSchema() throws {
        let database = try OdooDatabase(in: dir)
        let store = try database.store()
        let tablesBefore = try database.psql(
            "SELECT string_agg(schemaname || '.' || tablename, ',' ORDER BY tablename) FROM pg_tables "
                + "WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")
        var first = Self.base
        first[.password] = "first-S3cret!"
        _ = try store.save(first, basedOn: 0, action: "set")
        var second = Self.base
        second[.address] = "two.example.com"
        second[.password] = "second-S3cret?"
        _ = try store.save(second, basedOn: 1, action: "set")
        let outcome = try store.rollback(to: 1, basedOn: 2, password: nil)
        #expect(outcome.entry.revision == 3 && outcome.keptCurrentPassword)
        let row = try #require(try database.rows().first)
        #expect(row.host == "smtp.example.com" && row.password == "second-S3cret?")
        let historyBytes = try String(decoding: Data(contentsOf: URL(fileURLWithPath: database.history)), as: UTF8.self)
        #expect(!historyBytes.contains("S3cret"))
        #expect(try store.history().map(\.action) == ["rollback to 1", "set", "set"])
        let tablesAfter = try database.psql(
            "SELECT string_agg(schemaname || '.' || tablename, ',' ORDER BY tablename) FROM pg_tables "
                + "WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")
        #expect(tablesAfter == tablesBefore, "nothing of the tool's in Odoo's database")
        // A reset removes the tool's row only.
        let others = try database.others()
        _ = try store.save(MailSettings(), basedOn: 3, action: "reset")
        #expect(try database.rows().isEmpty)
        #expect(try database.others() == others)
    }

    @Test func aDatabaseWithoutIrMailServerIsNotOdoos() throws {
        let server = try PostgresTestServer.shared()
        let name = try server.makeDatabase(.classic)
        guard case .odoo(let location) = try StoreLocation(parsing: "odoo+" + server.url(name)) else { return }
        let store = OdooStore(
            location, history: FileHistory(path: dir.file("h.sqlite3")), environment: OdooDatabase.password)
        #expect {
            _ = try store.load()
        } throws: { error in
            (error as? StoreError)?.exitCode == 74 && "\(error)".contains("no ir_mail_server table")
        }
    }

    @Test func noGrantOrNoDatabaseIsSaidForOdoo() throws {
        let database = try OdooDatabase(in: dir)
        func store(_ url: String, password: String) throws -> OdooStore {
            guard case .odoo(let location) = try StoreLocation(parsing: url) else { throw SetupFailure(url) }
            return OdooStore(
                location, history: FileHistory(path: dir.file("h.sqlite3")), environment: ["PGPASSWORD": password])
        }
        let stranger = try store(
            "odoo+" + database.server.url(database.name, user: "stranger"), password: "stranger-secret")
        #expect {
            _ = try stranger.load()
        } throws: { error in
            (error as? StoreError)?.exitCode == 77 && "\(error)".contains("ON ir_mail_server TO stranger")
        }
        let missing = try store("odoo+" + database.server.url("no_such_odoo"), password: "forem-secret")
        #expect {
            _ = try missing.load()
        } throws: { error in
            (error as? StoreError)?.exitCode == 69 && "\(error)".contains("db_name in its odoo.conf")
        }
    }

    /// SIGKILL at random moments of a save loop: the row is always one
    /// whole revision (every value encodes the same number), the other rows
    /// untouched, and the next save goes on from there.
    @Test func killedSavesLeaveTheOldRowOrTheNewOne() throws {
        let database = try OdooDatabase(in: dir)
        let others = try database.others()
        let store = try database.store()
        var generator = SystemRandomNumberGenerator()
        var lastRevision = 0
        var kills = 0
        for round in 0..<12 {
            let soak = try RunningProcess(
                BuiltProducts.path("StoreSoak"), [database.url],
                environment: OdooDatabase.password.merging([FileHistory.environmentVariable: database.history]) {
                    $1
                })
            let deadline = Date().addingTimeInterval(10)
            while soak.isRunning, Date() < deadline, ((try? store.history().count) ?? 0) <= lastRevision {
                usleep(1_000)
            }
            usleep(UInt32.random(in: 0...30_000, using: &generator))
            if soak.isRunning {
                soak.kill(SIGKILL)
                kills += 1
            }
            let result = try #require(soak.wait(timeout: 10))
            #expect(result.stderr.isEmpty, "round \(round): \(result.stderr)")
            let row = try #require(try database.rows().first)
            let number = Int(row.user?.dropFirst(5) ?? "") ?? -1
            #expect(row.host == "r\(number).example.com", "round \(round): torn")
            #expect(row.password == "soak-\(number)" && row.port == 1000 + number % 60000, "round \(round)")
            #expect(try database.rows().count == 1)
            let revisions = try store.history().count
            #expect(revisions >= lastRevision, "round \(round) went back in time")
            lastRevision = revisions
        }
        #expect(kills >= 10)
        #expect(lastRevision >= 12)
        #expect(try database.others() == others)
        let loaded = try store.load()
        _ = try store.save(StoreSoakValues.settings(forRevision: 9999), basedOn: loaded.revision, action: "test")
        #expect(try database.rows().first?.user == "user-9999")
    }
}
