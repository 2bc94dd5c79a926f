import Foundation
import NIOCore
import NIOSSL
import ProbeModel
import SMTPSettings

/// One run of the test. Lives inside a single task; the channel's own
/// state is only touched on its event loop.
final class ProbeSession {
    let options: ProbeOptions
    let emit: @Sendable (ProbeEvent) -> Void
    var report = ProbeReport()
    var target = Target()
    var channel: (any Channel)?
    let hangUp = HangUp()
    /// A test this session is part of (the certificate check): its hang-up closes this session's connection.
    var linkedHangUp: HangUp?
    var handler: NIOLoopBound<SMTPClientHandler>?
    var encrypted = false
    var currentPhase: ProbePhase?
    /// The `--ca-file` pass checked against the system's CAs alone, running beside the rest of the test.
    var systemTrust: Task<SystemTrustVerdict, Never>?
    /// Made once, beside the first round trips (`prepareTLS`).
    var tlsContext: Task<Result<NIOSSLContext, any Error>, Never>?
    var phaseStart = ContinuousClock.now

    /// Who we talk to, filled in as it becomes known.
    struct Target {
        var host = ""
        var port = 0
        var security = Security.starttls
        var authentication = Authentication.none
        var userName: String?
        var password: String?
        var heloName = ""
        var verify = true
    }

    init(options: ProbeOptions, events: @escaping @Sendable (ProbeEvent) -> Void) {
        self.options = options
        self.emit = events
    }

    func run(_ settings: MailSettings) async {
        do {
            try await converse(settings)
        } catch let stop as ProbeStop {
            report.diagnosis = stop.diagnosis
        } catch {
            report.diagnosis = diagnose(
                .protocolError, phase: currentPhase ?? .connect, detail: "The connection failed unexpectedly.")
        }
        if hangUp.expired {
            report.diagnosis = diagnose(
                .timeout, phase: currentPhase ?? .connect,
                detail: "The whole test is limited to \(Self.seconds(options.overallLimit ?? 0)) (--timeout).")
        } else if hangUp.isCancelled {
            // Whatever the hang-up looked like on the wire, the admin stopped it.
            report.diagnosis = diagnose(.cancelled, phase: currentPhase ?? .connect)
        }
        if let phase = currentPhase { finish(phase, .failed) }
        // Not waited for: a TLS close waits for the server's close_notify,
        // and the answer is already in.
        channel?.close(promise: nil)
        await finishSystemTrustCheck()
    }

    func converse(_ settings: MailSettings) async throws {
        let errors = SettingsValidator.errors(in: settings)
        guard errors.isEmpty,
            let address = settings.address, let port = settings.port, let security = settings.security,
            let authentication = settings.authentication
        else {
            throw ProbeStop(
                diagnosis: Diagnosis.make(
                    .invalidSettings,
                    DiagnosisContext(
                        host: "", port: 0, security: .none, authentication: .none, phase: .resolve,
                        detail: errors.map(\.description).joined(separator: " "))))
        }
        target = Target(
            host: HostSyntax.connectableHost(address), port: port, security: security,
            authentication: authentication, userName: settings.userName, password: settings.password,
            heloName: settings.domain ?? options.fallbackHeloName, verify: settings.verifyCertificate)
        report.heloNameSource = settings.domain == nil ? options.fallbackHeloSource : nil
        report.heloNameIsThisMachine = settings.domain == nil && report.heloNameSource == nil
        try checkWireValues(settings)

        prepareTLS()
        let addresses = try await resolve()
        try await connect(addresses)
        if security == .tls { try await handshake(phase: .tls) }
        try await readGreeting()
        var capabilities = try await ehlo(phase: .ehlo)
        if security == .starttls, try await startTLS(capabilities) {
            capabilities = try await ehlo(phase: .ehloAfterTLS)
        }
        if options.discoverOnly {
            await quit()
            return
        }
        try await authenticate(capabilities)
        try await envelope(settings, capabilities)
        await quit()
    }

    /// Every value that goes on the wire, checked before anything is sent.
    func checkWireValues(_ settings: MailSettings) throws {
        var values: [(SettingKey?, String)] = [
            (.address, target.host), (.domain, target.heloName), (.userName, target.userName ?? ""),
            (.password, target.password ?? ""), (.fromEmailAddress, settings.fromEmailAddress ?? ""),
        ]
        if let sendTo = options.sendTo { values.append((nil, sendTo)) }
        for (key, value) in values {
            if let bad = HostSyntax.firstControlCharacter(value) {
                throw ProbeStop(
                    diagnosis: Diagnosis(
                        .invalidSettings, title: "A value contains \(HostSyntax.describe(bad))",
                        explanation:
                            "\(key?.rawValue ?? "The recipient address") holds a character that would end an SMTP command early and let the rest be read as another command.",
                        fix:
                            "Re-enter \(key?.label.lowercased() ?? "the recipient") without line breaks or control characters.",
                        setting: key.flatMap { SettingName(rawValue: $0.rawValue) }))
            }
        }
    }
}
