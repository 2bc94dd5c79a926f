import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where libpq finds a password, in its order: the URL (only from the
/// environment), PGPASSWORD, then ~/.pgpass (or PGPASSFILE) when that file
/// is readable by its owner alone.
enum PostgresPassword {
    static func find(for location: PostgresLocation, environment: [String: String]) -> String? {
        if let password = location.password { return password }
        if let password = environment["PGPASSWORD"], !password.isEmpty { return password }
        guard let file = passFile(environment), let text = readPrivateFile(file) else { return nil }
        return lookUp(in: text, location: location)
    }

    static func passFile(_ environment: [String: String]) -> String? {
        if let file = environment["PGPASSFILE"], !file.isEmpty { return file }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? account().home
        return home.map { ($0 as NSString).appendingPathComponent(".pgpass") }
    }

    /// The effective user's login name and home: libpq's default user.
    static func account() -> (name: String, home: String?) {
        guard let entry = getpwuid(geteuid()) else { return ("uid \(geteuid())", nil) }
        return (
            entry.pointee.pw_name.map { String(cString: $0) } ?? "uid \(geteuid())",
            entry.pointee.pw_dir.map { String(cString: $0) }
        )
    }

    /// libpq ignores a password file that group or others can read.
    static func readPrivateFile(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_mode & 0o077 == 0 else {
            return nil
        }
        return try? String(contentsOfFile: path, encoding: .utf8)
    }

    /// The first line matching host, port, database and user (`*` matches
    /// anything; `localhost` matches a socket connection too).
    static func lookUp(in text: String, location: PostgresLocation) -> String? {
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let fields = split(String(line))
            guard fields.count == 5 else { continue }
            let hostMatches =
                fields[0] == "*" || fields[0] == location.host
                || (location.isSocket && fields[0] == "localhost")
            if hostMatches, fields[1] == "*" || fields[1] == String(location.port),
                fields[2] == "*" || fields[2] == location.database, fields[3] == "*" || fields[3] == location.user
            {
                return fields[4]
            }
        }
        return nil
    }

    /// Splits on `:`, honouring `\:` and `\\`; the password takes the rest of the line.
    static func split(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":" && fields.count < 4 {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }
}
