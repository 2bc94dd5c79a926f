import Foundation
import ProbeModel
import SwiftASN1
import X509

#if canImport(Glibc)
    import Glibc
#endif

extension CertificateSummary {
    /// Reads the summary from a DER certificate as the server sent it.
    public init(derBytes: [UInt8]) throws {
        let certificate = try Certificate(derEncoded: derBytes)
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
        self.init(
            subject: Self.commonName(certificate.subject) ?? certificate.subject.description,
            issuer: Self.commonName(certificate.issuer) ?? certificate.issuer.description,
            names: names, notBefore: certificate.notValidBefore, notAfter: certificate.notValidAfter,
            selfSigned: certificate.subject == certificate.issuer
                && certificate.publicKey.isValidSignature(certificate.signature, for: certificate))
    }

    /// Why verification failed, judged from the certificate itself.
    func failureClass(host: String, now: Date = Date()) -> DiagnosisClass {
        if now > notAfter { return .certificateExpired }
        if now < notBefore { return .certificateNotYetValid }
        if selfSigned { return .certificateSelfSigned }
        if !covers(host) { return .certificateWrongHost }
        return .certificateUntrusted
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
