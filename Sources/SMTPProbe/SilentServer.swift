import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS
import ProbeModel
import SMTPSettings

/// A greeting that never came, or never finished.
extension ProbeSession {
    /// Bytes that arrived without finishing a reply make a timeout that
    /// quotes them; nothing at all makes a silent server, told apart below.
    func greetingTimedOut() async -> ProbeStop {
        let partial = (try? await onLoopValue { $0.unfinishedReply() }) ?? []
        guard partial.isEmpty else {
            let quoted = TerminalSafe.quote(partial)
            note("unfinished greeting: \"\(quoted)\"")
            return stop(
                .timeout, phase: .greeting,
                detail:
                    "The server started its greeting but did not finish it within \(Self.seconds(options.greetingTimeout)). What arrived: \"\(quoted)\". A greeting ends with a line break; a multi-line one with a line whose code is followed by a space."
            )
        }
        return await silentServer()
    }

    /// Silence may be a server that waits for the client to speak first: a
    /// web server, or a port that expects TLS on connect. One line tells the
    /// first apart, a short TLS handshake on a second connection the other;
    /// nothing secret has been sent yet, and none is. The TLS advice is only
    /// given when that handshake really succeeded.
    func silentServer() async -> ProbeStop {
        let wait = options.silentCheckSeconds
        // Only values cross into the concurrent check, never the session.
        let address = target.security == .tls ? nil : channel?.remoteAddress
        let (host, hangUp) = (target.host, hangUp)
        async let speaksTLS =
            address == nil ? false : Self.tlsHandshakeSucceeds(address!, host: host, timeout: wait, hangUp: hangUp)
        note("no greeting; sending one line to see who is listening")
        let line = "EHLO \(target.heloName)"
        if (try? await onLoopValue({ $0.expectReply() })) == true, (try? await write(line + "\r\n")) != nil {
            transcript(.sent, line)
            report.heloName = target.heloName
            do {
                _ = try await readReply(timeout: wait)
            } catch WireError.malformed(let answer) {
                transcript(.received, TerminalSafe.quote(Array(answer.utf8)))
                if let other = Self.otherProtocol(answer) {
                    _ = await speaksTLS
                    return stop(.notSMTP, phase: .greeting, detail: other)
                }
            } catch {}
        }
        if await speaksTLS {
            note("a TLS handshake on port \(target.port) succeeded: this port expects TLS on connect")
            return stop(.noGreeting, phase: .greeting)
        }
        if target.security != .tls { note("a TLS handshake on port \(target.port) failed too") }
        return stop(.silentServer, phase: .greeting)
    }

    /// Connects once more and tries a TLS handshake, certificate unchecked
    /// (only whether TLS is spoken matters; nothing is sent after it).
    static func tlsHandshakeSucceeds(
        _ address: SocketAddress, host: String, timeout: Double, hangUp: HangUp
    ) async -> Bool {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        guard let context = try? NIOSSLContext(configuration: configuration) else { return false }
        let sni: String? = HostSyntax.isIPv4(host) || HostSyntax.isIPv6(host) ? nil : host
        let outcome = NIOLockedValueBox<EventLoopPromise<Bool>?>(nil)
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(timeAmount(timeout))
            .channelInitializer { channel in
                let promise = channel.eventLoop.makePromise(of: Bool.self)
                outcome.withLockedValue { $0 = promise }
                return channel.eventLoop.makeCompletedFuture {
                    let tls = try NIOSSLClientHandler(context: context, serverHostname: sni)
                    try channel.pipeline.syncOperations.addHandler(tls)
                    try channel.pipeline.syncOperations.addHandler(HandshakeWatcher(promise))
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(to: address).get()
        } catch {
            // Completed either way: a promise left pending traps in debug builds.
            outcome.withLockedValue { $0 }?.succeed(false)
            return false
        }
        guard let promise = outcome.withLockedValue({ $0 }) else { return false }
        hangUp.also(channel)
        let timer = channel.eventLoop.scheduleTask(in: timeAmount(timeout)) { promise.succeed(false) }
        let succeeded = (try? await promise.futureResult.get()) ?? false
        timer.cancel()
        try? await channel.close()
        return succeeded
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}

/// Completes with true on a finished TLS handshake, false on any error or close.
private final class HandshakeWatcher: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    let promise: EventLoopPromise<Bool>

    init(_ promise: EventLoopPromise<Bool>) { self.promise = promise }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .handshakeCompleted? = event as? TLSUserEvent { promise.succeed(true) }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.succeed(false)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.succeed(false)
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        promise.succeed(false)
    }
}
