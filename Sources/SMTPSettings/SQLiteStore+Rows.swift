import Foundation
import GRDB

/// The tables: Forem's `settings_smtp` holding the keys Forem reads, each
/// value YAML as Forem writes it; the tool's own keys and revisions beside it.
extension SQLiteStore {
    /// 1: values as raw text, every key in settings_smtp. 2: YAML values,
    /// keys Forem does not know in smtp_setup_settings, revisions remember the rows.
    static let schemaVersion = 2
    static let outsideAction = "changed outside smtp-setup"
    static let outsideUser = "another program"

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

    // MARK: Reading

    /// The settings as Forem reads them: YAML loaded and cast; a value in the
    /// earlier raw format (no `---`) read as it is.
    static func settings(_ db: Database) throws -> MailSettings {
        var settings = MailSettings()
        for row in try Row.fetchAll(db, sql: "SELECT var, value FROM settings_smtp") {
            guard let key = SettingKey(rawValue: row["var"]), let stored: String = row["value"] else { continue }
            settings[key] = read(stored, for: key)
        }
        if try db.tableExists("smtp_setup_settings") {
            for row in try Row.fetchAll(db, sql: "SELECT var, value FROM smtp_setup_settings") {
                if let key = SettingKey(rawValue: row["var"]), !key.isForemSetting { settings[key] = row["value"] }
            }
        }
        return settings
    }

    static func read(_ stored: String, for key: SettingKey) -> String? {
        guard ForemYAML.isYAML(stored) else { return stored }
        // YAML Psych cannot parse: kept as text so the admin sees it; the next save rewrites it.
        guard let value = ForemYAML.load(stored) else { return stored }
        return ForemYAML.foremText(value, for: key)
    }

    /// Every settings_smtp row as a digest of its value and its updated_at
    /// text, so that any change by another program shows. A digest, because
    /// history keeps no password.
    static func rows(_ db: Database) throws -> [String: [String]] {
        var rows: [String: [String]] = [:]
        let sql = "SELECT var, value, CAST(updated_at AS TEXT) AS updated FROM settings_smtp"
        for row in try Row.fetchAll(db, sql: sql) {
            let name: String = row["var"]
            let value: String? = row["value"]
            rows[name] = [value.map(digest) ?? "null", row["updated"] ?? ""]
        }
        return rows
    }

    /// FNV-1a, 64 bits: enough to see that a value changed.
    static func digest(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }

    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    // MARK: Changes made by other programs

    /// What another program (Forem's admin form) changed in settings_smtp
    /// since the latest revision; nil when the rows are as that revision left them.
    static func outsideChange(_ db: Database) throws -> (keys: [SettingKey], at: Date)? {
        // A store from before schema 2 has no record of its rows: nothing to compare.
        guard try (Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0) >= 2,
            let seenText = try String.fetchOne(
                db, sql: "SELECT rows_seen FROM smtp_setup_revisions ORDER BY revision DESC LIMIT 1"),
            let seen = try? JSONDecoder().decode([String: [String]].self, from: Data(seenText.utf8))
        else { return nil }
        let now = try rows(db)
        guard now != seen else { return nil }
        let names = Set(now.keys).union(seen.keys).filter { now[$0] != seen[$0] }
        let times = names.compactMap { now[$0]?[1] }.compactMap { Date.fromDatabaseValue($0.databaseValue) }
        return (SettingKey.allCases.filter { names.contains($0.rawValue) }, times.max() ?? Date())
    }

    /// Records an outside change as a revision of its own, so history shows it
    /// and a save started before it conflicts.
    static func recordOutsideChange(_ db: Database) throws -> HistoryEntry? {
        guard let change = try outsideChange(db) else { return nil }
        let revision = (try latestEntry(db)?.revision ?? 0) + 1
        let settings = try settings(db)
        try insertRevision(
            db, revision: revision, at: change.at, user: outsideUser, action: outsideAction, changed: change.keys,
            settings: settings)
        return HistoryEntry(
            revision: revision, savedAt: change.at, savedBy: outsideUser, action: outsideAction,
            changedKeys: change.keys)
    }

    // MARK: Writing

    /// Writes the rows and the revision; nil when nothing changed. Every key
    /// the form holds is written, defaults included, so Forem reads what the
    /// wizard showed (port 587, not Forem's own 25).
    static func write(_ settings: MailSettings, db: Database, revision: Int, user: String, action: String) throws
        -> HistoryEntry?
    {
        // A reset (nothing at all) stays empty: Forem then sees SMTP as not configured.
        let settings = settings.isEmpty ? settings : settings.withDefaults
        let old = try Self.settings(db)
        var rewrite = Set(settings.changedKeys(from: old))
        // Rows in the earlier raw format, or in a place this version no longer keeps them.
        for row in try Row.fetchAll(db, sql: "SELECT var, value FROM settings_smtp") {
            guard let key = SettingKey(rawValue: row["var"]) else { continue }
            let stored: String? = row["value"]
            if !key.isForemSetting || stored != settings[key].map({ ForemYAML.encode($0, for: key) }) {
                rewrite.insert(key)
            }
        }
        if rewrite.isEmpty { return nil }
        let changed = SettingKey.allCases.filter { rewrite.contains($0) }
        let now = Date()
        for key in changed {
            let value = settings[key]
            if key.isForemSetting {
                if let value {
                    try db.execute(
                        sql: """
                            INSERT INTO settings_smtp (var, value, created_at, updated_at) VALUES (?, ?, ?, ?)
                            ON CONFLICT(var) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                            """,
                        arguments: [key.rawValue, ForemYAML.encode(value, for: key), now, now])
                } else {
                    try db.execute(sql: "DELETE FROM settings_smtp WHERE var = ?", arguments: [key.rawValue])
                }
            } else {
                try db.execute(sql: "DELETE FROM settings_smtp WHERE var = ?", arguments: [key.rawValue])
                if let value {
                    try db.execute(
                        sql: """
                            INSERT INTO smtp_setup_settings (var, value, updated_at) VALUES (?, ?, ?)
                            ON CONFLICT(var) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                            """,
                        arguments: [key.rawValue, value, now])
                } else {
                    try db.execute(sql: "DELETE FROM smtp_setup_settings WHERE var = ?", arguments: [key.rawValue])
                }
            }
        }
        try insertRevision(
            db, revision: revision, at: now, user: user, action: action, changed: changed, settings: settings)
        return HistoryEntry(revision: revision, savedAt: now, savedBy: user, action: action, changedKeys: changed)
    }

    /// One history row: never the password, and the rows as they now are.
    static func insertRevision(
        _ db: Database, revision: Int, at date: Date, user: String, action: String, changed: [SettingKey],
        settings: MailSettings
    ) throws {
        try db.execute(
            sql: """
                INSERT INTO smtp_setup_revisions
                    (revision, saved_at, saved_by, action, changed_keys, snapshot, password_set, rows_seen)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                revision, date, user, action, try json(changed.map(\.rawValue)),
                try json(settings.withoutSecrets.dictionary), settings.hasPassword, try json(try rows(db)),
            ])
    }

    static func latestEntry(_ db: Database) throws -> HistoryEntry? {
        try Row.fetchOne(db, sql: "SELECT * FROM smtp_setup_revisions ORDER BY revision DESC LIMIT 1").map(entry)
    }

    static func entry(_ row: Row) throws -> HistoryEntry {
        let keys: String = row["changed_keys"]
        let names = (try? JSONDecoder().decode([String].self, from: Data(keys.utf8))) ?? []
        return HistoryEntry(
            revision: row["revision"], savedAt: row["saved_at"], savedBy: row["saved_by"], action: row["action"],
            changedKeys: names.compactMap(SettingKey.init(rawValue:)))
    }

    static func snapshot(_ row: Row) throws -> MailSettings {
        let text: String = row["snapshot"]
        let values = try JSONDecoder().decode([String: String].self, from: Data(text.utf8))
        return MailSettings(dictionary: values)
    }
}
