import Foundation

/// The store in Odoo's own PostgreSQL database: one row of `ir_mail_server`
/// (named `smtp-setup`), first in sequence so Odoo sends through it; every
/// other row is left alone. Odoo's schema gets nothing of the tool's: the
/// history is the tool's own file (`FileHistory`), keyed by the database.
public struct OdooStore: SettingsStore {
    public let database: PostgresLocation
    public let historyFile: FileHistory
    let user: String
    let environment: [String: String]
    /// The row as this process last read or wrote it, so a save sees any change since.
    let seen = SeenFile()

    public var location: StoreLocation { .odoo(database) }

    /// History's name for this database: the server and the database, not
    /// the user or the TLS mode, which do not change what is stored there.
    var key: String {
        database.isSocket
            ? "odoo+postgres:///\(database.database)?host=\(database.host)&port=\(database.port)"
            : "odoo+postgres://\(database.host):\(database.port)/\(database.database)"
    }

    public init(
        _ database: PostgresLocation, history: FileHistory, user: String = OSUser.current(),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.database = database
        historyFile = history
        self.user = user
        self.environment = environment
    }

    /// Opens a connection for one operation and always closes it. The
    /// database's failures are shared with Forem's store; the two that name
    /// Forem's fix are said for Odoo.
    func withSession<Value>(_ body: (PostgresSession) throws(StoreError) -> Value) throws(StoreError) -> Value {
        do {
            let session = try PostgresSession.open(database, environment: environment)
            defer { session.close() }
            return try body(session)
        } catch .database(.noSuchDatabase(let target, let name)) {
            throw .database(.noSuchOdooDatabase(target: target, database: name))
        } catch .database(.permissionDenied(let target, let user, let detail)) {
            throw .database(.odooPermissionDenied(target: target, user: user, detail: detail))
        }
    }

    // MARK: Reading

    /// The tool's row; no row yet reads as an empty form (the form's own defaults).
    public func load() throws(StoreError) -> StoredSettings {
        let (settings, snapshot) = try current()
        seen.remember(snapshot.digest)
        let latest = try historyFile.revisions(of: key, scrubbingAgainst: snapshot.digest) {
            snapshot.historyDigest
        }.last?.entry
        return StoredSettings(settings: settings, revision: latest?.revision ?? 0, latest: latest)
    }

    /// The row's settings and snapshot now, without remembering them.
    func current() throws(StoreError) -> (settings: MailSettings, snapshot: OdooSnapshot) {
        try withSession { session throws(StoreError) in
            let table = try OdooTable.inspect(session)
            let snapshot = try table.snapshot()
            return (snapshot.settings(hasStrict: table.hasStrict), snapshot)
        }
    }

    public func history() throws(StoreError) -> [HistoryEntry] {
        try historyFile.revisions(of: key).map(\.entry).reversed()
    }

    // MARK: Writing

    /// Asks the server whether this user may change ir_mail_server, and
    /// the history file whether it may be written, without changing anything.
    public func checkWritable() throws(StoreError) {
        try withSession { session throws(StoreError) in
            _ = try OdooTable.inspect(session)
            let rows = try session.query(
                """
                SELECT has_table_privilege('ir_mail_server', 'SELECT') AND has_table_privilege('ir_mail_server', 'INSERT')
                       AND has_table_privilege('ir_mail_server', 'UPDATE')
                       AND has_table_privilege('ir_mail_server', 'DELETE')
                """)
            if (try? rows.first?.decode(Bool.self)) != true {
                throw .database(
                    .permissionDenied(
                        target: session.target, user: database.user,
                        detail: "no SELECT, INSERT, UPDATE and DELETE on ir_mail_server"))
            }
        }
        try historyFile.checkWritable()
    }

    public func save(_ settings: MailSettings, basedOn revision: Int, action: String) throws(StoreError)
        -> HistoryEntry?
    {
        // A reset removes the row; anything else writes the defaults the form showed.
        let settings = settings.isEmpty ? settings : settings.withDefaults
        let problems = OdooMailServer.problems(in: settings).filter { $0.severity == .error }
        if !problems.isEmpty {
            throw .notExpressible(path: location.path, application: .odoo, problems: problems.map(\.description))
        }
        let (key, user, shown) = (self.key, self.user, location.path)
        let saved = try withSession { session throws(StoreError) -> RecordedSave? in
            let table = try OdooTable.inspect(session)
            var open = false
            defer { if open { try? session.execute("ROLLBACK") } }
            // Odoo's transaction holds the row from the check to the commit,
            // inside history's; Odoo's commits first, so a kill in between
            // leaves a row history does not know yet: the next save records it
            // as changed outside smtp-setup.
            return try historyFile.record(
                key: key, seen: seen.digest, basedOn: revision,
                read: { () throws(StoreError) in
                    try session.execute("BEGIN")
                    open = true
                    try table.lock()
                    return try table.snapshot()
                },
                historyDigest: { $0.historyDigest }, changed: { .fileChanged(path: shown, modifiedAt: $0.modifiedAt) },
                settings: { $0.settings(hasStrict: table.hasStrict) },
                body: { (current, next) throws(StoreError) -> RecordedSave? in
                    let old = current.settings(hasStrict: table.hasStrict)
                    if settings.isEmpty {
                        guard let row = current.row else { return nil }
                        try table.delete(row)
                    } else {
                        let server = OdooMailServer(settings, hasStrict: table.hasStrict)
                        guard try table.write(server, over: current.row) else { return nil }
                    }
                    let written = try table.snapshot()
                    try session.execute("COMMIT")
                    open = false
                    let now = written.settings(hasStrict: table.hasStrict)
                    let revision = FileRevision(
                        entry: HistoryEntry(
                            revision: next, savedAt: Date(), savedBy: user, action: action,
                            changedKeys: now.changedKeys(from: old)),
                        snapshot: now, passwordSet: now.hasPassword, fileDigest: written.historyDigest)
                    return RecordedSave(revision: revision, seenDigest: written.digest)
                })
        }
        if let saved { seen.remember(saved.seenDigest) }
        return saved?.revision.entry
    }

    public func rollback(to target: Int, basedOn revision: Int, password: String?) throws(StoreError)
        -> RollbackOutcome
    {
        try historyFile.rollback(
            key: key, to: target, basedOn: revision, password: password, store: .odooDatabase,
            currentPassword: { () throws(StoreError) in try current().settings.password },
            save: { (restored, action) throws(StoreError) in try save(restored, basedOn: revision, action: action) })
    }

    /// The database keeps its own access rules: there is no file to give away.
    public func owned(by owner: StoreOwner?) -> any SettingsStore { self }

    public func readability(for reader: StoreOwner?) -> StoreReadability {
        StoreReadability(path: location.path, owner: nil, mode: nil, reader: reader, obstacles: [])
    }
}
