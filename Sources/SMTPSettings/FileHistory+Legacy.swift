import Foundation
import GRDB

/// Histories written before the password was left out of their digests
/// (`HistoryDigest`): their old digests go at the first chance, a load or a save.
extension FileHistory {
    /// The revisions of `key`, an older version's digests in them replaced
    /// first when history can be written, against the target as read now
    /// (`legacy`, its full digest; `now`, history's): a target that is only
    /// read again, never saved, loses them too. Best effort: a history busy
    /// or full is read as it is, and the next save, which replaces them in
    /// its own transaction, says why it cannot.
    func revisions(of key: String, scrubbingAgainst legacy: String, now: () throws(StoreError) -> String)
        throws(StoreError) -> [FileRevision]
    {
        let revisions = try revisions(of: key)
        guard revisions.contains(where: { HistoryDigest.isLegacy($0.fileDigest) }), isWritable,
            let digest = try? now()
        else { return revisions }
        let scrubbed = try? transaction { db in
            // Again inside the transaction: a save may have come in between.
            let revisions = try FileHistory.revisions(of: key, in: db)
            _ = try FileHistory.scrubLegacyDigests(of: key, revisions: revisions, legacy: legacy, now: digest, in: db)
            return try FileHistory.revisions(of: key, in: db)
        }
        return scrubbed ?? revisions
    }

    /// Older versions kept a digest of the whole target, password included.
    /// The latest one, if the target is still as it says (compared the old
    /// way, with `legacy`, in memory), becomes `now`; every other becomes
    /// `HistoryDigest.scrubbed`, which only this function writes; only a
    /// latest revision's digest is ever compared with anything. Inside the
    /// caller's transaction (a save's, or `revisions(of:scrubbingAgainst:now:)`'s):
    /// a crash keeps history as it was, or every old digest replaced at once.
    /// Returns the latest revision's digest.
    static func scrubLegacyDigests(
        of key: String, revisions: [FileRevision], legacy: String, now: String, in db: Database
    ) throws -> String? {
        guard let latest = revisions.last else { return nil }
        var latestDigest = latest.fileDigest
        for revision in revisions where HistoryDigest.isLegacy(revision.fileDigest) {
            var digest = HistoryDigest.scrubbed
            if revision.entry.revision == latest.entry.revision {
                if revision.fileDigest == legacy { digest = now }
                latestDigest = digest
            }
            try db.execute(
                sql: "UPDATE file_revisions SET file_digest = ? WHERE file = ? AND revision = ?",
                arguments: [digest, key, revision.entry.revision])
        }
        return latestDigest
    }
}
