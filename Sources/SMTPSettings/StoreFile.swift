import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What sits at a store path, judged from its bytes before SQLite opens it,
/// so that a file that is not ours is never opened for writing.
enum StoreFileKind: Equatable {
    case absent
    /// Zero bytes: nothing to lose, safe to initialise.
    case empty
    case store
    case foreign(String)
}

enum StoreFile {
    /// Written into the SQLite header (`PRAGMA application_id`): "SMTP".
    static let applicationID: Int32 = 0x534D_5450
    static let sqliteMagic = Array("SQLite format 3\0".utf8)

    static func inspect(_ path: String) throws(StoreError) -> StoreFileKind {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return .absent }
            if errno == EACCES {
                throw .permissionDenied(path: path, owner: owner(ofNearest: path), action: "reading the settings")
            }
            throw .ioFailure(path: path, reason: "it cannot be looked at (\(String(cString: strerror(errno))))")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: return .foreign("a directory")
        case S_IFLNK: return .foreign("a symbolic link (give the real path)")
        default: return .foreign("not a regular file")
        }
        if info.st_size == 0 { return .empty }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .permissionDenied(path: path, owner: owner(ofNearest: path), action: "reading the settings")
        }
        defer { try? handle.close() }
        let header = Array((try? handle.read(upToCount: 512)) ?? Data())
        guard header.starts(with: sqliteMagic) else {
            return .foreign(looksLikeText(header) ? "a text file" : "a file that is not a SQLite database")
        }
        guard header.count >= 72 else { return .foreign("a truncated SQLite file") }
        let id = header[68..<72].reduce(Int32(0)) { ($0 << 8) | Int32($1) }
        if id == applicationID { return .store }
        let tables = foreignTables(path)
        return .foreign(
            tables.isEmpty
                ? "another SQLite database"
                : "another SQLite database (tables: \(tables.prefix(5).joined(separator: ", ")))")
    }

    static func looksLikeText(_ bytes: [UInt8]) -> Bool {
        guard String(validating: bytes, as: UTF8.self) != nil || bytes.count == 512 else { return false }
        return bytes.allSatisfy { $0 == 9 || $0 == 10 || $0 == 13 || $0 >= 32 }
    }

    /// Table names of a foreign database, read without SQLite so that not
    /// even a journal is ever created next to it: the text of its schema
    /// page holds `CREATE TABLE name`.
    static func foreignTables(_ path: String) -> [String] {
        guard let handle = FileHandle(forReadingAtPath: path),
            let data = try? handle.read(upToCount: 65536)
        else { return [] }
        try? handle.close()
        let text = String(decoding: data.map { $0 >= 32 && $0 < 127 ? $0 : 32 }, as: UTF8.self)
        var names: [String] = []
        var rest = Substring(text)
        while let range = rest.range(of: "CREATE TABLE ") {
            let name = rest[range.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "\"" }
            let cleaned = name.replacingOccurrences(of: "\"", with: "")
            if !cleaned.isEmpty && !names.contains(cleaned) { names.append(cleaned) }
            rest = rest[range.upperBound...]
        }
        return names
    }

    /// The user who owns the file, or its nearest existing parent.
    static func owner(ofNearest path: String) -> String {
        var current = path
        var info = stat()
        while stat(current, &info) != 0 {
            let parent = (current as NSString).deletingLastPathComponent
            if parent == current || parent.isEmpty { return "unknown" }
            current = parent
        }
        if let entry = getpwuid(info.st_uid), let name = entry.pointee.pw_name {
            return String(cString: name)
        }
        return "uid \(info.st_uid)"
    }

    /// The nearest directory that exists at or above `path`.
    static func nearestExistingDirectory(_ path: String) -> String {
        var current = path
        var isDirectory: ObjCBool = false
        while !(FileManager.default.fileExists(atPath: current, isDirectory: &isDirectory) && isDirectory.boolValue) {
            let parent = (current as NSString).deletingLastPathComponent
            if parent == current || parent.isEmpty { return "/" }
            current = parent
        }
        return current
    }

    /// Creates missing directories with 0700; returns those it created, top first.
    @discardableResult
    static func makeDirectory(_ directory: String) throws(StoreError) -> [String] {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            if isDirectory.boolValue { return [] }
            throw .cannotCreate(path: directory, reason: "\(directory) exists and is not a directory")
        }
        let parent = (directory as NSString).deletingLastPathComponent
        var created: [String] = []
        if parent != directory { created = try makeDirectory(parent) }
        if mkdir(directory, 0o700) == 0 {
            created.append(directory)
        } else if errno != EEXIST {
            let reason = String(cString: strerror(errno))
            if errno == EACCES {
                throw .permissionDenied(path: parent, owner: owner(ofNearest: parent), action: "creating the store")
            }
            if errno == EROFS { throw .readOnly(path: directory, reason: "the file system is mounted read-only") }
            if errno == ENOSPC { throw SQLiteStore.diskFull(directory) }
            throw .cannotCreate(path: directory, reason: reason)
        }
        return created
    }

    /// Where a new store is built before it is linked into place: hidden,
    /// beside the store, and named for this program and the process, so a
    /// later run can tell its own leftovers from anyone else's files.
    static func temporaryName(for path: String) -> String {
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        return (directory as NSString).appendingPathComponent(
            ".\(name).smtp-setup-new-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    }

    /// Removes new stores a killed run left half made: those whose process
    /// is gone (the older `.NAME.new-PID-N` form too).
    static func removeLeftovers(of path: String) {
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for entry in entries {
            var rest: Substring
            if entry.hasPrefix(".\(name).smtp-setup-new-") {
                rest = entry.dropFirst(name.count + 17)
            } else if entry.hasPrefix(".\(name).new-") {
                rest = entry.dropFirst(name.count + 6)
            } else {
                continue
            }
            if rest.hasSuffix("-journal") { rest = rest.dropLast(8) }
            let parts = rest.split(separator: "-")
            guard parts.count == 2, let pid = Int32(parts[0]), UInt32(parts[1]) != nil else { continue }
            if pid != getpid(), kill(pid, 0) != 0, errno == ESRCH {
                unlink((directory as NSString).appendingPathComponent(entry))
            }
        }
    }

    static func syncDirectory(_ directory: String) {
        let fd = open(directory, O_RDONLY)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
    }
}

/// Who is saving, as history records it.
public enum OSUser {
    public static func current(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let uid = geteuid()
        var name = "uid \(uid)"
        if let entry = getpwuid(uid), let raw = entry.pointee.pw_name { name = String(cString: raw) }
        if uid == 0, let sudoUser = environment["SUDO_USER"], !sudoUser.isEmpty, sudoUser != "root" {
            return "\(name) (sudo by \(sudoUser))"
        }
        return name
    }
}
