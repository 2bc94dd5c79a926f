import NIOCore
import NIOSSL

/// A failed connection or handshake in words. BoringSSL's and NIO's own
/// error texts (`BoringSSLError.sslError([Error: 268435703 ...])`) name
/// nothing an admin can act on and may quote what the server sent, so they
/// never reach a person: the reason is recognised and said plainly.
enum TLSFailureWords {
    /// The library's reason codes this program tells apart, with their words.
    static let reasons: [(code: String, words: String)] = [
        ("WRONG_VERSION_NUMBER", "the server did not answer in TLS"),
        ("UNSUPPORTED_PROTOCOL", "the server offers only TLS versions older than 1.2"),
        ("PROTOCOL_VERSION", "the server offers only TLS versions older than 1.2"),
        ("NO_SUPPORTED_VERSIONS", "the server offers only TLS versions older than 1.2"),
        ("NO_SHARED_CIPHER", "the server and this program share no cipher"),
        ("HANDSHAKE_FAILURE", "the server refused the handshake (no common cipher or version)"),
        ("CERTIFICATE_VERIFY_FAILED", "the server's certificate could not be verified"),
        ("UNEXPECTED_MESSAGE", "the server sent something out of order during the handshake"),
        ("DECODE_ERROR", "the server sent a handshake message that could not be read"),
        ("BAD_RECORD_MAC", "the encrypted data was damaged on the way"),
        ("INTERNAL_ERROR", "the server reported an internal TLS error"),
    ]

    /// True when the failure says the server only speaks TLS 1.0 or 1.1 (or SSL).
    static func isOldVersionOnly(_ error: any Error) -> Bool {
        let text = String(describing: error)
        return ["UNSUPPORTED_PROTOCOL", "PROTOCOL_VERSION", "NO_SUPPORTED_VERSIONS"].contains { text.contains($0) }
    }

    static func describe(_ error: any Error) -> String {
        if let extra = error as? NIOSSLExtraError, extra == .failedToValidateHostname {
            return "the server's certificate is for another host name"
        }
        if let ssl = error as? NIOSSLError, case .uncleanShutdown = ssl {
            return "the server closed the connection in the middle of TLS"
        }
        let text = String(describing: error)
        if let known = reasons.first(where: { text.contains($0.code) }) { return known.words }
        if error is NIOSSLError || text.contains("BoringSSL") { return "the TLS handshake failed" }
        if error is ChannelError { return "the connection failed" }
        return "the connection failed unexpectedly"
    }
}
