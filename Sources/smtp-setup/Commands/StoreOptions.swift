import ArgumentParser
import Foundation
import SMTPSettings

/// `--store` and `--owner`, shared by every command.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The settings store: a SQLite path or sqlite:///path, Forem's database as postgres://USER@HOST:PORT/DB, or an application's file as APP:PATH (\(Application.fileApplications.map(\.rawValue).joined(separator: ", ")); Odoo's database as odoo+postgres://USER@HOST:PORT/DB; history in $\(FileHistory.environmentVariable), else \(FileHistory.defaultPath)) (default: $\(StoreLocation.environmentVariable), else a postgres $DATABASE_URL, else \(StoreLocation.defaultPath)).",
            valueName: "url"))
    var store: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The user the application runs as: a save gives the store to USER (and GROUP) and closes it to every other user (smtp-setup's own store: mode 0600; an application's file keeps its owner's and group's access). Default: an existing store keeps its owner and mode.",
            valueName: "user[:group]"))
    var owner: String?

    func location() throws -> StoreLocation { try Self.location(flag: store) }

    /// The application's user named by `--owner`, checked to exist.
    func storeOwner() throws -> StoreOwner? { try Self.storeOwner(owner) }

    func openStore() throws -> any SettingsStore { try Self.openStore(flag: store, owner: owner) }

    // The same from plain values: the wizard started with no arguments has no parsed options.

    static func location(flag: String?) throws -> StoreLocation {
        try failing { () throws(StoreError) in
            try StoreLocation.resolve(flag: flag, environment: ProcessInfo.processInfo.environment)
        }
    }

    static func storeOwner(_ owner: String?) throws -> StoreOwner? {
        guard let owner else { return nil }
        do {
            return try StoreOwner(parsing: owner)
        } catch {
            throw usageFailure("--owner: \(error.description)")
        }
    }

    static func openStore(flag: String?, owner: String?) throws -> any SettingsStore {
        let owner = try storeOwner(owner)
        // A store another program holds is waited for; say so, so the wait is not a hang.
        SQLiteStore.onBusy { printWarning($0) }
        return try location(flag: flag).openStore().owned(by: owner)
    }
}
