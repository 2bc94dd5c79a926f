import Foundation
import SMTPSettings
import TestSupport
import Testing

/// Odoo's history keeps no digest that depends on the password of the
/// tool's ir_mail_server row; a password-only change is still a conflict
/// within one run; a history an older version wrote upgrades quietly.
@Suite(.enabled(if: PostgresTestServer.isAvailable, "needs postgresql"))
struct OdooHistoryDigestTests {
    let dir = TemporaryDirectory("odoo-history-digest")

    static func settings(password: String?, address: String = "smtp.example.com") -> MailSettings {
        var settings = OdooStoreTests.base
        settings[.password] = password
        settings[.address] = address
        return settings
    }

    /// The tool's row as OdooStore reads it, for the digests older versions made.
    struct LegacyRow: Decodable {
        var id: Int
        var host: String?
        var port: Int?
        var user: String?
        var password: String?
        var encryption: String?
        var sequence: Int?
        var active: Bool?
        var authentication: String?
        var written: String?

        /// An older version's digest of the row: every column it reads, password included.
        var digest: String {
            let fields = [
                String(id), host ?? "", String(port ?? 25), user ?? "\u{0}", password ?? "\u{0}", encryption ?? "none",
                sequence.map(String.init) ?? "-", String(active ?? false), authentication ?? "-", written ?? "-",
            ]
            return HistoryFileBytes.fnv(fields.joined(separator: "\u{1F}"))
        }

        /// The same fields as text, for a SHA-256 of the row.
        var text: String {
            [String(id), host ?? "", String(port ?? 25), user ?? "", password ?? "", encryption ?? "", written ?? ""]
                .joined(separator: "|")
        }

        static func read(_ database: OdooDatabase) throws -> LegacyRow {
            let json = try database.psql(
                """
                SELECT json_build_object('id', id, 'host', smtp_host, 'port', smtp_port, 'user', smtp_user,
                    'password', smtp_pass, 'encryption', smtp_encryption, 'sequence', sequence, 'active', active,
                    'authentication', smtp_authentication, 'written', write_date::text)
                FROM ir_mail_server WHERE name = 'smtp-setup'
                """)
            return try JSONDecoder().decode(LegacyRow.self, from: Data(json.utf8))
        }
    }

    func save(_ database: OdooDatabase, _ settings: MailSettings) throws {
        let store = try database.store()
        #expect(try store.save(settings, basedOn: try store.load().revision, action: "test") != nil)
    }

    @Test func historyHoldsNeitherThePasswordNorADigestOfTheRowAsWritten() throws {
        let database = try OdooDatabase(in: dir)
        let passwords = ["odoo-S3cret-one", "odoo-S3cret-two"]
        var rows: [LegacyRow] = []
        for (index, password) in passwords.enumerated() {
            try save(database, Self.settings(password: password, address: "smtp\(index).example.com"))
            rows.append(try LegacyRow.read(database))
        }
        #expect(rows.map(\.password) == passwords)
        for password in passwords { #expect(try !HistoryFileBytes.holds(password, in: database.history)) }
        let digests = try HistoryFileBytes.digests(database.history)
        #expect(digests.count == 2 && digests.allSatisfy { $0.hasPrefix("v2:") })
        for row in rows {
            for old in [row.digest, try HistoryFileBytes.sha256(row.text)] {
                #expect(try !HistoryFileBytes.holds(old, in: database.history), "a digest of the row with its password")
            }
        }
    }

    @Test func aPasswordOnlyChangeBetweenLoadAndSaveIsStillAConflictAndBetweenRunsIsNotRecorded() throws {
        let database = try OdooDatabase(in: dir)
        try save(database, Self.settings(password: "first-S3cret"))
        let store = try database.store()
        let loaded = try store.load()
        // Only the password, and not write_date: only the full digest this run keeps sees it.
        try database.psql("UPDATE ir_mail_server SET smtp_pass = 'changed-S3cret' WHERE name = 'smtp-setup'")
        #expect {
            _ = try store.save(
                Self.settings(password: "first-S3cret", address: "smtp2.example.com"),
                basedOn: loaded.revision, action: "test")
        } throws: { error in
            guard let error = error as? StoreError, case .fileChanged = error else { return false }
            return error.exitCode == 75
        }
        #expect(try database.rows().first?.password == "changed-S3cret", "nothing was written")
        // The next run saves over it; the password's value is not what history can see.
        try save(database, Self.settings(password: "changed-S3cret", address: "smtp2.example.com"))
        #expect(try store.history().map(\.action) == ["test", "test"])
        // A password removed is recorded as changed outside smtp-setup.
        try database.psql("UPDATE ir_mail_server SET smtp_pass = NULL WHERE name = 'smtp-setup'")
        try save(database, Self.settings(password: nil, address: "smtp3.example.com"))
        let history = try store.history()
        #expect(history.map(\.action) == ["test", "changed outside smtp-setup", "test", "test"])
        #expect(history[1].changedKeys == [.password])
    }

    /// Two saves whose digests are replaced by the ones an older version
    /// made (of the whole row, password included); returns them.
    func makeLegacyHistory(_ database: OdooDatabase) throws -> [String] {
        try HistoryFileBytes.makeLegacyHistory(
            database.history, save: { try save(database, Self.settings(password: $0, address: $1)) },
            legacyDigest: { try LegacyRow.read(database).digest })
    }

    @Test func anOlderVersionsHistoryUpgradesAtASaveOrALoadWithoutASpuriousOutsideEdit() throws {
        let atSave = try OdooDatabase(in: dir)
        let legacy = try makeLegacyHistory(atSave)
        // A save with no load before it: the save's own transaction replaces them.
        _ = try atSave.store().save(
            Self.settings(password: "second-S3cret", address: "smtp2.example.com"), basedOn: 2, action: "test")
        #expect(try atSave.store().history().map(\.action) == ["test", "test", "test"], "no outside edit")
        try HistoryFileBytes.expectNoLegacyDigest(legacy, in: atSave.history)

        let atLoad = try OdooDatabase(in: dir)
        let old = try makeLegacyHistory(atLoad)
        #expect(try atLoad.store().load().revision == 2)
        try HistoryFileBytes.expectNoLegacyDigest(old, in: atLoad.history)
        try save(atLoad, Self.settings(password: "second-S3cret", address: "smtp2.example.com"))
        #expect(try atLoad.store().history().map(\.action) == ["test", "test", "test"], "no outside edit")
    }
}
