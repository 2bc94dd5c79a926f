import Foundation
import PostgresNIO

/// PostgreSQL's side of `StoreTables`: Forem's `settings_smtp` (its global
/// rows: `subforem_id IS NULL` where the column exists) and the tool's own
/// tables in the schema `smtp_setup`, left out of the application's schema.
struct PostgresTables: StoreTables {
    let session: PostgresSession
    /// Whether settings_smtp has Forem's newer `subforem_id` column.
    let hasSubforems: Bool
    /// Whether the tool's schema exists yet (it is made by the first save).
    let hasToolSchema: Bool

    /// Only the global rows: the ones every Forem version reads as its settings.
    var global: String { hasSubforems ? " AND subforem_id IS NULL" : "" }

    /// Looks the database over: a Forem database has settings_smtp.
    static func inspect(_ session: PostgresSession) throws(StoreError) -> PostgresTables {
        let rows = try session.query(
            """
            SELECT to_regclass('settings_smtp') IS NOT NULL,
                   EXISTS (SELECT 1 FROM information_schema.columns
                           WHERE table_name = 'settings_smtp' AND column_name = 'subforem_id'
                             AND table_schema = ANY (current_schemas(false))),
                   to_regclass('smtp_setup.revisions') IS NOT NULL
            """)
        guard let row = rows.first, let flags = try? row.decode((Bool, Bool, Bool).self), flags.0 else {
            throw .database(.notForem(target: session.target))
        }
        return PostgresTables(session: session, hasSubforems: flags.1, hasToolSchema: flags.2)
    }

    /// The tool's own schema; run under the save's lock, so two first saves do not race.
    func createToolSchema() throws(StoreError) -> PostgresTables {
        guard !hasToolSchema else { return self }
        // One statement at a time: the driver speaks the extended protocol only.
        for statement in [
            "CREATE SCHEMA IF NOT EXISTS smtp_setup",
            """
            CREATE TABLE IF NOT EXISTS smtp_setup.settings (
                var text PRIMARY KEY,
                value text NOT NULL,
                updated_at timestamp NOT NULL
            )
            """,
            """
            CREATE TABLE IF NOT EXISTS smtp_setup.revisions (
                revision integer PRIMARY KEY,
                saved_at timestamptz NOT NULL,
                saved_by text NOT NULL,
                action text NOT NULL,
                changed_keys text NOT NULL,
                snapshot text NOT NULL,
                password_set boolean NOT NULL,
                rows_seen text
            )
            """,
        ] {
            try session.execute(statement)
        }
        return PostgresTables(session: session, hasSubforems: hasSubforems, hasToolSchema: true)
    }

    /// Holds Forem's table still until the transaction ends: another
    /// smtp-setup waits here, and so does Forem's admin form, so nothing
    /// changes between the checks and the write.
    func lock() throws(StoreError) {
        try session.execute("LOCK TABLE settings_smtp IN SHARE ROW EXCLUSIVE MODE")
    }

    // MARK: StoreTables

    func foremRows() throws -> [ForemRow] {
        let rows = try session.query(
            PostgresQuery(
                unsafeSQL: """
                    SELECT var, value, updated_at::text, updated_at AT TIME ZONE 'UTC'
                    FROM settings_smtp WHERE true\(global) ORDER BY var
                    """))
        return try rows.map { row in
            let (name, value, text, date) = try row.decode((String, String?, String, Date).self)
            return ForemRow(name: name, value: value, updatedText: text, updatedAt: date)
        }
    }

    func toolRows() throws -> [(name: String, value: String)] {
        guard hasToolSchema else { return [] }
        return try session.query("SELECT var, value FROM smtp_setup.settings").map {
            try $0.decode((String, String).self)
        }.map { (name: $0.0, value: $0.1) }
    }

    static let revisionColumns =
        "revision, saved_at, saved_by, action, changed_keys, snapshot, password_set, rows_seen"

    func latestRevision() throws -> RevisionRecord? {
        guard hasToolSchema else { return nil }
        return try revisions(
            PostgresQuery(
                unsafeSQL: "SELECT \(Self.revisionColumns) FROM smtp_setup.revisions ORDER BY revision DESC LIMIT 1")
        ).first
    }

    func revision(_ number: Int) throws -> RevisionRecord? {
        guard hasToolSchema else { return nil }
        var binds = PostgresBindings()
        binds.append(number)
        return try revisions(
            PostgresQuery(
                unsafeSQL: "SELECT \(Self.revisionColumns) FROM smtp_setup.revisions WHERE revision = $1",
                binds: binds)
        ).first
    }

    func revisions(after number: Int) throws -> [RevisionRecord] {
        guard hasToolSchema else { return [] }
        var binds = PostgresBindings()
        binds.append(number)
        return try revisions(
            PostgresQuery(
                unsafeSQL:
                    "SELECT \(Self.revisionColumns) FROM smtp_setup.revisions WHERE revision > $1 ORDER BY revision",
                binds: binds))
    }

    func revisions(_ query: PostgresQuery) throws -> [RevisionRecord] {
        try session.query(query).map { row in
            let (revision, savedAt, savedBy, action, keys, snapshot, passwordSet, rowsSeen) = try row.decode(
                (Int, Date, String, String, String, String, Bool, String?).self)
            return RevisionRecord(
                entry: HistoryEntry(
                    revision: revision, savedAt: savedAt, savedBy: savedBy, action: action,
                    changedKeys: StoreLedger.changedKeys(json: keys)),
                snapshot: snapshot, passwordSet: passwordSet, rowsSeen: rowsSeen)
        }
    }

    /// An UPDATE, then an INSERT when there was no row: `ON CONFLICT` cannot
    /// see a global row where the unique index is (var, subforem_id), NULLs
    /// being distinct; the table lock keeps the two steps together.
    func upsertForemRow(_ name: String, value: String, at date: Date) throws {
        let updated = try session.query(
            PostgresQuery(
                unsafeSQL: """
                    UPDATE settings_smtp SET value = $2, updated_at = $3 WHERE var = $1\(global) RETURNING id
                    """, binds: binds(name, value, date)))
        if updated.isEmpty {
            try session.query(
                PostgresQuery(
                    unsafeSQL: """
                        INSERT INTO settings_smtp (var, value, created_at, updated_at) VALUES ($1, $2, $3, $3)
                        """, binds: binds(name, value, date)))
        }
    }

    func deleteForemRow(_ name: String) throws {
        try session.query(
            PostgresQuery(unsafeSQL: "DELETE FROM settings_smtp WHERE var = $1\(global)", binds: binds(name)))
    }

    func upsertToolRow(_ name: String, value: String, at date: Date) throws {
        try session.query(
            PostgresQuery(
                unsafeSQL: """
                    INSERT INTO smtp_setup.settings (var, value, updated_at) VALUES ($1, $2, $3)
                    ON CONFLICT (var) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                    """, binds: binds(name, value, date)))
    }

    func deleteToolRow(_ name: String) throws {
        try session.query(
            PostgresQuery(unsafeSQL: "DELETE FROM smtp_setup.settings WHERE var = $1", binds: binds(name)))
    }

    func insertRevision(_ record: RevisionRecord) throws {
        var list = PostgresBindings()
        list.append(record.entry.revision)
        list.append(record.entry.savedAt)
        list.append(record.entry.savedBy)
        list.append(record.entry.action)
        list.append(try StoreLedger.json(record.entry.changedKeys.map(\.rawValue)))
        list.append(record.snapshot)
        list.append(record.passwordSet)
        list.append(record.rowsSeen)
        try session.query(
            PostgresQuery(
                unsafeSQL:
                    "INSERT INTO smtp_setup.revisions (\(Self.revisionColumns)) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                binds: list))
    }

    func binds(_ name: String, _ value: String? = nil, _ date: Date? = nil) -> PostgresBindings {
        var list = PostgresBindings()
        list.append(name)
        if let value { list.append(value) }
        if let date { list.append(date) }
        return list
    }
}
