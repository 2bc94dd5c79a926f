import Foundation
import SMTPSettings
import TestSupport
import Testing

/// A file that holds its password besides the assignment the application
/// reads (the line repeated, a comment): history still keeps no digest that
/// depends on it. Mastodon's masking finds every SMTP_PASSWORD line; for
/// the rest, history keeps a digest of the settings instead of the text.
@Suite struct FileHistoryPasswordElsewhereTests {
    let dir = TemporaryDirectory("history-elsewhere")

    /// A file as an admin left it, holding the password a second time.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var application: Application
        /// The file before the save, from the password the save writes.
        var prepared: @Sendable (String) -> String
        /// Whether the password's text outlives the masking, so that history keeps the settings' digest.
        var keepsSettingsDigest: Bool
        var testDescription: String { name }
    }

    static let cases = [
        Case(
            name: "Mastodon, SMTP_PASSWORD twice",
            application: .mastodon,
            prepared: { password in
                ApplicationFile.mastodon.shipped.replacingOccurrences(
                    of: "SMTP_PASSWORD=0123abcd\n", with: "SMTP_PASSWORD=\(Dotenv.quote(password))\n")
                    + "export SMTP_PASSWORD='\(password)' # copied from the old server\n"
            }, keepsSettingsDigest: false),
        Case(
            name: "Mastodon, the password in a comment",
            application: .mastodon,
            prepared: { ApplicationFile.mastodon.shipped + "# SMTP password, for the record: \($0)\n" },
            keepsSettingsDigest: true),
        Case(
            name: "GitLab, the password in a comment",
            application: .gitlab,
            prepared: { ApplicationFile.gitlab.shipped + "# SMTP password, for the record: \($0)\n" },
            keepsSettingsDigest: true),
    ]

    func make(_ item: Case, holding password: String, in name: String) throws -> (path: String, history: String) {
        let folder = dir.file(name)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = (folder as NSString).appendingPathComponent(item.application.fileName)
        try item.prepared(password).write(toFile: path, atomically: false, encoding: .utf8)
        return (path, (folder as NSString).appendingPathComponent("history.sqlite3"))
    }

    func store(_ item: Case, _ file: (path: String, history: String)) -> ConfigFileStore {
        HistoryFileBytes.store(item.application, file)
    }

    func save(_ item: Case, _ file: (path: String, history: String), _ settings: MailSettings) throws {
        try HistoryFileBytes.save(item.application, file, settings)
    }

    /// History's actions, newest first, after the revision for what was
    /// found before the first save (Mastodon's shipped file has settings).
    func actions(_ item: Case, _ file: (path: String, history: String)) throws -> [String] {
        try store(item, file).history().map(\.action).filter { $0 != "found before smtp-setup's first save" }
    }

    @Test(arguments: cases)
    func theSameSaveWithAnotherPasswordLeavesTheSameDigest(_ item: Case) throws {
        var digests: [[String]] = []
        for (index, password) in ["hist0ry S3cret-one", "hist0ry S3cret-two"].enumerated() {
            let file = try make(item, holding: password, in: "save\(index)")
            try save(item, file, FileHistoryDigestTests.settings(password: password))
            let text = try String(contentsOfFile: file.path, encoding: .utf8)
            #expect(text.components(separatedBy: password).count == 3, "the file holds it twice")
            #expect(try !HistoryFileBytes.holds(password, in: file.history))
            for old in [HistoryFileBytes.legacyDigest(ofFile: text), try HistoryFileBytes.sha256(text)] {
                #expect(try !HistoryFileBytes.holds(old, in: file.history), "a digest of the file with its password")
            }
            digests.append(try HistoryFileBytes.digests(file.history))
        }
        // The save's digest is the last. A first save over settings already
        // there records those first, by the settings' own digest.
        let found = item.application == .mastodon ? 1 : 0
        #expect(digests[0].count == found + 1)
        #expect(digests[0] == digests[1], "the digest depends on the password")
        #expect(digests[0].last?.hasPrefix("v2:settings:") == item.keepsSettingsDigest)
        #expect(digests[0].dropLast().allSatisfy { $0.hasPrefix("v2:settings:") })
    }

    @Test(arguments: cases.filter(\.keepsSettingsDigest))
    func withTheSettingsDigestAnOutsideEditOfASettingIsStillRecordedButNotOneOfAnotherLine(_ item: Case) throws {
        let password = "hist0ry S3cret-one"
        let file = try make(item, holding: password, in: "edits")
        try save(item, file, FileHistoryDigestTests.settings(password: password))
        // What this case loses: another line edited by hand between runs is not seen.
        try (try String(contentsOfFile: file.path, encoding: .utf8) + "# edited by hand\n")
            .write(toFile: file.path, atomically: false, encoding: .utf8)
        try save(item, file, FileHistoryDigestTests.settings(password: password, address: "smtp1.example.com"))
        #expect(try actions(item, file) == ["test", "test"])
        // A setting edited by hand still is.
        let format = try #require(item.application.format)
        let text = try String(contentsOfFile: file.path, encoding: .utf8)
        var settings = try format.read(text)
        settings[.address] = "smtp.edited.example"
        try format.write(settings, into: text).write(toFile: file.path, atomically: false, encoding: .utf8)
        try save(item, file, FileHistoryDigestTests.settings(password: password, address: "smtp2.example.com"))
        let history = try store(item, file).history()
        #expect(try actions(item, file) == ["test", "changed outside smtp-setup", "test", "test"])
        #expect(history[1].changedKeys.contains(.address) && !history[1].changedKeys.contains(.password))
    }

    /// Masking every SMTP_PASSWORD line gives what the writer gave when there
    /// is one: digests this version's predecessor kept still match.
    @Test(arguments: [
        "SMTP_PASSWORD=0123abcd", "export SMTP_PASSWORD='pass word' # note", "SMTP_PASSWORD=\"x\"#c",
        "  SMTP_PASSWORD = \"a\\\"b\"",
    ])
    func maskingOneMastodonPasswordLineIsWhatTheWriterDoes(_ line: String) throws {
        let format = MastodonFormat()
        let text = "A=1\n" + line + "\nB=2\n"
        var settings = try format.read(text)
        #expect(settings.hasPassword)
        settings[.password] = "stand-in"
        let masked = try format.maskingPassword(in: text, with: "stand-in")
        #expect(masked == (try format.write(settings, into: text)))
        #expect(masked != text)
    }
}
