import Foundation
import GRDB

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One saved revision of an application's file, as history keeps it: the
/// SMTP settings without the password, and a digest of the file as the save
/// left it with the password left out (`HistoryDigest`), so that a change
/// by anyone else shows.
struct FileRevision: Equatable, Sendable {
    var entry: HistoryEntry
    var snapshot: MailSettings
    var passwordSet: Bool
    var fileDigest: String
}

/// The tool's own history of the application files it writes: one SQLite
/// file (by default beside the embedded store), revisions numbered per file.
/// Its write transaction is also what keeps two saves of one file apart.
public struct FileHistory: Sendable {
    public static let environmentVariable = "SMTP_SETUP_HISTORY"
    public static let defaultPath = "/var/lib/smtp-setup/file-history.sqlite3"

    public let path: String

    public init(path: String) { self.path = path }

    /// SMTP_SETUP_HISTORY, else the default beside the embedded store.
    public static func resolve(environment: [String: String]) -> FileHistory {
        let given = environment[environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
        return FileHistory(path: given.map(StoreLocation.absolute) ?? defaultPath)
    }

    /// Whether this process may write the history (and its journal beside it).
    var isWritable: Bool {
        access(path, W_OK) == 0 && access((path as NSString).deletingLastPathComponent, W_OK) == 0
    }

    /// Only for the SQLite plumbing (busy waits, errors in words) the embedded store has.
    var sqlite: SQLiteStore { SQLiteStore(path: path) }

    // MARK: Reading

    func revisions(of file: String) throws(StoreError) -> [FileRevision] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        do throws(StoreError) {
            // Writable when it can be: only a writer rolls back what a killed save left in the journal.
            let queue = try open(writable: isWritable)
            return try sqlite.run { try queue.read { try Self.revisions(of: file, in: $0) } }
        } catch {
            throw naming(error)
        }
    }

    /// An error about the history file itself, named for what it is; any
    /// other (the application's file changed, a conflict) as it is.
    func naming(_ error: StoreError) -> StoreError {
        switch error {
        case .notAStore(let about, _), .damaged(let about, _), .cannotCreate(let about, _), .busy(let about, _, _),
            .diskFull(let about, _, _), .readOnly(let about, _), .ioFailure(let about, _):
            about == path || about == (path as NSString).deletingLastPathComponent ? .history(error) : error
        default: error
        }
    }

    static func revisions(of file: String, in db: Database) throws -> [FileRevision] {
        guard try db.tableExists("file_revisions") else { return [] }
        return try Row.fetchAll(
            db, sql: "SELECT * FROM file_revisions WHERE file = ? ORDER BY revision", arguments: [file]
        ).map(record)
    }

    static func record(_ row: Row) throws -> FileRevision {
        let snapshot: String = row["snapshot"]
        return FileRevision(
            entry: HistoryEntry(
                revision: row["revision"], savedAt: row["saved_at"], savedBy: row["saved_by"], action: row["action"],
                changedKeys: StoreLedger.changedKeys(json: row["changed_keys"])),
            snapshot: MailSettings(
                dictionary: try JSONDecoder().decode([String: String].self, from: Data(snapshot.utf8))),
            passwordSet: row["password_set"], fileDigest: row["file_digest"])
    }

    // MARK: Writing

    /// Runs `body` in one immediate transaction on the history, made first
    /// if needed: a second save of the same file waits for the first.
    func transaction<Value>(_ body: (Database) throws -> Value) throws(StoreError) -> Value {
        do throws(StoreError) {
            let directory = (path as NSString).deletingLastPathComponent
            try StoreFile.makeDirectory(directory)
            let queue = try open(writable: true)
            return try sqlite.run {
                try queue.writeWithoutTransaction { db in
                    var value: Value?
                    try db.inTransaction(.immediate) {
                        value = try body(db)
                        return .commit
                    }
                    return value!
                }
            }
        } catch {
            throw naming(error)
        }
    }

    static func insert(_ revision: FileRevision, file: String, in db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO file_revisions
                    (file, revision, saved_at, saved_by, action, changed_keys, snapshot, password_set, file_digest)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                file, revision.entry.revision, revision.entry.savedAt, revision.entry.savedBy, revision.entry.action,
                try StoreLedger.json(revision.entry.changedKeys.map(\.rawValue)),
                try StoreLedger.json(revision.snapshot.withoutSecrets.dictionary), revision.passwordSet,
                revision.fileDigest,
            ])
    }

    // MARK: Opening

    func open(writable: Bool) throws(StoreError) -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = !writable
        configuration.busyMode = sqlite.busyMode()
        configuration.label = "smtp-setup file history"
        // What a save replaces (an older version's digest) is overwritten, not left in free pages.
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA secure_delete = ON") }
        let fresh = !FileManager.default.fileExists(atPath: path)
        do {
            if fresh {
                // Only root (or the owner) reads who changed what and when.
                let fd = Glibc.open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
                if fd >= 0 { Glibc.close(fd) }
            }
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            if writable {
                try queue.write { db in
                    try db.execute(
                        sql: """
                            CREATE TABLE IF NOT EXISTS file_revisions (
                                file TEXT NOT NULL,
                                revision INTEGER NOT NULL,
                                saved_at TEXT NOT NULL,
                                saved_by TEXT NOT NULL,
                                action TEXT NOT NULL,
                                changed_keys TEXT NOT NULL,
                                snapshot TEXT NOT NULL,
                                password_set INTEGER NOT NULL,
                                file_digest TEXT NOT NULL,
                                PRIMARY KEY (file, revision)
                            )
                            """)
                }
            }
            return queue
        } catch {
            throw sqlite.translate(error)
        }
    }
}
