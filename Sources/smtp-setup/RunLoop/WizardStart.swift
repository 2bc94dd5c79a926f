import ArgumentParser
import Foundation
import SMTPProbe
import SMTPSettings
import Terminal
import Wizard

/// What the wizard starts from: the store's settings and whether saving will work.
struct WizardStart: Sendable {
    var access: StoreAccess
    var stored: StoredSettings?
    var owner: OwnerSource = .ask
    var readabilityWarning: String?
    /// `--forem-dir`: where the settings cache can be cleared from.
    var foremDir: String?
    /// `--owner`, kept for a store chosen on the welcome step.
    var ownerFlag: StoreOwner?
    /// The application whose file the named store is.
    var application: Application?
    /// What makes the application read a save, offered after it.
    var afterSave: AfterSaveOffer?
    /// With no store named: the stores found here, for the welcome to propose.
    var storeChoices: [StoreChoice] = []

    static func read(_ store: any SettingsStore, ownerFlag: StoreOwner?) -> WizardStart {
        var start = WizardStart(access: .writable, stored: nil)
        if let ownerFlag {
            start.owner = .named(ownerFlag.description)
        } else if let file = store.location.filePath, let existing = StoreOwner.of(path: file) {
            // The file's own path: an application's store location carries its scheme (mastodon:PATH).
            start.owner = .existing(existing.description)
        } else if geteuid() != 0 {
            start.owner = .running(StoreOwner(uid: geteuid(), gid: getegid()).description)
        }
        start.readabilityWarning = store.readability(for: nil).warning
        do {
            start.stored = try store.load()
        } catch {
            start.access = StoreAccess(error)
            return start
        }
        do {
            try store.checkWritable()
        } catch {
            start.access = StoreAccess(error)
        }
        return start
    }
}
