import Foundation
import SMTPSettings
import TestSupport
import Testing

/// The history of an application's file keeps no digest that depends on the
/// password (someone who reads history could try passwords against it), for
/// every format; outside edits are still seen; histories older versions
/// wrote upgrade without a spurious outside edit and lose their old digests.
@Suite struct FileHistoryDigestTests {
    let dir = TemporaryDirectory("history-digest")

    /// One application's file as shipped, by the name the application gives it.
    struct Case: Sendable, CustomTestStringConvertible {
        var application: Application
        var fileName: String
        var shipped: String
        var testDescription: String { "\(application.title) \(fileName)" }
    }

    static let cases: [Case] =
        ApplicationFile.all.map {
            Case(application: $0.application, fileName: $0.application.fileName, shipped: $0.shipped)
        }
        + [
            Case(application: .umbraco, fileName: "appsettings.json", shipped: UmbracoFormatTests.shipped),
            Case(application: .umbraco, fileName: "web.config", shipped: UmbracoWebConfigTests.shipped),
        ]

    static let settings = MailSettings([
        .address: "smtp.example.com", .port: "587", .security: "starttls", .verifyCertificate: "true",
        .authentication: "plain", .userName: "apikey", .fromEmailAddress: "app@example.com",
    ])

    static func settings(password: String?, address: String = "smtp.example.com") -> MailSettings {
        var settings = Self.settings
        settings[.password] = password
        settings[.address] = address
        return settings
    }

    /// The shipped file without SMTP settings (so the first save here is
    /// revision 1, with nothing found before it) in a folder of its own, and
    /// a store for it with its own history.
    func make(_ item: Case, in name: String) throws -> (path: String, history: String) {
        let folder = dir.file(name)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = (folder as NSString).appendingPathComponent(item.fileName)
        let format = try #require(item.application.format)
        let cleared = try format.write(MailSettings(), into: item.shipped)
        let left = try format.read(cleared)
        try #require(left.isEmpty, "\(left.dictionary)")
        try cleared.write(toFile: path, atomically: false, encoding: .utf8)
        return (path, (folder as NSString).appendingPathComponent("history.sqlite3"))
    }

    func store(_ item: Case, _ file: (path: String, history: String)) -> ConfigFileStore {
        HistoryFileBytes.store(item.application, file)
    }

    func save(_ item: Case, _ file: (path: String, history: String), _ settings: MailSettings) throws {
        try HistoryFileBytes.save(item.application, file, settings)
    }

    func editOutside(_ item: Case, _ path: String, _ change: (inout MailSettings) -> Void) throws {
        let format = try #require(item.application.format)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var settings = try format.read(text)
        change(&settings)
        let edited = try format.write(settings, into: text)
        #expect(edited != text)
        try edited.write(toFile: path, atomically: false, encoding: .utf8)
    }

    @Test(arguments: cases)
    func historyHoldsNeitherThePasswordNorADigestOfTheFileAsWritten(_ item: Case) throws {
        let passwords = ["hist0ry-S3cret-one", "hist0ry-S3cret-two"]
        let file = try make(item, in: "one")
        var written: [String] = []
        for (index, password) in passwords.enumerated() {
            try save(item, file, Self.settings(password: password, address: "smtp\(index).example.com"))
            written.append(try String(contentsOfFile: file.path, encoding: .utf8))
        }
        #expect(written.allSatisfy { text in passwords.contains { text.contains($0) } }, "the file holds it")
        for password in passwords { #expect(try !HistoryFileBytes.holds(password, in: file.history)) }
        let digests = try HistoryFileBytes.digests(file.history)
        #expect(digests.count == 2)
        for text in written {
            for old in [HistoryFileBytes.legacyDigest(ofFile: text), try HistoryFileBytes.sha256(text)] {
                #expect(try !HistoryFileBytes.holds(old, in: file.history), "a digest of the file with its password")
                #expect(!digests.contains(old))
            }
        }
        // The same save with another password leaves the same digest: it does not depend on the password.
        let other = try make(item, in: "other")
        try save(item, other, Self.settings(password: "an0ther-Secret", address: "smtp0.example.com"))
        #expect(try HistoryFileBytes.digests(other.history) == [digests[0]])
    }

    @Test(arguments: cases)
    func betweenRunsAnEditOfAnotherKeyOrOfWhetherThereIsAPasswordIsRecordedButNotAPasswordsValue(_ item: Case) throws {
        let file = try make(item, in: "runs")
        try save(item, file, Self.settings(password: "first-S3cret"))
        // The password alone changed by hand between two runs: the next save records no outside edit.
        try editOutside(item, file.path) { $0[.password] = "second-S3cret" }
        try save(item, file, Self.settings(password: "second-S3cret", address: "smtp2.example.com"))
        #expect(try store(item, file).history().map(\.action) == ["test", "test"])
        // Another key changed by hand is recorded, as before.
        try editOutside(item, file.path) { $0[.address] = "smtp3.example.com" }
        try save(item, file, Self.settings(password: "second-S3cret", address: "smtp4.example.com"))
        var history = try store(item, file).history()
        #expect(history.map(\.action) == ["test", "changed outside smtp-setup", "test", "test"])
        // (The keys a format derives from others, like authentication, may show as changed too.)
        #expect(history[1].changedKeys.contains(.address) && !history[1].changedKeys.contains(.password))
        // The password removed by hand is recorded too: history keeps whether there is one.
        try editOutside(item, file.path) { $0[.password] = nil }
        try save(item, file, Self.settings(password: nil, address: "smtp5.example.com"))
        history = try store(item, file).history()
        #expect(history.count == 6 && history[1].action == "changed outside smtp-setup")
        #expect(history[1].changedKeys.contains(.password) && !history[1].changedKeys.contains(.address))
    }

    @Test(arguments: cases)
    func aPasswordOnlyEditBetweenLoadAndSaveIsStillAConflict(_ item: Case) throws {
        let file = try make(item, in: "conflict")
        try save(item, file, Self.settings(password: "first-S3cret"))
        let store = store(item, file)
        let loaded = try store.load()
        try editOutside(item, file.path) { $0[.password] = "changed-S3cret" }
        let edited = try String(contentsOfFile: file.path, encoding: .utf8)
        #expect {
            _ = try store.save(
                Self.settings(password: "first-S3cret", address: "smtp2.example.com"),
                basedOn: loaded.revision, action: "test")
        } throws: { error in
            guard let error = error as? StoreError, case .fileChanged = error else { return false }
            return error.exitCode == 75
        }
        #expect(try String(contentsOfFile: file.path, encoding: .utf8) == edited, "nothing was written")
    }

    /// Two saves whose digests are replaced by the ones an older version
    /// made (of the whole file, password included); returns them.
    func makeLegacyHistory(_ item: Case, _ file: (path: String, history: String)) throws -> [String] {
        try HistoryFileBytes.makeLegacyHistory(
            file.history, save: { try save(item, file, Self.settings(password: $0, address: $1)) },
            legacyDigest: {
                HistoryFileBytes.legacyDigest(ofFile: try String(contentsOfFile: file.path, encoding: .utf8))
            })
    }

    @Test(arguments: cases)
    func anOlderVersionsHistoryUpgradesAtASaveWithoutASpuriousOutsideEditAndLosesItsOldDigests(_ item: Case) throws {
        let file = try make(item, in: "upgrade")
        let legacy = try makeLegacyHistory(item, file)
        // A save with no load before it (`set --if-revision 2`): the save's own transaction replaces them.
        let saved = try store(item, file).save(
            Self.settings(password: "second-S3cret", address: "smtp2.example.com"), basedOn: 2, action: "test")
        #expect(saved?.revision == 3)
        #expect(try store(item, file).history().map(\.action) == ["test", "test", "test"], "no outside edit")
        try HistoryFileBytes.expectNoLegacyDigest(legacy, in: file.history)

        // An old digest the file no longer matches: the edit made since is recorded once, as the old version would.
        let edited = try make(item, in: "upgrade-edited")
        let old = try makeLegacyHistory(item, edited)
        try editOutside(item, edited.path) { $0[.address] = "smtp.edited.example" }
        _ = try store(item, edited).save(
            Self.settings(password: "second-S3cret", address: "smtp9.example.com"), basedOn: 2, action: "test")
        let history = try store(item, edited).history()
        #expect(history.map(\.action) == ["test", "changed outside smtp-setup", "test", "test"])
        #expect(history[1].changedKeys.contains(.address) && !history[1].changedKeys.contains(.password))
        try HistoryFileBytes.expectNoLegacyDigest(old, in: edited.history)
        // And the next save records nothing more.
        try save(item, edited, Self.settings(password: "second-S3cret", address: "smtp10.example.com"))
        #expect(try store(item, edited).history().count == 5)
    }

    @Test(arguments: cases)
    func anOlderVersionsHistoryLosesItsOldDigestsAtALoadAndTheNextSaveSeesNoOutsideEdit(_ item: Case) throws {
        let file = try make(item, in: "load")
        let legacy = try makeLegacyHistory(item, file)
        let loaded = try store(item, file).load()
        #expect(loaded.revision == 2)
        try HistoryFileBytes.expectNoLegacyDigest(legacy, in: file.history)
        try save(item, file, Self.settings(password: "second-S3cret", address: "smtp2.example.com"))
        #expect(try store(item, file).history().map(\.action) == ["test", "test", "test"], "no outside edit")
    }
}
