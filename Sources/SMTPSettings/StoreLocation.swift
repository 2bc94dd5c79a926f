import Foundation

/// Where the settings live, parsed from `--store` or `SMTP_SETUP_STORE`.
public enum StoreLocation: Equatable, Sendable, CustomStringConvertible {
    case sqlite(path: String)

    public static let environmentVariable = "SMTP_SETUP_STORE"
    public static let defaultPath = "/var/lib/smtp-setup/settings.sqlite3"

    /// Accepts `sqlite:///abs/path`, `sqlite:relative/path` or a plain path.
    public init(parsing text: String) throws(StoreError) {
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
                throw .unsupportedLocation(text, reason: "PostgreSQL stores are not supported yet; use a SQLite path")
            default:
                throw .unsupportedLocation(
                    text,
                    reason: "'\(TerminalSafe.excerpt(scheme))' is not a store type; use sqlite:///path/to/file.sqlite3")
            }
            return
        }
        self = .sqlite(path: Self.absolute(trimmed))
    }

    /// The store named by the flag, else the environment, else the default.
    public static func resolve(flag: String?, environment: [String: String]) throws(StoreError) -> StoreLocation {
        if let flag { return try StoreLocation(parsing: flag) }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty {
            return try StoreLocation(parsing: fromEnvironment)
        }
        return .sqlite(path: defaultPath)
    }

    /// What to add to a suggested command so it acts on the same store:
    /// nothing for the default store, else ` --store PATH` (quoted for sh).
    public static func flag(for path: String) -> String {
        guard path != defaultPath else { return "" }
        let plain = path.allSatisfy { $0.isLetter || $0.isNumber || "/._-+@:,".contains($0) }
        return " --store " + (plain ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'")
    }

    public var path: String {
        switch self {
        case .sqlite(let path): path
        }
    }

    public var description: String { path }

    static func absolute(_ path: String) -> String {
        let url =
            path.hasPrefix("/")
            ? URL(fileURLWithPath: path)
            : URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(path)
        return url.standardizedFileURL.path
    }
}
