import Foundation

/// The keys of the SMTP settings, spelled as Forem spells them so an
/// application can read `settings_smtp` as it is.
public enum SettingKey: String, CaseIterable, Sendable, Codable, Comparable {
    case address
    case port
    case security
    case verifyCertificate = "verify_certificate"
    case authentication
    case userName = "user_name"
    case password
    case domain
    case fromName = "from_name"
    case fromEmailAddress = "from_email_address"
    case replyToEmailAddress = "reply_to_email_address"

    /// The value a key has when nothing is stored for it.
    public var defaultValue: String? {
        switch self {
        case .port: "587"
        case .security: Security.starttls.rawValue
        case .verifyCertificate: "true"
        case .authentication: Authentication.plain.rawValue
        default: nil
        }
    }

    public var isSecret: Bool { self == .password }

    /// Whether Forem reads this key from `settings_smtp`; the others
    /// (security, certificate checks, the from name) are the tool's own.
    public var isForemSetting: Bool {
        switch self {
        case .address, .port, .authentication, .userName, .password, .domain, .fromEmailAddress,
            .replyToEmailAddress:
            true
        case .security, .verifyCertificate, .fromName: false
        }
    }

    /// Forem's environment variable names: `SMTP_ADDRESS`, `SMTP_PORT`, ...
    public var environmentName: String { "SMTP_" + rawValue.uppercased() }

    /// How a person calls the field.
    public var label: String {
        switch self {
        case .address: "Server address"
        case .port: "Port"
        case .security: "Connection security"
        case .verifyCertificate: "Verify certificate"
        case .authentication: "Authentication"
        case .userName: "User name"
        case .password: "Password"
        case .domain: "HELO domain"
        case .fromName: "From name"
        case .fromEmailAddress: "From address"
        case .replyToEmailAddress: "Reply-to address"
        }
    }

    public static func < (lhs: SettingKey, rhs: SettingKey) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Names people type by habit, mapped to the key they mean.
    public static func suggestion(for name: String) -> SettingKey? {
        let folded = name.lowercased().replacingOccurrences(of: "-", with: "_")
        if let key = SettingKey(rawValue: folded) { return key }
        let aliases: [String: SettingKey] = [
            "host": .address, "hostname": .address, "server": .address, "smtp_host": .address,
            "smtp_address": .address, "smtp_port": .port, "ssl": .security, "tls": .security,
            "starttls": .security, "encryption": .security, "verify": .verifyCertificate,
            "auth": .authentication, "authentication_method": .authentication,
            "user": .userName, "username": .userName, "login": .userName, "pass": .password,
            "passwd": .password, "helo": .domain, "ehlo": .domain, "helo_domain": .domain,
            "from": .fromEmailAddress, "sender": .fromEmailAddress, "from_address": .fromEmailAddress,
            "from_email": .fromEmailAddress, "reply_to": .replyToEmailAddress,
            "replyto": .replyToEmailAddress,
        ]
        if let alias = aliases[folded] { return alias }
        // A typo: the one key within two edits of what was typed.
        let close = allCases.filter { editDistance($0.rawValue, folded) <= 2 }
        return close.count == 1 ? close[0] : nil
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}

/// How the connection to the server is protected.
public enum Security: String, CaseIterable, Sendable, Codable {
    /// Plain connection upgraded with STARTTLS (usually port 587).
    case starttls
    /// TLS from the first byte, "SMTPS" (usually port 465).
    case tls
    /// No encryption at all.
    case none

    /// The port this kind of connection usually uses.
    public var usualPort: Int {
        switch self {
        case .starttls: 587
        case .tls: 465
        case .none: 25
        }
    }

    public var title: String {
        switch self {
        case .starttls: "STARTTLS"
        case .tls: "TLS on connect"
        case .none: "None (unencrypted)"
        }
    }
}

/// The SMTP AUTH mechanism, with Forem's names.
public enum Authentication: String, CaseIterable, Sendable, Codable {
    case plain
    case login
    case cramMD5 = "cram_md5"
    case none

    /// The SASL name the server advertises in `250-AUTH`.
    public var saslName: String? {
        switch self {
        case .plain: "PLAIN"
        case .login: "LOGIN"
        case .cramMD5: "CRAM-MD5"
        case .none: nil
        }
    }

    /// Whether the secret travels in a form anyone on the path can read.
    public var sendsSecretInClear: Bool { self == .plain || self == .login }
}
