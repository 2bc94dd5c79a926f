import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// One connection to Forem's database, driven synchronously: the store's
/// protocol is synchronous, so every call blocks on an EventLoopFuture from
/// NIO's own event loop threads, never on Swift concurrency's pool.
final class PostgresSession {
    let location: PostgresLocation
    let connection: PostgresConnection
    let logger: Logger

    var target: String { location.description }

    private init(location: PostgresLocation, connection: PostgresConnection, logger: Logger) {
        self.location = location
        self.connection = connection
        self.logger = logger
    }

    /// Connects, in UTC so that Rails' `timestamp` columns read and write as Rails does.
    static func open(_ location: PostgresLocation, environment: [String: String]) throws(StoreError)
        -> PostgresSession
    {
        let password = PostgresPassword.find(for: location, environment: environment)
        var configuration: PostgresConnection.Configuration
        if location.isSocket {
            configuration = .init(
                unixSocketPath: location.socketPath, username: location.user, password: password,
                database: location.database)
        } else {
            configuration = .init(
                host: location.host, port: location.port, username: location.user, password: password,
                database: location.database, tls: try tls(for: location))
        }
        configuration.options.connectTimeout = .seconds(10)
        // The driver's log would reach the terminal raw: errors come back as typed failures instead.
        var logger = Logger(label: "smtp-setup.postgres")
        logger.logLevel = .critical
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let connection: PostgresConnection
        do {
            connection = try PostgresConnection.connect(
                on: loop, configuration: configuration, id: 1, logger: logger
            ).wait()
        } catch {
            throw PostgresErrors.translate(error, location: location, connecting: true)
        }
        let session = PostgresSession(location: location, connection: connection, logger: logger)
        try session.execute("SET TIME ZONE 'UTC'")
        return session
    }

    static func tls(for location: PostgresLocation) throws(StoreError) -> PostgresConnection.Configuration.TLS {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch location.sslMode {
        case .disable:
            return .disable
        case .prefer, .require:
            // libpq's require: encrypted, the server not checked.
            configuration.certificateVerification = .none
        case .verifyFull:
            configuration.certificateVerification = .fullVerification
            configuration.trustRoots = .default
            if let root = location.sslRootCert {
                guard FileManager.default.isReadableFile(atPath: root) else {
                    throw .database(
                        .certificateRejected(
                            target: location.description, reason: "sslrootcert \(root) cannot be read"))
                }
                configuration.additionalTrustRoots = [.file(root)]
            }
        }
        do {
            let context = try NIOSSLContext(configuration: configuration)
            return location.sslMode == .prefer ? .prefer(context) : .require(context)
        } catch {
            throw .database(.certificateRejected(target: location.description, reason: "\(error)"))
        }
    }

    func close() {
        try? connection.close().wait()
    }

    /// Runs one statement and returns its rows.
    @discardableResult
    func query(_ query: PostgresQuery) throws(StoreError) -> [PostgresRow] {
        do {
            return try connection.query(query, logger: logger).wait().rows
        } catch {
            throw PostgresErrors.translate(error, location: location, connecting: false)
        }
    }

    /// Runs one statement without parameters.
    func execute(_ sql: String) throws(StoreError) {
        try query(PostgresQuery(unsafeSQL: sql))
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    func transaction<Value>(_ body: () throws(StoreError) -> Value) throws(StoreError) -> Value {
        try execute("BEGIN")
        let value: Value
        do {
            value = try body()
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
        try execute("COMMIT")
        return value
    }
}
