import Foundation
import GRDB

/// What a store outside the tool's own files looks like now, for history's
/// checks: an application's file, or Odoo's row.
protocol ObservedTarget {
    /// Changes whenever anything that matters changes (the whole file, the
    /// whole row, password included): kept in memory only (`SeenFile`).
    var digest: String { get }
    /// When it last changed, for the message when someone else changed it.
    var modifiedAt: Date { get }
}

extension ConfigFile.Contents: ObservedTarget {}

/// A save as history recorded it: the revision the history file keeps, and
/// the full digest of what was written, which only this process keeps.
struct RecordedSave {
    var revision: FileRevision
    var seenDigest: String
}

extension FileHistory {
    /// Runs a save inside the history's transaction: the target (`key` in
    /// history) must be as this process last saw it (`seen`, a full digest)
    /// and history at `revision`; a change made by someone else since the
    /// last revision (history's digest, `historyDigest`, differs) is recorded
    /// first, as `settings` read it.
    func record<Current: ObservedTarget>(
        key: String, seen: String?, basedOn revision: Int,
        read: () throws(StoreError) -> Current,
        historyDigest: (Current) throws(StoreError) -> String,
        changed: (Current) -> StoreError,
        settings: (Current) throws -> MailSettings,
        body: (Current, Int) throws(StoreError) -> RecordedSave?
    ) throws(StoreError) -> RecordedSave? {
        try transaction { db -> RecordedSave? in
            let revisions = try FileHistory.revisions(of: key, in: db)
            let current = try read()
            if let seen, seen != current.digest { throw changed(current) }
            let latestNumber = revisions.last?.entry.revision ?? 0
            if revision > latestNumber || revision < 0 {
                throw StoreError.noSuchRevision(revision, latest: latestNumber)
            }
            if let latest = revisions.last, latestNumber != revision {
                throw StoreError.conflict(expected: revision, current: latest.entry)
            }
            let now = try historyDigest(current)
            let latestDigest = try FileHistory.scrubLegacyDigests(
                of: key, revisions: revisions, legacy: current.digest, now: now, in: db)
            var next = latestNumber + 1
            if let latest = revisions.last, latestDigest != now {
                let outside = FileHistory.outsideChange(
                    try settings(current), digest: now, modifiedAt: current.modifiedAt, after: latest, number: next)
                try FileHistory.insert(outside, file: key, in: db)
                next += 1
            }
            // The admin's settings from before the first save are a revision
            // of their own, so that undoing that save brings them back.
            let found = revisions.isEmpty ? try settings(current) : MailSettings()
            if !found.isEmpty { next += 1 }
            guard let saved = try body(current, next) else { return nil }
            if !found.isEmpty {
                let before = FileHistory.found(found, modifiedAt: current.modifiedAt, number: next - 1)
                try FileHistory.insert(before, file: key, in: db)
            }
            try FileHistory.insert(saved.revision, file: key, in: db)
            return saved
        }
    }

    /// A revision for the settings that were there before smtp-setup's first
    /// save. The save after it is always the latest, so its digest is never
    /// compared: the settings' own, which no password can be tested against
    /// (the file then may hold any text).
    static func found(_ settings: MailSettings, modifiedAt: Date, number: Int) -> FileRevision {
        FileRevision(
            entry: HistoryEntry(
                revision: number, savedAt: modifiedAt, savedBy: StoreLedger.outsideUser,
                action: StoreLedger.foundAction, changedKeys: settings.changedKeys(from: MailSettings())),
            snapshot: settings, passwordSet: settings.hasPassword, fileDigest: HistoryDigest.ofSettings(settings))
    }

    /// A revision for what someone else changed since `latest`, as `settings` now read.
    static func outsideChange(
        _ settings: MailSettings, digest: String, modifiedAt: Date, after latest: FileRevision, number: Int
    ) -> FileRevision {
        var changed = settings.withoutSecrets.changedKeys(from: latest.snapshot.withoutSecrets)
        if settings.hasPassword != latest.passwordSet { changed = (changed + [.password]).sorted() }
        return FileRevision(
            entry: HistoryEntry(
                revision: number, savedAt: modifiedAt, savedBy: StoreLedger.outsideUser,
                action: StoreLedger.outsideAction, changedKeys: changed),
            snapshot: settings, passwordSet: settings.hasPassword, fileDigest: digest)
    }
}

extension FileHistory {
    /// Restores revision `target` of `key` as a new save. History keeps no
    /// password: `password` supplies one, else the current one is kept.
    func rollback(
        key: String, to target: Int, basedOn revision: Int, password: String?, store: StoreKind,
        currentPassword: () throws(StoreError) -> String?,
        save: (MailSettings, String) throws(StoreError) -> HistoryEntry?
    ) throws(StoreError) -> RollbackOutcome {
        let revisions = try revisions(of: key)
        guard let record = revisions.first(where: { $0.entry.revision == target }) else {
            throw .noSuchRevision(target, latest: revisions.last?.entry.revision ?? 0)
        }
        let current = try currentPassword()
        var restored = record.snapshot
        if record.passwordSet { restored[.password] = password ?? current }
        let errors = SettingsValidator.errors(in: restored, store: store)
        if !errors.isEmpty { throw .incompleteRevision(target, problems: errors.map(\.description)) }
        let changedSince = revisions.contains { $0.entry.revision > target && $0.entry.changedKeys.contains(.password) }
        let entry = try save(restored, "rollback to \(target)")
        return RollbackOutcome(
            entry: entry ?? revisions.last!.entry,
            keptCurrentPassword: record.passwordSet && changedSince && password == nil && current != nil)
    }
}

extension FileHistory {
    /// Fails with `.permissionDenied` now if recording a save would fail later.
    func checkWritable() throws(StoreError) {
        let folder = StoreFile.nearestExistingDirectory((path as NSString).deletingLastPathComponent)
        let target = FileManager.default.fileExists(atPath: path) ? path : folder
        if access(target, W_OK) != 0 {
            throw .permissionDenied(
                path: path, owner: StoreFile.owner(ofNearest: path), action: "recording the history")
        }
    }
}
