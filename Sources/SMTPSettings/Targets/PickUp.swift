import Foundation

/// How the running application reads a saved file: the exact command for
/// the file that was saved, and whether this machine can run it.
public struct PickUp: Equatable, Sendable {
    public var application: Application
    /// The command as the admin would type it; also what is run (by `sh -c`).
    public var command: String
    /// The tool sees the command installed here, so the wizard may offer to run it.
    public var isInstalled: Bool

    public init(application: Application, command: String, isInstalled: Bool) {
        self.application = application
        self.command = command
        self.isInstalled = isInstalled
    }

    /// The pick-up of the application's file at `path`. `root` and `searchPath`
    /// ($PATH) say where to look for the command; tests give fake ones.
    public init(application: Application, file path: String, root: String = "/", searchPath: String?) {
        self.application = application
        command = Self.command(application, file: path)
        isInstalled = Self.installed(application, file: path, root: root, searchPath: searchPath)
    }

    /// The pick-up for the store URL's application (`mastodon:PATH`…); nil for
    /// the SQLite and PostgreSQL stores, which Forem reads itself.
    public init?(storeURL text: String, root: String = "/", searchPath: String?) {
        guard let (application, path) = Application.named(inStoreURL: text), !application.pickUpCommand.isEmpty
        else { return nil }
        self.init(application: application, file: path, root: root, searchPath: searchPath)
    }

    /// The command for this install: Discourse's launcher lives in the folder
    /// above containers/ and rebuilds the container the file is named after
    /// (containers/web_only.yml: web_only), and `ghost` acts on the install in
    /// its current folder.
    static func command(_ application: Application, file path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        switch application {
        case .discourse:
            let container = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            return "cd \(shellQuoted((folder as NSString).deletingLastPathComponent)) && ./launcher rebuild "
                + shellQuoted(container.isEmpty ? "app" : container)
        case .ghost:
            return "cd \(shellQuoted(folder)) && ghost restart"
        case .mastodon, .gitlab, .nextcloud, .gitea, .umbraco, .odoo:
            return application.pickUpCommand
        }
    }

    /// Whether what the command needs is here: Mastodon's systemd units and
    /// systemctl, gitlab-ctl, ghost (the CLI), or Discourse's launcher file.
    static func installed(_ application: Application, file path: String, root: String, searchPath: String?) -> Bool {
        let finder = TargetFinder(root: root, currentDirectory: "/")
        switch application {
        case .mastodon:
            let units = ["/etc/systemd/system", "/lib/systemd/system", "/usr/lib/systemd/system"]
            let hasUnits = ["mastodon-web.service", "mastodon-sidekiq.service"].allSatisfy { unit in
                units.contains { FileManager.default.fileExists(atPath: finder.under("\($0)/\(unit)")) }
            }
            return hasUnits && executable("systemctl", in: searchPath) != nil
        case .discourse:
            let folder = ((path as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
            return FileManager.default.isExecutableFile(atPath: (folder as NSString).appendingPathComponent("launcher"))
        case .gitlab:
            return executable("gitlab-ctl", in: searchPath) != nil
        case .ghost:
            return executable("ghost", in: searchPath) != nil
        case .nextcloud, .gitea:
            return executable("systemctl", in: searchPath) != nil
        case .umbraco, .odoo:
            return false
        }
    }

    /// The first executable `name` in the folders of `searchPath`.
    public static func executable(_ name: String, in searchPath: String?) -> String? {
        for folder in (searchPath ?? "").split(separator: ":") where folder.hasPrefix("/") {
            let candidate = (String(folder) as NSString).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// `text` as one word for sh: plain paths stay as they are.
    static func shellQuoted(_ text: String) -> String {
        let plain = !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || "/._-+@:,".contains($0) }
        return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

extension Application {
    /// The application and file a store URL names (`mastodon:/home/mastodon/live/.env.production`);
    /// nil for any other store. A relative path is taken from the current directory.
    public static func named(inStoreURL text: String) -> (Application, String)? {
        // Odoo's store is a database URL, not a file.
        guard !text.lowercased().hasPrefix("odoo+") else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let colon = trimmed.firstIndex(of: ":"),
            let application = Application(rawValue: trimmed[..<colon].lowercased())
        else { return nil }
        var path = String(trimmed[trimmed.index(after: colon)...])
        if path.hasPrefix("//") { path.removeFirst(2) }
        guard !path.isEmpty else { return nil }
        return (application, StoreLocation.absolute(path))
    }
}

extension Application {
    /// The application that reads the store a URL names (`mastodon:PATH`,
    /// `odoo+postgres://…`); nil for Forem's stores and anything else.
    public static func reading(storeURL text: String) -> Application? {
        if text.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("odoo+") { return .odoo }
        return named(inStoreURL: text)?.0
    }
}
