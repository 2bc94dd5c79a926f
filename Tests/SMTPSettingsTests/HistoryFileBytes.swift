import Foundation
import SMTPSettings
import TestSupport
import Testing

/// The history file as someone who can read it sees it: its bytes (with any
/// journal beside it) and its digests read with sqlite3; and the digests
/// versions before the password was left out wrote, made the way they made them.
enum HistoryFileBytes {
    /// Every byte of the history and of any journal or WAL beside it.
    static func bytes(_ history: String) throws -> Data {
        var data = Data()
        for file in [history, history + "-journal", history + "-wal"]
        where FileManager.default.fileExists(atPath: file) {
            data += try Data(contentsOf: URL(fileURLWithPath: file))
        }
        return data
    }

    static func holds(_ text: String, in history: String) throws -> Bool {
        try bytes(history).range(of: Data(text.utf8)) != nil
    }

    static func sqlite(_ history: String, _ sql: String) throws -> String {
        let result = try ProcessRunner.run("/usr/bin/sqlite3", [history, sql])
        guard result.status == 0 else { throw SetupFailure("sqlite3 failed: \(result.stderr)") }
        return result.stdout
    }

    /// file_digest of every revision, in order, as sqlite3 reads it.
    static func digests(_ history: String) throws -> [String] {
        try sqlite(history, "SELECT file_digest FROM file_revisions ORDER BY file, revision")
            .split(separator: "\n").map(String.init)
    }

    /// Writes a digest into a revision, as an older version left it.
    static func setDigest(_ digest: String, revision: Int, in history: String) throws {
        _ = try sqlite(history, "UPDATE file_revisions SET file_digest = '\(digest)' WHERE revision = \(revision)")
    }

    /// FNV-1a, 64 bits, in hex: the hash older versions used.
    static func fnv(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }

    /// An older version's digest of an application's file: all of it, password included.
    static func legacyDigest(ofFile text: String) -> String { fnv(text) + "-\(text.utf8.count)" }

    /// A SHA-256 of the text in hex, as sha256sum prints it.
    static func sha256(_ text: String) throws -> String {
        let result = try ProcessRunner.run("/usr/bin/sha256sum", ["-"], input: text)
        return String(result.stdout.prefix(64))
    }

    /// Two saves whose digests are replaced by the ones an older version
    /// made (`legacyDigest` reads it after each save); returns those.
    static func makeLegacyHistory(
        _ history: String, save: (_ password: String, _ address: String) throws -> Void,
        legacyDigest: () throws -> String
    ) throws -> [String] {
        var legacy: [String] = []
        for (index, password) in ["first-S3cret", "second-S3cret"].enumerated() {
            try save(password, "smtp\(index).example.com")
            legacy.append(try legacyDigest())
        }
        for (index, digest) in legacy.enumerated() {
            try setDigest(digest, revision: index + 1, in: history)
        }
        #expect(try digests(history) == legacy)
        return legacy
    }

    /// None of an older version's digests is left, every one is a new one, the file is sound.
    static func expectNoLegacyDigest(_ legacy: [String], in history: String) throws {
        for old in legacy { #expect(try !holds(old, in: history)) }
        #expect(try digests(history).allSatisfy { $0.hasPrefix("v2:") })
        #expect(try sqlite(history, "PRAGMA integrity_check") == "ok\n")
    }

    /// An application file's store as a new run of the tool makes it: nothing seen yet.
    static func store(_ application: Application, _ file: (path: String, history: String)) -> ConfigFileStore {
        ConfigFileStore(application: application, path: file.path, history: FileHistory(path: file.history))
    }

    /// A save of `settings` through a new run's store, on what it loads.
    static func save(_ application: Application, _ file: (path: String, history: String), _ settings: MailSettings)
        throws
    {
        let store = store(application, file)
        #expect(try store.save(settings, basedOn: try store.load().revision, action: "test") != nil)
    }
}
