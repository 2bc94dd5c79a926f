import Crypto
import Foundation

/// The SASL encodings. Each returns the wire form; the transcript shows
/// `[redacted]` instead, never these bytes.
public enum AuthEncoding {
    /// RFC 4616: authzid NUL authcid NUL password, base64.
    public static func plain(user: String, password: String) -> String {
        Data("\0\(user)\0\(password)".utf8).base64EncodedString()
    }

    public static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

    /// RFC 2195: base64(user SP hex(HMAC-MD5(password, challenge))).
    /// Returns nil when the challenge is not base64.
    public static func cramMD5(user: String, password: String, challengeBase64: String) -> String? {
        guard let challenge = Data(base64Encoded: challengeBase64.trimmingCharacters(in: .whitespaces)) else {
            return nil
        }
        let mac = HMAC<Insecure.MD5>.authenticationCode(for: challenge, using: SymmetricKey(data: Data(password.utf8)))
        let hex = mac.map { String(format: "%02x", $0) }.joined()
        return base64("\(user) \(hex)")
    }
}
