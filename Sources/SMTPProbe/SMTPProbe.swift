import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import SMTPSettings

/// The live connection test: walks the whole SMTP conversation, reports
/// each phase as it goes, and ends in success or one diagnosis.
public struct SMTPProbe: Sendable {
    public var options: ProbeOptions

    public init(options: ProbeOptions = ProbeOptions()) {
        self.options = options
    }

    /// Tests `settings`; `events` hears every phase and transcript line as it happens.
    public func run(_ settings: MailSettings, events: @escaping @Sendable (ProbeEvent) -> Void = { _ in }) async
        -> ProbeReport
    {
        let session = ProbeSession(options: options, events: events)
        let hangUp = session.hangUp
        // `--timeout N` caps the whole test, not only each phase: at N the
        // connection is closed and the test ends as a timeout.
        let limit = options.overallLimit.map { seconds in
            Task { [hangUp] in
                // Half a second after the phases' own caps, so a phase that ends on time reports itself.
                try await Task.sleep(for: .milliseconds(Int(seconds * 1000) + 500))
                hangUp.expire()
            }
        }
        // Cancelling the task hangs up at once: every wait on the server then
        // ends with "closed" instead of running on to its timeout.
        await withTaskCancellationHandler {
            await session.run(settings)
        } onCancel: {
            hangUp.cancel()
        }
        limit?.cancel()
        return session.report
    }
}

/// Thrown inside a session to end it with a diagnosis.
struct ProbeStop: Error {
    var diagnosis: Diagnosis
}

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
        try? await channel?.close()
        if report.ok { await checkSystemTrust() }
    }

    // MARK: The conversation

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
        report.heloNameIsThisMachine = settings.domain == nil
        try checkWireValues(settings)

        let addresses = try await resolve()
        try await connect(addresses)
        if security == .tls { try await handshake(phase: .tls) }
        try await readGreeting()
        var capabilities = try await ehlo(phase: .ehlo)
        if security == .starttls {
            try await startTLS(capabilities)
            capabilities = try await ehlo(phase: .ehloAfterTLS)
        }
        if options.discoverOnly {
            await quit()
            return
        }
        try await authenticate(capabilities)
        try await envelope(settings)
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
                        setting: key))
            }
        }
    }

    func resolve() async throws -> [SocketAddress] {
        start(.resolve)
        if HostSyntax.isIPv4(target.host) || HostSyntax.isIPv6(target.host) {
            let address = try SocketAddress(ipAddress: target.host, port: target.port)
            note("\(target.host) is an IP address: no lookup needed")
            finish(.resolve, .passed)
            return [address]
        }
        switch await Resolver.resolve(target.host, port: target.port) {
        case .success(let addresses):
            note("\(target.host) has \(addresses.compactMap(\.ipAddress).joined(separator: ", "))")
            finish(.resolve, .passed)
            return addresses
        case .failure(.notFound):
            throw stop(.dnsNotFound, phase: .resolve)
        case .failure(.unavailable(let reason)):
            throw stop(.dnsUnavailable, phase: .resolve, detail: reason)
        }
    }

    func connect(_ addresses: [SocketAddress]) async throws {
        start(.connect)
        var lastError: (any Error)?
        for address in addresses {
            do {
                // The handler is kept from the initializer itself: a server that
                // answers and hangs up at once tears the pipeline down before a
                // lookup could find it, and its answer is what we need.
                let made = NIOLockedValueBox<NIOLoopBound<SMTPClientHandler>?>(nil)
                let channel = try await bootstrap(keeping: made).connect(to: address).get()
                self.channel = channel
                hangUp.connected(channel)
                linkedHangUp?.also(channel)
                handler = made.withLockedValue { $0 }
                note("connected to \(address.ipAddress ?? target.host) port \(target.port)")
                finish(.connect, .passed)
                return
            } catch {
                note("\(address.ipAddress ?? target.host): \(Self.describe(error))")
                lastError = error
            }
        }
        throw stop(connectFailureClass(lastError), phase: .connect, detail: lastError.map(Self.describe))
    }

    func connectFailureClass(_ error: (any Error)?) -> DiagnosisClass {
        if case ChannelError.connectTimeout? = error { return .connectTimeout }
        if let io = error as? IOError {
            switch io.errnoCode {
            case ECONNREFUSED: return .connectionRefused
            case ETIMEDOUT: return .connectTimeout
            case ENETUNREACH, EHOSTUNREACH, EADDRNOTAVAIL, EAFNOSUPPORT: return .networkUnreachable
            default: break
            }
        }
        if let multiple = error as? NIOConnectionError, let first = multiple.connectionErrors.first {
            return connectFailureClass(first.error)
        }
        return .connectionRefused
    }

    func bootstrap(keeping made: NIOLockedValueBox<NIOLoopBound<SMTPClientHandler>?>) -> ClientBootstrap {
        let implicitTLS = target.security == .tls
        let makeTLS = tlsHandlerFactory(verify: target.verify)
        let secrets = secretForms
        return ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.milliseconds(Int64(options.connectTimeout * 1000)))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if implicitTLS { try channel.pipeline.syncOperations.addHandler(try makeTLS()) }
                    let handler = SMTPClientHandler(secrets: secrets)
                    try channel.pipeline.syncOperations.addHandler(handler)
                    made.withLockedValue { $0 = NIOLoopBound(handler, eventLoop: channel.eventLoop) }
                }
            }
    }

    func readGreeting() async throws {
        start(.greeting)
        do {
            let greeting = try await readReply(timeout: options.greetingTimeout - options.silentCheckSeconds)
            report.greeting = greeting
            guard greeting.code == 220 else { throw stop(.greetingRefused, phase: .greeting, reply: greeting) }
            finish(.greeting, .passed)
        } catch WireError.timeout {
            throw await greetingTimedOut()
        } catch WireError.closed {
            throw stop(.closedEarly, phase: .greeting)
        } catch WireError.unsolicited(let reply) {
            throw outOfStep(reply, phase: .greeting)
        } catch WireError.malformed(let line) {
            transcript(.received, String(line.prefix(200)))
            if let other = Self.otherProtocol(line) { throw stop(.notSMTP, phase: .greeting, detail: other) }
            throw stop(.protocolError, phase: .greeting, detail: "Its greeting was \"\(line.prefix(80))\".")
        }
    }

    /// Names the protocol behind a non-SMTP greeting.
    static func otherProtocol(_ line: String) -> String? {
        if line.hasPrefix("+OK") { return "a POP3 server (\"\(line.prefix(60))\")" }
        if line.hasPrefix("* OK") || line.hasPrefix("* PREAUTH") { return "an IMAP server (\"\(line.prefix(60))\")" }
        if line.hasPrefix("HTTP/") { return "a web server (\"\(line.prefix(60))\")" }
        if line.hasPrefix("SSH-") { return "an SSH server (\"\(line.prefix(60))\")" }
        return nil
    }

    func ehlo(phase: ProbePhase) async throws -> ServerCapabilities {
        start(phase)
        report.heloName = target.heloName
        let reply = try await command("EHLO \(target.heloName)", phase: phase)
        if reply.code == 250 {
            finish(phase, .passed)
            // Kept at once: a later failure (no STARTTLS, a bad certificate)
            // still reports what the server offered.
            report.capabilities = ServerCapabilities(ehlo: reply)
            return report.capabilities!
        }
        if reply.code == 500 || reply.code == 502 {
            // An old server without ESMTP: HELO still works, without extensions.
            let helo = try await command("HELO \(target.heloName)", phase: phase)
            if helo.code == 250 {
                finish(phase, .passed)
                report.capabilities = ServerCapabilities()
                return ServerCapabilities()
            }
            throw stop(.ehloRejected, phase: phase, reply: helo)
        }
        throw stop(.ehloRejected, phase: phase, reply: reply)
    }

    /// Every form in which the probe sends the password: as typed, in
    /// base64 (LOGIN), and the base64 of the PLAIN exchange. A server that
    /// quotes any of them back has it redacted from all it said.
    var secretForms: [String] {
        guard let password = target.password, !password.isEmpty else { return [] }
        let user = target.userName ?? ""
        return [
            password, AuthEncoding.base64(password), AuthEncoding.plain(user: user, password: password),
            AuthEncoding.base64("\(user)\0\(password)"), AuthEncoding.base64("\0\(password)"),
        ]
    }

    // MARK: Reporting

    var currentPhase: ProbePhase?
    var phaseStart = ContinuousClock.now

    func start(_ phase: ProbePhase) {
        currentPhase = phase
        phaseStart = .now
        emit(.phaseStarted(phase))
    }

    func finish(_ phase: ProbePhase, _ status: PhaseStatus) {
        let elapsed = ContinuousClock.now - phaseStart
        let milliseconds = Int(
            elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        report.phases.append(PhaseRecord(phase: phase, status: status, milliseconds: milliseconds))
        emit(.phaseFinished(phase, status, milliseconds: milliseconds))
        currentPhase = nil
    }

    func skip(_ phase: ProbePhase) {
        report.phases.append(PhaseRecord(phase: phase, status: .skipped, milliseconds: 0))
        emit(.phaseFinished(phase, .skipped, milliseconds: 0))
    }

    func record(_ reply: SMTPReply, encrypted: Bool) {
        for line in reply.rawLines { transcript(.received, line, encrypted: encrypted) }
    }

    func transcript(_ direction: TranscriptLine.Direction, _ text: String, encrypted: Bool? = nil) {
        let line = TranscriptLine(direction, encrypted: encrypted ?? self.encrypted, text)
        report.transcript.append(line)
        emit(.transcript(line))
    }

    func note(_ text: String) { transcript(.note, text) }

    func stop(
        _ kind: DiagnosisClass, phase: ProbePhase, reply: SMTPReply? = nil, detail: String? = nil,
        capabilities: ServerCapabilities? = nil
    ) -> ProbeStop {
        ProbeStop(diagnosis: diagnose(kind, phase: phase, reply: reply, detail: detail, capabilities: capabilities))
    }

    func diagnose(
        _ kind: DiagnosisClass, phase: ProbePhase, reply: SMTPReply? = nil, detail: String? = nil,
        capabilities: ServerCapabilities? = nil
    ) -> Diagnosis {
        var diagnosis = Diagnosis.make(
            kind,
            DiagnosisContext(
                host: target.host, port: target.port, security: target.security,
                authentication: target.authentication, userName: target.userName, phase: phase, reply: reply,
                capabilities: capabilities ?? report.capabilities, certificate: report.certificate, detail: detail))
        diagnosis.evidence = report.transcript.suffix(4).map(\.rendered)
        return diagnosis
    }

    static func describe(_ error: any Error) -> String {
        if let io = error as? IOError { return String(cString: strerror(io.errnoCode)) }
        if case ChannelError.connectTimeout(let amount) = error {
            return "no answer within \(amount.nanoseconds / 1_000_000_000) s"
        }
        // Never a library's own text (BoringSSLError, a NIO type name): words.
        return TLSFailureWords.describe(error)
    }
}
