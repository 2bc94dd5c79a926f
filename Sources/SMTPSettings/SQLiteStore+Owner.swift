import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Who the store belongs to: the application's user reads it, no one else.
extension SQLiteStore {
    public func owned(by owner: StoreOwner?) -> any SettingsStore {
        var copy = self
        copy.owner = owner
        return copy
    }

    public func readability(for reader: StoreOwner?) -> StoreReadability {
        StoreReadability.check(path: path, reader: reader ?? owner)
    }

    /// SQLite's companions, which hold the same data while a write is under way.
    var companions: [String] { ["-journal", "-wal", "-shm"].map { path + $0 } }

    /// Refuses early when `--owner` names someone this process cannot give files to.
    func checkCanGiveAway() throws(StoreError) {
        guard let owner, geteuid() != 0, owner.uid != geteuid() else { return }
        throw .cannotChangeOwner(
            path: path, owner: owner.user, reason: "only root can give a file to another user")
    }

    /// Gives a store being made to its owner: `--owner`, else the owner of
    /// the empty file it replaces, else whoever runs this.
    func giveNewStore(descriptor: Int32, folders: [String], replacing emptyOwner: StoreOwner?) throws(StoreError) {
        guard let target = owner ?? emptyOwner else { return }
        // Folders made for the store are its own: the application must enter them.
        for folder in folders {
            if chown(folder, target.uid, target.gid) != 0 {
                throw .cannotChangeOwner(path: folder, owner: target.user, reason: String(cString: strerror(errno)))
            }
        }
        if fchown(descriptor, target.uid, target.gid) != 0 {
            throw .cannotChangeOwner(path: path, owner: target.user, reason: String(cString: strerror(errno)))
        }
    }

    /// Gives an existing store (and any companion file) to `--owner` before
    /// a save writes to it, so that SQLite's journal follows the same owner.
    func giveExistingStore() throws(StoreError) {
        guard let owner else { return }
        for file in [path] + companions {
            var info = stat()
            guard lstat(file, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
            if info.st_uid != owner.uid || info.st_gid != owner.gid, chown(file, owner.uid, owner.gid) != 0 {
                throw .cannotChangeOwner(path: file, owner: owner.user, reason: String(cString: strerror(errno)))
            }
        }
        enforceFileMode()
    }

    /// Only the owner may read or write: 0600 for the store and its companions.
    func enforceFileMode() {
        for file in [path] + companions {
            var info = stat()
            if lstat(file, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_mode & 0o077 != 0 {
                chmod(file, 0o600)
            }
        }
    }
}
