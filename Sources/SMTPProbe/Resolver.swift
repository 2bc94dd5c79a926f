import Foundation
import NIOCore

#if canImport(Glibc)
    import Glibc
#endif

/// Name lookup through the system resolver, so that "no such name" and
/// "DNS not answering" come back as different answers.
enum Resolver {
    enum Failure: Error, Equatable {
        case notFound
        case unavailable(String)
    }

    /// Every address for `host`, IPv6 and IPv4, in the resolver's order.
    static func resolve(_ host: String, port: Int) async -> Result<[SocketAddress], Failure> {
        await withCheckedContinuation { continuation in
            // getaddrinfo blocks; keep it off the cooperative pool.
            Thread.detachNewThread {
                continuation.resume(returning: lookUp(host, port: port))
            }
        }
    }

    // glibc's GNU-only codes, not visible to Swift: "name has no address".
    static let noData: Int32 = -5
    static let noAddressInFamily: Int32 = -9

    static func lookUp(_ host: String, port: Int) -> Result<[SocketAddress], Failure> {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = AF_UNSPEC
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        defer { if let list { freeaddrinfo(list) } }
        switch status {
        case 0:
            break
        case EAI_NONAME, noData, noAddressInFamily:
            return .failure(.notFound)
        default:
            return .failure(.unavailable(String(cString: gai_strerror(status))))
        }
        var addresses: [SocketAddress] = []
        var cursor = list
        while let entry = cursor {
            if let address = entry.pointee.ai_addr {
                let socketAddress: SocketAddress? =
                    switch Int32(address.pointee.sa_family) {
                    case AF_INET:
                        address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                            SocketAddress($0.pointee, host: host)
                        }
                    case AF_INET6:
                        address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                            SocketAddress($0.pointee, host: host)
                        }
                    default: nil
                    }
                if let socketAddress, !addresses.contains(socketAddress) { addresses.append(socketAddress) }
            }
            cursor = entry.pointee.ai_next
        }
        return addresses.isEmpty ? .failure(.notFound) : .success(addresses)
    }
}
