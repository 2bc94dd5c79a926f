import Foundation
import ProbeModel
import SMTPSettings

/// How the live test behaves beyond the settings themselves.
public struct ProbeOptions: Sendable, Equatable {
    public var connectTimeout: Double = 10
    public var greetingTimeout: Double = 30
    public var commandTimeout: Double = 30
    public var dataTimeout: Double = 60
    /// With `--timeout`: the whole test ends by then, whatever phase it is in.
    public var overallLimit: Double?
    /// Send PLAIN/LOGIN credentials over an unencrypted connection.
    public var allowPlaintextAuth = false
    /// A PEM file of extra CA certificates to trust (a private server's CA).
    public var caFile: String?
    /// Deliver a real test message to this address.
    public var sendTo: String?
    /// Stop after EHLO (and TLS): what `detect` needs.
    public var discoverOnly = false
    /// Trust only the system's CAs, and on a certificate failure do not
    /// connect again to read the certificate: the `--ca-file` check.
    var systemTrustOnly = false
    /// The HELO name used when the settings give no domain.
    public var fallbackHeloName = ProbeOptions.localHostName()
    /// With security STARTTLS: required (the tool's own rule), or taken when
    /// offered, as an application with STARTTLS "auto" does.
    public var startTLS = Delivery.StartTLSPolicy.required
    /// Whose name `fallbackHeloName` is when it is not this machine's
    /// ("GitLab's default"); nil for this machine's name.
    public var fallbackHeloSource: String?

    /// Tests what the application will do: its STARTTLS policy and the HELO
    /// name it sends without a domain (when the test can know it).
    /// `heloSetting`: the value of the setting the application takes its
    /// HELO name from (Mastodon's LOCAL_DOMAIN), when it has been read.
    public mutating func follow(_ delivery: Delivery, heloSetting: String? = nil) {
        startTLS = delivery.startTLS
        switch delivery.heloDefault {
        case .machineName: break
        case .fixed(let name):
            fallbackHeloName = name
            fallbackHeloSource = "\(delivery.name)'s default"
        case .setting(let setting):
            guard let heloSetting else { break }
            fallbackHeloName = heloSetting
            fallbackHeloSource = "\(delivery.name)'s \(setting)"
        }
    }

    public init() {}

    /// Caps every phase's timeout at `seconds` (`--timeout`).
    public mutating func capTimeouts(at seconds: Double) {
        connectTimeout = min(connectTimeout, seconds)
        greetingTimeout = min(greetingTimeout, seconds)
        commandTimeout = min(commandTimeout, seconds)
        dataTimeout = min(dataTimeout, seconds)
        overallLimit = min(overallLimit ?? seconds, seconds)
    }

    /// How long of the greeting's wait is kept for telling a silent server
    /// apart (one line sent, one TLS handshake tried): taken from the
    /// greeting's own timeout, never added to it.
    var silentCheckSeconds: Double { min(3, greetingTimeout / 3) }

    /// The longest `phase` may take: what the wizard counts down from.
    func limit(_ phase: ProbePhase) -> Double {
        switch phase {
        case .resolve, .connect: connectTimeout
        case .greeting: greetingTimeout
        case .data: dataTimeout
        default: commandTimeout
        }
    }

    /// This machine's name if it is a usable HELO name, else "localhost".
    static func localHostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let valid =
            !name.isEmpty && name.count <= 253
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }
        return valid ? name : "localhost"
    }
}
