import Foundation
import GRDB

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The embedded store: one SQLite file holding Forem's `settings_smtp` table
/// as it is, plus revisions beside it.
public struct SQLiteStore: SettingsStore {
    public let path: String
    public var location: StoreLocation { .sqlite(path: path) }
    let user: String
    /// Who new and saved files are given to; nil keeps the store's current owner.
    public internal(set) var owner: StoreOwner?

    public init(path: String, user: String = OSUser.current(), owner: StoreOwner? = nil) {
        self.path = path
        self.user = user
        self.owner = owner
    }

    var directory: String { (path as NSString).deletingLastPathComponent }

    // MARK: Reading

    public func load() throws(StoreError) -> StoredSettings {
        switch try StoreFile.inspect(path) {
        case .absent, .empty:
            return StoredSettings(settings: MailSettings(), revision: 0, latest: nil)
        case .foreign(let what):
            throw .notAStore(path: path, what: what)
        case .store:
            let writable = access(path, W_OK) == 0 && access(directory, W_OK) == 0
            if writable { StoreFile.removeLeftovers(of: path) }
            let queue = try open(writable: writable)
            let noticed = try run { try queue.read { try StoreLedger.outsideChange(SQLiteTables(db: $0)) } } != nil
            guard noticed && writable else {
                return try run { try queue.read { try StoreLedger.load(SQLiteTables(db: $0)) } }
            }
            // Another program changed the rows: history records it before anyone builds on it.
            return try run {
                try queue.write { db in
                    _ = try StoreLedger.recordOutsideChange(SQLiteTables(db: db))
                    return try StoreLedger.load(SQLiteTables(db: db))
                }
            }
        }
    }

    public func history() throws(StoreError) -> [HistoryEntry] {
        guard let queue = try openExisting() else { return [] }
        return try run { try queue.read { try StoreLedger.history(SQLiteTables(db: $0)) } }
    }

    // MARK: Writing

    public func checkWritable() throws(StoreError) {
        try checkCanGiveAway()
        switch try StoreFile.inspect(path) {
        case .foreign(let what):
            throw .notAStore(path: path, what: what)
        case .store, .empty:
            // SQLite writes its journal beside the file, so the folder counts too.
            if access(path, W_OK) != 0 || access(directory, W_OK) != 0 {
                throw Self.refusedWrite(path, action: "saving")
            }
        case .absent:
            let existing = StoreFile.nearestExistingDirectory(directory)
            if access(existing, W_OK) != 0 {
                if errno == EROFS { throw Self.refusedWrite(path, action: "saving") }
                throw .permissionDenied(path: existing, owner: StoreFile.owner(ofNearest: existing), action: "saving")
            }
        }
    }

    public func save(_ settings: MailSettings, basedOn revision: Int, action: String) throws(StoreError)
        -> HistoryEntry?
    {
        let user = self.user
        return try inTransaction(basedOn: revision) { tables in
            try StoreLedger.save(settings, basedOn: revision, user: user, action: action, in: tables)
        }
    }

    public func rollback(to target: Int, basedOn revision: Int, password: String?) throws(StoreError)
        -> RollbackOutcome
    {
        let user = self.user
        return try inTransaction(basedOn: revision) { tables in
            try StoreLedger.rollback(to: target, basedOn: revision, password: password, user: user, in: tables)
        }
    }

    /// Runs a save's body in one immediate transaction, committed even when
    /// it found an outside change (history keeps it), which is then a conflict.
    func inTransaction<Value>(
        basedOn revision: Int, _ body: @escaping (SQLiteTables) throws -> StoreLedger.Outcome<Value>
    ) throws(StoreError) -> Value {
        let queue = try openForWriting()
        let outcome: StoreLedger.Outcome<Value>? = try run {
            try queue.writeWithoutTransaction { db in
                var outcome: StoreLedger.Outcome<Value>?
                try db.inTransaction(.immediate) {
                    outcome = try body(SQLiteTables(db: db))
                    return .commit
                }
                return outcome
            }
        }
        enforceFileMode()
        switch outcome {
        case .done(let value)?: return value
        case .outsideChange(let entry)?: throw .conflict(expected: revision, current: entry)
        case nil: throw .damaged(path: path, detail: "the transaction left no result")
        }
    }

    // MARK: Opening

    /// Opens an existing store; nil when there is none yet.
    func openExisting() throws(StoreError) -> DatabaseQueue? {
        switch try StoreFile.inspect(path) {
        case .absent, .empty: return nil
        case .foreign(let what): throw .notAStore(path: path, what: what)
        case .store: return try open(writable: access(path, W_OK) == 0 && access(directory, W_OK) == 0)
        }
    }

    /// Opens the store for a save, creating it first if needed.
    func openForWriting() throws(StoreError) -> DatabaseQueue {
        try checkWritable()
        switch try StoreFile.inspect(path) {
        case .foreign(let what): throw .notAStore(path: path, what: what)
        case .absent, .empty: try create()
        case .store: try giveExistingStore()
        }
        let queue = try open(writable: true)
        let check = try run { try queue.read { try String.fetchOne($0, sql: "PRAGMA quick_check") } }
        guard check == "ok" else { throw .damaged(path: path, detail: check ?? "integrity check failed") }
        if try run({ try queue.read { try Int.fetchOne($0, sql: "PRAGMA user_version") ?? 0 } }) < Self.schemaVersion {
            try run { try queue.write { try Self.migrate($0) } }
        }
        return queue
    }

    func open(writable: Bool) throws(StoreError) -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = !writable
        configuration.busyMode = busyMode()
        configuration.label = "smtp-setup store"
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw translate(error)
        }
        let version = try run { try queue.read { try Int.fetchOne($0, sql: "PRAGMA user_version") ?? 0 } }
        if version > Self.schemaVersion {
            throw .damaged(
                path: path, detail: "it was written by a newer smtp-setup (schema \(version)); upgrade smtp-setup")
        }
        return queue
    }

    /// Builds a complete store beside the path, then links it into place,
    /// so a store at the path is never half made.
    func create() throws(StoreError) {
        let emptyOwner = StoreOwner.of(path: path)
        let folders = try StoreFile.makeDirectory(directory)
        StoreFile.removeLeftovers(of: path)
        let temporary = StoreFile.temporaryName(for: path)
        let fd = Glibc.open(temporary, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            switch errno {
            case EACCES:
                throw .permissionDenied(path: directory, owner: StoreFile.owner(ofNearest: directory), action: "saving")
            case ENOSPC, EDQUOT: throw Self.diskFull(path)
            case EROFS: throw Self.refusedWrite(path, action: "saving")
            default: throw .cannotCreate(path: path, reason: String(cString: strerror(errno)))
            }
        }
        defer { unlink(temporary) }
        do {
            defer { Glibc.close(fd) }
            try giveNewStore(descriptor: fd, folders: folders, replacing: emptyOwner)
        }
        do {
            let queue = try DatabaseQueue(path: temporary)
            try queue.write { db in try Self.createSchema(db) }
            try queue.close()
        } catch {
            throw translate(error)
        }
        if link(temporary, path) != 0 {
            if errno == EEXIST, (try? StoreFile.inspect(path)) == .empty {
                guard rename(temporary, path) == 0 else {
                    throw .cannotCreate(path: path, reason: String(cString: strerror(errno)))
                }
            } else if errno != EEXIST {
                throw .cannotCreate(path: path, reason: String(cString: strerror(errno)))
            }
            // EEXIST with content: another process created it first; use theirs.
        }
        StoreFile.syncDirectory(directory)
    }
}
