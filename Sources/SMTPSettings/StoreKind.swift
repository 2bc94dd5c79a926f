/// Who reads the store, which decides what the validator must refuse:
/// Forem's own database is read by Forem's mailer and nothing else.
public enum StoreKind: String, Equatable, Sendable {
    /// The embedded SQLite file: other programs may read it too.
    case embedded
    /// Forem's PostgreSQL database: only what Forem's mailer can do is allowed.
    case foremDatabase
}
