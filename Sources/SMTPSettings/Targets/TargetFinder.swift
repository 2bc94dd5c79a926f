import Foundation

/// Looks for the applications this tool can write, where they are usually
/// installed and in the current directory, when the admin named no store.
///
/// Only looks: nothing is opened for writing and nothing is created. The
/// root is "/" except in tests, which build fake install trees in a
/// temporary folder and point `SMTP_SETUP_ROOT` at it.
public struct TargetFinder: Sendable {
    /// For tests only: the folder the usual install locations are looked
    /// for under, instead of "/".
    public static let rootEnvironmentVariable = "SMTP_SETUP_ROOT"

    public var root: String
    public var currentDirectory: String
    public var environment: [String: String]

    public init(
        root: String = "/", currentDirectory: String = FileManager.default.currentDirectoryPath,
        environment: [String: String] = [:]
    ) {
        self.root = root
        self.currentDirectory = currentDirectory
        self.environment = environment
    }

    /// The finder of this run: its root from `SMTP_SETUP_ROOT` when set.
    public static func fromEnvironment(_ environment: [String: String]) -> TargetFinder {
        let root = environment[rootEnvironmentVariable].flatMap { $0.isEmpty ? nil : $0 } ?? "/"
        return TargetFinder(root: root, environment: environment)
    }

    /// Everything found, the current directory's first (the admin is standing
    /// in it), then the usual locations in the order of `Application.allCases`;
    /// a file found both ways is listed once. Forem's database comes last when
    /// DATABASE_URL names PostgreSQL, as the commands would use it.
    public func find() -> [FoundTarget] {
        var found: [FoundTarget] = []
        var seen: Set<String> = []
        func add(_ application: Application, _ path: String, _ place: FoundTarget.Place) {
            let standard = URL(fileURLWithPath: path).standardizedFileURL.path
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: standard, isDirectory: &isDirectory), !isDirectory.boolValue,
                // A file here is found by a name many projects use: only the application's own.
                place != .currentDirectory || application.recognisesFile(at: standard),
                seen.insert(URL(fileURLWithPath: standard).resolvingSymlinksInPath().path).inserted
            else { return }
            found.append(
                FoundTarget(
                    application: application.rawValue, title: application.title, path: standard,
                    store: Self.store(of: application, at: standard),
                    readable: FileManager.default.isReadableFile(atPath: standard), place: place))
        }
        for application in Application.allCases {
            for name in Self.localNames(of: application) {
                add(application, (currentDirectory as NSString).appendingPathComponent(name), .currentDirectory)
            }
        }
        for application in Application.allCases {
            for path in application.usualPaths { add(application, under(path), .usualLocation) }
        }
        if let forem = foremDatabase() { found.append(forem) }
        return found
    }

    /// What `--store` takes for the application's file: the file itself, or
    /// for Odoo the database its odoo.conf names (defaults when unreadable).
    static func store(of application: Application, at path: String) -> String {
        guard application == .odoo else { return "\(application.rawValue):\(path)" }
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return OdooConf(text).storeURL
    }

    /// Whether the admin named a store (--store, SMTP_SETUP_STORE, or Forem's
    /// PostgreSQL DATABASE_URL): only when none is named are the finds proposed.
    public static func storeIsNamed(flag: String?, environment: [String: String]) -> Bool {
        if flag != nil { return true }
        if let named = environment[StoreLocation.environmentVariable], !named.isEmpty { return true }
        return TargetFinder(environment: environment).foremDatabase() != nil
    }

    /// `path` inside the root (itself when the root is "/").
    public func under(_ path: String) -> String {
        guard root != "/" else { return path }
        let base = root.hasSuffix("/") ? String(root.dropLast()) : root
        return base + (path.hasPrefix("/") ? path : "/" + path)
    }

    /// What the current directory may hold for `application`: its file, or
    /// the file one folder down when the admin stands in the install's own
    /// folder (/var/discourse, /var/www/nextcloud).
    static func localNames(of application: Application) -> [String] {
        switch application {
        case .discourse: ["containers/app.yml", application.fileName]
        case .nextcloud: ["config/config.php", application.fileName]
        default: [application.fileName]
        }
    }

    /// Forem's database as the commands already find it: a PostgreSQL DATABASE_URL.
    /// Shown without its password; not connected to (that takes a while), so
    /// whether it can be read is not known.
    func foremDatabase() -> FoundTarget? {
        guard let url = environment[StoreLocation.foremEnvironmentVariable],
            let scheme = url.split(separator: ":", maxSplits: 1).first?.lowercased(),
            scheme == "postgres" || scheme == "postgresql"
        else { return nil }
        let shown = PostgresLocation.redact(url)
        return FoundTarget(
            application: "forem", title: "Forem", path: shown, store: shown, readable: nil, place: .databaseURL)
    }
}

/// One application's settings found on this machine.
public struct FoundTarget: Equatable, Sendable, Encodable {
    /// Where it was found, which says how sure the finding is.
    public enum Place: String, Equatable, Sendable, Encodable {
        case currentDirectory = "current directory"
        case usualLocation = "usual location"
        case databaseURL = "DATABASE_URL"
    }

    /// `mastodon`, `discourse`, `gitlab`, `ghost`, ..., `odoo`, or `forem`.
    public var application: String
    public var title: String
    /// The file (Odoo's odoo.conf; for Forem, the database URL without its password).
    public var path: String
    /// What `--store` takes to use it.
    public var store: String
    /// Whether this user can read the file; nil when not checked (a database).
    public var readable: Bool?
    public var place: Place

    public init(
        application: String, title: String, path: String, store: String, readable: Bool?, place: Place
    ) {
        self.application = application
        self.title = title
        self.path = path
        self.store = store
        self.readable = readable
        self.place = place
    }

    /// "Mastodon at /home/mastodon/live/.env.production", made safe for the terminal.
    public var sentence: String { "\(title) at \(TerminalSafe.visible(path))" }
}
