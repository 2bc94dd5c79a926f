import Foundation
import SMTPSettings
import TestSupport
import Testing

/// Naming Odoo's database (`odoo+postgres://…`), finding it from odoo.conf,
/// what Odoo cannot express, and the real binary saving into it headlessly.
@Suite struct OdooTargetTests {
    let dir = TemporaryDirectory("odoo-target")

    @Test func theStoreURLIsForemsDatabaseURLWithOdoosPrefix() throws {
        let location = try StoreLocation(parsing: "odoo+postgres://odoo@db.example.com:5433/prod?sslmode=require")
        guard case .odoo(let database) = location else {
            Issue.record("\(location)")
            return
        }
        #expect(database.user == "odoo" && database.host == "db.example.com" && database.port == 5433)
        #expect(database.database == "prod" && database.sslMode == .require)
        #expect(location.path == "odoo+postgres://odoo@db.example.com:5433/prod?sslmode=require")
        #expect(location.kind == .odooDatabase && location.kind.application == .odoo)
        #expect(location.filePath == nil)
        #expect(location.openStore() is OdooStore)
        #expect(Application.reading(storeURL: "odoo+postgresql:///odoo?host=/run/postgresql") == .odoo)
        #expect(Application.named(inStoreURL: "odoo+postgres:///odoo") == nil, "no file to pick up")

        // The password never comes from argv, as for Forem's database; from the environment it may.
        #expect {
            _ = try StoreLocation(parsing: "odoo+postgres://odoo:hunter2@db/prod")
        } throws: { error in
            (error as? StoreError)?.exitCode == 64 && !"\(error)".contains("hunter2")
        }
        let fromEnvironment = try StoreLocation.resolve(
            flag: nil, environment: ["SMTP_SETUP_STORE": "odoo+postgres://odoo:hunter2@db/prod"])
        #expect(!fromEnvironment.path.contains("hunter2") && !fromEnvironment.shownName.contains("hunter2"))
        // odoo:PATH is not a store: the message says what is.
        #expect {
            _ = try StoreLocation(parsing: "odoo:/etc/odoo/odoo.conf")
        } throws: { error in
            "\(error)".contains("odoo+postgres://USER@HOST:PORT/DB")
        }
    }

    @Test func whatOdooCannotExpressIsSaidBeforeTheTest() {
        var settings = MailSettings([
            .address: "smtp.example.com", .port: "587", .authentication: "login", .userName: "u", .password: "p",
            .domain: "app.example.com", .fromEmailAddress: "app@example.com",
        ])
        let problems = SettingsValidator.problems(in: settings, store: .odooDatabase)
        let mechanism = problems.first { $0.key == .authentication }
        #expect(mechanism?.severity == .error)
        #expect(mechanism?.description.contains("chosen by Odoo itself") == true)
        #expect(problems.contains { $0.key == .domain && $0.severity == .warning })
        #expect(problems.contains { $0.key == .fromEmailAddress && $0.severity == .warning })
        settings[.authentication] = "plain"
        #expect(SettingsValidator.errors(in: settings, store: .odooDatabase).isEmpty)
        #expect(Application.odoo.unaskedKeys == [.domain, .fromName, .fromEmailAddress, .replyToEmailAddress])
        #expect(Notices.pickUp(for: .odooDatabase).contains("each time it sends: no restart is needed"))
        #expect(StoreKind.odooDatabase.delivery.startTLS == .required)
    }

    @Test func odooConfNamesTheDatabaseAndNeverItsPassword() {
        let tcp = OdooConf(
            """
            [options]
            ; written by the package
            admin_passwd = admin-Secret
            db_host = db.internal
            db_port = 5433
            db_user = odoo
            db_password = Db-Secret-1
            db_name = prod,staging
            """)
        #expect(tcp.storeURL == "odoo+postgres://odoo@db.internal:5433/prod")
        let socket = OdooConf("[options]\ndb_host = False\ndb_port = False\ndb_user = odoo\ndb_password = False\n")
        #expect(socket.storeURL == "odoo+postgres:///odoo?host=/var/run/postgresql&port=5432&user=odoo")
        #expect(OdooConf("[other]\ndb_name = x\n").storeURL.hasPrefix("odoo+postgres:///odoo?"))
        for conf in [tcp, socket] {
            #expect((try? StoreLocation(parsing: conf.storeURL))?.kind == .odooDatabase)
        }
    }

    @Test func targetsFindsOdooConfAndProposesItsDatabase() throws {
        let root = TemporaryDirectory("odoo-root")
        let here = TemporaryDirectory("odoo-cwd")
        let conf = root.file("etc/odoo/odoo.conf")
        try FileManager.default.createDirectory(atPath: root.file("etc/odoo"), withIntermediateDirectories: true)
        try "[options]\ndb_host = 127.0.0.1\ndb_user = odoo\ndb_password = Db-Secret-1\ndb_name = odoo_prod\n"
            .write(toFile: conf, atomically: false, encoding: .utf8)
        let found = TargetFinder(root: root.path, currentDirectory: here.path).find()
        #expect(found.map(\.application) == ["odoo"])
        #expect(found.first?.store == "odoo+postgres://odoo@127.0.0.1:5432/odoo_prod")
        #expect(found.first?.path == conf)

        let result = try ProcessRunner.run(
            "/bin/sh",
            ["-c", "cd \"$1\" && shift && exec \"$@\"", "sh", here.path, BuiltProducts.path("smtp-setup"), "targets"],
            environment: ["SMTP_SETUP_ROOT": root.path, "DATABASE_URL": ""])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("Odoo at \(conf)  store: odoo+postgres://odoo@127.0.0.1:5432/odoo_prod"))
        #expect(!result.output.contains("Db-Secret-1"))
    }

    @Test(.enabled(if: PostgresTestServer.isAvailable, "needs postgresql"))
    func theBinarySavesShowsAndRollsBackHeadlessly() throws {
        let database = try OdooDatabase(in: dir)
        let environment = OdooDatabase.password.merging([FileHistory.environmentVariable: database.history]) { $1 }
        func smtpSetup(_ arguments: [String], input: String? = nil) throws -> ProcessResult {
            try ProcessRunner.run(
                BuiltProducts.path("smtp-setup"), arguments + ["--store", database.url], input: input,
                environment: environment)
        }
        let set = try smtpSetup(
            [
                "set", "address=smtp.example.com", "port=465", "security=tls", "authentication=plain",
                "user_name=apikey", "--password-stdin",
            ], input: "Bin-S3cret")
        #expect(set.status == 0, "\(set.output)")
        #expect(set.stdout.contains("no restart is needed"))
        #expect(!set.output.contains("logged out"), "Forem's lockout notice is Forem's")
        #expect(!set.output.contains("Bin-S3cret") && !set.output.contains("forem-secret"))
        let row = try #require(try database.rows().first)
        #expect(row.encryption == "ssl_strict" && row.password == "Bin-S3cret" && row.port == 465)

        let login = try smtpSetup(["set", "authentication=login"])
        #expect(login.status == 65, "\(login.output)")
        #expect(login.stderr.contains("chosen by Odoo itself"))

        let second = try smtpSetup(["set", "port=2465"])
        #expect(second.status == 0, "\(second.output)")
        let show = try smtpSetup(["show"])
        #expect(show.status == 0 && show.stdout.contains("2465") && !show.output.contains("Bin-S3cret"))
        let history = try smtpSetup(["history"])
        #expect(history.status == 0 && history.stdout.contains("2"), "\(history.output)")
        let rollback = try smtpSetup(["rollback", "1"])
        #expect(rollback.status == 0, "\(rollback.output)")
        #expect(try database.rows().first?.port == 465)
        #expect(try database.rows().first?.password == "Bin-S3cret", "the password stays")
    }

    /// No store named, standing in a folder with an odoo.conf: the wizard
    /// proposes Odoo's database, and choosing it opens it (line mode, on a pipe).
    @Test(.enabled(if: PostgresTestServer.isAvailable, "needs postgresql"))
    func theWizardProposesOdoosDatabaseFromOdooConf() throws {
        let database = try OdooDatabase(in: dir)
        let here = TemporaryDirectory("odoo-wizard-cwd")
        let root = TemporaryDirectory("odoo-wizard-root")
        try
            "[options]\ndb_host = 127.0.0.1\ndb_port = \(database.server.port)\ndb_user = forem\ndb_name = \(database.name)\n"
            .write(toFile: here.file("odoo.conf"), atomically: false, encoding: .utf8)
        let environment = OdooDatabase.password.merging([
            "SMTP_SETUP_ROOT": root.path, "DATABASE_URL": "", "SMTP_SETUP_STORE": "",
            FileHistory.environmentVariable: database.history,
        ]) { $1 }
        let result = try ProcessRunner.run(
            "/bin/sh",
            ["-c", "cd \"$1\" && exec \"$2\" --timeout 5", "sh", here.path, BuiltProducts.path("smtp-setup")],
            input: "1\nq\ny\n", environment: environment)
        #expect(result.stdout.contains("1) Odoo at \(here.file("odoo.conf"))"), "\(result.output)")
        #expect(
            result.stdout.contains(
                "Settings store: odoo+postgres://forem@127.0.0.1:\(database.server.port)/\(database.name)"),
            "\(result.output)")
        #expect(!result.output.contains("forem-secret"))
    }
}
