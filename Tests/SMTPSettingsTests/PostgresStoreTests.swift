import Foundation
import SMTPSettings
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The store in Forem's own PostgreSQL database, against a real server,
/// judged by Ruby's pg gem and Psych as Forem reads and writes its table.
@Suite(.enabled(if: PostgresTestServer.isAvailable && RubyOracle.isAvailable, "needs postgresql, ruby and ruby-pg"))
struct PostgresStoreTests {
    let server: PostgresTestServer
    static let password = ["PGPASSWORD": "forem-secret"]

    init() throws { server = try PostgresTestServer.shared() }

    /// Every global settings_smtp row of each database, loaded as Forem loads it.
    static let readRows = """
        require "pg"
        out = JSON.parse(STDIN.read).map do |db|
          conn = PG.connect(host: db["host"], port: db["port"], dbname: db["db"], user: "forem")
          rows = {}
          conn.exec("SELECT var, value FROM settings_smtp WHERE #{db["where"]}").each do |row|
            loaded = YAML.unsafe_load(row["value"])
            rows[row["var"]] = { "class" => loaded.class.name,
                                 "value" => (loaded.is_a?(String) || loaded.is_a?(Integer)) ? loaded : loaded.inspect }
          end
          conn.close
          rows
        end
        puts JSON.generate(out)
        """

    /// Writes rows as Forem's admin form does (`value.to_yaml`, port an Integer).
    static let writeRows = """
        require "pg"
        JSON.parse(STDIN.read).each do |db|
          conn = PG.connect(host: db["host"], port: db["port"], dbname: db["db"], user: "forem")
          now = db["at"] || Time.now.utc.strftime("%Y-%m-%d %H:%M:%S.%6N")
          db["rows"].each do |var, value|
            typed = var == "port" ? Integer(value) : value
            done = conn.exec_params("UPDATE settings_smtp SET value = $2, updated_at = $3 WHERE var = $1 AND #{db["where"]}",
                                    [var, typed.to_yaml, now])
            next if done.cmd_tuples > 0
            conn.exec_params("INSERT INTO settings_smtp (var, value, created_at, updated_at) VALUES ($1, $2, $3, $3)",
                             [var, typed.to_yaml, now])
          end
          conn.close
        end
        puts JSON.generate([])
        """

    struct Database: Encodable {
        var host: String
        var port: Int
        var db: String
        var `where`: String
        var rows: [String: String] = [:]
        var at: String?
    }

    func database(
        _ name: String, _ schema: PostgresTestServer.ForemSchema, rows: [String: String] = [:], at: String? = nil
    )
        -> Database
    {
        Database(
            host: server.socketFolder, port: server.port, db: name,
            where: schema == .subforems ? "subforem_id IS NULL" : "true", rows: rows, at: at)
    }

    func store(_ name: String) throws -> PostgresStore {
        guard case .postgres(let location) = try StoreLocation(parsing: server.url(name)) else {
            throw SetupFailure("not a postgres location")
        }
        return PostgresStore(location, environment: Self.password)
    }

    func smtpSetup(_ arguments: [String], input: String? = nil, environment: [String: String] = password) throws
        -> ProcessResult
    {
        try ProcessRunner.run(BuiltProducts.path("smtp-setup"), arguments, input: input, environment: environment)
    }

    /// Three values a database (user_name, password, domain), to keep the databases few.
    static let chunks = stride(from: 0, to: foremValueTable.count, by: 3).map { start in
        (0..<3).map { foremValueTable[(start + $0) % foremValueTable.count] }
    }

    @Test(arguments: PostgresTestServer.ForemSchema.allCases)
    func foremReadsEveryValueWeWriteAndWeReadEveryRowForemWrote(schema: PostgresTestServer.ForemSchema) throws {
        // What we write, Ruby reads back as the value (the port as an Integer).
        var written: [Database] = []
        for (index, chunk) in Self.chunks.enumerated() {
            let name = try server.makeDatabase(schema, label: "w")
            let settings = MailSettings([
                .address: "smtp.example.com", .port: "\(2000 + index)", .userName: chunk[0], .password: chunk[1],
                .domain: chunk[2], .fromName: chunk[0], .security: "starttls",
            ])
            #expect(try store(name).save(settings, basedOn: 0, action: "test")?.revision == 1)
            written.append(database(name, schema))
        }
        let loaded = try RubyOracle.run(Self.readRows, input: written, as: [[String: ForemStoreTests.Loaded]].self)
        for (index, chunk) in Self.chunks.enumerated() {
            for (key, value) in zip(["user_name", "password", "domain"], chunk) {
                #expect(
                    loaded[index][key] == .init(class: "String", value: .string(value)),
                    "\(key) = \(value.debugDescription)")
            }
            #expect(loaded[index]["port"] == .init(class: "Integer", value: .integer(2000 + index)))
            #expect(loaded[index]["from_name"] == nil && loaded[index]["security"] == nil)
        }
        // What Forem writes, the store reads exactly; `show --json` too.
        var foremWrote: [Database] = []
        for chunk in Self.chunks {
            let rows = ["address": "smtp.example.com", "port": "2525", "user_name": chunk[0], "password": chunk[1]]
            foremWrote.append(
                database(
                    try server.makeDatabase(schema, label: "r"), schema, rows: rows.merging(["domain": chunk[2]]) { $1 }
                ))
        }
        _ = try RubyOracle.run(Self.writeRows, input: foremWrote, as: [String].self)
        for (database, chunk) in zip(foremWrote, Self.chunks) {
            let settings = try store(database.db).load().settings
            #expect(settings[.userName] == chunk[0] && settings[.password] == chunk[1] && settings[.domain] == chunk[2])
            #expect(settings[.port] == "2525")
        }
        let shown = try smtpSetup(["show", "--json", "--store", server.url(foremWrote[0].db)])
        #expect(shown.status == 0, "\(shown.output)")
        let object = try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any]
        #expect((object?["settings"] as? [String: String])?["user_name"] == Self.chunks[0][0])
    }

    @Test func subforemRowsAreLeftAloneAndTheToolsTablesLiveInTheirOwnSchema() throws {
        let name = try server.makeDatabase(.subforems)
        try server.psql(
            """
            INSERT INTO settings_smtp (var, value, created_at, updated_at, subforem_id)
            VALUES ('address', '--- sub.example.com
            ', now(), now(), 7)
            """, database: name)
        let store = try store(name)
        let saved = try store.save(
            MailSettings([.address: "smtp.example.com", .userName: "u", .password: "p", .fromName: "Forem"]),
            basedOn: 0, action: "test")
        #expect(saved?.revision == 1)
        #expect(try store.load().settings[.address] == "smtp.example.com")
        let rows = try server.psql(
            "SELECT var || '=' || coalesce(subforem_id::text, 'global') FROM settings_smtp ORDER BY 1", database: name)
        #expect(rows.contains("address=7\n") && rows.contains("address=global\n"), "\(rows)")
        #expect(!rows.contains("from_name"))
        let tables = try server.psql(
            "SELECT table_schema || '.' || table_name FROM information_schema.tables "
                + "WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1", database: name)
        #expect(tables == "public.settings_smtp\nsmtp_setup.revisions\nsmtp_setup.settings\n")
    }

    @Test func aRowChangedByAnotherClientIsAConflictNamingKeysAndTime() throws {
        let name = try server.makeDatabase(.classic)
        let store = try store(name)
        _ = try store.save(
            MailSettings([.address: "smtp.example.com", .userName: "u", .password: "p"]), basedOn: 0, action: "test")
        let loaded = try store.load()
        _ = try RubyOracle.run(
            Self.writeRows,
            input: [
                database(name, .classic, rows: ["port": "2525", "user_name": "admin"], at: "2024-05-06 07:08:09.5")
            ],
            as: [String].self)
        var mine = loaded.settings
        mine[.domain] = "mail.example.com"
        #expect {
            try store.save(mine, basedOn: loaded.revision, action: "test")
        } throws: { error in
            guard case .conflict(let expected, let current) = error as? StoreError else { return false }
            return expected == 1 && current.revision == 2 && current.changedKeys == [.port, .userName]
                && (error as? StoreError)?.description.contains("changed port, user_name at 2024-05-06T07:08:09Z")
                    == true
        }
        #expect(try store.history().first?.action == "changed outside smtp-setup")
        #expect(try store.load().settings[.userName] == "admin")
        #expect(try store.save(mine, basedOn: 2, action: "test")?.revision == 3)
        // The same through the binary: exit 75, in words.
        _ = try RubyOracle.run(
            Self.writeRows, input: [database(name, .classic, rows: ["address": "smtp.gmail.com"])], as: [String].self)
        let result = try smtpSetup(["set", "port=2526", "--if-revision", "3", "--store", server.url(name)])
        #expect(result.status == 75, "\(result.output)")
        #expect(result.stderr.contains("changed address at "), "\(result.stderr)")
    }

    @Test func whatFormsAdminFormSetBeforeTheFirstSaveIsARevisionToGoBackTo() throws {
        let name = try server.makeDatabase(.classic)
        let rows = [
            "address": "smtp.admin-form.example", "port": "2525", "user_name": "admin", "password": "form-pass",
        ]
        _ = try RubyOracle.run(
            Self.writeRows, input: [database(name, .classic, rows: rows, at: "2024-05-06 07:08:09.5")],
            as: [String].self)
        let store = try store(name)
        #expect(try store.load().revision == 0)
        let changed = MailSettings([
            .address: "smtp.example.com", .userName: "apikey", .password: "new-pass", .domain: "mail.example.com",
        ])
        #expect(try store.save(changed, basedOn: 0, action: "test")?.revision == 2)
        let history = try store.history()
        #expect(history.map(\.revision) == [2, 1])
        #expect(history.last?.action == "found before smtp-setup's first save")
        #expect(history.last?.changedKeys == [.address, .port, .userName, .password])
        #expect(HistoryEntry.timestamp(history.last!.savedAt) == "2024-05-06T07:08:09Z")
        // Undo brings the admin form's rows back, as Forem reads them.
        let undo = try smtpSetup(
            ["rollback", "1", "--password-stdin", "--store", server.url(name)], input: "form-pass\n")
        #expect(undo.status == 0, "\(undo.output)")
        let read = try RubyOracle.run(
            Self.readRows, input: [database(name, .classic)], as: [[String: ForemStoreTests.Loaded]].self)[0]
        #expect(read["address"] == .init(class: "String", value: .string("smtp.admin-form.example")))
        #expect(read["port"] == .init(class: "Integer", value: .integer(2525)))
        #expect(read["user_name"] == .init(class: "String", value: .string("admin")))
        #expect(read["password"] == .init(class: "String", value: .string("form-pass")))
        #expect(read["domain"] == nil)
        // A first save into an empty store has nothing before it.
        let empty = try self.store(try server.makeDatabase(.classic))
        #expect(try empty.save(changed, basedOn: 0, action: "test")?.revision == 1)
        #expect(try empty.history().count == 1)
    }

    @Test func tlsOnConnectIsRefusedForForemsDatabaseWithTheFix() throws {
        let name = try server.makeDatabase(.classic)
        let result = try smtpSetup(
            [
                "set", "address=smtp.example.com", "port=465", "security=tls", "user_name=u", "--password-stdin",
                "--store", server.url(name),
            ], input: "p\n")
        #expect(result.status == 65, "\(result.output)")
        #expect(result.stderr.contains("Forem cannot use TLS on connect"), "\(result.stderr)")
        #expect(result.stderr.contains("Use port 587 with starttls"))
        #expect(try server.psql("SELECT count(*) FROM settings_smtp", database: name) == "0\n")
        // The store refuses it too, whatever the front end checked.
        #expect(throws: StoreError.self) {
            try store(name).save(
                MailSettings([
                    .address: "a.example.com", .port: "465", .security: "tls", .userName: "u", .password: "p",
                ]),
                basedOn: 0, action: "test")
        }
    }

    /// Forem treats SMTP as not set up without a login: a relay without one is refused, with the reason.
    @Test func aRelayWithoutALoginIsRefusedForForemsDatabase() throws {
        let name = try server.makeDatabase(.classic)
        let result = try smtpSetup(
            ["set", "address=relay.example.com", "port=25", "authentication=none", "--store", server.url(name)])
        #expect(result.status == 65, "\(result.output)")
        #expect(result.stderr.contains("Forem sends through SMTP only with a user name and password"))
        #expect(try server.psql("SELECT count(*) FROM settings_smtp", database: name) == "0\n")
        #expect(throws: StoreError.self) {
            try store(name).save(
                MailSettings([.address: "relay.example.com", .port: "25", .authentication: "none"]), basedOn: 0,
                action: "test")
        }
    }

    @Test func everyHeadlessCommandWorksOnIt() throws {
        let name = try server.makeDatabase(.subforems)
        let url = server.url(name)
        let set = try smtpSetup(
            ["set", "address=smtp.example.com", "user_name=apikey", "--password-stdin", "--store", url], input: "k1\n")
        #expect(set.status == 0, "\(set.output)")
        #expect(set.stdout.contains(Notices.foremPickUp))
        #expect(try smtpSetup(["set", "port=2525", "--store", url]).status == 0)
        let history = try smtpSetup(["history", "--store", url])
        #expect(history.status == 0 && history.stdout.contains("port"), "\(history.output)")
        let rollback = try smtpSetup(["rollback", "1", "--store", url])
        #expect(rollback.status == 0, "\(rollback.output)")
        #expect(try store(name).load().settings[.port] == "587")
        let export = try smtpSetup(["export", "--store", url])
        #expect(export.status == 0, "\(export.output)")
        let reset = try smtpSetup(["reset", "--yes", "--store", url])
        #expect(reset.status == 0, "\(reset.output)")
        #expect(try server.psql("SELECT count(*) FROM settings_smtp", database: name) == "0\n")
    }

    @Test func clearCacheRunsRailsInFormsFolderOnlyWhenAsked() throws {
        let name = try server.makeDatabase(.classic)
        let forem = TemporaryDirectory("forem-app")
        try FileManager.default.createDirectory(atPath: forem.file("bin"), withIntermediateDirectories: true)
        // A stand-in for Forem's bin/rails: records where and how it ran.
        let rails = forem.file("bin/rails")
        try "#!/bin/sh\necho \"$(pwd) $*\" > ran.txt\n[ ! -e fail ] || { echo 'boom'; exit 3; }\n".write(
            toFile: rails, atomically: false, encoding: .utf8)
        chmod(rails, 0o755)
        let base = ["set", "address=smtp.example.com", "user_name=u", "--store", server.url(name)]
        let plain = try smtpSetup(base + ["--password-stdin"], input: "p\n")
        #expect(plain.status == 0 && !FileManager.default.fileExists(atPath: forem.file("ran.txt")))
        let cleared = try smtpSetup(base + ["port=2525", "--clear-cache", "--forem-dir", forem.path])
        #expect(cleared.status == 0, "\(cleared.output)")
        #expect(cleared.stdout.contains("Cleared Forem's settings cache"))
        let ran = try String(contentsOfFile: forem.file("ran.txt"), encoding: .utf8)
        #expect(ran == "\(forem.path) runner Settings::SMTP.clear_cache\n")
        _ = FileManager.default.createFile(atPath: forem.file("fail"), contents: nil)
        let failed = try smtpSetup(base + ["port=2526", "--clear-cache", "--forem-dir", forem.path])
        #expect(failed.status == 69, "\(failed.output)")
        #expect(
            failed.stderr.contains("saved, but clearing Forem's settings cache failed")
                && failed.stderr.contains("boom"))
        #expect(try store(name).load().settings[.port] == "2526")
        let missing = try smtpSetup(base + ["--clear-cache"])
        #expect(missing.status == 64 && missing.stderr.contains("--forem-dir"), "\(missing.output)")
    }
}
