import Foundation

/// What can go wrong with the store, each case carrying what the admin
/// needs to read, and the sysexits code a script can branch on.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The path holds something that is not a settings store. It was not touched.
    case notAStore(path: String, what: String)
    /// The path holds a store that SQLite cannot read.
    case damaged(path: String, detail: String)
    /// The store does not exist and cannot be created.
    case cannotCreate(path: String, reason: String)
    /// The OS refuses; `owner` names who may.
    case permissionDenied(path: String, owner: String, action: String)
    /// The store could not be given to the application's user.
    case cannotChangeOwner(path: String, owner: String, reason: String)
    /// The user named as the application's does not exist (`reason` says so, with the fix).
    case unknownOwner(String, reason: String)
    /// Someone saved after this change started; nothing was written.
    case conflict(expected: Int, current: HistoryEntry)
    case unsupportedLocation(String, reason: String)
    /// Another program held the store for longer than the bounded wait. Not damaged.
    case busy(path: String, holders: [String], waited: Double)
    /// The disk has no room for the save; `needed` and `available` in bytes.
    case diskFull(path: String, needed: Int64, available: Int64)
    /// A read-only file system or file: no user, root included, can write it.
    case readOnly(path: String, reason: String)
    /// The OS failed to read or write the file (not its contents).
    case ioFailure(path: String, reason: String)
    case noSuchRevision(Int, latest: Int)
    /// Restoring this revision would give settings that cannot be used.
    case incompleteRevision(Int, problems: [String])
    /// Forem's PostgreSQL database could not be used.
    case database(DatabaseFailure)
    /// An application's settings file is not there.
    case configFileMissing(path: String, application: Application)
    /// An application's settings file holds what its application would not read as we would.
    case configFileUnreadable(path: String, application: Application, error: ConfigFileError)
    /// The file changed (by a person or another program) after it was loaded. Nothing was written.
    case fileChanged(path: String, modifiedAt: Date)
    /// The path is a symbolic link out of its own folder: writing through it could replace any file.
    case symlinkOutside(path: String, target: String)
    /// The settings hold what the application could not read back exactly. Nothing was written.
    case notExpressible(path: String, application: Application, problems: [String])
    /// One of the above about smtp-setup's own history file (of saves to an
    /// application's file or Odoo's row), which the embedded store's words
    /// would call "the settings store".
    indirect case history(StoreError)

    public var description: String {
        switch self {
        case .notAStore(let path, let what):
            "\(path) is not an smtp-setup settings store: it is \(what). It was left untouched. "
                + "Choose another path with --store, or move that file away."
        case .damaged(let path, let detail):
            "the settings store \(path) is damaged (\(detail)). It was left untouched. "
                + "Restore it from a backup, or move it away to start a new store."
        case .cannotCreate(let path, let reason):
            "cannot create the settings store \(path): \(reason)."
        case .permissionDenied(let path, let owner, let action):
            "\(action) needs root or the owner of \(path) (\(owner)): re-run with sudo."
        case .cannotChangeOwner(let path, let owner, let reason):
            "cannot give \(path) to \(owner): \(reason). Giving the store to another user needs root: "
                + "re-run with sudo, or leave out --owner."
        case .unknownOwner(_, let reason):
            reason + " Nothing was written."
        case .conflict(let expected, let current):
            (current.action == StoreLedger.outsideAction
                ? "another program (Forem's admin form, or a script) changed \(Self.keys(current)) "
                    + "at \(current.savedAtText), after this change started from revision \(expected); "
                    + "history records that as revision \(current.revision). "
                : "someone else saved revision \(current.revision) (\(current.savedBy), \(current.savedAtText); "
                    + "changed: \(Self.keys(current))) after this change started from revision \(expected). ")
                + "Nothing was written. Look at the new settings (smtp-setup show) and apply your change again."
        case .unsupportedLocation(let text, let reason):
            "cannot use '\(TerminalSafe.excerpt(text))' as a store: \(reason). Give a path like \(StoreLocation.defaultPath) "
                + "or sqlite:///path/to/settings.sqlite3, Forem's database as postgres://USER@HOST:PORT/DB, "
                + "or an application's file like mastodon:/home/mastodon/live/.env.production."
        case .busy(let path, let holders, let waited):
            "the settings store \(path) is busy: "
                + (holders.isEmpty ? "another program" : "another program (\(holders.joined(separator: "; ")))")
                + " held it for over \(Int(waited.rounded(.up))) seconds. Nothing is wrong with the store and nothing was "
                + "written. Try again when that program has finished (the application holds it only briefly)."
        case .diskFull(let path, let needed, let available):
            "the disk holding \(path) is full: saving needs about \(Self.size(needed)) free and "
                + "\(Self.size(available)) is. Nothing was written and the store is unchanged. "
                + "Free some space (df -h \((path as NSString).deletingLastPathComponent)) and try again."
        case .readOnly(let path, let reason):
            "cannot write the settings store \(path): \(reason). Nothing was written. "
                + "Remount it read-write, or choose a store on a writable disk with --store."
        case .ioFailure(let path, let reason):
            "cannot use the settings store \(path): \(reason). Nothing was written. "
                + "Check the disk (dmesg) and try again."
        case .incompleteRevision(let revision, let problems):
            "revision \(revision) cannot be restored as it is: \(problems.joined(separator: " ")) "
                + "History never keeps the password: give it with "
                + "smtp-setup rollback \(revision) --password-stdin. Nothing was written."
        case .noSuchRevision(let revision, let latest):
            latest == 0
                ? "there is no revision \(revision): nothing has been saved yet."
                : "there is no revision \(revision): revisions run from 1 to \(latest) (see smtp-setup history)."
        case .database(let failure):
            failure.description
        case .configFileMissing(let path, let application):
            "there is no \(application.title) settings file at \(path). Give the path of \(application.title)'s "
                + "\(application.fileName) (usually \(application.usualPaths[0])) with --store \(application.rawValue):PATH; "
                + "smtp-setup changes an existing file and never creates one."
        case .configFileUnreadable(let path, let application, let error):
            "smtp-setup cannot read \(path) as \(application.title) does: "
                + "\(TerminalSafe.excerpt(error.description, limit: 300)) It was left untouched."
        case .fileChanged(let path, let modifiedAt):
            "\(path) was changed at \(HistoryEntry.timestamp(modifiedAt)) (by a person or another program) after "
                + "smtp-setup read it. Nothing was written. Look at the settings as they are now (smtp-setup show) and "
                + "apply your change again."
        case .symlinkOutside(let path, let target):
            "\(path) is a symbolic link to \(TerminalSafe.excerpt(target)), outside its own folder: smtp-setup does "
                + "not write through it. Nothing was written. Give the real file's path with --store."
        case .history(let error):
            error.description.replacingOccurrences(of: "the settings store ", with: "smtp-setup's history file ")
                .replacingOccurrences(of: "an smtp-setup settings store", with: "smtp-setup's history file")
                .replacingOccurrences(of: "to start a new store", with: "to start a new history")
                .replacingOccurrences(
                    of: "Choose another path with --store, or",
                    with: "Name another with $\(FileHistory.environmentVariable), or"
                )
                .replacingOccurrences(of: ", or choose a store on a writable disk with --store.", with: ".")
                + " It records the saves to the application's settings, which were not touched;"
                + " $\(FileHistory.environmentVariable) names another place for it."
        case .notExpressible(let path, let application, let problems):
            "\(application.title) could not read these settings back exactly from \(path): "
                + "\(problems.joined(separator: " ")) Nothing was written."
        }
    }

    static func size(_ bytes: Int64) -> String {
        bytes >= 1 << 20 ? "\(bytes >> 20) MiB" : "\((bytes + 1023) >> 10) KiB"
    }

    static func keys(_ entry: HistoryEntry) -> String {
        entry.changedKeys.isEmpty ? "the settings" : entry.changedKeys.map(\.rawValue).joined(separator: ", ")
    }

    /// sysexits.h, so scripts can tell the failures apart.
    public var exitCode: Int32 {
        switch self {
        case .notAStore, .damaged, .ioFailure: 74
        case .cannotCreate, .diskFull, .readOnly: 73
        case .busy: 75
        case .permissionDenied, .cannotChangeOwner: 77
        case .conflict: 75
        case .unsupportedLocation, .noSuchRevision, .unknownOwner: 64
        case .incompleteRevision: 65
        case .database(let failure): failure.exitCode
        case .configFileMissing: 66
        case .configFileUnreadable, .notExpressible: 65
        case .fileChanged: 75
        case .symlinkOutside: 77
        case .history(let error): error.exitCode
        }
    }
}
