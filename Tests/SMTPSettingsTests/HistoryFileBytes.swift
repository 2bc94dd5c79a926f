import Foundation
import SMTPSettings
import TestSupport

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
}
