import Foundation
import SMTPSettings
import TestSupport

/// An Odoo database on the tests' PostgreSQL server: `ir_mail_server` with
/// the columns and types Odoo's ORM makes for its model
/// (odoo/addons/base/models/ir_mail_server.py: Char varchar, Integer int4,
/// Selection varchar, Binary without attachment bytea, Float float8,
/// Boolean bool, Many2one int4, the magic create/write columns), and read
/// back with psql as the oracle.
struct OdooDatabase {
    enum Version {
        /// Odoo 17 and later: from_filter, smtp_authentication, the *_strict values.
        case odoo17
        /// Odoo 14: no from_filter, no smtp_authentication, smtp_host and port required.
        case odoo14
    }

    let server: PostgresTestServer
    let name: String
    let history: String

    static let password = ["PGPASSWORD": "forem-secret"]

    /// A new database with Odoo's table and two servers of the admin's own.
    /// `selection`: Odoo's registry of selection values, with the strict
    /// values (true), without them (false), or no registry at all (nil).
    init(_ version: Version = .odoo17, selection: Bool? = true, in dir: TemporaryDirectory) throws {
        server = try PostgresTestServer.shared()
        name = try server.makeDatabase(nil, label: "odoo")
        history = dir.file("odoo-history-\(name).sqlite3")
        let odoo17 = version == .odoo17
        try psql(
            """
            CREATE TABLE ir_mail_server (
                id serial PRIMARY KEY,
                name varchar NOT NULL,
                \(odoo17 ? "from_filter varchar," : "")
                smtp_host varchar\(odoo17 ? "" : " NOT NULL"),
                smtp_port int4\(odoo17 ? "" : " NOT NULL"),
                \(odoo17 ? "smtp_authentication varchar NOT NULL," : "")
                smtp_user varchar,
                smtp_pass varchar,
                smtp_encryption varchar NOT NULL,
                \(odoo17 ? "smtp_ssl_certificate bytea, smtp_ssl_private_key bytea, max_email_size float8," : "")
                smtp_debug bool,
                sequence int4,
                active bool,
                create_uid int4,
                create_date timestamp without time zone,
                write_uid int4,
                write_date timestamp without time zone
            );
            CREATE INDEX ir_mail_server__name_index ON ir_mail_server (name);
            """)
        let authentication = odoo17 ? ", smtp_authentication" : ""
        let login = odoo17 ? ", 'login'" : ""
        try psql(
            """
            INSERT INTO ir_mail_server (name, smtp_host, smtp_port, smtp_user, smtp_pass, smtp_encryption, sequence,
                active, create_uid, create_date, write_uid, write_date\(authentication))
            VALUES ('Company relay', 'relay.example.org', 25, NULL, NULL, 'none', 5, true, 2,
                    '2024-01-02 03:04:05.123456', 2, '2024-01-02 03:04:05.123456'\(login)),
                   ('Archived', 'old.example.org', 587, 'old', 'old-pass|x', 'starttls', 1, false, 2,
                    '2023-05-06 07:08:09', 2, '2023-05-06 07:08:09'\(login))
            """)
        if let selection {
            try psql(
                """
                CREATE TABLE ir_model_fields (id serial PRIMARY KEY, model varchar NOT NULL, name varchar NOT NULL);
                CREATE TABLE ir_model_fields_selection (id serial PRIMARY KEY, field_id int4 NOT NULL,
                    value varchar NOT NULL, name jsonb NOT NULL, sequence int4 NOT NULL);
                INSERT INTO ir_model_fields (model, name) VALUES ('ir.mail_server', 'smtp_encryption');
                """)
            let values =
                selection ? ["none", "starttls_strict", "starttls", "ssl_strict", "ssl"] : ["none", "starttls", "ssl"]
            for (index, value) in values.enumerated() {
                try psql(
                    "INSERT INTO ir_model_fields_selection (field_id, value, name, sequence) "
                        + "VALUES (1, '\(value)', '{\"en_US\": \"\(value)\"}', \(index))")
            }
        }
    }

    @discardableResult
    func psql(_ sql: String) throws -> String { try server.psql(sql, database: name, user: "forem") }

    var url: String { "odoo+" + server.url(name) }

    func store() throws -> OdooStore {
        guard case .odoo(let location) = try StoreLocation(parsing: url) else { throw SetupFailure("not odoo") }
        return OdooStore(location, history: FileHistory(path: history), environment: Self.password)
    }

    /// The tool's row as psql prints it (JSON, so any byte of a value survives).
    struct Row: Decodable, Equatable {
        var host: String?
        var port: Int?
        var user: String?
        var password: String?
        var encryption: String
        var authentication: String?
        var sequence: Int?
        var active: Bool?
        var fromFilter: String?
        var debug: Bool?
        var createDate: String?
        var writeDate: String?

        enum CodingKeys: String, CodingKey {
            case host = "smtp_host"
            case port = "smtp_port"
            case user = "smtp_user"
            case password = "smtp_pass"
            case encryption = "smtp_encryption"
            case authentication = "smtp_authentication"
            case fromFilter = "from_filter"
            case debug = "smtp_debug"
            case createDate = "create_date"
            case writeDate = "write_date"
            case sequence, active
        }
    }

    func rows(named name: String = OdooMailServer.rowName) throws -> [Row] {
        let text = try psql(
            "SELECT coalesce(json_agg(to_json(s) ORDER BY id), '[]') FROM ir_mail_server s "
                + "WHERE name = '\(name.replacingOccurrences(of: "'", with: "''"))'")
        return try JSONDecoder().decode([Row].self, from: Data(text.utf8))
    }

    /// Every other row, whole, as text: must stay byte-identical.
    func others() throws -> String {
        try psql(
            "SELECT coalesce(json_agg(to_json(s) ORDER BY id), '[]') FROM ir_mail_server s "
                + "WHERE name <> '\(OdooMailServer.rowName)'")
    }

    /// The lowest sequence among the rows that are not the tool's.
    func otherSequences() throws -> [Int] {
        try psql("SELECT sequence FROM ir_mail_server WHERE name <> 'smtp-setup' AND sequence IS NOT NULL")
            .split(separator: "\n").compactMap { Int($0) }
    }
}
