import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whether the application's user can read the store, judged from the
/// owners and mode bits of the file and of every folder above it.
public struct StoreReadability: Equatable, Sendable {
    public var path: String
    /// Who owns the store file now; nil when there is no store yet.
    public var owner: StoreOwner?
    /// The file's permission bits (0o600 for a private store).
    public var mode: UInt16?
    /// The user asked about: the application's user, or the owner when none was given.
    public var reader: StoreOwner?
    /// What keeps the reader out, in order from the root down; empty when it can read.
    public var obstacles: [Obstacle]

    public struct Obstacle: Equatable, Sendable {
        public var path: String
        public var isFolder: Bool
        public var owner: StoreOwner
        public var mode: UInt16
        /// The command that lets the reader in.
        public var fix: String
    }

    /// True only when the store exists and the reader is known and can read it.
    public var canRead: Bool { owner != nil && reader != nil && obstacles.isEmpty }

    /// `owned by www-data:www-data, mode 0600`, or nil when there is no store.
    public var ownership: String? {
        guard let owner, let mode else { return nil }
        return "owned by \(owner), mode \(Self.octal(mode))"
    }

    /// The sentence to show when the reader cannot read the store; nil when it can
    /// (or when there is no store or no reader to judge).
    public var warning: String? {
        guard let reader, let first = obstacles.first else { return nil }
        let what =
            first.isFolder
            ? "the folder \(first.path) is owned by \(first.owner.user) with mode \(Self.octal(first.mode)), "
                + "so \(reader.user) cannot enter it"
            : "it is owned by \(first.owner.user) with mode \(Self.octal(first.mode))"
        let fixes = obstacles.map(\.fix).joined(separator: "; ")
        return "the application's user \(reader.user) cannot read \(path): \(what). Fix: \(fixes)."
    }

    /// Judges `path` for `reader`; nil reader means the file's own owner.
    public static func check(path: String, reader: StoreOwner?) -> StoreReadability {
        var info = stat()
        guard stat(path, &info) == 0 else {
            return StoreReadability(path: path, owner: nil, mode: nil, reader: reader, obstacles: [])
        }
        let owner = StoreOwner(uid: info.st_uid, gid: info.st_gid)
        let mode = UInt16(info.st_mode & 0o7777)
        let reader = reader ?? owner
        var obstacles: [Obstacle] = []
        if reader.uid != 0 {
            let groups = reader.groupIDs
            let folders = ancestors(of: path)
            for folder in folders {
                var folderInfo = stat()
                guard stat(folder, &folderInfo) == 0 else { continue }
                if !allows(folderInfo, bit: 0o1, uid: reader.uid, groups: groups) {
                    let folderOwner = StoreOwner(uid: folderInfo.st_uid, gid: folderInfo.st_gid)
                    // The store's own folder can be given to the application; a
                    // shared one above it only opened for passing through.
                    let fix =
                        folder == folders.last
                        ? "chown \(reader.user) \(folder)"
                        : "chmod o+x \(folder), or keep the store in a folder \(reader.user) can reach"
                    obstacles.append(
                        Obstacle(
                            path: folder, isFolder: true, owner: folderOwner,
                            mode: UInt16(folderInfo.st_mode & 0o7777), fix: fix))
                }
            }
            if !allows(info, bit: 0o4, uid: reader.uid, groups: groups) {
                obstacles.append(
                    Obstacle(
                        path: path, isFolder: false, owner: owner, mode: mode,
                        fix: "save again with --owner \(reader.user) (or: chown \(reader.user) \(path))"))
            }
        }
        return StoreReadability(path: path, owner: owner, mode: mode, reader: reader, obstacles: obstacles)
    }

    /// The folders above `path`, from `/` down to its own.
    static func ancestors(of path: String) -> [String] {
        var folders: [String] = []
        var current = (path as NSString).deletingLastPathComponent
        while !current.isEmpty {
            folders.append(current)
            let parent = (current as NSString).deletingLastPathComponent
            if parent == current { break }
            current = parent
        }
        return folders.reversed()
    }

    /// The kernel's check: the owner's bits, else the group's, else the others'.
    static func allows(_ info: stat, bit: UInt32, uid: uid_t, groups: Set<gid_t>) -> Bool {
        let mode = UInt32(info.st_mode)
        if info.st_uid == uid { return mode & (bit << 6) != 0 }
        if groups.contains(info.st_gid) { return mode & (bit << 3) != 0 }
        return mode & bit != 0
    }

    static func octal(_ mode: UInt16) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
