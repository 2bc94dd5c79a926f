import Foundation
import SMTPProbe
import SMTPSettings
import TestSupport
import Testing

/// Servers that never greet, or never finish greeting: the TLS advice only
/// when a TLS handshake on that port really succeeded; a silent server
/// named as such; a half greeting quoted, terminal-safe, as a timeout.
@Suite struct SilentServerTests {
    func probe(_ server: SMTPTestServer, security: String, timeout: Double = 1) async throws -> ProbeReport {
        var options = ProbeOptions()
        options.capTimeouts(at: timeout)
        options.caFile = try TestCertificates.caFile()
        let settings = MailSettings([
            .address: "127.0.0.1", .port: String(server.port), .security: security, .authentication: "none",
            .domain: "app.example.com",
        ])
        let report = await SMTPProbe(options: options).run(settings)
        withExtendedLifetime(server) {}
        return report
    }

    @Test func aSilentServerIsNamedSilentWithoutTheTLSAdvice() async throws {
        let server = try SMTPTestServer(mode: "silent")
        let report = try await probe(server, security: "starttls")
        #expect(report.diagnosis?.diagnosisClass == .silentServer, "\(String(describing: report.diagnosis))")
        #expect(report.failedPhase == .greeting)
        let words = [report.diagnosis?.title, report.diagnosis?.explanation, report.diagnosis?.fix]
            .compactMap { $0 }.joined(separator: " ")
        #expect(words.contains("stays silent"))
        #expect(!words.contains("expects TLS"), "no TLS advice without a TLS handshake: \(words)")
        #expect(report.transcript.contains { $0.text.contains("TLS handshake on port \(server.port) failed") })
    }

    @Test func theTLSAdviceFollowsASuccessfulHandshake() async throws {
        let server = try SMTPTestServer(mode: "tls", certificate: "good")
        let report = try await probe(server, security: "starttls")
        #expect(report.diagnosis?.diagnosisClass == .noGreeting, "\(String(describing: report.diagnosis))")
        #expect(report.diagnosis?.fix.contains("security=tls") == true)
        #expect(report.transcript.contains { $0.text.contains("TLS handshake on port \(server.port) succeeded") })
    }

    @Test func silenceAfterTLSOnConnectIsASilentServer() async throws {
        // Port 465-style settings against a server that never talks: no
        // handshake succeeds (the silent server speaks no TLS).
        let server = try SMTPTestServer(mode: "silent")
        let report = try await probe(server, security: "tls")
        #expect(report.diagnosis?.diagnosisClass != .noGreeting)
        #expect(report.diagnosis?.fix.contains("security=tls") != true)
    }

    @Test func aHalfGreetingIsATimeoutThatQuotesItVisibly() async throws {
        let server = try SMTPTestServer(mode: "partial-greeting")
        let report = try await probe(server, security: "none")
        #expect(report.diagnosis?.diagnosisClass == .timeout, "\(String(describing: report.diagnosis))")
        #expect(report.failedPhase == .greeting)
        let explanation = report.diagnosis?.explanation ?? ""
        #expect(explanation.contains(#"220 mail.example.com ESMTP \x1B[31mready"#), "\(explanation)")
        let everything = explanation + report.transcript.map(\.rendered).joined()
        #expect(!everything.unicodeScalars.contains { $0.value == 0x1B }, "no raw escape reaches a screen")
    }

    @Test func anUnfinishedMultiLineGreetingIsATimeout() async throws {
        let server = try SMTPTestServer(mode: "partial-multiline")
        let report = try await probe(server, security: "none")
        #expect(report.diagnosis?.diagnosisClass == .timeout, "\(String(describing: report.diagnosis))")
        #expect(report.failedPhase == .greeting)
        #expect(report.diagnosis?.explanation.contains(#"220-still greeting\r\n"#) == true)
    }

    @Test func controlCharactersAreShownVisibly() {
        #expect(TerminalSafe.quote(Array("a\r\n\t\u{1B}[2J\u{7F}\\".utf8)) == #"a\r\n\t\x1B[2J\x7F\\"#)
        #expect(TerminalSafe.quote(Array("\u{202E}x\u{85}".utf8)) == #"\u{202E}x\x85"#)
        #expect(TerminalSafe.quote(Array("é✓".utf8)) == "é✓")
        #expect(TerminalSafe.quote(Array(repeating: UInt8(ascii: "x"), count: 300), limit: 5) == "xxxxx…")
    }
}
