/// Who reads the store, which decides what the validator must refuse:
/// Forem's own database is read by Forem's mailer and nothing else, an
/// application's file by that application.
public enum StoreKind: Equatable, Sendable {
    /// The embedded SQLite file: other programs may read it too.
    case embedded
    /// Forem's PostgreSQL database: only what Forem's mailer can do is allowed.
    case foremDatabase
    /// An application's own file: only what its format can express is allowed.
    case applicationFile(Application)
    /// Odoo's PostgreSQL database: one row of `ir_mail_server`, only what Odoo can do.
    case odooDatabase

    /// The application that reads the store, other than Forem.
    public var application: Application? {
        switch self {
        case .embedded, .foremDatabase: nil
        case .applicationFile(let application): application
        case .odooDatabase: .odoo
        }
    }

    /// The format of the application that reads the store, if it is a file's.
    public var format: (any ConfigFileFormat)? {
        if case .applicationFile(let application) = self { return application.format }
        return nil
    }
}
