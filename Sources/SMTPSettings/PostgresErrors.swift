import Foundation
import NIOCore
import NIOSSL
import PostgresNIO

/// The driver's and the server's failures in the admin's words.
enum PostgresErrors {
    static func translate(_ error: any Error, location: PostgresLocation, connecting: Bool) -> StoreError {
        if let storeError = error as? StoreError { return storeError }
        let target = location.description
        guard let psql = error as? PSQLError else { return .database(.failed(target: target, detail: "\(error)")) }
        if let state = psql.serverInfo?[.sqlState] {
            return server(
                state: state, message: psql.serverInfo?[.message] ?? "", location: location, connecting: connecting)
        }
        switch psql.code {
        case .sslUnsupported:
            return .database(.tlsUnsupported(target: target))
        case .authMechanismRequiresPassword:
            return .database(.passwordNeeded(target: target, user: location.user))
        default:
            break
        }
        if let tls = tlsFailure(psql.underlying, host: location.host) {
            return .database(.certificateRejected(target: target, reason: tls))
        }
        if connecting {
            return .database(.unreachable(target: target, reason: reason(psql.underlying)))
        }
        return .database(.failed(target: target, detail: reason(psql.underlying)))
    }

    /// SQLSTATE codes (PostgreSQL's errcodes) to the failure they mean here.
    static func server(state: String, message: String, location: PostgresLocation, connecting: Bool) -> StoreError {
        let target = location.description
        let safe = TerminalSafe.visible(message)
        switch state {
        case "28P01":
            return .database(.wrongPassword(target: target, user: location.user))
        case "28000" where message.contains("no encryption"):
            return .database(.tlsRequired(target: target))
        case "28000":
            return .database(.wrongPassword(target: target, user: location.user))
        case "3D000":
            return .database(.noSuchDatabase(target: target, database: location.database))
        case "42P01" where message.contains("settings_smtp"):
            return .database(.notForem(target: target))
        case "42501":
            return .database(.permissionDenied(target: target, user: location.user, detail: safe))
        case "57P03", "53300":
            return .database(.unreachable(target: target, reason: safe))
        default:
            return .database(.failed(target: target, detail: "\(safe) (SQLSTATE \(state))"))
        }
    }

    /// A handshake that failed on the certificate, in words.
    static func tlsFailure(_ error: (any Error)?, host: String) -> String? {
        guard let error else { return nil }
        if let extra = error as? NIOSSLExtraError, extra == .failedToValidateHostname {
            return "it is signed by a trusted CA but made out to another name than \(host)"
        }
        if let ssl = error as? NIOSSLError {
            let text = "\(ssl)"
            if text.contains("CERTIFICATE_VERIFY_FAILED") || text.contains("certificate") {
                return "its certificate does not verify against the system's CAs or sslrootcert"
            }
            return "the TLS handshake failed (\(TerminalSafe.visible(text)))"
        }
        return nil
    }

    static func reason(_ error: (any Error)?) -> String {
        guard let error else { return "the connection failed" }
        let text = "\(error)"
        if text.contains("connection refused") || text.contains("ECONNREFUSED") || text.contains("Connection refused") {
            return "connection refused (is the server running, on this port?)"
        }
        if text.contains("No such file") || text.contains("ENOENT") {
            return "no server socket there (is the server running? is the socket folder right?)"
        }
        if error is ChannelError, text.contains("connectTimeout") {
            return "no answer within 10 seconds"
        }
        return TerminalSafe.visible(text)
    }
}
