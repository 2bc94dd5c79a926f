import Foundation
import SMTPSettings
import TestSupport
import Testing

/// Each application's file written by the real binary (`--store APP:PATH`)
/// and read back by the application's own parser. Mastodon's own suite
/// (MastodonStoreTests) covers its file; this covers the others alike.
@Suite struct ApplicationStoreTests {
    let dir = TemporaryDirectory("application-store")
    var history: String { dir.file("history.sqlite3") }

    func smtpSetup(_ arguments: [String], input: String? = nil) throws -> ProcessResult {
        try ProcessRunner.run(
            BuiltProducts.path("smtp-setup"), arguments, input: input,
            environment: [FileHistory.environmentVariable: history])
    }

    /// The shipped file, alone in a folder of its own.
    func makeFile(_ file: ApplicationFile, in name: String) throws -> String {
        try file.place(in: dir.file(name))
    }

    @Test(arguments: ApplicationFile.others)
    func everyTrickyValueReadsBackExactlyInTheApplicationsParserOrIsRefusedInWords(_ file: ApplicationFile) throws {
        try #require(file.hasParser, "\(file.application.title)'s parser is not installed")
        var written: [(value: String, path: String)] = []
        for (index, value) in foremValueTable.enumerated() {
            let path = try makeFile(file, in: "value-\(index)")
            let result = try smtpSetup(
                [
                    "set", "address=smtp.example.com", "user_name=\(value)", "--password-stdin", "--store",
                    "\(file.store):\(path)",
                ], input: value + "\n")
            // Refused everywhere: a tab, more than 256 bytes; and what the application cannot carry.
            let refusable = value.contains("\t") || value.utf8.count > 256 || file.cannotCarry(value)
            #expect((result.status != 0) == refusable, "\(value.debugDescription): \(result.output)")
            guard result.status == 0 else {
                // Refused: with the reason, before anything was written.
                #expect(result.status == 65, "\(value.debugDescription): \(result.output)")
                #expect(result.stderr.contains("user_name") || result.stderr.contains("password"), "\(result.stderr)")
                #expect(try String(contentsOfFile: path, encoding: .utf8) == file.shipped)
                continue
            }
            written.append((value, path))
        }
        let parsed = try file.credentials(written.map(\.path))
        let unchanged = file.unrelated(file.shipped)
        for (index, item) in written.enumerated() {
            #expect(
                parsed[index] == .init(login: item.value, password: item.value), "\(item.value.debugDescription)")
            let text = try String(contentsOfFile: item.path, encoding: .utf8)
            #expect(file.unrelated(text) == unchanged, "\(item.value.debugDescription): the rest of the file changed")
        }
    }

    @Test(arguments: ApplicationFile.others)
    func theRestOfTheFileOwnerGroupAndModeAreKept(_ file: ApplicationFile) throws {
        try #require(file.hasParser, "\(file.application.title)'s parser is not installed")
        let path = try makeFile(file, in: "owner")
        let owned = geteuid() == 0 ? getpwnam("nobody") : nil
        let group = owned.map { getgrnam("nogroup")?.pointee.gr_gid ?? $0.pointee.pw_gid }
        if let owned, let group { #expect(chown(path, owned.pointee.pw_uid, group) == 0) }
        #expect(chmod(path, 0o640) == 0)
        let password = "SG.x$y\"z'w #1;"
        let result = try smtpSetup(
            [
                "set", "address=smtp.sendgrid.net", "user_name=apikey", "--password-stdin", "--store",
                "\(file.store):\(path)",
            ], input: password + "\n")
        #expect(result.status == 0, "\(result.output)")
        let pickUp = PickUp(application: file.application, file: path, searchPath: nil).command
        #expect(result.stdout.contains(pickUp), "\(result.stdout)")
        #expect(!result.output.contains(password))
        var info = stat()
        #expect(stat(path, &info) == 0)
        if let owned, let group { #expect(info.st_uid == owned.pointee.pw_uid && info.st_gid == group) }
        #expect(info.st_mode & 0o7777 == 0o640)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(file.unrelated(text) == file.unrelated(file.shipped))
        #expect(try file.credentials([path]) == [.init(login: "apikey", password: password)])
        // No temporary file is left beside it.
        let folder = (path as NSString).deletingLastPathComponent
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == [file.application.fileName])
    }

    @Test(arguments: ApplicationFile.others)
    func aChangeBetweenLoadAndSaveIsAConflictNamingTheTime(_ file: ApplicationFile) throws {
        let path = try makeFile(file, in: "conflict")
        let stores = (0..<2).map { _ in
            ConfigFileStore(application: file.application, path: path, history: FileHistory(path: history))
        }
        let a = try stores[0].load()
        let b = try stores[1].load()
        var mine = a.settings
        mine[.address] = "smtp.first.example"
        mine[.userName] = "apikey"
        mine[.password] = "first-pass"
        #expect(try stores[0].save(mine, basedOn: a.revision, action: "test") != nil)
        let saved = try String(contentsOfFile: path, encoding: .utf8)
        var theirs = b.settings
        theirs[.address] = "smtp.second.example"
        do {
            _ = try stores[1].save(theirs, basedOn: b.revision, action: "test")
            Issue.record("the second save was not a conflict")
        } catch {
            guard case .fileChanged(let at, _) = error else { throw error }
            #expect(at == path)
            #expect(error.exitCode == 75)
            #expect(error.description.contains("Nothing was written"))
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == saved)

        // A hand edit after the load (a blank line at the end, valid in every format) is one too.
        let loaded = try stores[0].load()
        try (saved + "\n").write(toFile: path, atomically: false, encoding: .utf8)
        var info = stat()
        stat(path, &info)
        let when = HistoryEntry.timestamp(Date(timeIntervalSince1970: TimeInterval(info.st_mtim.tv_sec)))
        var changed = loaded.settings
        changed[.port] = "2525"
        do {
            _ = try stores[0].save(changed, basedOn: loaded.revision, action: "test")
            Issue.record("a save after a hand edit was not a conflict")
        } catch {
            #expect(error.description.contains(when), "\(error)")
            #expect(error.exitCode == 75)
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == saved + "\n")
        // A fresh load sees the edit and saves over it.
        let fresh = try smtpSetup(
            ["set", "port=2525", "--store", "\(file.store):\(path)", "--if-revision", String(loaded.revision)])
        #expect(fresh.status == 0, "\(fresh.output)")
    }
}
