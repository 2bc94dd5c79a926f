import Foundation

/// A PostgreSQL database as libpq's connection URI names it:
/// `postgres://USER@HOST:PORT/DB?sslmode=…`, a Unix-socket folder as the
/// host (`postgres:///db?host=/run/postgresql`, `postgres://%2Frun%2Fpostgresql/db`).
public struct PostgresLocation: Equatable, Sendable, CustomStringConvertible {
    public enum SSLMode: String, Sendable, CaseIterable {
        case disable, prefer, require
        case verifyFull = "verify-full"
    }

    /// Where the URL came from, for `show`: the flag, SMTP_SETUP_STORE, or DATABASE_URL.
    public var source: String?
    public var user: String
    /// A host name or address, or a folder holding the server's socket.
    public var host: String
    public var port: Int
    public var database: String
    public var sslMode: SSLMode
    public var sslRootCert: String?
    /// Only from the environment: a password in argv is refused.
    public var password: String?

    /// Debian's socket folder, libpq's default host there.
    public static let defaultSocketFolder = "/var/run/postgresql"

    public var isSocket: Bool { host.hasPrefix("/") }
    public var socketPath: String { (host as NSString).appendingPathComponent(".s.PGSQL.\(port)") }

    /// Parses a URL whose scheme is postgres or postgresql. `allowPassword`
    /// is false for argv: a password there is refused with the fix.
    public init(parsing text: String, allowPassword: Bool, source: String? = nil) throws(StoreError) {
        self.source = source
        let redacted = TerminalSafe.visible(Self.redact(text))
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "postgres" || scheme == "postgresql"
        else { throw .unsupportedLocation(redacted, reason: "it is not a postgres://USER@HOST:PORT/DB URL") }
        if components.percentEncodedPassword != nil {
            guard allowPassword else { throw .database(.passwordInArguments(redacted)) }
            password = components.password
        }
        var query: [String: String] = [:]
        for item in components.queryItems ?? [] { query[item.name] = item.value ?? "" }
        user = query["user"] ?? components.user ?? PostgresPassword.account().name
        let decodedHost = components.percentEncodedHost.flatMap { $0.removingPercentEncoding } ?? ""
        host = query["host"] ?? (decodedHost.isEmpty ? Self.defaultSocketFolder : decodedHost)
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if let portText = query["port"] ?? components.port.map(String.init) {
            guard let number = Int(portText), (1...65535).contains(number) else {
                throw .unsupportedLocation(redacted, reason: "'\(portText)' is not a port (1-65535)")
            }
            port = number
        } else {
            port = 5432
        }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = query["dbname"] ?? (path.isEmpty ? user : path)
        sslRootCert = query["sslrootcert"]
        let modeText = query["sslmode"] ?? (host.hasPrefix("/") ? "disable" : "prefer")
        guard let mode = SSLMode(rawValue: modeText) else {
            throw .unsupportedLocation(
                redacted,
                reason: "sslmode=\(modeText) is not supported: use sslmode=disable, require (encrypted, "
                    + "server not checked) or verify-full (encrypted, certificate and host name checked)")
        }
        sslMode = mode
        // Decoded names end up in messages: nothing that could drive the terminal.
        for (what, value) in [
            ("user", user), ("host", host), ("database", database), ("sslrootcert", sslRootCert ?? ""),
        ]
        where !TerminalSafe.isSafe(value) {
            throw .unsupportedLocation(redacted, reason: "its \(what) holds control characters")
        }
        if mode == .verifyFull && host.hasPrefix("/") {
            throw .unsupportedLocation(
                redacted, reason: "sslmode=verify-full needs a host name, not a socket folder")
        }
    }

    /// The URL without its password, for messages and `show`.
    public var description: String {
        var query = ["sslmode=\(sslMode.rawValue)"]
        if let sslRootCert { query.append("sslrootcert=\(sslRootCert)") }
        if isSocket {
            return "postgres://\(user)@/\(database)?host=\(host)&port=\(port)&" + query.joined(separator: "&")
        }
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(user)@\(shownHost):\(port)/\(database)?" + query.joined(separator: "&")
    }

    /// The text with anything between `://user:` and `@` replaced, so a
    /// mistyped URL can be quoted without its password.
    static func redact(_ text: String) -> String {
        guard let schemeEnd = text.range(of: "://"), let at = text[schemeEnd.upperBound...].lastIndex(of: "@")
        else { return text }
        let userInfo = text[schemeEnd.upperBound..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":REDACTED" + String(text[at...])
    }
}
