import Foundation
import ProbeModel
import SMTPProbe
import SMTPSettings
import TestSupport
import Testing

/// The wizard's goldens replay event streams recorded here, from the probe
/// talking to real test servers. With UPDATE_GOLDEN=1 each run is written to
/// Tests/WizardTests/Recorded/NAME.json; without it a fresh run must equal the
/// recording, once what varies from run to run is made fixed (`RecordedStream`),
/// so a recording can never drift from what the probe really emits.
@Suite(.serialized) struct RecordedStreamTests {
    static let authArguments = ["--auth", "--user", SMTPTestServer.user, "--mechanisms", "PLAIN,LOGIN"]

    /// Certificate checks off: the clean pass (the test CA is no system CA).
    @Test func starttlsPassed() async throws {
        let server = try SMTPTestServer(mode: "starttls", certificate: "good", arguments: Self.authArguments)
        try await check("starttls-passed", server, [.verifyCertificate: "false"])
    }

    /// Verified, but only through the extra CA file, as a private relay's certificate is.
    @Test func starttlsPassedThroughTheCAFile() async throws {
        let server = try SMTPTestServer(mode: "starttls", certificate: "good", arguments: Self.authArguments)
        try await check("starttls-passed-ca-file", server)
    }

    @Test func wrongPassword() async throws {
        let server = try SMTPTestServer(mode: "starttls", certificate: "good", arguments: Self.authArguments)
        try await check("wrong-password", server, [.password: "wrong-password"])
    }

    @Test func expiredCertificate() async throws {
        let server = try SMTPTestServer(mode: "starttls", certificate: "expired", arguments: Self.authArguments)
        try await check("certificate-expired", server)
    }

    @Test func tlsSpokenToAPlaintextPort() async throws {
        let server = try SMTPTestServer(mode: "plain")
        try await check("tls-on-plaintext-port", server, [.security: "tls"])
    }

    @Test func notSMTP() async throws {
        let server = try SMTPTestServer(mode: "pop3")
        try await check("not-smtp", server)
    }

    /// Runs the probe against `server` and compares (or records) its events.
    func check(
        _ name: String, _ server: SMTPTestServer, _ values: [SettingKey: String] = [:],
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        var settings = MailSettings([
            .address: "127.0.0.1", .port: String(server.port), .security: "starttls", .authentication: "plain",
            .userName: SMTPTestServer.user, .password: SMTPTestServer.password,
            .fromEmailAddress: "app@example.com", .domain: "app.example.com",
        ])
        for (key, value) in values { settings[key] = value }
        var options = ProbeOptions()
        options.capTimeouts(at: 5)
        options.caFile = try TestCertificates.caFile()
        let events = EventLog()
        _ = await SMTPProbe(options: options).run(settings) { events.append($0) }
        withExtendedLifetime(server) {}
        let recorded = try RecordedStream.json(RecordedStream.normalised(events.all, port: server.port))
        #expect(!recorded.contains(SMTPTestServer.password), "the password reached a recording")
        let file = RecordedStream.folder.appendingPathComponent("\(name).json")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: RecordedStream.folder, withIntermediateDirectories: true)
            try recorded.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(recorded == expected, "\(name).json differs from a fresh run", sourceLocation: sourceLocation)
    }
}

/// Collects the events a run emits, from whatever thread emits them.
final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [ProbeEvent] = []

    func append(_ event: ProbeEvent) { lock.withLock { events.append(event) } }
    var all: [ProbeEvent] { lock.withLock { events } }
}

/// What makes two runs of the same test differ, made fixed: the server's
/// port, each phase's time, and the test certificates' dates (made per run).
enum RecordedStream {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("WizardTests/Recorded")
    static let port = "PORT"
    static let notBefore = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01
    static let notAfter = Date(timeIntervalSince1970: 1_769_817_600)  // 2026-01-31

    static func normalised(_ events: [ProbeEvent], port: Int) -> [ProbeEvent] {
        var days: [(String, String)] = []
        let fixed = events.map { event -> ProbeEvent in
            switch event {
            case .phaseFinished(let phase, let status, _):
                return .phaseFinished(phase: phase, status: status, milliseconds: 0)
            case .certificate(let summary):
                return .certificate(summary: fixedDates(summary, &days))
            case .finished(var outcome):
                outcome.certificate = outcome.certificate.map { fixedDates($0, &days) }
                return .finished(outcome: outcome)
            default:
                return event
            }
        }
        // Then in the words too: a port or a date quoted in a note or a diagnosis.
        return fixed.map { event in
            rewrite(event) { text in
                var text = text.replacingOccurrences(
                    of: "(?<![0-9])\(port)(?![0-9])", with: Self.port, options: .regularExpression)
                for (real, fixed) in days { text = text.replacingOccurrences(of: real, with: fixed) }
                return text
            }
        }
    }

    /// The certificate's dates made fixed, unless they are fixed already (the expired one's).
    static func fixedDates(_ summary: CertificateSummary, _ days: inout [(String, String)]) -> CertificateSummary {
        guard summary.notAfter > Date(timeIntervalSinceNow: -86_400 * 365) else { return summary }
        var fixed = summary
        fixed.notBefore = notBefore
        fixed.notAfter = notAfter
        days += [(summary.notBeforeText, fixed.notBeforeText), (summary.notAfterText, fixed.notAfterText)]
        return fixed
    }

    /// Applies `change` to every text an event carries.
    static func rewrite(_ event: ProbeEvent, _ change: (String) -> String) -> ProbeEvent {
        switch event {
        case .transcript(var line):
            line.text = change(line.text)
            return .transcript(line: line)
        case .finished(var outcome):
            if var diagnosis = outcome.diagnosis {
                diagnosis.title = change(diagnosis.title)
                diagnosis.explanation = change(diagnosis.explanation)
                diagnosis.fix = change(diagnosis.fix)
                diagnosis.evidence = diagnosis.evidence.map(change)
                diagnosis.suggestion = diagnosis.suggestion.map { SuggestedValue($0.key, change($0.value)) }
                outcome.diagnosis = diagnosis
            }
            return .finished(outcome: outcome)
        default:
            return event
        }
    }

    static func json(_ events: [ProbeEvent]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(events), as: UTF8.self) + "\n"
    }
}
