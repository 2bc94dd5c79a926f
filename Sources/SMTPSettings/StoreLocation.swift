import Foundation

/// Where the settings live, parsed from `--store` or `SMTP_SETUP_STORE`.
public enum StoreLocation: Equatable, Sendable, CustomStringConvertible {
    case sqlite(path: String)
    /// Forem's own database.
    case postgres(PostgresLocation)
    /// An application's own settings file (`mastodon:PATH`, ...).
    case file(Application, path: String)
    /// Odoo's own database (`odoo+postgres://…`): one row of `ir_mail_server`.
    case odoo(PostgresLocation)

    public static let environmentVariable = "SMTP_SETUP_STORE"
    /// Forem's own setting: used when it names a PostgreSQL database and neither
    /// --store nor SMTP_SETUP_STORE is given.
    public static let foremEnvironmentVariable = "DATABASE_URL"
    public static let defaultPath = "/var/lib/smtp-setup/settings.sqlite3"

    /// Accepts `sqlite:///abs/path`, `sqlite:relative/path`, a plain path, or
    /// `postgres://…` (with a password only when `allowPassword`: never from argv).
    public init(parsing text: String, allowPassword: Bool = false, source: String? = nil) throws(StoreError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw .unsupportedLocation(text, reason: "it is empty") }
        if let colon = trimmed.range(of: "://") ?? trimmed.range(of: ":"),
            trimmed[..<colon.lowerBound].allSatisfy({ $0.isLetter || $0 == "+" }),
            colon.lowerBound != trimmed.startIndex
        {
            let scheme = trimmed[..<colon.lowerBound].lowercased()
            let rest = String(trimmed[colon.upperBound...])
            switch scheme {
            case "sqlite", "sqlite3", "file":
                guard !rest.isEmpty else { throw .unsupportedLocation(text, reason: "it names no file") }
                self = .sqlite(path: Self.absolute(rest))
            case "postgres", "postgresql":
                self = .postgres(try PostgresLocation(parsing: trimmed, allowPassword: allowPassword, source: source))
            case "odoo+postgres", "odoo+postgresql":
                // The same database URL as Forem's, with the same password rules.
                let url = String(trimmed.dropFirst("odoo+".count))
                self = .odoo(try PostgresLocation(parsing: url, allowPassword: allowPassword, source: source))
            case "odoo":
                throw .unsupportedLocation(
                    PostgresLocation.redact(text),
                    reason: "Odoo keeps its mail servers in its PostgreSQL database, not in a file: give the "
                        + "database as odoo+postgres://USER@HOST:PORT/DB (smtp-setup targets reads it from odoo.conf)")
            case let name where Application(rawValue: name) != nil:
                let application = Application(rawValue: name)!
                guard !rest.isEmpty else {
                    throw .unsupportedLocation(
                        text,
                        reason: "it names no file; give \(application.title)'s \(application.fileName), "
                            + "like \(name):\(application.usualPaths[0])")
                }
                guard application.format != nil else {
                    throw .unsupportedLocation(
                        text,
                        reason: "this version of smtp-setup cannot write \(application.title)'s "
                            + "\(application.fileName) yet; set \(application.title)'s SMTP settings by hand")
                }
                self = .file(application, path: Self.absolute(rest))
            default:
                throw .unsupportedLocation(
                    PostgresLocation.redact(text),
                    reason:
                        "'\(TerminalSafe.excerpt(scheme))' is not a store type; use sqlite:///path/to/file.sqlite3, postgres://USER@HOST/DB "
                        + "or an application's file: \(Application.fileApplications.map { "\($0.rawValue):PATH" }.joined(separator: ", ")), "
                        + "or Odoo's database: odoo+postgres://USER@HOST/DB"
                )
            }
            return
        }
        self = .sqlite(path: Self.absolute(trimmed))
    }

    /// The store named by the flag, else SMTP_SETUP_STORE, else a PostgreSQL
    /// DATABASE_URL (Forem's own), else the default file.
    public static func resolve(flag: String?, environment: [String: String]) throws(StoreError) -> StoreLocation {
        if let flag { return try StoreLocation(parsing: flag, source: "--store") }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty {
            return try StoreLocation(parsing: fromEnvironment, allowPassword: true, source: environmentVariable)
        }
        if let url = environment[foremEnvironmentVariable],
            let scheme = url.split(separator: ":", maxSplits: 1).first?.lowercased(),
            scheme == "postgres" || scheme == "postgresql"
        {
            return try StoreLocation(parsing: url, allowPassword: true, source: foremEnvironmentVariable)
        }
        return .sqlite(path: defaultPath)
    }

    /// Whether the application reads this store itself (Forem's database),
    /// which decides what the validator refuses.
    public var kind: StoreKind {
        switch self {
        case .sqlite: .embedded
        case .postgres: .foremDatabase
        case .file(let application, _): .applicationFile(application)
        case .odoo: .odooDatabase
        }
    }

    /// What to add to a suggested command so it acts on the same store:
    /// nothing for the default store, else ` --store PATH` (quoted for sh).
    public static func flag(for path: String) -> String {
        guard path != defaultPath else { return "" }
        let plain = path.allSatisfy { $0.isLetter || $0.isNumber || "/._-+@:,".contains($0) }
        return " --store " + (plain ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'")
    }

    /// The file's path, or the database's URL without its password.
    public var path: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let database): database.description
        case .file(let application, let path): "\(application.rawValue):\(path)"
        case .odoo(let database): "odoo+\(database.description)"
        }
    }

    /// The file the settings are in; nil for a database.
    public var filePath: String? {
        switch self {
        case .sqlite(let path), .file(_, let path): path
        case .postgres, .odoo: nil
        }
    }

    public var description: String { path }

    /// The store as `show` names it: where a PostgreSQL URL came from when
    /// not from --store, since DATABASE_URL is picked up silently otherwise.
    public var shownName: String {
        switch self {
        case .postgres(let database) where database.source != nil && database.source != "--store",
            .odoo(let database) where database.source != nil && database.source != "--store":
            "\(path) (from \(database.source!))"
        default:
            path
        }
    }

    static func absolute(_ path: String) -> String {
        let url =
            path.hasPrefix("/")
            ? URL(fileURLWithPath: path)
            : URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(path)
        return url.standardizedFileURL.path
    }
}
