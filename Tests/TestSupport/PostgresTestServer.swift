import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A real PostgreSQL server (Debian's `postgresql`) of the tests' own: its
/// data folder, a socket folder and a free loopback port, run as `nobody`
/// (postgres refuses root). Roles: `postgres` (superuser, trusted over the
/// socket), `forem` (owns the test databases), `tlsonly` (refused without
/// TLS) and `stranger` (no grants), each with the password `<role>-secret`.
public final class PostgresTestServer: @unchecked Sendable {
    public let root: String
    public let socketFolder: String
    public let port: Int
    public let binDirectory: String
    let server: RunningProcess

    public static var binDirectory: String? {
        let base = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []
        return versions.sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }.map { "\(base)/\($0)/bin" }
            .first { FileManager.default.isExecutableFile(atPath: "\($0)/initdb") }
    }

    public static var isAvailable: Bool {
        binDirectory != nil && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")
    }

    /// The server the whole run shares: started by the first test that asks,
    /// stopped and removed at exit. Each test makes a database of its own.
    public static func shared() throws -> PostgresTestServer { try sharedServer.get() }

    private static let sharedServer = Result<PostgresTestServer, any Error>(catching: {
        let server = try PostgresTestServer(certificate: "good")
        atexit { PostgresTestServer.stopShared() }
        return server
    })

    private static func stopShared() {
        if case .success(let server) = sharedServer { server.stop() }
    }

    /// Starts a server presenting `certificate` (a name from make_certs.sh).
    public init(certificate: String) throws {
        guard let bin = Self.binDirectory else { throw SetupFailure("no initdb under /usr/lib/postgresql") }
        binDirectory = bin
        var template = Array("/tmp/pg-test-XXXXXX".utf8CString)
        guard mkdtemp(&template) != nil else { throw SetupFailure("mkdtemp failed") }
        root = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        socketFolder = root + "/socket"
        let data = root + "/data"
        try FileManager.default.createDirectory(atPath: socketFolder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: try TestCertificates.pem(certificate), toPath: root + "/server.pem")
        try FileManager.default.copyItem(atPath: try TestCertificates.key(certificate), toPath: root + "/server.key")
        chmod(root, 0o755)
        chmod(root + "/server.key", 0o600)
        if geteuid() == 0 {
            for path in [root, socketFolder, root + "/server.pem", root + "/server.key"] { chown(path, 65534, 65534) }
        }
        port = try Self.freePort()

        let initdb = try ProcessRunner.run(
            "/usr/bin/setpriv",
            Self.asNobody + [
                "\(bin)/initdb", "-D", data, "-U", "postgres", "-E", "UTF8", "--locale=C", "--auth-local=trust",
                "--auth-host=scram-sha-256", "--no-sync",
            ])
        guard initdb.status == 0 else { throw SetupFailure("initdb failed: \(initdb.output)") }
        let hba = """
            local all all trust
            hostnossl all tlsonly 127.0.0.1/32 reject
            host all all 127.0.0.1/32 scram-sha-256
            host all all ::1/128 scram-sha-256

            """
        try hba.write(toFile: data + "/pg_hba.conf", atomically: false, encoding: .utf8)
        // A watcher holds the server: its stdin is a pipe only this process
        // writes to, so when this process ends, however it ends, the read
        // returns and the watcher stops the server (fast shutdown) and removes
        // the folder. (PR_SET_PDEATHSIG would follow the spawning thread, which
        // the test runner retires long before the run ends.)
        // The watcher ends with the server, so a server that fails to start shows at once.
        // (fd 3 first: sh gives a background list /dev/null for its stdin.)
        let watcher = """
            exec 3<&0 </dev/null
            "$@" & server=$!
            (read -r _ <&3; kill -INT "$server") &
            wait "$server"; rm -rf "\(root)"
            """
        server = try RunningProcess(
            "/bin/sh",
            ["-c", watcher, "sh", "/usr/bin/setpriv"] + Self.asNobody + [
                "\(bin)/postgres", "-D", data, "-k", socketFolder, "-p", "\(port)",
                "-h", "127.0.0.1", "-c", "ssl=on", "-c", "ssl_cert_file=\(root)/server.pem",
                "-c", "ssl_key_file=\(root)/server.key", "-c", "fsync=off", "-c", "max_connections=60",
            ])
        let deadline = Date().addingTimeInterval(30)
        while try ProcessRunner.run("\(bin)/pg_isready", ["-h", socketFolder, "-p", "\(port)"]).status != 0 {
            guard server.isRunning, Date() < deadline else {
                let log = server.currentError
                stop()
                throw SetupFailure("postgres did not start: \(log)")
            }
            usleep(20_000)
        }
        try psql(
            """
            CREATE ROLE forem LOGIN PASSWORD 'forem-secret';
            CREATE ROLE tlsonly LOGIN PASSWORD 'tlsonly-secret';
            CREATE ROLE stranger LOGIN PASSWORD 'stranger-secret';
            """)
    }

    /// postgres refuses to run as root: as root the server runs as nobody;
    /// as anyone else, as that user.
    static var asNobody: [String] {
        geteuid() == 0 ? ["--reuid=65534", "--regid=65534", "--clear-groups", "--"] : ["--"]
    }

    /// Fast shutdown, then the folder is removed.
    /// Fast shutdown, then the watcher removes the folder. The postmaster is
    /// signalled by its pid file too: a child spawned by another thread while
    /// the pipe was being made may hold its write end open.
    public func stop() {
        server.closeInput()
        if let text = try? String(contentsOfFile: root + "/data/postmaster.pid", encoding: .utf8),
            let line = text.split(separator: "\n").first, let pid = pid_t(line), pid > 0
        {
            kill(pid, SIGINT)
        }
        _ = server.wait(timeout: 30)
        server.kill(SIGKILL)
        try? FileManager.default.removeItem(atPath: root)
    }

    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        guard bound == 0,
            withUnsafeMutablePointer(
                to: &address,
                {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
                }) == 0
        else { throw SetupFailure("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Runs SQL through psql over the socket, stopping at the first error.
    @discardableResult
    public func psql(_ sql: String, database: String = "postgres", user: String = "postgres") throws -> String {
        let result = try ProcessRunner.run(
            "\(binDirectory)/psql",
            [
                "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", socketFolder, "-p", "\(port)", "-U", user,
                "-d", database, "-c", sql,
            ])
        guard result.status == 0 else { throw SetupFailure("psql failed: \(result.output)") }
        return result.stdout
    }

    /// Forem's table in both of its forms.
    public enum ForemSchema: Sendable, CaseIterable {
        /// `var` unique.
        case classic
        /// `subforem_id bigint`, unique (var, subforem_id); global rows have NULL.
        case subforems
    }

    /// A new database owned by `forem` holding Forem's settings_smtp.
    public func makeDatabase(_ schema: ForemSchema?, label: String = "t") throws -> String {
        let name = "\(label)_\(UUID().uuidString.prefix(8).lowercased())"
        try psql("CREATE DATABASE \(name) OWNER forem")
        switch schema {
        case .classic?:
            try psql(
                """
                CREATE TABLE settings_smtp (id bigserial PRIMARY KEY, var character varying NOT NULL, value text,
                    created_at timestamp(6) NOT NULL, updated_at timestamp(6) NOT NULL);
                CREATE UNIQUE INDEX index_settings_smtp_on_var ON settings_smtp (var);
                """, database: name, user: "forem")
        case .subforems?:
            try psql(
                """
                CREATE TABLE settings_smtp (id bigserial PRIMARY KEY, var character varying NOT NULL, value text,
                    created_at timestamp(6) NOT NULL, updated_at timestamp(6) NOT NULL, subforem_id bigint);
                CREATE UNIQUE INDEX index_settings_smtp_on_var_and_subforem_id ON settings_smtp (var, subforem_id);
                """, database: name, user: "forem")
        case nil:
            break
        }
        return name
    }

    /// `postgres://forem@127.0.0.1:PORT/DB` (no password: the tests give it by PGPASSWORD).
    public func url(_ database: String, user: String = "forem", host: String = "127.0.0.1", query: String = "")
        -> String
    {
        "postgres://\(user)@\(host):\(port)/\(database)" + (query.isEmpty ? "" : "?\(query)")
    }

    /// Over the socket, as libpq spells it.
    public func socketURL(_ database: String, user: String = "forem") -> String {
        "postgres:///\(database)?host=\(socketFolder)&port=\(port)&user=\(user)"
    }
}
