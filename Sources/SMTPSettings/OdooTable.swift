import Foundation
import PostgresNIO

/// Odoo's `ir_mail_server` in one session: what this database's Odoo
/// version has, and the one row named `OdooMailServer.rowName`.
struct OdooTable {
    let session: PostgresSession
    /// The `*_strict` encryption values exist (Odoo 17 and later).
    let hasStrict: Bool
    /// The `smtp_authentication` column exists (Odoo 15 and later).
    let hasAuthentication: Bool

    /// Looks the database over: an Odoo database has ir_mail_server. The
    /// strict values are known from Odoo's own registry of selection values
    /// (`ir_model_fields_selection`, Odoo 13 and later), or from a row that
    /// already uses one.
    static func inspect(_ session: PostgresSession) throws(StoreError) -> OdooTable {
        let rows = try session.query(
            """
            SELECT to_regclass('ir_mail_server') IS NOT NULL,
                   EXISTS (SELECT 1 FROM information_schema.columns
                           WHERE table_name = 'ir_mail_server' AND column_name = 'smtp_authentication'
                             AND table_schema = ANY (current_schemas(false))),
                   to_regclass('ir_model_fields_selection') IS NOT NULL AND to_regclass('ir_model_fields') IS NOT NULL
            """)
        guard let row = rows.first, let flags = try? row.decode((Bool, Bool, Bool).self), flags.0 else {
            throw .database(.notOdoo(target: session.target))
        }
        var strict = try session.query(
            "SELECT EXISTS (SELECT 1 FROM ir_mail_server WHERE smtp_encryption IN ('starttls_strict', 'ssl_strict'))")
        if flags.2 {
            strict += try session.query(
                """
                SELECT EXISTS (SELECT 1 FROM ir_model_fields_selection s JOIN ir_model_fields f ON f.id = s.field_id
                               WHERE f.model = 'ir.mail_server' AND f.name = 'smtp_encryption'
                                 AND s.value IN ('starttls_strict', 'ssl_strict'))
                """)
        }
        let hasStrict = strict.contains { (try? $0.decode(Bool.self)) == true }
        return OdooTable(session: session, hasStrict: hasStrict, hasAuthentication: flags.1)
    }

    /// Holds the table from the checks to the commit: Odoo's own writes
    /// wait the few milliseconds a save takes, and two saves cannot both
    /// insert the row.
    func lock() throws(StoreError) {
        try session.execute("LOCK TABLE ir_mail_server IN SHARE ROW EXCLUSIVE MODE")
    }

    /// The row as it is now (absent before the first save).
    func snapshot() throws(StoreError) -> OdooSnapshot {
        let authentication = hasAuthentication ? "smtp_authentication" : "'login'::varchar"
        let rows = try session.query(
            """
            SELECT id, smtp_host, smtp_port, smtp_user, smtp_pass, smtp_encryption, sequence, active,
                   \(unescaped: authentication), write_date::text, extract(epoch FROM write_date)::float8
            FROM ir_mail_server WHERE name = \(OdooMailServer.rowName) ORDER BY id LIMIT 1
            """)
        guard let row = rows.first else { return OdooSnapshot(row: nil) }
        do {
            let (id, host, port, user, password, encryption, sequence, active, authentication, written, epoch) =
                try row.decode(
                    (Int, String?, Int?, String?, String?, String?, Int?, Bool?, String?, String?, Double?).self)
            return OdooSnapshot(
                row: OdooRow(
                    id: id,
                    server: OdooMailServer(
                        host: host ?? "", port: port ?? 25, user: user, password: password,
                        encryption: encryption ?? "none"),
                    sequence: sequence, active: active ?? false, authentication: authentication, writeDate: written,
                    modifiedAt: epoch.map { Date(timeIntervalSince1970: $0) } ?? Date()))
        } catch {
            throw .database(.failed(target: session.target, detail: "ir_mail_server's row is not as Odoo writes it"))
        }
    }

    /// The sequence that puts the row first: kept when it is already lower
    /// than every other row's, else one below the lowest (Odoo's default 10
    /// when there is no other row).
    func sequence(for row: OdooRow?) throws(StoreError) -> Int {
        let rows = try session.query("SELECT min(sequence) FROM ir_mail_server WHERE id <> \(row?.id ?? -1)")
        let others = (try? rows.first?.decode(Int?.self)) ?? nil
        let current = row?.sequence ?? OdooMailServer.defaultSequence
        guard let others else { return current }
        return current < others ? current : min(others - 1, OdooMailServer.defaultSequence)
    }

    /// Writes `server` into the row (made when absent), first in sequence
    /// and active; false when the row already holds exactly that.
    func write(_ server: OdooMailServer, over row: OdooRow?) throws(StoreError) -> Bool {
        let sequence = try sequence(for: row)
        if let row, row.server == server, row.sequence == sequence, row.active, row.authentication == "login" {
            return false
        }
        let authentication = hasAuthentication ? ", smtp_authentication = 'login'" : ""
        if let row {
            try session.query(
                """
                UPDATE ir_mail_server SET smtp_host = \(server.host), smtp_port = \(server.port),
                    smtp_user = \(server.user), smtp_pass = \(server.password),
                    smtp_encryption = \(server.encryption), sequence = \(sequence), active = true,
                    write_uid = NULL, write_date = (now() AT TIME ZONE 'UTC')\(unescaped: authentication)
                WHERE id = \(row.id)
                """)
        } else {
            let column = hasAuthentication ? ", smtp_authentication" : ""
            let value = hasAuthentication ? ", 'login'" : ""
            try session.query(
                """
                INSERT INTO ir_mail_server (name, smtp_host, smtp_port, smtp_user, smtp_pass, smtp_encryption,
                    sequence, active, smtp_debug, create_date, write_date\(unescaped: column))
                VALUES (\(OdooMailServer.rowName), \(server.host), \(server.port), \(server.user), \(server.password),
                    \(server.encryption), \(sequence), true, false, (now() AT TIME ZONE 'UTC'),
                    (now() AT TIME ZONE 'UTC')\(unescaped: value))
                """)
        }
        return true
    }

    /// A reset: the tool's row goes, every other row stays.
    func delete(_ row: OdooRow) throws(StoreError) {
        try session.query("DELETE FROM ir_mail_server WHERE id = \(row.id)")
    }
}

/// The tool's row as read.
struct OdooRow: Equatable {
    var id: Int
    var server: OdooMailServer
    var sequence: Int?
    var active: Bool
    var authentication: String?
    var writeDate: String?
    var modifiedAt: Date
}

/// The row or its absence, as history's checks see it: any change to a
/// column the tool writes, or to write_date, changes the digest.
struct OdooSnapshot: ObservedTarget {
    var row: OdooRow?

    /// The whole row, password included: kept in memory only.
    var digest: String {
        guard let row else { return "absent" }
        return StoreLedger.digest(fields(row, password: row.server.password ?? "\u{0}"))
    }

    /// What history keeps (`HistoryDigest`): the row with the password's
    /// value left out, only whether there is one (and the write_date that an
    /// edit in Odoo's form moves) kept.
    var historyDigest: String {
        guard let row else { return HistoryDigest.of("absent") }
        let password = row.server.password.map { $0.isEmpty ? "" : HistoryDigest.passwordStandIn } ?? "\u{0}"
        return HistoryDigest.of(fields(row, password: password))
    }

    private func fields(_ row: OdooRow, password: String) -> String {
        let fields: [String] = [
            String(row.id), row.server.host, String(row.server.port), row.server.user ?? "\u{0}", password,
            row.server.encryption, row.sequence.map(String.init) ?? "-", String(row.active),
            row.authentication ?? "-", row.writeDate ?? "-",
        ]
        return fields.joined(separator: "\u{1F}")
    }

    var modifiedAt: Date { row?.modifiedAt ?? Date() }

    func settings(hasStrict: Bool) -> MailSettings {
        row?.server.settings(hasStrict: hasStrict) ?? MailSettings()
    }
}
