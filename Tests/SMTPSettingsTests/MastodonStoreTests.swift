import Foundation
import SMTPSettings
import TestSupport
import Testing

/// Mastodon's .env.production written by the real binary and read back by
/// Ruby dotenv (Debian's ruby-dotenv) and by `sh`, as Mastodon and its
/// admins read it.
@Suite(.enabled(if: DotenvOracle.isAvailable, "needs Debian's ruby and ruby-dotenv"))
struct MastodonStoreTests {
    let dir = TemporaryDirectory("mastodon")
    var history: String { dir.file("history.sqlite3") }

    /// A .env.production as `rake mastodon:setup` leaves it, and an admin after.
    static let shipped = """
        # Generated with mastodon:setup on 2024-05-01 10:00:00 UTC
        # Federation
        LOCAL_DOMAIN=social.example.com
        SINGLE_USER_MODE=false

        # Redis
        REDIS_HOST=localhost
        REDIS_PORT=6379

        # PostgreSQL
        DB_HOST=/var/run/postgresql
        DB_USER=mastodon
        DB_NAME=mastodon_production
        DB_PASS='pg #pass word'
        DB_PORT=5432

        # Secrets
        SECRET_KEY_BASE=8c2f7d1e4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0
        OTP_SECRET=1f2e3d4c5b6a79889796a5b4c3d2e1f0
        ACTIVE_RECORD_ENCRYPTION_PRIMARY_KEY=Zm9vYmFyYmF6cXV4

        # Sending mail
        SMTP_SERVER=smtp.mailgun.org
        SMTP_PORT=587
        SMTP_LOGIN=postmaster@mg.example.com
        SMTP_PASSWORD=0123abcd
        SMTP_FROM_ADDRESS='Mastodon <notifications@social.example.com>'

        # File storage (optional)
        S3_ENABLED=false
        """ + "\n"

    func smtpSetup(_ arguments: [String], input: String? = nil) throws -> ProcessResult {
        try ProcessRunner.run(
            BuiltProducts.path("smtp-setup"), arguments, input: input,
            environment: [FileHistory.environmentVariable: history])
    }

    func makeFile(_ name: String = ".env.production", in folder: String? = nil) throws -> String {
        let folder = folder ?? dir.file(name + "-dir")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = (folder as NSString).appendingPathComponent(".env.production")
        try Self.shipped.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    /// The lines that are not the tool's: no SMTP_ assignment, no marker.
    static func otherLines(_ text: String) -> [Substring] {
        text.split(separator: "\n", omittingEmptySubsequences: false).filter {
            !$0.hasPrefix("SMTP_") && $0 != "# SMTP settings written by smtp-setup"
        }
    }

    struct Parsed: Decodable { var login: String?, password: String? }

    /// What Ruby dotenv reads from each file: SMTP_LOGIN and SMTP_PASSWORD.
    static let dotenv = """
        require "dotenv"
        out = JSON.parse(STDIN.read).map do |path|
          env = Dotenv::Parser.call(File.read(path))
          { "login" => env["SMTP_LOGIN"], "password" => env["SMTP_PASSWORD"] }
        end
        puts JSON.generate(out)
        """

    func sh(_ path: String, _ variable: String) throws -> String {
        let result = try ProcessRunner.run(
            "/bin/sh", ["-c", ". \"$1\"; printf %s \"$\(variable)\"", "sh", path], environment: ["LANG": "C.UTF-8"])
        #expect(result.status == 0, "sh: \(result.stderr)")
        return result.stdout
    }

    @Test func everyTrickyValueReadsBackExactlyInDotenvAndShOrIsRefusedInWords() throws {
        var written: [(value: String, path: String)] = []
        for (index, value) in foremValueTable.enumerated() {
            let path = try makeFile(in: dir.file("value-\(index)"))
            let result = try smtpSetup(
                ["set", "user_name=\(value)", "--password-stdin", "--store", "mastodon:\(path)"], input: value + "\n")
            guard result.status == 0 else {
                // Refused: with the reason, before anything was written.
                #expect(result.status == 65, "\(value.debugDescription): \(result.output)")
                #expect(result.stderr.contains("user_name") || result.stderr.contains("password"))
                #expect(try String(contentsOfFile: path, encoding: .utf8) == Self.shipped)
                continue
            }
            written.append((value, path))
        }
        #expect(written.count >= foremValueTable.count - 3, "too many values refused")
        let parsed = try RubyOracle.run(Self.dotenv, input: written.map(\.path), as: [Parsed].self)
        for (index, item) in written.enumerated() {
            #expect(parsed[index].login == item.value, "dotenv login \(item.value.debugDescription)")
            #expect(parsed[index].password == item.value, "dotenv password \(item.value.debugDescription)")
            #expect(try sh(item.path, "SMTP_PASSWORD") == item.value, "sh \(item.value.debugDescription)")
            #expect(try sh(item.path, "SMTP_LOGIN") == item.value, "sh \(item.value.debugDescription)")
            let text = try String(contentsOfFile: item.path, encoding: .utf8)
            // Plus the one blank line before the tool's comment.
            #expect(Self.otherLines(text) == Self.otherLines(Self.shipped) + [""])
        }
    }

    @Test func valuesDotenvCannotCarryAreRefusedWithTheReason() throws {
        let path = try makeFile()
        for value in ["back\\nslash", "cmd$(id)"] {
            let result = try smtpSetup(
                ["set", "address=smtp.example.com", "--password-stdin", "--store", "mastodon:\(path)"],
                input: value + "\n")
            #expect(result.status == 65, "\(result.output)")
            #expect(result.stderr.contains("dotenv"))
            #expect(!result.output.contains(value))
        }
        let domain = try smtpSetup(["set", "domain=[192.0.2.1]", "--store", "mastodon:\(path)"])
        #expect(domain.status == 65 && domain.stderr.contains("YAML"), "\(domain.output)")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == Self.shipped)
    }

    @Test func theRestOfTheFileOwnerGroupAndModeAreKept() throws {
        let path = try makeFile()
        guard geteuid() == 0, let nobody = getpwnam("nobody") else { return }
        let group = getgrnam("nogroup")?.pointee.gr_gid ?? nobody.pointee.pw_gid
        #expect(chown(path, nobody.pointee.pw_uid, group) == 0)
        #expect(chmod(path, 0o640) == 0)
        let result = try smtpSetup(
            [
                "set", "address=smtp.sendgrid.net", "user_name=apikey", "domain=social.example.com",
                "reply_to_email_address=admin@social.example.com", "--password-stdin", "--store", "mastodon:\(path)",
            ], input: "SG.x$y\"z'w\n")
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains(Application.mastodon.pickUpCommand))
        var info = stat()
        #expect(stat(path, &info) == 0)
        #expect(info.st_uid == nobody.pointee.pw_uid && info.st_gid == group)
        #expect(info.st_mode & 0o7777 == 0o640)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("\nSMTP_SERVER=smtp.sendgrid.net\nSMTP_PORT=587\nSMTP_LOGIN=apikey\n"))
        #expect(Self.otherLines(text) == Self.otherLines(Self.shipped) + [""])
        #expect(try sh(path, "SMTP_PASSWORD") == "SG.x$y\"z'w")
        #expect(try sh(path, "SMTP_DOMAIN") == "social.example.com")
        // No temporary file is left beside it.
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent) == [
                ".env.production"
            ])
    }

    @Test func aChangeBetweenLoadAndSaveIsAConflictNamingTheTime() throws {
        let path = try makeFile()
        let location = StoreLocation.file(.mastodon, path: path)
        let first = ConfigFileStore(application: .mastodon, path: path, history: FileHistory(path: history))
        let second = ConfigFileStore(application: .mastodon, path: path, history: FileHistory(path: history))
        let a = try first.load()
        let b = try second.load()
        var mine = a.settings
        mine[.address] = "smtp.first.example"
        #expect(try first.save(mine, basedOn: a.revision, action: "test") != nil)
        var theirs = b.settings
        theirs[.address] = "smtp.second.example"
        do {
            _ = try second.save(theirs, basedOn: b.revision, action: "test")
            Issue.record("the second save was not a conflict")
        } catch {
            guard case .fileChanged(let at, _) = error else { throw error }
            #expect(at == path)
            #expect(error.exitCode == 75)
            #expect(error.description.contains("Nothing was written"))
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("SMTP_SERVER=smtp.first.example\n"))

        // A hand edit after the load is a conflict too, and history records it at the next save.
        let loaded = try first.load()
        let edited = try String(contentsOfFile: path, encoding: .utf8) + "EXTRA=1\n"
        try edited.write(toFile: path, atomically: false, encoding: .utf8)
        // (Revision 1 is what mastodon:setup wrote, found at the first save.)
        #expect(loaded.revision == 2)
        let fresh = try smtpSetup(["set", "port=2525", "--store", location.path, "--if-revision", "2"])
        #expect(fresh.status == 0, "a fresh load sees the edit: \(fresh.output)")
        var info = stat()
        stat(path, &info)
        let when = HistoryEntry.timestamp(Date(timeIntervalSince1970: TimeInterval(info.st_mtim.tv_sec)))
        do {
            _ = try first.save(loaded.settings, basedOn: loaded.revision, action: "test")
            Issue.record("a save after a hand edit was not a conflict")
        } catch {
            #expect(error.description.contains(when), "\(error)")
            #expect(error.exitCode == 75)
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("EXTRA=1\nSMTP_PORT=2525") == false)
        let entries = try first.history()
        #expect(
            entries.map(\.action) == [
                "set", "changed outside smtp-setup", "test", "found before smtp-setup's first save",
            ])
    }

    @Test func aSymlinkOutOfTheFolderIsRefusedAndOneInsideIsFollowed() throws {
        let real = try makeFile(in: dir.file("real"))
        let other = dir.file("other")
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        let outside = (other as NSString).appendingPathComponent(".env.production")
        #expect(symlink(real, outside) == 0)
        let refused = try smtpSetup(["set", "address=smtp.example.net", "--store", "mastodon:\(outside)"])
        #expect(refused.status == 77, "\(refused.output)")
        #expect(refused.stderr.contains("symbolic link"))
        #expect(try String(contentsOfFile: real, encoding: .utf8) == Self.shipped)

        let inside = dir.file("real/env-link")
        #expect(symlink(".env.production", inside) == 0)
        let followed = try smtpSetup(
            ["set", "address=smtp.example.net", "--password-stdin", "--store", "mastodon:\(inside)"], input: "pw-1\n")
        #expect(followed.status == 0, "\(followed.output)")
        #expect(try String(contentsOfFile: real, encoding: .utf8).contains("SMTP_SERVER=smtp.example.net\n"))
        var info = stat()
        #expect(lstat(inside, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK)
    }

    @Test func aMissingFileOrAnApplicationNotYetWritableIsRefusedInWords() throws {
        let missing = try smtpSetup(["show", "--store", "mastodon:\(dir.file("none/.env.production"))"])
        #expect(missing.status == 66, "\(missing.output)")
        #expect(missing.stderr.contains("no Mastodon settings file") && missing.stderr.contains("--store mastodon:"))
        for application in Application.fileApplications where application.format == nil {
            let result = try smtpSetup(["show", "--store", "\(application.rawValue):\(dir.file("x"))"])
            #expect(result.status == 64, "\(result.output)")
            #expect(result.stderr.contains("cannot write \(application.title)"))
        }
    }

    @Test func historyAndRollbackNeverHoldThePassword() throws {
        let path = try makeFile()
        let store = "mastodon:\(path)"
        let secrets = ["first-S3cret!", "second-S3cret?"]
        #expect(
            try smtpSetup(["set", "address=one.example.com", "--password-stdin", "--store", store], input: secrets[0])
                .status == 0)
        #expect(
            try smtpSetup(["set", "address=two.example.com", "--password-stdin", "--store", store], input: secrets[1])
                .status == 0)
        let listed = try smtpSetup(["history", "--store", store])
        #expect(listed.status == 0, "\(listed.output)")
        #expect(listed.stdout.contains("rollback REVISION --store \(store)"))
        let lines = listed.stdout.split(separator: "\n").filter { $0.first?.isNumber == true }
        #expect(lines.count == 3 && lines[0].hasPrefix("3\t") && lines[0].contains("address, password"))
        // What mastodon:setup wrote is revision 1, found at the first save.
        #expect(lines[2].hasPrefix("1\t") && lines[2].contains("found before smtp-setup's first save"))

        let rolled = try smtpSetup(["rollback", "2", "--store", store])
        #expect(rolled.status == 0, "\(rolled.output)")
        #expect(rolled.stderr.contains("current password was kept"))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("SMTP_SERVER=one.example.com\n"))
        #expect(try sh(path, "SMTP_PASSWORD") == secrets[1])
        #expect(try sh(path, "SMTP_SERVER") == "one.example.com")
        let show = try smtpSetup(["show", "--store", store])
        #expect(show.status == 0 && show.stdout.contains("revision 4"), "\(show.output)")

        let export = try smtpSetup(["export", "--format", "json", "--store", store])
        #expect(export.stdout.contains("one.example.com"))
        for file in [history, history + "-wal"] where FileManager.default.fileExists(atPath: file) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            for secret in secrets { #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(file) holds a password") }
        }
        let json = try smtpSetup(["history", "--json", "--store", store])
        for secret in secrets { #expect(!json.output.contains(secret)) }
    }
}

enum DotenvOracle {
    static var isAvailable: Bool {
        RubyOracle.isAvailable && (try? ProcessRunner.run(RubyOracle.executable, ["-rdotenv", "-e", ""]).status) == 0
    }
}
