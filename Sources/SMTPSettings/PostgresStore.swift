import Foundation

/// The store in Forem's own PostgreSQL database: Forem's `settings_smtp` as
/// it is (global rows, YAML values), the tool's revisions and the keys Forem
/// does not know in the schema `smtp_setup`.
public struct PostgresStore: SettingsStore {
    public let database: PostgresLocation
    public var location: StoreLocation { .postgres(database) }
    let user: String
    let environment: [String: String]

    public init(
        _ database: PostgresLocation, user: String = OSUser.current(),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.database = database
        self.user = user
        self.environment = environment
    }

    /// Opens a connection for one operation and always closes it.
    func withSession<Value>(_ body: (PostgresSession) throws(StoreError) -> Value) throws(StoreError) -> Value {
        let session = try PostgresSession.open(database, environment: environment)
        defer { session.close() }
        return try body(session)
    }

    public func load() throws(StoreError) -> StoredSettings {
        try withSession { session throws(StoreError) in
            let tables = try PostgresTables.inspect(session)
            let noticed = try run(session) { try StoreLedger.outsideChange(tables) } != nil
            if noticed {
                // Another program changed the rows: history records it before anyone
                // builds on it, when this user may write; else it is only read.
                let recorded: StoredSettings? = try? session.transaction { () throws(StoreError) in
                    try tables.lock()
                    return try run(session) {
                        _ = try StoreLedger.recordOutsideChange(tables)
                        return try StoreLedger.load(tables)
                    }
                }
                if let recorded { return recorded }
            }
            return try run(session) { try StoreLedger.load(tables) }
        }
    }

    public func history() throws(StoreError) -> [HistoryEntry] {
        try withSession { session throws(StoreError) in
            let tables = try PostgresTables.inspect(session)
            return try run(session) { try StoreLedger.history(tables) }
        }
    }

    /// Asks the server whether this user may change Forem's table and
    /// make (or use) the tool's schema, without changing anything. One
    /// privilege a call: listed together, any one of them would do.
    public func checkWritable() throws(StoreError) {
        try withSession { session throws(StoreError) in
            _ = try PostgresTables.inspect(session)
            let rows = try session.query(
                """
                SELECT has_table_privilege('settings_smtp', 'SELECT') AND has_table_privilege('settings_smtp', 'INSERT')
                       AND has_table_privilege('settings_smtp', 'UPDATE')
                       AND has_table_privilege('settings_smtp', 'DELETE'),
                       CASE WHEN to_regnamespace('smtp_setup') IS NULL
                            THEN has_database_privilege(current_database(), 'CREATE')
                            ELSE has_schema_privilege('smtp_setup', 'USAGE')
                                 AND has_table_privilege('smtp_setup.revisions', 'SELECT')
                                 AND has_table_privilege('smtp_setup.revisions', 'INSERT') END
                """)
            let flags = try? rows.first?.decode((Bool, Bool).self)
            if flags?.0 != true {
                throw .database(
                    .permissionDenied(
                        target: session.target, user: database.user,
                        detail: "no SELECT, INSERT, UPDATE and DELETE on settings_smtp"))
            }
            if flags?.1 != true {
                throw .database(
                    .permissionDenied(
                        target: session.target, user: database.user,
                        detail: "cannot create or use the schema smtp_setup"))
            }
        }
    }

    public func save(_ settings: MailSettings, basedOn revision: Int, action: String) throws(StoreError)
        -> HistoryEntry?
    {
        try refuseWhatForemCannotDo(settings)
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
            let outcome = try StoreLedger.rollback(
                to: target, basedOn: revision, password: password, user: user, in: tables)
            if case .done = outcome, let restored = try? StoreLedger.settings(tables) {
                // Thrown inside: the transaction rolls back and nothing is written.
                try refuseWhatForemCannotDo(restored)
            }
            return outcome
        }
    }

    /// The store's own guard, whatever the front end checked: Forem's
    /// database never gets settings Forem's mailer cannot use.
    /// Only what this store adds: other problems are the front end's to report.
    func refuseWhatForemCannotDo(_ settings: MailSettings) throws(StoreError) {
        // The same problem may carry a fix worded for Forem: compared by what it says is wrong.
        let anywhere = SettingsValidator.errors(in: settings).map { [$0.key.rawValue, $0.message] }
        let errors = SettingsValidator.errors(in: settings, store: .foremDatabase).filter {
            !anywhere.contains([$0.key.rawValue, $0.message])
        }
        if !errors.isEmpty { throw .database(.refused(problems: errors.map(\.description))) }
    }

    /// One transaction, holding Forem's table still from the checks to the
    /// commit. An outside change is committed (history keeps it) and then
    /// reported as a conflict.
    func inTransaction<Value>(
        basedOn revision: Int, _ body: (PostgresTables) throws -> StoreLedger.Outcome<Value>
    ) throws(StoreError) -> Value {
        let outcome = try withSession { session throws(StoreError) in
            try session.transaction { () throws(StoreError) in
                try PostgresTables.inspect(session).lock()
                // Read again under the lock: another first save may have made the schema.
                let tables = try PostgresTables.inspect(session).createToolSchema()
                return try run(session) { try body(tables) }
            }
        }
        switch outcome {
        case .done(let value): return value
        case .outsideChange(let entry): throw .conflict(expected: revision, current: entry)
        }
    }

    /// Runs ledger work, turning the driver's failures into the admin's words.
    func run<T>(_ session: PostgresSession, _ body: () throws -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch {
            throw PostgresErrors.translate(error, location: database, connecting: false)
        }
    }

    /// The database keeps its own access rules: there is no file to give away.
    public func owned(by owner: StoreOwner?) -> any SettingsStore { self }

    public func readability(for reader: StoreOwner?) -> StoreReadability {
        StoreReadability(path: database.description, owner: nil, mode: nil, reader: reader, obstacles: [])
    }
}
