import Foundation
import ProbeModel
import SMTPProbe
import SMTPSettings
import TestSupport
import Testing

/// Runs the probe against a real server on 127.0.0.1, keeping the server
/// alive until the probe is done (ARC may end a local's life at its last use).
private func probe(
    _ server: SMTPTestServer, _ values: [SettingKey: String] = [:], sendTo: String? = nil, timeout: Double = 5,
    trustTestCA: Bool = true, configure: (inout ProbeOptions) -> Void = { _ in }
) async throws -> ProbeReport {
    let report = try await probe(
        port: server.port, values, sendTo: sendTo, timeout: timeout, trustTestCA: trustTestCA, configure: configure)
    withExtendedLifetime(server) {}
    return report
}

/// Runs the probe against a port on 127.0.0.1.
private func probe(
    port: Int, _ values: [SettingKey: String] = [:], sendTo: String? = nil, timeout: Double = 5,
    trustTestCA: Bool = true, configure: (inout ProbeOptions) -> Void = { _ in }
) async throws -> ProbeReport {
    var settings = MailSettings([
        .address: "127.0.0.1", .port: String(port), .security: "starttls", .authentication: "plain",
        .userName: SMTPTestServer.user, .password: SMTPTestServer.password, .fromEmailAddress: "app@example.com",
        .domain: "app.example.com",
    ])
    for (key, value) in values { settings[key] = value }
    var options = ProbeOptions()
    options.capTimeouts(at: timeout)
    options.sendTo = sendTo
    if trustTestCA { options.caFile = try TestCertificates.caFile() }
    configure(&options)
    let report = await SMTPProbe(options: options).run(settings)
    assertNoSecrets(report)
    return report
}

/// The password and its base64 forms never reach a report.
private func assertNoSecrets(_ report: ProbeReport, sourceLocation: SourceLocation = #_sourceLocation) {
    let text =
        report.transcript.map(\.rendered).joined(separator: "\n") + "\n"
        + [report.diagnosis?.explanation, report.diagnosis?.fix, report.diagnosis?.evidence.joined()]
        .compactMap { $0 }.joined()
    for form in SecretForms.all {
        #expect(!text.contains(form), "secret form \(form) leaked", sourceLocation: sourceLocation)
    }
}

enum SecretForms {
    static let all: [String] = {
        let password = SMTPTestServer.password
        return [
            password, Data(password.utf8).base64EncodedString(),
            AuthEncoding.plain(user: SMTPTestServer.user, password: password),
        ]
    }()
}

private func expectClass(
    _ report: ProbeReport, _ expected: DiagnosisClass, phase: ProbePhase,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(
        report.diagnosis?.diagnosisClass == expected,
        "got \(String(describing: report.diagnosis)) \(report.transcript.map(\.rendered))",
        sourceLocation: sourceLocation)
    #expect(
        report.failedPhase == phase, "failed phase \(String(describing: report.failedPhase))",
        sourceLocation: sourceLocation)
}

private let authArguments = ["--auth", "--user", SMTPTestServer.user, "--mechanisms", "PLAIN,LOGIN,CRAM-MD5"]

@Suite struct LiveProbeSuccessTests {
    @Test(arguments: Authentication.allCases.filter { $0 != Authentication.none })
    func starttlsWithEachMechanism(_ authentication: Authentication) async throws {
        let server = try SMTPTestServer(mode: "starttls", certificate: "good", arguments: authArguments)
        let report = try await probe(server, [.authentication: authentication.rawValue])
        #expect(report.ok, "\(String(describing: report.diagnosis))")
        let phases = report.phases.filter { $0.status == .passed }.map(\.phase)
        #expect(
            phases == [
                .resolve, .connect, .greeting, .ehlo, .startTLS, .ehloAfterTLS, .auth, .sender, .recipient, .quit,
            ]
        )
        let rendered = report.transcript.map(\.rendered)
        #expect(rendered.contains("-> STARTTLS"))
        #expect(rendered.contains { $0.hasPrefix("~> AUTH \(authentication.saslName!)") })
        #expect(rendered.contains("~> [redacted]") || rendered.contains("~> AUTH PLAIN [redacted]"))
        #expect(report.certificate?.subject == "localhost")
        #expect(server.messages().isEmpty, "nothing is delivered without --send-to")
    }

    @Test func implicitTLSByHostName() async throws {
        let server = try SMTPTestServer(mode: "tls", certificate: "good", arguments: authArguments)
        let report = try await probe(server, [.address: "localhost", .security: "tls", .authentication: "login"])
        #expect(report.ok, "\(String(describing: report.diagnosis))")
        #expect(report.phases.first { $0.phase == .tls }?.status == .passed)
        #expect(report.transcript.first { $0.direction == .received }?.encrypted == true)
    }

    @Test func plainTextRelayWithoutLogin() async throws {
        let server = try SMTPTestServer(mode: "plain")
        let report = try await probe(server, [.security: "none", .authentication: "none"])
        #expect(report.ok, "\(String(describing: report.diagnosis))")
        #expect(report.phases.first { $0.phase == .auth }?.status == .skipped)
    }

    @Test func plaintextLoginOnlyWhenAllowed() async throws {
        let server = try SMTPTestServer(mode: "plain", arguments: authArguments)
        let refused = try await probe(server, [.security: "none"])
        expectClass(refused, .plaintextAuthRefused, phase: .auth)
        #expect(!refused.transcript.contains { $0.text.hasPrefix("AUTH") }, "nothing was sent")
        let allowed = try await probe(server, [.security: "none"]) { $0.allowPlaintextAuth = true }
        #expect(allowed.ok, "\(String(describing: allowed.diagnosis))")
    }

    @Test func heloFallbackForOldServers() async throws {
        let server = try SMTPTestServer(mode: "ehlo-unknown")
        let report = try await probe(server, [.security: "none", .authentication: "none"])
        #expect(report.ok, "\(String(describing: report.diagnosis))")
        #expect(report.transcript.map(\.text).contains("HELO app.example.com"))
    }

    @Test func realMessageIsDeliveredWithHeaders() async throws {
        let server = try SMTPTestServer(mode: "starttls", certificate: "good", arguments: authArguments)
        let report = try await probe(
            port: server.port, [.fromName: "Example App", .authentication: "cram_md5"], sendTo: "admin@example.org")
        #expect(report.ok && report.messageSent, "\(String(describing: report.diagnosis))")
        let messages = server.messages()
        #expect(messages.count == 1)
        let message = try #require(messages.first)
        #expect(message["mail_from"] as? String == "app@example.com")
        #expect(message["rcpt_tos"] as? [String] == ["admin@example.org"])
        let data = message["data"] as? String ?? ""
        for header in [
            "From: \"Example App\" <app@example.com>", "To: <admin@example.org>", "Subject: smtp-setup test message",
            "Message-ID: <", "Date: ",
        ] {
            #expect(data.contains(header), "missing \(header)")
        }
        #expect(data.contains("port \(server.port) (security: starttls)"))
    }

    /// A long name beyond ASCII: every encoded-word within RFC 2047's 75
    /// characters, and Python's email package reads the name back whole.
    @Test func aLongNameIsEncodedInWordsAReaderJoins() async throws {
        let name = String(repeating: "Zoë Ünïcode—", count: 8) + "日本語の名前"
        let server = try SMTPTestServer(mode: "starttls", certificate: "good", arguments: authArguments)
        let report = try await probe(port: server.port, [.fromName: name], sendTo: "admin@example.org")
        #expect(report.ok && report.messageSent, "\(String(describing: report.diagnosis))")
        let data = try #require(server.messages().first?["data"] as? String)
        let from = try #require(data.split(separator: "\n").first { $0.hasPrefix("From: ") })
        let words = from.split(separator: " ").filter { $0.hasPrefix("=?") }
        #expect(words.count > 1 && words.allSatisfy { $0.count <= 75 }, "\(from)")
        let decoder = """
            import sys, email.header
            line = sys.stdin.read()
            print("".join(part.decode(charset or "ascii") if isinstance(part, bytes) else part
                          for part, charset in email.header.decode_header(line)), end="")
            """
        let header = String(from.dropFirst("From: ".count).prefix { $0 != "<" })
        let decoded = try ProcessRunner.run("/usr/bin/python3", ["-c", decoder], input: header)
        #expect(decoded.stdout.trimmingCharacters(in: .whitespaces) == name, "\(decoded.output)")
    }
}

@Suite struct LiveProbeFailureTests {
    @Test func connectionRefused() async throws {
        let report = try await probe(port: closedPort())
        expectClass(report, .connectionRefused, phase: .connect)
        #expect(report.diagnosis?.setting == .port)
    }

    @Test func connectTimeoutWhenPacketsAreDropped() async throws {
        let server = try SMTPTestServer(mode: "blackhole")
        let report = try await probe(server, timeout: 1.5)
        expectClass(report, .connectTimeout, phase: .connect)
    }

    @Test func starttlsToAnImplicitTLSPortGetsNoGreeting() async throws {
        let server = try SMTPTestServer(mode: "tls", certificate: "good")
        let report = try await probe(server, timeout: 1.5)
        expectClass(report, .noGreeting, phase: .greeting)
        #expect(report.diagnosis?.fix.contains("security=tls") == true)
        #expect(report.diagnosis?.setting == .security)
    }

    @Test func closedAtOnce() async throws {
        let server = try SMTPTestServer(mode: "close")
        expectClass(try await probe(server), .closedEarly, phase: .greeting)
    }

    @Test(arguments: ["greet421", "greet554"])
    func greetingRefused(_ mode: String) async throws {
        let server = try SMTPTestServer(mode: mode)
        let report = try await probe(server)
        expectClass(report, .greetingRefused, phase: .greeting)
        #expect(report.diagnosis?.explanation.contains(mode == "greet421" ? "421" : "554") == true)
    }

    @Test(arguments: [("pop3", "POP3"), ("imap", "IMAP"), ("http", "web server")])
    func notSMTP(_ mode: String, _ name: String) async throws {
        let server = try SMTPTestServer(mode: mode)
        // A web server waits for the client: the probe's one line after the silence makes it answer.
        let report = try await probe(server, timeout: 1)
        expectClass(report, .notSMTP, phase: .greeting)
        #expect(report.diagnosis?.explanation.contains(name) == true)
    }

    @Test func tlsSpokenToAPlaintextPort() async throws {
        let server = try SMTPTestServer(mode: "plain")
        expectClass(try await probe(server, [.security: "tls"]), .tlsOnPlaintextPort, phase: .tls)
    }

    @Test(arguments: [
        ("expired", DiagnosisClass.certificateExpired), ("notyet", .certificateNotYetValid),
        ("selfsigned", .certificateSelfSigned), ("wrongname", .certificateWrongHost),
    ])
    func certificateProblems(_ certificate: String, _ expected: DiagnosisClass) async throws {
        let server = try SMTPTestServer(mode: "starttls", certificate: certificate, arguments: authArguments)
        let report = try await probe(server, [.address: "localhost"])
        expectClass(report, expected, phase: .startTLS)
        let summary = try #require(report.certificate)
        switch expected {
        case .certificateExpired: #expect(report.diagnosis?.explanation.contains("expired on 2021-01-01") == true)
        case .certificateWrongHost: #expect(report.diagnosis?.explanation.contains("mail.example.net") == true)
        case .certificateSelfSigned: #expect(summary.selfSigned)
        default: break
        }
        // The second connection only read the certificate: no login anywhere.
        #expect(!report.transcript.contains { $0.text.hasPrefix("AUTH") })
        #expect(!server.log.contains("auth_user"))
    }

    @Test func untrustedCA() async throws {
        let server = try SMTPTestServer(mode: "tls", certificate: "good")
        let report = try await probe(server, [.security: "tls"], trustTestCA: false)
        expectClass(report, .certificateUntrusted, phase: .tls)
        #expect(report.diagnosis?.explanation.contains("smtp-setup Test CA") == true)
    }

    @Test func verificationOffPassesAnUntrustedCertificate() async throws {
        let server = try SMTPTestServer(mode: "tls", certificate: "selfsigned", arguments: authArguments)
        let report = try await probe(server, [.security: "tls", .verifyCertificate: "false"], trustTestCA: false)
        #expect(report.ok, "\(String(describing: report.diagnosis))")
    }

    @Test func noCommonTLSVersion() async throws {
        let server = try SMTPTestServer(mode: "old-tls", certificate: "good")
        expectClass(try await probe(server, [.security: "tls"]), .tlsNoCommonVersion, phase: .tls)
    }

    @Test func handshakeCutShort() async throws {
        let server = try SMTPTestServer(mode: "close")
        expectClass(try await probe(server, [.security: "tls"]), .tlsHandshakeFailed, phase: .tls)
    }

    @Test func starttlsNotOfferedIsNeverADowngrade() async throws {
        let server = try SMTPTestServer(mode: "no-starttls")
        let report = try await probe(server)
        expectClass(report, .startTLSNotOffered, phase: .startTLS)
        #expect(!report.transcript.contains { $0.text.hasPrefix("AUTH") || $0.text.hasPrefix("MAIL") })
    }

    @Test func starttlsOfferedThenRefused() async throws {
        let server = try SMTPTestServer(mode: "starttls-refused")
        let report = try await probe(server)
        expectClass(report, .startTLSRefused, phase: .startTLS)
        #expect(report.diagnosis?.explanation.contains("454") == true)
    }

    @Test func starttlsInjectionAborts() async throws {
        let server = try SMTPTestServer(mode: "starttls-inject", certificate: "good")
        let report = try await probe(server)
        expectClass(report, .startTLSInjection, phase: .startTLS)
        #expect(report.transcript.contains { $0.text.contains("250 2.0.0 injected") })
        #expect(!report.transcript.contains { $0.text.hasPrefix("AUTH") })
    }

    @Test func ehloRejectedPointsAtTheDomain() async throws {
        let server = try SMTPTestServer(mode: "plain", arguments: ["--reject-ehlo"])
        let report = try await probe(server, [.security: "none", .authentication: "none"])
        expectClass(report, .ehloRejected, phase: .ehlo)
        #expect(report.diagnosis?.setting == .domain)
    }

    @Test func mechanismNotOfferedNamesTheOffer() async throws {
        let server = try SMTPTestServer(
            mode: "starttls", certificate: "good",
            arguments: ["--auth", "--user", SMTPTestServer.user, "--mechanisms", "PLAIN,LOGIN"])
        let report = try await probe(server, [.authentication: "cram_md5"])
        expectClass(report, .authMechanismNotOffered, phase: .auth)
        let explanation = report.diagnosis?.explanation ?? ""
        #expect(explanation.contains("PLAIN") && explanation.contains("LOGIN") && !explanation.contains("CRAM"))
    }

    @Test func authNotOffered() async throws {
        let server = try SMTPTestServer(mode: "starttls", certificate: "good")
        expectClass(try await probe(server), .authNotOffered, phase: .auth)
    }

    @Test(arguments: Authentication.allCases.filter { $0 != Authentication.none })
    func wrongPassword(_ authentication: Authentication) async throws {
        let server = try SMTPTestServer(mode: "starttls", certificate: "good", arguments: authArguments)
        let report = try await probe(server, [.authentication: authentication.rawValue, .password: "wrong-password"])
        expectClass(report, .authFailed, phase: .auth)
        #expect(report.diagnosis?.explanation.contains("app password") == true)
        #expect(report.diagnosis?.setting == .password)
        #expect(!report.transcript.map(\.text).joined().contains("wrong-password"))
    }

    @Test func authRequiresTLS() async throws {
        let server = try SMTPTestServer(mode: "plain", arguments: authArguments + ["--auth-code", "538"])
        let report = try await probe(server, [.security: "none", .authentication: "cram_md5"])
        expectClass(report, .authRequiresTLS, phase: .auth)
    }

    @Test func webLoginRequired() async throws {
        let server = try SMTPTestServer(
            mode: "starttls", certificate: "good", arguments: authArguments + ["--auth-code", "534"])
        expectClass(try await probe(server), .authWebLoginRequired, phase: .auth)
    }

    @Test func senderRefused() async throws {
        let server = try SMTPTestServer(
            mode: "starttls", certificate: "good", arguments: authArguments + ["--reject-sender"])
        let report = try await probe(server)
        expectClass(report, .senderRefused, phase: .sender)
        #expect(report.diagnosis?.setting == .fromEmailAddress)
    }

    @Test func recipientRefused() async throws {
        let server = try SMTPTestServer(
            mode: "starttls", certificate: "good", arguments: authArguments + ["--reject-recipient"])
        expectClass(try await probe(server, sendTo: "someone@example.org"), .recipientRefused, phase: .recipient)
    }

    @Test func messageRefused() async throws {
        let server = try SMTPTestServer(
            mode: "starttls", certificate: "good", arguments: authArguments + ["--reject-data"])
        let report = try await probe(server, sendTo: "someone@example.org")
        expectClass(report, .messageRefused, phase: .data)
        #expect(server.messages().isEmpty)
    }

    @Test func timeoutNamesThePhase() async throws {
        let server = try SMTPTestServer(mode: "stall-after-ehlo")
        let report = try await probe(server, [.security: "none", .authentication: "none"], timeout: 1)
        expectClass(report, .timeout, phase: .sender)
        #expect(report.diagnosis?.title.contains("Sender") == true)
    }

    @Test(arguments: ["long-line", "garbage-greeting"])
    func protocolErrors(_ mode: String) async throws {
        let server = try SMTPTestServer(mode: mode)
        expectClass(try await probe(server), .protocolError, phase: .greeting)
    }

    @Test func cancellingHangsUpInsteadOfWaitingOut() async throws {
        let server = try SMTPTestServer(mode: "silent")
        let task = Task { try await probe(server, timeout: 20) }
        // Cancelled once the server holds the connection (its log says so), not after a guessed pause.
        let deadline = ContinuousClock.now + .seconds(20)
        while !server.log.contains("silent: connection from") && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(server.log.contains("silent: connection from"))
        task.cancel()
        let report = try await task.value
        // Without the hang-up this would wait out the greeting and say no_greeting.
        expectClass(report, .cancelled, phase: .greeting)
    }

    @Test func controlCharactersNeverReachTheWire() async throws {
        let server = try SMTPTestServer(mode: "plain")
        let report = try await probe(
            port: server.port, [.security: "none", .authentication: "none"],
            sendTo: "a@example.org\r\nRCPT TO:<b@example.org>")
        #expect(report.diagnosis?.diagnosisClass == .invalidSettings)
        #expect(report.transcript.isEmpty, "nothing was sent")
    }
}
