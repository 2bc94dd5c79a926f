import ProbeModel
import SMTPSettings

/// What the diagnosis needs to know to choose its words.
struct DiagnosisContext {
    var host: String
    var port: Int
    var security: Security
    var authentication: Authentication
    var userName: String?
    var phase: ProbePhase
    var reply: SMTPReply?
    var capabilities: ServerCapabilities?
    var certificate: CertificateSummary?
    var detail: String?

    var quotedReply: String {
        guard let reply else { return "" }
        return " The server said: \"\(reply.rawLines.joined(separator: " / "))\"."
    }
}

extension Diagnosis {
    /// Every class's words, found in its family's file.
    static func make(_ kind: DiagnosisClass, _ c: DiagnosisContext) -> Diagnosis {
        let families = [connection, greeting, tls, certificate, authentication, envelope]
        for family in families {
            if let words = family(kind, c) { return words }
        }
        // Unreachable while every class has a family (DiagnosisWordsTests checks).
        return Diagnosis(
            kind, title: "The test failed (\(kind.rawValue))", explanation: c.detail ?? "", fix: "Run the test again.",
            setting: nil)
    }
}
