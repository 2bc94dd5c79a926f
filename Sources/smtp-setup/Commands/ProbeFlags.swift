import ArgumentParser
import Foundation
import SMTPProbe
import SMTPSettings

/// How the probe behaves: timeouts, extra CA, plaintext login.
struct ProbeFlags: ParsableArguments {
    @Option(help: ArgumentHelp("Trust the CA certificates in this PEM file too.", valueName: "pem"))
    var caFile: String?
    @Option(help: ArgumentHelp("Cap every phase's timeout at this many seconds.", valueName: "seconds"))
    var timeout: Double?
    @Flag(help: "Allow PLAIN/LOGIN credentials over an unencrypted connection (a relay on this machine).")
    var allowPlaintextAuth = false

    func options() throws -> ProbeOptions {
        try Self.options(caFile: caFile, timeout: timeout, allowPlaintextAuth: allowPlaintextAuth)
    }

    /// The same from plain values: the wizard started with no arguments has no parsed options.
    static func options(caFile: String?, timeout: Double?, allowPlaintextAuth: Bool) throws -> ProbeOptions {
        var options = ProbeOptions()
        if let timeout {
            guard timeout > 0, timeout <= 600 else {
                throw usageFailure("--timeout must be more than 0 and at most 600 seconds, like --timeout 10.")
            }
            options.capTimeouts(at: timeout)
        }
        if let caFile {
            guard let text = try? String(contentsOfFile: caFile, encoding: .utf8) else {
                throw usageFailure("--ca-file \(caFile) cannot be read. Check the path and permissions.")
            }
            guard text.contains("-----BEGIN CERTIFICATE-----") else {
                throw usageFailure("--ca-file \(caFile) holds no PEM certificate (-----BEGIN CERTIFICATE-----).")
            }
            options.caFile = caFile
        }
        options.allowPlaintextAuth = allowPlaintextAuth
        return options
    }
}
