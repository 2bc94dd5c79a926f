import Foundation
import SMTPSettings
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The store given to the application's user (`--owner`), through the real binary.
/// Giving files away needs root, as on a server.
@Suite(.enabled(if: geteuid() == 0, "chown needs root"))
struct StoreOwnerTests {
    let dir = TemporaryDirectory("owner")
    let settings = ["address=smtp.example.com", "user_name=apikey", "from_email_address=app@example.com"]

    func smtpSetup(_ arguments: [String], input: String? = nil) throws -> ProcessResult {
        try ProcessRunner.run(BuiltProducts.path("smtp-setup"), arguments, input: input)
    }

    func configure(_ store: String, _ extra: [String] = []) throws -> ProcessResult {
        try smtpSetup(["set"] + settings + ["--password-stdin", "--store", store] + extra, input: "pw-1234\n")
    }

    func ownerAndMode(_ path: String) -> (uid: uid_t, gid: gid_t, mode: UInt32)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (info.st_uid, info.st_gid, UInt32(info.st_mode & 0o7777))
    }

    /// Reads the store as that user, the way the application would.
    func readAs(_ user: String, _ store: String) throws -> ProcessResult {
        try ProcessRunner.run(
            "/usr/bin/setpriv",
            [
                "--reuid", user, "--regid", user == "nobody" ? "nogroup" : user, "--clear-groups", "--",
                BuiltProducts.path("smtp-setup"), "show", "--json", "--store", store,
            ])
    }

    @Test func aNewStoreAndItsFolderBelongToTheOwner() throws {
        let folder = dir.file("app")
        let store = folder + "/settings.sqlite3"
        let result = try configure(store, ["--owner", "nobody"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("The store is owned by nobody:nogroup, mode 0600."))
        #expect(!result.stderr.contains("cannot read"), "\(result.stderr)")
        let file = try #require(ownerAndMode(store))
        #expect(file.uid == 65534 && file.gid == 65534 && file.mode == 0o600)
        let made = try #require(ownerAndMode(folder))
        #expect(made.uid == 65534 && made.mode == 0o700)
        let asNobody = try readAs("nobody", store)
        #expect(asNobody.status == 0 && asNobody.stdout.contains("smtp.example.com"), "\(asNobody.output)")
        // No one else: another unprivileged user is kept out.
        #expect(try readAs("daemon", store).status != 0)
    }

    @Test func anExistingStoreKeepsItsOwner() throws {
        let store = dir.file("settings.sqlite3")
        #expect(try configure(store, ["--owner", "daemon"]).status == 0)
        let result = try smtpSetup(["set", "port=2525", "--store", store])
        #expect(result.status == 0, "\(result.output)")
        let file = try #require(ownerAndMode(store))
        #expect(file.uid == 1 && file.gid == 1 && file.mode == 0o600)
        #expect(try readAs("daemon", store).stdout.contains("2525"))
    }

    @Test func anEmptyFileMadeForTheStoreKeepsItsOwner() throws {
        let store = dir.file("settings.sqlite3")
        #expect(FileManager.default.createFile(atPath: store, contents: nil))
        #expect(chown(store, 1, 1) == 0)
        #expect(try configure(store).status == 0)
        let file = try #require(ownerAndMode(store))
        #expect(file.uid == 1 && file.mode == 0o600)
    }

    @Test func ownerGivesAnExistingStoreAwayAndTightensItsMode() throws {
        let store = dir.file("settings.sqlite3")
        #expect(try configure(store).status == 0)
        #expect(ownerAndMode(store)?.uid == 0)
        #expect(chmod(store, 0o644) == 0)
        let result = try smtpSetup(["set", "--owner", "nobody:daemon", "--store", store])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("Nothing changed"))
        #expect(result.stdout.contains("owned by nobody:daemon, mode 0600"))
        let file = try #require(ownerAndMode(store))
        #expect(file.uid == 65534 && file.gid == 1 && file.mode == 0o600)
        #expect(try readAs("nobody", store).status == 0)
    }

    @Test func ownerGivesAnApplicationsFileAwayAndClosesItToOtherUsers() throws {
        let folder = dir.file("mastodon")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/.env.production"
        try "LOCAL_DOMAIN=example.com\n".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(chmod(path, 0o644) == 0)
        let result = try ProcessRunner.run(
            BuiltProducts.path("smtp-setup"),
            ["set"] + settings + ["--password-stdin", "--store", "mastodon:\(path)", "--owner", "nobody"],
            input: "pw-1234\n", environment: [FileHistory.environmentVariable: dir.file("history.sqlite3")])
        #expect(result.status == 0, "\(result.output)")
        let file = try #require(ownerAndMode(path))
        #expect(file.uid == 65534 && file.gid == 65534 && file.mode == 0o640)
        // Without --owner, the next save keeps owner and mode.
        let again = try ProcessRunner.run(
            BuiltProducts.path("smtp-setup"), ["set", "port=2525", "--store", "mastodon:\(path)"],
            environment: [FileHistory.environmentVariable: dir.file("history.sqlite3")])
        #expect(again.status == 0, "\(again.output)")
        #expect(ownerAndMode(path).map { $0.uid == 65534 && $0.mode == 0o640 } == true)
    }

    @Test(arguments: [
        ("no-such-user-x", "there is no user 'no-such-user-x'"),
        ("nobody:no-such-group-x", "there is no group 'no-such-group-x'"),
        ("a:b:c", "write USER or USER:GROUP"),
        (":nogroup", "write USER or USER:GROUP"),
    ])
    func aBadOwnerIsAUsageErrorWithTheFix(owner: String, message: String) throws {
        let store = dir.file("settings.sqlite3")
        let result = try configure(store, ["--owner", owner])
        #expect(result.status == 64, "\(result.output)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: store))
    }

    @Test func aFolderTheOwnerCannotEnterIsWarnedAbout() throws {
        let folder = dir.file("locked")
        #expect(mkdir(folder, 0o700) == 0)
        let store = folder + "/settings.sqlite3"
        let result = try configure(store, ["--owner", "nobody"])
        #expect(result.status == 0, "\(result.output)")
        #expect(
            result.stderr.contains(
                "warning: the application's user nobody cannot read \(store): the folder \(folder) is owned by root "
                    + "with mode 0700, so nobody cannot enter it. Fix: chown nobody \(folder)."),
            "\(result.stderr)")
        #expect(try readAs("nobody", store).status != 0)

        let owner = try StoreOwner(parsing: "nobody")
        let before = SQLiteStore(path: store).readability(for: owner)
        #expect(!before.canRead && before.obstacles.map(\.path) == [folder])
        #expect(before.ownership == "owned by nobody:nogroup, mode 0600")
        #expect(chmod(folder, 0o711) == 0)
        #expect(SQLiteStore(path: store).readability(for: owner).canRead)
        #expect(SQLiteStore(path: store).readability(for: owner).warning == nil)
        #expect(try readAs("nobody", store).status == 0)
    }

    @Test func aStoreOwnedByAnotherUserIsWarnedAbout() throws {
        let store = dir.file("settings.sqlite3")
        #expect(try configure(store).status == 0)
        let readability = SQLiteStore(path: store).readability(for: try StoreOwner(parsing: "daemon"))
        #expect(!readability.canRead)
        #expect(readability.warning?.contains("it is owned by root with mode 0600") == true)
        #expect(readability.warning?.contains("--owner daemon") == true)
        #expect(SQLiteStore(path: dir.file("absent.sqlite3")).readability(for: nil).owner == nil)
    }

    @Test func showTellsTheOwnerAndWhetherTheApplicationCanRead() throws {
        let store = dir.file("settings.sqlite3")
        #expect(try configure(store, ["--owner", "nobody"]).status == 0)
        let show = try smtpSetup(["show", "--json", "--store", store])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        #expect(object["owner"] as? String == "nobody:nogroup" && object["mode"] as? String == "0600")
        #expect(show.stderr.isEmpty, "\(show.stderr)")
        let asDaemon = try smtpSetup(["show", "--owner", "daemon", "--store", store])
        #expect(asDaemon.status == 0)
        #expect(asDaemon.stdout.contains("Owner: owned by nobody:nogroup, mode 0600"))
        #expect(asDaemon.stderr.contains("the application's user daemon cannot read \(store)"), "\(asDaemon.stderr)")
        // show never changes the owner.
        #expect(ownerAndMode(store)?.uid == 65534)
    }

    @Test func onlyRootGivesTheStoreToAnotherUser() throws {
        let folder = dir.file("shared")
        #expect(mkdir(folder, 0o777) == 0 && chmod(folder, 0o777) == 0)
        let store = folder + "/settings.sqlite3"
        let result = try ProcessRunner.run(
            "/usr/bin/setpriv",
            [
                "--reuid", "daemon", "--regid", "daemon", "--clear-groups", "--", BuiltProducts.path("smtp-setup"),
                "set", "address=smtp.example.com", "--owner", "nobody", "--store", store,
            ])
        #expect(result.status == 77, "\(result.output)")
        #expect(result.stderr.contains("cannot give \(store) to nobody: only root can give a file to another user"))
        #expect(!FileManager.default.fileExists(atPath: store))
    }

    @Test func ownerParsing() throws {
        let nobody = try StoreOwner(parsing: "nobody")
        #expect(nobody.uid == 65534 && nobody.group == "nogroup" && !nobody.groupGiven)
        let numeric = try StoreOwner(parsing: "1:65534")
        #expect(numeric.user == "daemon" && numeric.group == "nogroup")
        #expect(throws: StoreOwnerError.unknownUser("ghost-user-x")) { try StoreOwner(parsing: "ghost-user-x") }
        #expect(throws: StoreOwnerError.badSyntax("nobody:")) { try StoreOwner(parsing: "nobody:") }
    }
}
