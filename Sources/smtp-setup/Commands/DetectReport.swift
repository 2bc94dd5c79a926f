import ArgumentParser
import Foundation
import SMTPProbe
import SMTPSettings

struct DetectReport: Encodable {
    struct Port: Encodable {
        let port: Int
        let reachable: Bool
        let security: String
        let authMechanisms: [String]
        let sizeLimit: Int?
        let certificate: TestReport.CertificateObject?
        let problem: String?

        enum CodingKeys: String, CodingKey {
            case port, reachable, security, certificate, problem
            case authMechanisms = "auth_mechanisms"
            case sizeLimit = "size_limit"
        }
    }

    struct Recommendation: Encodable {
        let port: Int
        let security: String
        let authentication: String
        let reason: String
    }

    let host: String
    let ports: [Port]
    let recommendation: Recommendation?

    init(host: String, findings: [PortFinding], recommendation: PortRecommendation?) {
        self.host = host
        ports = findings.map {
            Port(
                port: $0.port, reachable: $0.reachable, security: $0.offer.rawValue, authMechanisms: $0.authMechanisms,
                sizeLimit: $0.sizeLimit, certificate: $0.certificate.map(TestReport.CertificateObject.init),
                problem: $0.problem?.diagnosisClass.rawValue)
        }
        self.recommendation = recommendation.map {
            Recommendation(
                port: $0.port, security: $0.security.rawValue, authentication: $0.authentication.rawValue,
                reason: $0.reason)
        }
    }
}
