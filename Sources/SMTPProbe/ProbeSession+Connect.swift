import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import ProbeModel
import SMTPSettings

/// The first phases: the DNS lookup and the TCP connection.
extension ProbeSession {
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

    /// Races the addresses (Happy Eyeballs, `ConnectionRace`) and keeps the
    /// winner; every address that failed on the way is named in the transcript.
    func connect(_ addresses: [SocketAddress]) async throws {
        start(.connect)
        // The handler is kept from the initializer itself: a server that
        // answers and hangs up at once tears the pipeline down before a
        // lookup could find it, and its answer is what we need.
        let handlers = NIOLockedValueBox<[ObjectIdentifier: NIOLoopBound<SMTPClientHandler>]>([:])
        let bootstrap = await bootstrap()
        let eventLoop = MultiThreadedEventLoopGroup.singleton.next()
        let (hangUp, linkedHangUp) = (hangUp, linkedHangUp)
        let outcome = await ConnectionRace.run(addresses, on: eventLoop) { address in
            let opened = NIOLockedValueBox<(any Channel)?>(nil)
            let connected = bootstrap { channel, handler in
                opened.withLockedValue { $0 = channel }
                // Stopping the test (or its time limit) ends every attempt still under way.
                hangUp.also(channel)
                linkedHangUp?.also(channel)
                handlers.withLockedValue { $0[ObjectIdentifier(channel)] = handler }
            }.connect(to: address)
            return ConnectionRace.Attempt(channel: connected) { opened.withLockedValue { $0 }?.close(promise: nil) }
        }
        for (address, error) in outcome.failures {
            note("\(address.ipAddress ?? target.host): \(Self.describe(error))")
        }
        guard let (address, channel) = outcome.winner else {
            let last = outcome.failures.last?.error
            throw stop(connectFailureClass(last), phase: .connect, detail: last.map(Self.describe))
        }
        for slow in outcome.abandoned {
            note("\(slow.ipAddress ?? target.host): no answer yet when \(address.ipAddress ?? target.host) answered")
        }
        self.channel = channel
        hangUp.connected(channel)
        linkedHangUp?.also(channel)
        handler = handlers.withLockedValue { $0[ObjectIdentifier(channel)] }
        note("connected to \(address.ipAddress ?? target.host) port \(target.port)")
        finish(.connect, .passed)
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

    /// A bootstrap for this target; `made` hears of each channel and its
    /// handler as soon as they exist, before the connection is made.
    func bootstrap() async
        -> @Sendable (
            _ made: @escaping @Sendable (any Channel, NIOLoopBound<SMTPClientHandler>) -> Void
        ) -> ClientBootstrap
    {
        let implicitTLS = target.security == .tls
        let makeTLS = implicitTLS ? await tlsHandlerFactory() : nil
        let secrets = secretForms
        let timeout = TimeAmount.milliseconds(Int64(options.connectTimeout * 1000))
        return { made in
            ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(timeout)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let makeTLS { try channel.pipeline.syncOperations.addHandler(try makeTLS()) }
                        let handler = SMTPClientHandler(secrets: secrets)
                        try channel.pipeline.syncOperations.addHandler(handler)
                        made(channel, NIOLoopBound(handler, eventLoop: channel.eventLoop))
                    }
                }
        }
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
