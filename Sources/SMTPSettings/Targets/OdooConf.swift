import Foundation

/// Where Odoo's database is, from its configuration file (`odoo.conf`,
/// Python's ConfigParser): `[options]` db_host, db_port, db_user, db_name.
/// `db_password` is never read: the store finds the password as libpq
/// does (PGPASSWORD, ~/.pgpass) and never shows it.
public struct OdooConf: Equatable, Sendable {
    public var host: String?
    public var port: Int?
    public var user: String?
    public var database: String?

    /// Reads the `[options]` section; `False` (what Odoo writes for unset) and empty are unset.
    public init(_ text: String) {
        var section = ""
        var values: [String: String] = [:]
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                section = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                continue
            }
            guard section == "options", let separator = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                continue
            }
            let key = line[..<separator].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: separator)...].trimmingCharacters(in: .whitespaces)
            if !value.isEmpty && value != "False" && value != "None" { values[key] = value }
        }
        host = values["db_host"]
        port = values["db_port"].flatMap { Int($0) }
        user = values["db_user"]
        // Odoo accepts a comma-separated list; the first is the one it serves by default.
        database = values["db_name"]?.split(separator: ",").first.map {
            $0.trimmingCharacters(in: .whitespaces)
        }
    }

    /// The store URL for this database: over the socket when db_host is
    /// unset (as Odoo connects then), as Odoo's user `odoo` when db_user is
    /// unset (Debian's package and the docker image), and the user's own
    /// database when db_name is unset (libpq's default).
    public var storeURL: String {
        let user = self.user ?? "odoo"
        let database = self.database ?? user
        let port = self.port ?? 5432
        let name = Self.escaped(database)
        guard let host, !host.hasPrefix("/") else {
            let folder = host ?? PostgresLocation.defaultSocketFolder
            return "odoo+postgres:///\(name)?host=\(Self.escaped(folder))&port=\(port)&user=\(Self.escaped(user))"
        }
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "odoo+postgres://\(Self.escaped(user))@\(shownHost):\(port)/\(name)"
    }

    static func escaped(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~/")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
