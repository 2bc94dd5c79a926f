import Foundation
import GRDB

/// The store for an application's own settings file, for any format: the
/// format says what the text holds; this says how the file is read,
/// replaced and recorded. History lives in the tool's own `FileHistory`.
public struct ConfigFileStore: SettingsStore {
    public let application: Application
    public let path: String
    public let historyFile: FileHistory
    let user: String
    var owner: StoreOwner?
    /// What this process last read or wrote, so a save sees any change since.
    let seen = SeenFile()

    public var location: StoreLocation { .file(application, path: path) }
    var file: ConfigFile { ConfigFile(path: path, application: application) }

    public init(
        application: Application, path: String, history: FileHistory, user: String = OSUser.current(),
        owner: StoreOwner? = nil
    ) {
        self.application = application
        self.path = path
        historyFile = history
        self.user = user
        self.owner = owner
    }

    func format() throws(StoreError) -> any ConfigFileFormat {
        guard let format = application.format else {
            throw .unsupportedLocation(
                location.path, reason: "this version of smtp-setup cannot write \(application.title)'s file yet")
        }
        return format
    }

    func settings(in text: String) throws(StoreError) -> MailSettings {
        let format = try format()
        do {
            return try format.read(text)
        } catch {
            throw .configFileUnreadable(path: path, application: application, error: error)
        }
    }

    func written(_ settings: MailSettings, into text: String, by format: any ConfigFileFormat) throws(StoreError)
        -> String
    {
        do {
            return try format.write(settings, into: text)
        } catch {
            throw .configFileUnreadable(path: path, application: application, error: error)
        }
    }

    // MARK: Reading

    public func load() throws(StoreError) -> StoredSettings {
        let contents = try file.read()
        let settings = try settings(in: contents.text)
        seen.remember(contents.digest)
        let latest = try historyFile.revisions(of: path, scrubbingAgainst: contents.digest) {
            () throws(StoreError) in try historyDigest(of: contents.text)
        }.last?.entry
        return StoredSettings(settings: settings, revision: latest?.revision ?? 0, latest: latest)
    }

    public func history() throws(StoreError) -> [HistoryEntry] {
        try historyFile.revisions(of: path).map(\.entry).reversed()
    }

    // MARK: Writing

    public func checkWritable() throws(StoreError) {
        let target = try file.target()
        let folder = (target as NSString).deletingLastPathComponent
        if access(target, W_OK) != 0 || access(folder, W_OK) != 0 {
            throw SQLiteStore.refusedWrite(target, action: "saving \(application.fileName)")
        }
        try historyFile.checkWritable()
    }

    public func save(_ settings: MailSettings, basedOn revision: Int, action: String) throws(StoreError)
        -> HistoryEntry?
    {
        // A reset removes the keys; anything else writes the defaults the form showed.
        try write(settings.isEmpty ? settings : settings.withDefaults, basedOn: revision, action: action)
    }

    /// Writes `settings` as they are: a key they do not hold is removed.
    func write(_ settings: MailSettings, basedOn revision: Int, action: String) throws(StoreError) -> HistoryEntry? {
        let format = try format()
        let problems = format.problems(in: settings).filter { $0.severity == .error }
        if !problems.isEmpty {
            throw .notExpressible(path: path, application: application, problems: problems.map(\.description))
        }
        return try record(basedOn: revision) { (current, next) throws(StoreError) -> RecordedSave? in
            let old = try self.settings(in: current.text)
            let text = try written(settings, into: current.text, by: format)
            guard text != current.text else { return nil }
            let digest = try historyDigest(of: text)
            try file.replace(with: text, keeping: current, owner: owner)
            let revision = FileRevision(
                entry: HistoryEntry(
                    revision: next, savedAt: Date(), savedBy: user, action: action,
                    // Only what the file holds: a key the format has no place for never changes there.
                    changedKeys: settings.changedKeys(from: old).filter(format.usedKeys.contains)),
                snapshot: settings, passwordSet: settings.hasPassword, fileDigest: digest)
            return RecordedSave(revision: revision, seenDigest: ConfigFile.digest(Array(text.utf8)))
        }
    }

    public func rollback(to target: Int, basedOn revision: Int, password: String?) throws(StoreError)
        -> RollbackOutcome
    {
        try historyFile.rollback(
            key: path, to: target, basedOn: revision, password: password, store: location.kind,
            currentPassword: { () throws(StoreError) in try settings(in: try file.read().text).password },
            // A revision as it was: what the admin had before the first save
            // holds no defaults of smtp-setup's, and gets none.
            save: { (restored, action) throws(StoreError) in try write(restored, basedOn: revision, action: action) })
    }

    /// Runs a save inside the history's transaction (`FileHistory.record`),
    /// the file's digest as this process last saw it checked first.
    func record(
        basedOn revision: Int,
        _ body: (ConfigFile.Contents, Int) throws(StoreError) -> RecordedSave?
    ) throws(StoreError) -> HistoryEntry? {
        let path = self.path
        let saved = try historyFile.record(
            key: path, seen: seen.digest, basedOn: revision, read: { () throws(StoreError) in try file.read() },
            historyDigest: { (current) throws(StoreError) in try historyDigest(of: current.text) },
            changed: { .fileChanged(path: path, modifiedAt: $0.modifiedAt) },
            settings: { try self.settings(in: $0.text) }, body: body)
        if let saved { seen.remember(saved.seenDigest) }
        return saved?.revision.entry
    }

    /// What history keeps of the file as `text` (`HistoryDigest`): the
    /// digest of the text with the password, if there is one, replaced by a
    /// stand-in by the format itself (`maskingPassword`), which finds it by
    /// key. So the value is left out however the format quotes it and
    /// wherever it writes it; that there is a password still counts. Should
    /// the password's text remain anyway, `HistoryDigest.of(masked:…)`
    /// digests the settings instead.
    func historyDigest(of text: String) throws(StoreError) -> String {
        let settings = try settings(in: text)
        guard let password = settings[.password] else { return HistoryDigest.of(text) }
        let format = try format()
        let masked: String
        do {
            masked = try format.maskingPassword(in: text, with: HistoryDigest.passwordStandIn)
        } catch {
            throw .configFileUnreadable(path: path, application: application, error: error)
        }
        return HistoryDigest.of(masked: masked, password: password, settings: settings)
    }

    // MARK: Owner

    public func owned(by owner: StoreOwner?) -> any SettingsStore {
        var copy = self
        copy.owner = owner
        return copy
    }

    public func readability(for reader: StoreOwner?) -> StoreReadability {
        StoreReadability.check(path: (try? file.target()) ?? path, reader: reader ?? owner)
    }
}

/// The digest of the file as this process last read or wrote it.
final class SeenFile: @unchecked Sendable {
    private let lock = NSLock()
    private var value: String?

    var digest: String? { lock.withLock { value } }

    func remember(_ digest: String) { lock.withLock { value = digest } }
}
