import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An application's settings file on disk: found without following a link
/// out of its folder, read whole, and replaced atomically (a temporary file
/// in the same folder, fsync, rename, fsync of the folder) with the owner,
/// group and mode it had.
struct ConfigFile {
    /// The path as the admin gave it.
    let path: String
    let application: Application

    /// The file as read: its bytes' text, digest, and what stat said.
    struct Contents {
        var text: String
        var digest: String
        var modifiedAt: Date
        var uid: uid_t
        var gid: gid_t
        var mode: mode_t
    }

    /// The regular file the path names: the path itself, or the target of a
    /// link that stays in the same folder.
    func target() throws(StoreError) -> String {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { throw .configFileMissing(path: path, application: application) }
            if errno == EACCES {
                throw .permissionDenied(
                    path: path, owner: StoreFile.owner(ofNearest: path), action: "reading \(application.fileName)")
            }
            throw .ioFailure(path: path, reason: String(cString: strerror(errno)))
        }
        guard info.st_mode & S_IFMT == S_IFLNK else { return path }
        let folder = Self.realFolder(of: path)
        guard let resolved = realpath(path, nil) else {
            if errno == ENOENT { throw .configFileMissing(path: path, application: application) }
            throw .ioFailure(path: path, reason: String(cString: strerror(errno)))
        }
        defer { free(resolved) }
        let real = String(cString: resolved)
        guard (real as NSString).deletingLastPathComponent == folder else {
            throw .symlinkOutside(path: path, target: real)
        }
        return real
    }

    static func realFolder(of path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        guard let resolved = realpath(folder.isEmpty ? "." : folder, nil) else { return folder }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    func read() throws(StoreError) -> Contents {
        let file = try target()
        let fd = open(file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else {
            if errno == EACCES {
                throw .permissionDenied(
                    path: file, owner: StoreFile.owner(ofNearest: file), action: "reading \(application.fileName)")
            }
            throw .ioFailure(path: file, reason: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw unreadable("it is not a regular file.", fix: "Give the path of the file itself.")
        }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = Glibc.read(fd, &buffer, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw .ioFailure(path: file, reason: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            bytes += buffer[0..<count]
            if bytes.count > 16 << 20 { throw unreadable("it is over 16 MiB.", fix: "Give the right file.") }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw unreadable("it is not UTF-8 text.", fix: "Give the right file, or convert it to UTF-8.")
        }
        let modified = Date(
            timeIntervalSince1970: TimeInterval(info.st_mtim.tv_sec) + TimeInterval(info.st_mtim.tv_nsec) / 1e9)
        return Contents(
            text: text, digest: Self.digest(bytes), modifiedAt: modified, uid: info.st_uid, gid: info.st_gid,
            mode: info.st_mode & 0o7777)
    }

    func unreadable(_ message: String, fix: String) -> StoreError {
        .configFileUnreadable(path: path, application: application, error: ConfigFileError(message, fix: fix))
    }

    /// FNV-1a over the whole file (64 bits): enough to see any change. It
    /// covers the password, so only memory keeps it (`SeenFile`); history
    /// keeps `ConfigFileStore.historyDigest`.
    static func digest(_ bytes: [UInt8]) -> String {
        StoreLedger.digest(String(decoding: bytes, as: UTF8.self)) + "-\(bytes.count)"
    }

    /// Replaces the file with `text`: the old file or the new one is there
    /// at every moment, never a mix; owner, group and mode as `old` had
    /// them (or `owner`'s, other users' access removed); no temporary file
    /// left behind.
    func replace(with text: String, keeping old: Contents, owner: StoreOwner?) throws(StoreError) {
        let file = try target()
        let folder = (file as NSString).deletingLastPathComponent
        StoreFile.removeLeftovers(of: file)
        let temporary = StoreFile.temporaryName(for: file)
        let fd = open(temporary, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw failure(errno, file) }
        var closed = false
        defer {
            if !closed { close(fd) }
            unlink(temporary)
        }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure(errno, file)
            }
            written += count
        }
        let uid = owner?.uid ?? old.uid
        let gid = owner?.gid ?? old.gid
        if fchown(fd, uid, gid) != 0 {
            throw .cannotChangeOwner(
                path: file, owner: "\(StoreOwner.userName(uid)):\(StoreOwner.groupName(gid))",
                reason: String(cString: strerror(errno)))
        }
        // Given away, it holds the password for that user: other users lose their access.
        let mode = owner == nil ? old.mode : old.mode & ~0o007
        guard fchmod(fd, mode) == 0, fsync(fd) == 0 else { throw failure(errno, file) }
        closed = true
        guard close(fd) == 0 else { throw failure(errno, file) }
        guard rename(temporary, file) == 0 else { throw failure(errno, file) }
        StoreFile.syncDirectory(folder)
    }

    func failure(_ code: Int32, _ file: String) -> StoreError {
        switch code {
        case EACCES, EPERM:
            .permissionDenied(path: file, owner: StoreFile.owner(ofNearest: file), action: "saving")
        case ENOSPC, EDQUOT: SQLiteStore.diskFull(file)
        case EROFS: .readOnly(path: file, reason: "the file system holding it is mounted read-only")
        default: .ioFailure(path: file, reason: String(cString: strerror(code)))
        }
    }
}
