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

    static func describe(_ error: any Error) -> String {
        if let io = error as? IOError { return String(cString: strerror(io.errnoCode)) }
        if case ChannelError.connectTimeout(let amount) = error {
            return "no answer within \(amount.nanoseconds / 1_000_000_000) s"
        }
        // Never a library's own text (BoringSSLError, a NIO type name): words.
        return TLSFailureWords.describe(error)
    }
}
