import NIOCore
import NIOSSL
import ProbeModel
import SMTPSettings

/// TLS: on connect or after STARTTLS, the handshake with its own timeout,
/// and a failed one sorted into what went wrong.
extension ProbeSession {
    /// Starts making this target's TLS context (reading the trust store takes
    /// a while) on another thread, so that it is ready before the server's
    /// go-ahead arrives instead of after it.
    func prepareTLS() {
        guard target.security != .none, tlsContext == nil else { return }
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.certificateVerification = target.verify ? .fullVerification : .none
        if let caFile = options.caFile { configuration.additionalTrustRoots = [.file(caFile)] }
        let made = configuration
        tlsContext = Task.detached { Result { try NIOSSLContext(configuration: made) } }
    }

    /// Builds the TLS handler for this target; the context is made once per session.
    func tlsHandlerFactory() async -> @Sendable () throws -> NIOSSLClientHandler {
        prepareTLS()
        let context = await tlsContext?.value ?? .failure(WireError.closed)
        let host = target.host
        let sni: String? = HostSyntax.isIPv4(host) || HostSyntax.isIPv6(host) ? nil : host
        return { try NIOSSLClientHandler(context: try context.get(), serverHostname: sni) }
    }

    /// Upgrades the connection; false when the server does not offer
    /// STARTTLS and the options say to go on in plain text, as the
    /// application would (said in the report, never silently).
    func startTLS(_ capabilities: ServerCapabilities) async throws -> Bool {
        start(.startTLS)
        // The application would then send its password in clear too: that
        // is not tested, it is the failure.
        let secretInClear = target.authentication.sendsSecretInClear && !options.allowPlaintextAuth
        if !capabilities.startTLS && options.startTLS == .whenOffered && !secretInClear {
            report.wentInClear = true
            note("STARTTLS is not offered: going on in plain text, as the application would")
            finish(.startTLS, .skipped)
            return false
        }
        guard capabilities.startTLS else { throw stop(.startTLSNotOffered, phase: .startTLS) }
        let makeTLS = await tlsHandlerFactory()
        try await onLoop { $0.armStartTLS(makeTLS) }
        let reply: SMTPReply
        do {
            reply = try await command("STARTTLS", phase: .startTLS)
        } catch let WireError.injection(reply, injected) {
            record(reply, encrypted: false)
            note("unexpected bytes before TLS: \(injected.debugDescription.prefix(120))")
            throw stop(.startTLSInjection, phase: .startTLS)
        }
        guard reply.code == 220 else { throw stop(.startTLSRefused, phase: .startTLS, reply: reply) }
        try await handshake(phase: .startTLS)
        return true
    }

    func handshake(phase: ProbePhase) async throws {
        if phase == .tls { start(.tls) }
        do {
            let seconds = options.commandTimeout
            try await onLoopFuture { $0.handshakeCompleted(timeout: Self.timeAmount(seconds)) }
        } catch WireError.timeout {
            throw stop(.timeout, phase: phase)
        } catch WireError.transport(let error) {
            throw try await tlsFailure(error, phase: phase)
        } catch WireError.closed {
            throw stop(.tlsHandshakeFailed, phase: phase, detail: "the server closed the connection")
        }
        encrypted = true
        // Only a certificate this test accepted is worth asking the system's CAs about.
        startSystemTrustCheck()
        // The details are for the report; a server that hangs up right after the
        // handshake only costs us them, and the next read says what happened.
        if let channel,
            let (version, der) = try? await channel.eventLoop.submit({
                let handler = try channel.pipeline.syncOperations.handler(type: NIOSSLClientHandler.self)
                return (handler.tlsVersion, try handler.peerCertificate?.toDERBytes())
            }).get()
        {
            report.tlsVersion = version.map(Self.describe)
            if let der, let summary = try? CertificateSummary(derBytes: der) {
                report.certificate = summary
                emit(.certificate(summary: summary))
            }
            note(
                "TLS established (\(report.tlsVersion ?? "unknown version"))\(report.certificate.map { ", certificate for \($0.subject), expires \($0.notAfterText)" } ?? "")"
            )
        }
        finish(phase, .passed)
    }

    /// Sorts a failed handshake; for certificate failures, looks at the
    /// certificate on a second connection that never authenticates.
    func tlsFailure(_ error: any Error, phase: ProbePhase) async throws -> ProbeStop {
        let text = String(describing: error)
        if text.contains("WRONG_VERSION_NUMBER") || text.contains("HTTP_REQUEST") {
            return target.security == .tls
                ? stop(.tlsOnPlaintextPort, phase: phase)
                : stop(.tlsHandshakeFailed, phase: phase, detail: "the server did not speak TLS after agreeing to")
        }
        if TLSFailureWords.isOldVersionOnly(error) {
            return stop(.tlsNoCommonVersion, phase: phase)
        }
        // NIOSSL checks the name itself, after BoringSSL accepted the chain.
        let hostnameFailure = (error as? NIOSSLExtraError) == .failedToValidateHostname
        guard hostnameFailure || text.contains("CERTIFICATE_VERIFY_FAILED") else {
            return stop(.tlsHandshakeFailed, phase: phase, detail: Self.describe(error))
        }
        if options.systemTrustOnly {
            return stop(hostnameFailure ? .certificateWrongHost : .certificateUntrusted, phase: phase)
        }
        note("certificate verification failed; reading the certificate on a second connection (no login there)")
        let certificate = await CertificateFetcher.fetch(target: target, options: options, hangUp: hangUp)
        report.certificate = certificate
        if let certificate { emit(.certificate(summary: certificate)) }
        let kind =
            hostnameFailure
            ? .certificateWrongHost : (certificate?.failureClass(host: target.host) ?? .certificateUntrusted)
        return stop(kind, phase: phase)
    }

    static func describe(_ version: TLSVersion) -> String {
        switch version {
        case .tlsv1: "TLS 1.0"
        case .tlsv11: "TLS 1.1"
        case .tlsv12: "TLS 1.2"
        case .tlsv13: "TLS 1.3"
        }
    }
}
