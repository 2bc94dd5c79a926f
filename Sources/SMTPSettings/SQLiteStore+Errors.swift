import Foundation
import GRDB

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// SQLite's and the OS's failures in the admin's words: a busy store is
/// busy, a full disk is full, a read-only file system is read-only. Only a
/// store SQLite itself finds corrupt is ever called damaged, because the
/// advice for that (restore, move away) would destroy a healthy store.
extension SQLiteStore {
    /// How long a save or a read waits for another program to let go of
    /// the store. `SMTP_SETUP_BUSY_WAIT` (seconds) changes it for scripts.
    static var busyWait: Double {
        let text = ProcessInfo.processInfo.environment["SMTP_SETUP_BUSY_WAIT"] ?? ""
        guard let seconds = Double(text), seconds >= 0, seconds <= 600 else { return 10 }
        return seconds
    }

    /// Told once per wait that the store is busy, so the admin knows why
    /// nothing happens; set by the headless commands (the full-screen
    /// wizard shows its own state instead).
    public static func onBusy(_ notice: (@Sendable (String) -> Void)?) {
        busyNotice.withLock { $0 = notice }
    }

    static let busyNotice = BusyNoticeSlot()

    func busyMode() -> Database.BusyMode {
        let limit = Self.busyWait
        let path = path
        let waitStarted = BusyNoticeSlot()
        return .callback { tries in
            // Each wait is bounded on its own, from its first try.
            let start = waitStarted.started(fresh: tries == 0)
            if tries == 0 {
                let holders = Self.holders(of: path)
                let who = holders.isEmpty ? "another program" : "another program (\(holders.joined(separator: ", ")))"
                Self.busyNotice.announce(
                    "the store is busy: \(who) is using it; waiting up to \(Int(limit.rounded(.up))) seconds…")
            }
            guard Date().timeIntervalSince(start) < limit else { return false }
            usleep(20_000)
            return true
        }
    }

    /// Runs database work, turning SQLite's failures into the admin's words.
    func run<T>(_ body: () throws -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch {
            throw translate(error)
        }
    }

    func translate(_ error: any Error) -> StoreError {
        if let storeError = error as? StoreError { return storeError }
        if error is DecodingError {
            return .damaged(
                path: path, detail: "a saved revision in its history is not in the form smtp-setup writes")
        }
        guard let databaseError = error as? DatabaseError else {
            return .damaged(path: path, detail: "it could not be read")
        }
        switch databaseError.resultCode {
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return .damaged(path: path, detail: "SQLite reports its contents corrupt")
        case .SQLITE_FULL:
            return Self.diskFull(path)
        case .SQLITE_IOERR where errno == ENOSPC || errno == EDQUOT:
            return Self.diskFull(path)
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_AUTH,
            .SQLITE_IOERR where errno == EROFS:
            return Self.refusedWrite(path, action: "saving")
        case .SQLITE_CANTOPEN:
            return .cannotCreate(path: path, reason: "SQLite cannot open it or the folder holding it")
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return .busy(path: path, holders: Self.holders(of: path), waited: Self.busyWait)
        case .SQLITE_IOERR:
            return .ioFailure(path: path, reason: "reading or writing it failed (\(Self.osReason(errno)))")
        case .SQLITE_ERROR where (databaseError.message ?? "").contains("no such table"):
            return .damaged(path: path, detail: "its tables are missing")
        default:
            return .damaged(
                path: path, detail: "SQLite cannot use it (result code \(databaseError.resultCode.rawValue))")
        }
    }

    /// The write was refused: a read-only file system, a read-only file
    /// root cannot write either, or a user who is not the owner.
    static func refusedWrite(_ path: String, action: String) -> StoreError {
        let directory = (path as NSString).deletingLastPathComponent
        var info = statvfs()
        if statvfs(StoreFile.nearestExistingDirectory(directory), &info) == 0,
            info.f_flag & UInt(ST_RDONLY) != 0
        {
            return .readOnly(path: path, reason: "the file system holding it is mounted read-only")
        }
        if geteuid() == 0 {
            return .readOnly(path: path, reason: "it cannot be written even by root (an immutable or read-only file)")
        }
        return .permissionDenied(path: path, owner: StoreFile.owner(ofNearest: path), action: action)
    }

    /// How much room a save needs: the store and its journal, with a margin.
    static func diskFull(_ path: String) -> StoreError {
        var info = stat()
        let size = stat(path, &info) == 0 ? Int64(info.st_size) : 0
        let needed = 2 * size + 256 * 1024
        var space = statvfs()
        let directory = StoreFile.nearestExistingDirectory((path as NSString).deletingLastPathComponent)
        let free = statvfs(directory, &space) == 0 ? Int64(space.f_bavail) * Int64(space.f_frsize) : 0
        return .diskFull(path: path, needed: needed, available: free)
    }

    static func osReason(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// Which processes have the store (or its journal) open, by name and
    /// pid, read from /proc; empty when that cannot be known.
    static func holders(of path: String) -> [String] {
        guard let real = realpath(path, nil) else { return [] }
        let target = String(cString: real)
        free(real)
        let files = [target, target + "-journal", target + "-wal", target + "-shm"]
        let me = getpid()
        var found: [String] = []
        let processes = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for pid in processes.compactMap(Int32.init) where pid != me {
            let fdDirectory = "/proc/\(pid)/fd"
            guard let fds = try? FileManager.default.contentsOfDirectory(atPath: fdDirectory) else { continue }
            let holds = fds.contains { fd in
                (try? FileManager.default.destinationOfSymbolicLink(atPath: "\(fdDirectory)/\(fd)"))
                    .map(files.contains) ?? false
            }
            guard holds else { continue }
            let name =
                (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
            found.append("\(TerminalSafe.excerpt(name, limit: 32)), pid \(pid)")
            if found.count == 3 { break }
        }
        return found
    }
}

/// The busy notice, shared by every open store and read from SQLite's busy
/// handler on whatever thread it runs.
final class BusyNoticeSlot: @unchecked Sendable {
    private let lock = NSLock()
    private var notice: (@Sendable (String) -> Void)?
    private var announced = false
    private var start = Date()

    /// When the current wait began; `fresh` starts a new one.
    func started(fresh: Bool) -> Date {
        lock.lock()
        defer { lock.unlock() }
        if fresh { start = Date() }
        return start
    }

    /// Says it once per run: a load and a save that wait do not repeat it.
    func announce(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        guard !announced, let notice else { return }
        announced = true
        notice(text)
    }

    func withLock<T>(_ body: (inout (@Sendable (String) -> Void)?) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&notice)
    }
}
