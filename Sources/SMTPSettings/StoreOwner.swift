import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The user (and group) the application runs as: the store is given to
/// them, so that the application can read it and no one else can.
public struct StoreOwner: Equatable, Hashable, Sendable, CustomStringConvertible {
    public let user: String
    public let uid: uid_t
    /// The group named after the colon, else the user's primary group.
    public let group: String
    public let gid: gid_t
    /// Whether the group was named (`USER:GROUP`) rather than taken from the user.
    public let groupGiven: Bool

    /// Parses `USER` or `USER:GROUP` (names or numeric ids, as chown takes them)
    /// and checks both exist on this machine.
    public init(parsing text: String) throws(StoreOwnerError) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 2, let userText = parts.first, !userText.isEmpty,
            parts.count == 1 || !parts[1].isEmpty,
            !text.contains(where: { $0.isWhitespace })
        else { throw .badSyntax(text) }
        guard let account = Self.account(named: userText) else { throw .unknownUser(userText) }
        user = account.name
        uid = account.uid
        if parts.count == 2 {
            guard let found = Self.group(named: parts[1]) else { throw .unknownGroup(parts[1]) }
            group = found.name
            gid = found.gid
            groupGiven = true
        } else {
            gid = account.gid
            group = Self.groupName(account.gid)
            groupGiven = false
        }
    }

    /// The owner of an existing file, by its ids.
    public init(uid: uid_t, gid: gid_t) {
        self.uid = uid
        self.gid = gid
        user = Self.userName(uid)
        group = Self.groupName(gid)
        groupGiven = true
    }

    /// Who owns the file at `path`, or nil when there is none.
    public static func of(path: String) -> StoreOwner? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return StoreOwner(uid: info.st_uid, gid: info.st_gid)
    }

    /// `user:group`, as chown takes it.
    public var description: String { "\(user):\(group)" }

    /// Every group the user is in: the owner's group, the user's primary
    /// group and the supplementary ones, as the kernel checks them.
    public var groupIDs: Set<gid_t> {
        var ids: Set<gid_t> = [gid]
        guard let entry = getpwuid(uid), let name = entry.pointee.pw_name else { return ids }
        let primary = entry.pointee.pw_gid
        ids.insert(primary)
        var count: Int32 = 64
        var list = [gid_t](repeating: 0, count: Int(count))
        if getgrouplist(name, primary, &list, &count) == -1 {
            list = [gid_t](repeating: 0, count: Int(count))
            _ = getgrouplist(name, primary, &list, &count)
        }
        ids.formUnion(list.prefix(Int(max(count, 0))))
        return ids
    }

    // MARK: Looking names up

    static func account(named text: String) -> (name: String, uid: uid_t, gid: gid_t)? {
        if let entry = getpwnam(text) {
            return (String(cString: entry.pointee.pw_name), entry.pointee.pw_uid, entry.pointee.pw_gid)
        }
        if let id = uid_t(text), let entry = getpwuid(id) {
            return (String(cString: entry.pointee.pw_name), entry.pointee.pw_uid, entry.pointee.pw_gid)
        }
        return nil
    }

    static func group(named text: String) -> (name: String, gid: gid_t)? {
        if let entry = getgrnam(text) { return (String(cString: entry.pointee.gr_name), entry.pointee.gr_gid) }
        if let id = gid_t(text) {
            return (getgrgid(id).map { String(cString: $0.pointee.gr_name) } ?? text, id)
        }
        return nil
    }

    static func userName(_ uid: uid_t) -> String {
        getpwuid(uid).flatMap { $0.pointee.pw_name.map { String(cString: $0) } } ?? "\(uid)"
    }

    static func groupName(_ gid: gid_t) -> String {
        getgrgid(gid).flatMap { $0.pointee.gr_name.map { String(cString: $0) } } ?? "\(gid)"
    }
}

/// Why `--owner` cannot be used, with the fix.
public enum StoreOwnerError: Error, Equatable, Sendable, CustomStringConvertible {
    case badSyntax(String)
    case unknownUser(String)
    case unknownGroup(String)

    public var description: String {
        switch self {
        case .badSyntax(let text):
            "'\(text)' is not an owner: write USER or USER:GROUP, the user the application runs as "
                + "(for example --owner www-data or --owner forem:forem)."
        case .unknownUser(let name):
            "there is no user '\(name)' on this machine: give the user the application runs as "
                + "(see `ps -o user= -C puma` or the service's User= line), or create it first."
        case .unknownGroup(let name):
            "there is no group '\(name)' on this machine: give an existing group after the colon, "
                + "or leave it out to use the user's own group."
        }
    }

    /// A mistyped option: sysexits' usage error.
    public var exitCode: Int32 { 64 }
}
