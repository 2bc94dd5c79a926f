import Foundation
import SMTPSettings
import TestSupport
import Testing

/// The store as Forem uses it, judged by Ruby itself (Psych and
/// ruby-sqlite3): what we write Forem reads, what Forem writes we read.
@Suite(.enabled(if: RubyOracle.isAvailable, "needs Debian's ruby and ruby-sqlite3"))
struct ForemStoreTests {
    let dir = TemporaryDirectory("forem")

    /// Every settings_smtp row of each store, loaded the way Forem loads it.
    static let readRows = """
        require "sqlite3"
        out = JSON.parse(STDIN.read).map do |path|
          db = SQLite3::Database.new(path)
          rows = {}
          db.execute("SELECT var, value FROM settings_smtp") do |var, value|
            loaded = YAML.unsafe_load(value)
            rows[var] = { "class" => loaded.class.name,
                          "value" => (loaded.is_a?(String) || loaded.is_a?(Integer)) ? loaded : loaded.inspect }
          end
          db.close
          rows
        end
        puts JSON.generate(out)
        """

    /// Writes rows as Forem's admin form does: `value.to_yaml`, port an Integer,
    /// updated_at as Rails writes it (now, or the store's `at`).
    static let writeRows = """
        require "sqlite3"
        JSON.parse(STDIN.read).each do |store|
          now = store["at"] || Time.now.utc.strftime("%Y-%m-%d %H:%M:%S.%6N")
          db = SQLite3::Database.new(store["path"])
          store["rows"].each do |var, value|
            typed = var == "port" ? Integer(value) : value
            db.execute("INSERT INTO settings_smtp (var, value, created_at, updated_at) VALUES (?, ?, ?, ?) " \\
                       "ON CONFLICT(var) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                       [var, typed.to_yaml, now, now])
          end
          db.close
        end
        puts JSON.generate([])
        """

    struct Loaded: Decodable, Equatable {
        var `class`: String
        var value: JSONValue
    }

    enum JSONValue: Decodable, Equatable {
        case string(String)
        case integer(Int)
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Int.self) {
                self = .integer(number)
            } else {
                self = .string(try container.decode(String.self))
            }
        }
    }

    struct StoreRows: Encodable {
        var path: String
        var rows: [String: String]
        var at: String?
    }

    func smtpSetup(_ arguments: [String], input: String? = nil) throws -> ProcessResult {
        try ProcessRunner.run(BuiltProducts.path("smtp-setup"), arguments, input: input)
    }

    func json(_ result: ProcessResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test func forenReadsEveryValueWeWriteAsTheStringAndThePortAsAnInteger() throws {
        var paths: [String] = []
        for (index, value) in foremValueTable.enumerated() {
            let path = dir.file("write-\(index).sqlite3")
            let settings = MailSettings([
                .address: "smtp.example.com", .port: "\(2000 + index)", .userName: value, .password: value,
                .domain: value, .fromName: value, .security: "starttls",
            ])
            _ = try SQLiteStore(path: path).save(settings, basedOn: 0, action: "test")
            paths.append(path)
        }
        let stores = try RubyOracle.run(Self.readRows, input: paths, as: [[String: Loaded]].self)
        for (index, value) in foremValueTable.enumerated() {
            let rows = stores[index]
            for key in ["user_name", "password", "domain"] {
                #expect(
                    rows[key] == Loaded(class: "String", value: .string(value)), "\(key) = \(value.debugDescription)")
            }
            #expect(rows["port"] == Loaded(class: "Integer", value: .integer(2000 + index)))
            #expect(rows["authentication"] == Loaded(class: "String", value: .string("plain")))
            // Keys Forem does not know stay out of its table.
            #expect(rows["from_name"] == nil && rows["security"] == nil && rows["verify_certificate"] == nil)
        }
    }

    @Test func aDefaultPortIsWrittenSoForemDoesNotFallBackTo25() throws {
        let path = dir.file("default.sqlite3")
        let result = try smtpSetup(
            ["set", "address=smtp.example.com", "user_name=apikey", "--password-stdin", "--store", path],
            input: "secret-1\n")
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains(Notices.foremPickUp))
        let rows = try RubyOracle.run(Self.readRows, input: [path], as: [[String: Loaded]].self)[0]
        #expect(rows["port"] == Loaded(class: "Integer", value: .integer(587)))
        #expect(rows["address"] == Loaded(class: "String", value: .string("smtp.example.com")))
    }

    @Test func rowsForemWroteAreReadExactlyByShowAndExport() throws {
        // Three values a store: user_name, domain and password.
        let chunks = stride(from: 0, to: foremValueTable.count, by: 3).map {
            Array(foremValueTable[$0..<min($0 + 3, foremValueTable.count)])
        }
        var stores: [StoreRows] = []
        for (index, chunk) in chunks.enumerated() {
            let path = dir.file("read-\(index).sqlite3")
            let start = MailSettings([.address: "smtp.example.com", .userName: "u", .password: "p"])
            _ = try SQLiteStore(path: path).save(start, basedOn: 0, action: "test")
            var rows = ["address": "smtp.gmail.com", "port": "2525", "user_name": chunk[0]]
            if chunk.count > 1 { rows["domain"] = chunk[1] }
            if chunk.count > 2 { rows["password"] = chunk[2] }
            stores.append(StoreRows(path: path, rows: rows))
        }
        _ = try RubyOracle.run(Self.writeRows, input: stores, as: [String].self)
        for store in stores {
            let show = try json(try smtpSetup(["show", "--json", "--store", store.path]))
            let settings = try #require(show["settings"] as? [String: String])
            #expect(settings["address"] == "smtp.gmail.com")
            #expect(settings["port"] == "2525")
            #expect(settings["user_name"] == store.rows["user_name"])
            #expect(settings["domain"] == store.rows["domain"])
            let export = try smtpSetup(["export", "--format", "json", "--store", store.path])
            let exported = try #require(
                try JSONSerialization.jsonObject(with: Data(export.stdout.utf8)) as? [String: String])
            #expect(exported["password"] == store.rows["password"] ?? "p")
        }
    }

    /// A store written by an earlier smtp-setup (schema 1): raw text, every key in settings_smtp.
    @Test func rawRowsAreReadAsTheyAreAndUpgradedByTheNextSave() throws {
        let path = dir.file("raw.sqlite3")
        let sql = """
            PRAGMA application_id = 1397576784;
            PRAGMA user_version = 1;
            CREATE TABLE settings_smtp (
                id INTEGER PRIMARY KEY AUTOINCREMENT, var TEXT NOT NULL UNIQUE, value TEXT,
                created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
            CREATE TABLE smtp_setup_revisions (
                revision INTEGER PRIMARY KEY, saved_at TEXT NOT NULL, saved_by TEXT NOT NULL, action TEXT NOT NULL,
                changed_keys TEXT NOT NULL, snapshot TEXT NOT NULL, password_set INTEGER NOT NULL);
            INSERT INTO settings_smtp (var, value, created_at, updated_at) VALUES
                ('address', 'smtp.raw.example', 'x', 'x'), ('user_name', 'yes', 'x', 'x'),
                ('password', 'a: b #c', 'x', 'x'), ('port', '2525', 'x', 'x'), ('security', 'tls', 'x', 'x');
            INSERT INTO smtp_setup_revisions VALUES
                (1, '2024-01-01 00:00:00.000', 'root', 'set', '[]', '{}', 1);
            """
        let made = try ProcessRunner.run("/usr/bin/sqlite3", [path, sql])
        #expect(made.status == 0, "\(made.output)")
        let show = try json(try smtpSetup(["show", "--json", "--store", path]))
        let settings = try #require(show["settings"] as? [String: String])
        #expect(settings["address"] == "smtp.raw.example" && settings["user_name"] == "yes")
        #expect(settings["port"] == "2525" && settings["security"] == "tls")

        let saved = try smtpSetup(["set", "domain=mail.example.com", "--store", path])
        #expect(saved.status == 0, "\(saved.output)")
        let rows = try RubyOracle.run(Self.readRows, input: [path], as: [[String: Loaded]].self)[0]
        #expect(rows["address"] == Loaded(class: "String", value: .string("smtp.raw.example")))
        #expect(rows["user_name"] == Loaded(class: "String", value: .string("yes")))
        #expect(rows["password"] == Loaded(class: "String", value: .string("a: b #c")))
        #expect(rows["port"] == Loaded(class: "Integer", value: .integer(2525)))
        #expect(rows["security"] == nil)
        let after = try json(try smtpSetup(["show", "--json", "--store", path]))
        #expect((after["settings"] as? [String: String])?["security"] == "tls")
        #expect(after["revision"] as? Int == 2)
        #expect(try ProcessRunner.run("/usr/bin/sqlite3", [path, "PRAGMA user_version"]).stdout == "2\n")
    }

    @Test func aChangeInForemsAdminFormSinceTheLoadIsAConflictNamingKeysAndTime() throws {
        let path = dir.file("conflict.sqlite3")
        let store = SQLiteStore(path: path)
        _ = try store.save(
            MailSettings([.address: "smtp.example.com", .userName: "u", .password: "p"]), basedOn: 0, action: "test")
        let loaded = try store.load()
        #expect(loaded.revision == 1)
        _ = try RubyOracle.run(
            Self.writeRows,
            input: [
                StoreRows(
                    path: path, rows: ["port": "2525", "user_name": "forem-admin"], at: "2024-05-06 07:08:09.123456")
            ],
            as: [String].self)
        var mine = loaded.settings
        mine[.domain] = "mail.example.com"
        #expect(throws: StoreError.self) { try store.save(mine, basedOn: loaded.revision, action: "test") }
        do {
            _ = try store.save(mine, basedOn: loaded.revision, action: "test")
        } catch {
            guard case .conflict(let expected, let current) = error else {
                Issue.record("expected a conflict, got \(error)")
                return
            }
            #expect(expected == 1 && current.revision == 2)
            #expect(current.changedKeys == [.port, .userName])
            // The time is Forem's updated_at.
            #expect(error.description.contains("changed port, user_name at 2024-05-06T07:08:09Z"), "\(error)")
            #expect(error.exitCode == 75)
        }
        let history = try store.history()
        #expect(history.first?.action == "changed outside smtp-setup" && history.first?.revision == 2)
        #expect(try store.load().settings[.port] == "2525")
        #expect(try store.save(mine, basedOn: 2, action: "test")?.revision == 3)
    }

    @Test func setWarnsThatForemCannotUseTLSOnConnect() throws {
        let path = dir.file("tls.sqlite3")
        let result = try smtpSetup(
            [
                "set", "address=smtp.example.com", "port=465", "security=tls", "user_name=u", "--password-stdin",
                "--store", path,
            ], input: "p\n")
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stderr.contains("warning: security: Forem cannot use TLS on connect"), "\(result.stderr)")
        #expect(result.stderr.contains("For Forem, use port 587 with starttls."))
    }

    @Test func setReportsAnOutsideChangeWithExit75() throws {
        let path = dir.file("set-conflict.sqlite3")
        let first = try smtpSetup(
            ["set", "address=smtp.example.com", "user_name=u", "--password-stdin", "--store", path], input: "p\n")
        #expect(first.status == 0, "\(first.output)")
        _ = try RubyOracle.run(
            Self.writeRows, input: [StoreRows(path: path, rows: ["address": "smtp.gmail.com"])], as: [String].self)
        let result = try smtpSetup(["set", "port=2525", "--if-revision", "1", "--store", path])
        #expect(result.status == 75, "\(result.output)")
        #expect(result.stderr.contains("another program (Forem's admin form, or a script) changed address at "))
        #expect(result.stderr.contains("Nothing was written"))
        let history = try smtpSetup(["history", "--store", path])
        #expect(history.stdout.contains("changed outside smtp-setup"), "\(history.stdout)")
    }
}
