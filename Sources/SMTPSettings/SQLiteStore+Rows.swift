import Foundation
import GRDB

/// The tables: Forem's `settings_smtp` holding the keys Forem reads, each
/// value YAML as Forem writes it; the tool's own keys and revisions beside it.
extension SQLiteStore {
    /// 1: values as raw text, every key in settings_smtp. 2: YAML values,
    /// keys Forem does not know in smtp_setup_settings, revisions remember the rows.
    static let schemaVersion = 2

    static func createSchema(_ db: Database) throws {
        try db.execute(
            sql: """
                PRAGMA application_id = \(StoreFile.applicationID);
                CREATE TABLE settings_smtp (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    var TEXT NOT NULL UNIQUE,
                    value TEXT,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL
                );
                CREATE TABLE smtp_setup_revisions (
                    revision INTEGER PRIMARY KEY,
                    saved_at TEXT NOT NULL,
                    saved_by TEXT NOT NULL,
                    action TEXT NOT NULL,
                    changed_keys TEXT NOT NULL,
                    snapshot TEXT NOT NULL,
                    password_set INTEGER NOT NULL
                );
                PRAGMA user_version = 1;
                """)
        try migrate(db)
    }

    /// Brings a store up to this version's schema; the values themselves are
    /// rewritten as YAML by the next save.
    static func migrate(_ db: Database) throws {
        let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        if version < 2 {
            try db.execute(
                sql: """
                    CREATE TABLE IF NOT EXISTS smtp_setup_settings (
                        var TEXT PRIMARY KEY,
                        value TEXT NOT NULL,
                        updated_at TEXT NOT NULL
                    );
                    ALTER TABLE smtp_setup_revisions ADD COLUMN rows_seen TEXT;
                    PRAGMA user_version = 2;
                    """)
        }
    }
}

/// SQLite's side of `StoreTables`: the SQL, inside a transaction GRDB holds.
struct SQLiteTables: StoreTables {
    let db: Database

    func foremRows() throws -> [ForemRow] {
        let sql = "SELECT var, value, CAST(updated_at AS TEXT) AS updated FROM settings_smtp"
        return try Row.fetchAll(db, sql: sql).map { row in
            let updated: String = row["updated"] ?? ""
            return ForemRow(
                name: row["var"], value: row["value"], updatedText: updated,
                updatedAt: Date.fromDatabaseValue(updated.databaseValue))
        }
    }

    func toolRows() throws -> [(name: String, value: String)] {
        guard try db.tableExists("smtp_setup_settings") else { return [] }
        return try Row.fetchAll(db, sql: "SELECT var, value FROM smtp_setup_settings").map { ($0["var"], $0["value"]) }
    }

    func latestRevision() throws -> RevisionRecord? {
        try Row.fetchOne(db, sql: "SELECT * FROM smtp_setup_revisions ORDER BY revision DESC LIMIT 1").map(record)
    }

    func revision(_ number: Int) throws -> RevisionRecord? {
        try Row.fetchOne(db, sql: "SELECT * FROM smtp_setup_revisions WHERE revision = ?", arguments: [number])
            .map(record)
    }

    func revisions(after number: Int) throws -> [RevisionRecord] {
        try Row.fetchAll(
            db, sql: "SELECT * FROM smtp_setup_revisions WHERE revision > ? ORDER BY revision", arguments: [number]
        ).map(record)
    }

    func upsertForemRow(_ name: String, value: String, at date: Date) throws {
        try db.execute(
            sql: """
                INSERT INTO settings_smtp (var, value, created_at, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(var) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                """,
            arguments: [name, value, date, date])
    }

    func deleteForemRow(_ name: String) throws {
        try db.execute(sql: "DELETE FROM settings_smtp WHERE var = ?", arguments: [name])
    }

    func upsertToolRow(_ name: String, value: String, at date: Date) throws {
        try db.execute(
            sql: """
                INSERT INTO smtp_setup_settings (var, value, updated_at) VALUES (?, ?, ?)
                ON CONFLICT(var) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                """,
            arguments: [name, value, date])
    }

    func deleteToolRow(_ name: String) throws {
        try db.execute(sql: "DELETE FROM smtp_setup_settings WHERE var = ?", arguments: [name])
    }

    func insertRevision(_ record: RevisionRecord) throws {
        try db.execute(
            sql: """
                INSERT INTO smtp_setup_revisions
                    (revision, saved_at, saved_by, action, changed_keys, snapshot, password_set, rows_seen)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                record.entry.revision, record.entry.savedAt, record.entry.savedBy, record.entry.action,
                try StoreLedger.json(record.entry.changedKeys.map(\.rawValue)), record.snapshot, record.passwordSet,
                record.rowsSeen,
            ])
    }

    func record(_ row: Row) -> RevisionRecord {
        RevisionRecord(
            entry: HistoryEntry(
                revision: row["revision"], savedAt: row["saved_at"], savedBy: row["saved_by"], action: row["action"],
                changedKeys: StoreLedger.changedKeys(json: row["changed_keys"])),
            snapshot: row["snapshot"], passwordSet: row["password_set"], rowsSeen: row["rows_seen"])
    }
}
