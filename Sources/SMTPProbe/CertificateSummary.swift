import Foundation
import SwiftASN1
import X509

#if canImport(Glibc)
    import Glibc
#endif

/// What the pane says about a server certificate: whom it is for, who
/// vouches for it, and when it is valid.
public struct CertificateSummary: Equatable, Sendable, Codable {
    public var subject: String
    public var issuer: String
    /// DNS names and IP addresses it covers (SANs, else the common name).
    public var names: [String]
    public var notBefore: Date
    public var notAfter: Date
    public var selfSigned: Bool

    public var notBeforeText: String { Self.day(notBefore) }
    public var notAfterText: String { Self.day(notAfter) }

    static func day(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day())
    }

    public init(derBytes: [UInt8]) throws {
        let certificate = try Certificate(derEncoded: derBytes)
        subject = Self.commonName(certificate.subject) ?? certificate.subject.description
        issuer = Self.commonName(certificate.issuer) ?? certificate.issuer.description
        var names: [String] = []
        if let alternativeNames = try? certificate.extensions.subjectAlternativeNames {
            for name in alternativeNames {
                switch name {
                case .dnsName(let dns): names.append(dns)
                case .ipAddress(let octets): names.append(Self.ipText(octets.bytes))
                default: break
                }
            }
        }
        if names.isEmpty, let common = Self.commonName(certificate.subject) { names = [common] }
        self.names = names
        notBefore = certificate.notValidBefore
        notAfter = certificate.notValidAfter
        selfSigned =
            certificate.subject == certificate.issuer
            && certificate.publicKey.isValidSignature(certificate.signature, for: certificate)
    }

    /// Why verification failed, judged from the certificate itself.
    func failureClass(host: String, now: Date = Date()) -> DiagnosisClass {
        if now > notAfter { return .certificateExpired }
        if now < notBefore { return .certificateNotYetValid }
        if selfSigned { return .certificateSelfSigned }
        if !covers(host) { return .certificateWrongHost }
        return .certificateUntrusted
    }

    /// RFC 6125 matching, with a wildcard allowed only as the whole left label.
    public func covers(_ host: String) -> Bool {
        let wanted = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        return names.contains { name in
            let pattern = name.lowercased()
            if pattern == wanted { return true }
            guard pattern.hasPrefix("*.") else { return false }
            guard let dot = wanted.firstIndex(of: ".") else { return false }
            return wanted[dot...] == pattern.dropFirst()
        }
    }

    static func commonName(_ name: DistinguishedName) -> String? {
        for rdn in name {
            for attribute in rdn where attribute.type == .RDNAttributeType.commonName {
                return String(describing: attribute.value)
            }
        }
        return nil
    }

    static func ipText(_ bytes: ArraySlice<UInt8>) -> String {
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let ok = Array(bytes).withUnsafeBytes { inet_ntop(family, $0.baseAddress, &text, socklen_t(text.count)) != nil }
        return ok ? String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "?"
    }
}
