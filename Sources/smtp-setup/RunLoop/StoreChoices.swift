import Foundation
import SMTPSettings
import Wizard

/// Which store the wizard starts on: the one named (--store,
/// SMTP_SETUP_STORE, a PostgreSQL DATABASE_URL), or, with none named, the
/// applications found here for the admin to confirm one of, the embedded
/// store last.
enum StoreChoices {
    /// The proposal; empty when a store was named or nothing was found (the
    /// embedded store is then used as always, without asking).
    static func proposal(flag: String?, environment: [String: String]) -> [StoreChoice] {
        guard !TargetFinder.storeIsNamed(flag: flag, environment: environment) else { return [] }
        let found = TargetFinder.fromEnvironment(environment).find().filter { $0.application != "forem" }
        guard !found.isEmpty else { return [] }
        return found.map { StoreChoice(title: $0.sentence, store: $0.store) }
            + [.embedded(path: StoreLocation.defaultPath)]
    }

    /// The store URL as the admin named it: the application comes from its scheme.
    static func namedURL(flag: String?, environment: [String: String]) -> String? {
        if let flag { return flag }
        if let named = environment[StoreLocation.environmentVariable], !named.isEmpty { return named }
        return nil
    }

    /// What makes the application read a save to `storeURL`: its pick-up command
    /// for an application's file, else clearing Forem's cache with --forem-dir.
    static func afterSave(storeURL: String?, foremDir: String?, environment: [String: String]) -> AfterSaveOffer? {
        let root = TargetFinder.fromEnvironment(environment).root
        if let storeURL, let pickUp = PickUp(storeURL: storeURL, root: root, searchPath: environment["PATH"]) {
            return .pickUp(pickUp)
        }
        return foremDir == nil ? nil : .foremCache
    }

    /// Opens the store chosen on the welcome step, as `--store` would, and
    /// reads what the wizard starts from.
    static func open(
        _ storeURL: String, ownerFlag: StoreOwner?, foremDir: String?, environment: [String: String]
    ) throws(StoreError) -> (any SettingsStore, OpenedStore) {
        let store = try StoreLocation(parsing: storeURL, source: "the welcome step").openStore().owned(by: ownerFlag)
        let start = WizardStart.read(store, ownerFlag: ownerFlag)
        let opened = OpenedStore(
            storePath: store.location.path, access: start.access, stored: start.stored, storeKind: store.location.kind,
            owner: start.owner, readabilityWarning: start.readabilityWarning,
            application: Application.reading(storeURL: storeURL),
            afterSave: afterSave(storeURL: storeURL, foremDir: foremDir, environment: environment))
        return (store, opened)
    }
}
