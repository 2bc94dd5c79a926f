import Foundation

/// Settings as loaded, with the revision they came from (0: never saved).
public struct StoredSettings: Equatable, Sendable {
    public var settings: MailSettings
    public var revision: Int
    public var latest: HistoryEntry?

    public init(settings: MailSettings, revision: Int, latest: HistoryEntry?) {
        self.settings = settings
        self.revision = revision
        self.latest = latest
    }
}

/// One save: who, when, what it did, and which keys it changed.
public struct HistoryEntry: Equatable, Sendable, Codable {
    public var revision: Int
    public var savedAt: Date
    public var savedBy: String
    public var action: String
    public var changedKeys: [SettingKey]

    public init(revision: Int, savedAt: Date, savedBy: String, action: String, changedKeys: [SettingKey]) {
        self.revision = revision
        self.savedAt = savedAt
        self.savedBy = savedBy
        self.action = action
        self.changedKeys = changedKeys
    }

    public var savedAtText: String { Self.timestamp(savedAt) }

    public static func timestamp(_ date: Date) -> String {
        date.formatted(
            .iso8601.year().month().day().time(includingFractionalSeconds: false).timeZone(separator: .omitted))
    }
}

/// What a rollback did, including whether it could bring the password back.
public struct RollbackOutcome: Equatable, Sendable {
    public var entry: HistoryEntry
    /// The password changed after the target revision; the current one was kept.
    public var keptCurrentPassword: Bool
}

/// The shared settings store. Every front end saves through this.
public protocol SettingsStore: Sendable {
    var location: StoreLocation { get }

    /// The current settings; an absent store reads as empty, revision 0.
    func load() throws(StoreError) -> StoredSettings

    /// Fails with `.permissionDenied` now if a save would fail later.
    func checkWritable() throws(StoreError)

    /// Saves as one transaction, only if the store is still at `revision`.
    /// Returns nil when nothing changed.
    func save(_ settings: MailSettings, basedOn revision: Int, action: String) throws(StoreError) -> HistoryEntry?

    /// Every save, newest first.
    func history() throws(StoreError) -> [HistoryEntry]

    /// Restores the settings of `target` as a new revision. History keeps no
    /// password: `password` supplies one, else the current one is kept.
    /// Fails with `.incompleteRevision` rather than save unusable settings.
    func rollback(to target: Int, basedOn revision: Int, password: String?) throws(StoreError) -> RollbackOutcome

    /// The same store, giving what it creates or saves to `owner` (the
    /// application's user), mode 0600, folders it makes 0700. nil keeps an
    /// existing store's owner (a new one belongs to whoever saves it).
    func owned(by owner: StoreOwner?) -> any SettingsStore

    /// Who owns the store and whether `reader` (nil: the owner given to
    /// `owned(by:)`, else the file's own owner) can read it.
    func readability(for reader: StoreOwner?) -> StoreReadability
}

extension StoreLocation {
    /// The backend for this location.
    public func openStore() -> any SettingsStore {
        switch self {
        case .sqlite(let path): SQLiteStore(path: path)
        case .postgres(let database): PostgresStore(database)
        case .file(let application, let path):
            ConfigFileStore(
                application: application, path: path,
                history: FileHistory.resolve(environment: ProcessInfo.processInfo.environment))
        case .odoo(let database):
            OdooStore(database, history: FileHistory.resolve(environment: ProcessInfo.processInfo.environment))
        }
    }
}
