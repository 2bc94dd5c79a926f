import Foundation
import ProbeModel
import Testing

/// RFC 6125 name matching of the certificate summary the wizard shows
/// (trailing and leading dots of the host ignored, a wildcard only as the
/// whole left label).
@Suite struct CertificateNameTests {
    let summary = CertificateSummary(
        subject: "CN=mail.example.com", issuer: "CN=Test CA", names: ["mail.example.com", "*.example.net"],
        notBefore: Date(timeIntervalSince1970: 0), notAfter: Date(timeIntervalSince1970: 2_000_000_000),
        selfSigned: false)

    @Test(arguments: [
        "mail.example.com", "MAIL.Example.com", "mail.example.com.", ".mail.example.com", "a.example.net",
    ])
    func covered(_ host: String) {
        #expect(summary.covers(host))
    }

    @Test(arguments: ["example.com", "smtp.example.com", "a.b.example.net", "example.net", "", "..."])
    func notCovered(_ host: String) {
        #expect(!summary.covers(host))
    }
}
