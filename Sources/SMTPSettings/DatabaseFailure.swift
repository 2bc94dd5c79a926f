import Foundation

/// Why Forem's PostgreSQL database could not be used, in the admin's words
/// with the fix. `target` is the database's URL without its password.
public enum DatabaseFailure: Equatable, Sendable, CustomStringConvertible {
    /// A password in --store would be seen by every user through ps and shell history.
    case passwordInArguments(String)
    case unreachable(target: String, reason: String)
    case wrongPassword(target: String, user: String)
    case passwordNeeded(target: String, user: String)
    case noSuchDatabase(target: String, database: String)
    /// Reachable, but no settings_smtp table: not Forem's database.
    case notForem(target: String)
    /// No ir_mail_server: not Odoo's database.
    case notOdoo(target: String)
    /// Odoo's database: no such database, or no grant on ir_mail_server.
    case noSuchOdooDatabase(target: String, database: String)
    case odooPermissionDenied(target: String, user: String, detail: String)
    /// The server accepts this user only over TLS.
    case tlsRequired(target: String)
    /// sslmode asks for TLS and the server offers none.
    case tlsUnsupported(target: String)
    case certificateRejected(target: String, reason: String)
    case permissionDenied(target: String, user: String, detail: String)
    /// Forem cannot use these settings; nothing was written.
    case refused(problems: [String])
    case failed(target: String, detail: String)

    public var description: String {
        switch self {
        case .passwordInArguments(let url):
            "the store URL \(url) holds the database password, and a command line is readable by every user "
                + "(ps, shell history). Remove the password from --store and give it with PGPASSWORD, "
                + "a line in ~/.pgpass (mode 0600), DATABASE_URL or SMTP_SETUP_STORE in the environment, "
                + "or run as the database's own user over its socket (sudo -u postgres). Nothing was read or written."
        case .unreachable(let target, let reason):
            "cannot reach the database server at \(target): \(reason). Check that PostgreSQL is running "
                + "(systemctl status postgresql) and that the host, port or socket folder in the URL are right."
        case .wrongPassword(let target, let user):
            "the database server at \(target) refused user \(user): wrong password or no access for this user. "
                + "Check PGPASSWORD or ~/.pgpass, or run as the database's user (sudo -u postgres) over the socket."
        case .passwordNeeded(let target, let user):
            "the database server at \(target) asks user \(user) for a password and none was given. "
                + "Give it with PGPASSWORD, a line in ~/.pgpass (mode 0600), or DATABASE_URL in the environment."
        case .noSuchDatabase(let target, let database):
            "there is no database '\(database)' at \(target). Give Forem's database (the one in its DATABASE_URL, "
                + "often forem_production): `sudo -u postgres psql -l` lists them."
        case .notForem(let target):
            "\(target) has no settings_smtp table: this database is not a Forem database, or Forem's migrations "
                + "have not run (bin/rails db:migrate). Give the database Forem uses (its DATABASE_URL)."
        case .notOdoo(let target):
            "\(target) has no ir_mail_server table: this database is not an Odoo database. Give the database "
                + "Odoo uses (db_name in its odoo.conf; smtp-setup targets reads it from there)."
        case .noSuchOdooDatabase(let target, let database):
            "there is no database '\(database)' at \(target). Give Odoo's database (db_name in its odoo.conf): "
                + "`sudo -u postgres psql -l` lists them."
        case .odooPermissionDenied(let target, let user, let detail):
            "user \(user) may not do this in \(target) (\(detail)). Run as Odoo's database user (db_user in "
                + "odoo.conf), or grant it: GRANT SELECT, INSERT, UPDATE, DELETE ON ir_mail_server TO \(user); "
                + "GRANT USAGE ON SEQUENCE ir_mail_server_id_seq TO \(user);"
        case .tlsRequired(let target):
            "the database server at \(target) accepts this connection only with TLS: add sslmode=require "
                + "(or sslmode=verify-full to check its certificate) to the URL."
        case .tlsUnsupported(let target):
            "the database server at \(target) does not offer TLS, and the URL's sslmode asks for it: "
                + "turn on ssl in postgresql.conf, or use sslmode=disable over the socket or a trusted network."
        case .certificateRejected(let target, let reason):
            "the database server's certificate at \(target) is not trusted: \(reason). Give the CA that signed "
                + "it with sslrootcert=/path/to/ca.pem in the URL, and use the host name the certificate names."
        case .permissionDenied(let target, let user, let detail):
            "user \(user) may not do this in \(target) (\(detail)). Run as Forem's database user, or grant it: "
                + "GRANT SELECT, INSERT, UPDATE, DELETE ON settings_smtp TO \(user); and CREATE on the database "
                + "for the tool's own schema smtp_setup."
        case .refused(let problems):
            problems.joined(separator: " ") + " Nothing was written."
        case .failed(let target, let detail):
            "the database at \(target) failed: \(detail)."
        }
    }

    /// sysexits.h.
    public var exitCode: Int32 {
        switch self {
        case .passwordInArguments: 64
        case .unreachable, .noSuchDatabase, .noSuchOdooDatabase, .tlsRequired, .tlsUnsupported, .certificateRejected: 69
        case .wrongPassword, .passwordNeeded, .permissionDenied, .odooPermissionDenied: 77
        case .notForem, .notOdoo: 74
        case .refused: 65
        case .failed: 74
        }
    }
}
