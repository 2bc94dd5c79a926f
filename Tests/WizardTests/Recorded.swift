import Foundation
import ProbeModel
import Testing

@testable import Wizard

/// Event streams the probe really emitted, recorded from runs against real
/// test servers by SMTPProbeTests' RecordedStreamTests (Recorded/NAME.json;
/// UPDATE_GOLDEN=1 there records them again).
enum Recorded {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Recorded")

    /// STARTTLS (certificate checks off), PLAIN login, envelope, QUIT: all passed.
    static let passed = "starttls-passed"
    /// The same, verified, but only through the extra CA file (`--ca-file`).
    static let passedThroughCAFile = "starttls-passed-ca-file"
    /// The server refused the password (535).
    static let wrongPassword = "wrong-password"
    /// A certificate that expired, over STARTTLS.
    static let expiredCertificate = "certificate-expired"
    /// security=tls to a port that speaks plain SMTP: the fix-it key knows the value.
    static let tlsOnPlaintextPort = "tls-on-plaintext-port"
    /// A POP3 server where SMTP was expected.
    static let notSMTP = "not-smtp"

    static func events(_ name: String) -> [ProbeEvent] {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            let data = try Data(contentsOf: folder.appendingPathComponent("\(name).json"))
            return try decoder.decode([ProbeEvent].self, from: data)
        } catch {
            Issue.record("Recorded/\(name).json: \(error)")
            return []
        }
    }

    /// How the recorded run ended.
    static func outcome(_ name: String) -> ProbeOutcome? {
        for case .finished(let outcome) in events(name) { return outcome }
        return nil
    }

    static func diagnosis(_ name: String) -> Diagnosis {
        outcome(name)?.diagnosis
            ?? Diagnosis(.protocolError, title: "no diagnosis in \(name)", explanation: "", fix: "", setting: nil)
    }
}

/// Feeds a recorded run through `update`, as the run loop feeds a live one;
/// `until` stops before the first event it accepts.
func replay(_ name: String, into state: inout WizardState, until: (ProbeEvent) -> Bool = { _ in false }) {
    for event in Recorded.events(name) {
        if until(event) { return }
        _ = update(&state, .probe(event))
    }
}
