import Foundation
import ProbeModel
import SMTPProbe
import SMTPSettings
import TestSupport
import Testing

/// The live test spends no round trip its answer does not need (issue 13):
/// MAIL and RCPT pipelined where the server offers it and strictly in turn
/// where it does not, QUIT's reply not waited for, one connection for a
/// pass, and the server's addresses raced (Happy Eyeballs).
@Suite struct FewerRoundTripsTests {
    static let authArguments = ["--auth", "--user", SMTPTestServer.user, "--mechanisms", "PLAIN,LOGIN"]

    func probe(
        port: Int, _ values: [SettingKey: String] = [:], caFile: Bool = false, timeout: Double = 3
    ) async throws -> ProbeReport {
        var settings = MailSettings([
            .address: "127.0.0.1", .port: String(port), .security: "none", .authentication: "none",
            .fromEmailAddress: "app@example.com", .domain: "app.example.com",
        ])
        for (key, value) in values { settings[key] = value }
        var options = ProbeOptions()
        options.capTimeouts(at: timeout)
        if caFile { options.caFile = try TestCertificates.caFile() }
        return await SMTPProbe(options: options).run(settings)
    }

    static let starttls: [SettingKey: String] = [
        .security: "starttls", .authentication: "plain", .userName: SMTPTestServer.user,
        .password: SMTPTestServer.password,
    ]

    /// The server answers MAIL only once RCPT is in: a probe waiting for
    /// MAIL's reply before sending RCPT would run into its timeout.
    @Test func mailAndRecipientGoInOneWriteWhenPipeliningIsOffered() async throws {
        let server = try HostileServer(mode: "pipelining")
        let report = try await probe(port: server.port)
        withExtendedLifetime(server) {}
        #expect(report.ok, "\(String(describing: report.diagnosis)) \(report.transcript.map(\.rendered))")
        let rendered = report.transcript.map(\.rendered)
        let rcpt = try #require(rendered.firstIndex(of: "-> RCPT TO:<app@example.com>"))
        let mailReply = try #require(rendered.firstIndex(of: "<- 250 2.1.0 ok"))
        #expect(rcpt < mailReply, "RCPT was sent before MAIL's reply came")
        #expect(report.phases.map(\.phase).suffix(3) == [.sender, .recipient, .quit])
    }

    /// Without PIPELINING nothing is sent before the reply it follows: the
    /// server ends the session (503) on any command that talks early.
    @Test func strictlyInTurnWithoutPipelining() async throws {
        let server = try HostileServer(mode: "lockstep")
        let report = try await probe(port: server.port)
        withExtendedLifetime(server) {}
        #expect(report.ok, "\(String(describing: report.diagnosis)) \(report.transcript.map(\.rendered))")
        let rendered = report.transcript.map(\.rendered)
        #expect(rendered.last == "-> QUIT", "QUIT's 221 answers nothing and is not waited for")
        #expect(!rendered.contains("-> RSET"))
        #expect(try await settled(1) { server.connections } == 1)
    }

    /// A real server (aiosmtpd) offering PIPELINING, after STARTTLS and AUTH.
    @Test func pipelinedAfterSTARTTLSAndLogin() async throws {
        let server = try SMTPTestServer(
            mode: "starttls", certificate: "good", arguments: Self.authArguments + ["--pipelining"])
        let report = try await probe(port: server.port, Self.starttls.merging([.verifyCertificate: "false"]) { $1 })
        withExtendedLifetime(server) {}
        #expect(report.ok, "\(String(describing: report.diagnosis)) \(report.transcript.map(\.rendered))")
        let rendered = report.transcript.map(\.rendered)
        let rcpt = try #require(rendered.firstIndex(of: "~> RCPT TO:<app@example.com>"))
        let mailReply = try #require(rendered.firstIndex(of: "<~ 250 2.1.0 Ok"))
        #expect(rcpt < mailReply)
    }

    /// A refused sender is the diagnosis, not the recipient's reply to a transaction that never started.
    @Test func aRefusedSenderInAPipelinedGroupIsTheSender() async throws {
        let server = try SMTPTestServer(
            mode: "starttls", certificate: "good",
            arguments: Self.authArguments + ["--pipelining", "--reject-sender"])
        let report = try await probe(port: server.port, Self.starttls.merging([.verifyCertificate: "false"]) { $1 })
        withExtendedLifetime(server) {}
        #expect(report.diagnosis?.diagnosisClass == .senderRefused)
        #expect(report.failedPhase == .sender)
    }

    /// The certificate in the report is the one of the test's own handshake.
    @Test func aPassMakesOneConnection() async throws {
        let server = try SMTPTestServer(mode: "starttls", certificate: "good", arguments: Self.authArguments)
        let report = try await probe(port: server.port, Self.starttls.merging([.verifyCertificate: "false"]) { $1 })
        #expect(report.ok, "\(String(describing: report.diagnosis))")
        #expect(report.certificate?.subject == "localhost")
        #expect(try await settled(1) { server.connections } == 1, "\(server.log)")
    }

    /// With --ca-file the one other connection is the check against the
    /// system's CAs alone, made beside the test; it still says what it found.
    @Test func theCAFileCheckIsTheOnlyOtherConnection() async throws {
        let server = try SMTPTestServer(mode: "starttls", certificate: "good", arguments: Self.authArguments)
        let report = try await probe(port: server.port, Self.starttls, caFile: true)
        #expect(report.ok, "\(String(describing: report.diagnosis))")
        #expect(report.trustedOnlyViaCAFile == true)
        #expect(try await settled(2) { server.connections } == 2, "\(server.log)")
    }

    /// A server's count of accepted connections once its output has caught
    /// up with the probe: every connection was accepted before the probe
    /// reported, but the server's log is read on another thread, so the
    /// count is awaited up to `expected` (a deadline, not a pause).
    func settled(_ expected: Int, _ count: () -> Int) async throws -> Int {
        let deadline = ContinuousClock.now + .seconds(5)
        while count() < expected, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        return count()
    }

    /// An attempt still connecting ends when the admin stops the test, not at its own timeout.
    @Test func stoppingTheTestEndsAConnectUnderWay() async throws {
        let server = try SMTPTestServer(mode: "blackhole")
        var options = ProbeOptions()
        options.capTimeouts(at: 60)
        let settings = MailSettings([
            .address: "127.0.0.1", .port: String(server.port), .security: "none", .authentication: "none",
        ])
        let (connecting, started) = AsyncStream<Void>.makeStream()
        let test = Task {
            await SMTPProbe(options: options).run(settings) { event in
                if case .phaseStarted(.connect, _) = event { started.yield() }
            }
        }
        for await _ in connecting { break }
        let stopped = ContinuousClock.now
        test.cancel()
        let report = await test.value
        withExtendedLifetime(server) {}
        #expect(report.diagnosis?.diagnosisClass == .cancelled)
        #expect(ContinuousClock.now - stopped < .seconds(30), "it waited for the connect timeout")
    }

    /// mail.test is ::1 (first, as getaddrinfo orders them) and 127.0.0.1 in
    /// a namespace of the test's own. On ::1 the port drops every SYN (a full
    /// accept queue), as behind a firewall. Tried one after the other, the
    /// test would spend its whole 8 s on ::1; raced, 127.0.0.1 answers.
    @Test func anAddressThatDoesNotAnswerIsNotWaitedFor() async throws {
        let namespace = try NetworkNamespace(hosts: "::1 mail.test\n127.0.0.1 mail.test\n")
        let silent = try SMTPTestServer(
            mode: "blackhole", arguments: ["--host", "::1", "--port", "2525"], namespace: namespace)
        let server = try SMTPTestServer(mode: "plain", arguments: ["--port", "2525"], namespace: namespace)
        let result = try namespace.run(
            BuiltProducts.path("smtp-setup"),
            [
                "test", "--address", "mail.test", "--port", "2525", "--security", "none", "--authentication",
                "none", "--from", "app@example.com", "--timeout", "8", "--store",
                TemporaryDirectory().file("s.sqlite3"), "--json",
            ])
        withExtendedLifetime([silent, server]) {}
        #expect(result.status == 0, "\(result.output)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let transcript = try #require(object["transcript"] as? [String])
        #expect(transcript.contains("== mail.test has ::1, 127.0.0.1"), "\(transcript)")
        #expect(transcript.contains("== connected to 127.0.0.1 port 2525"), "\(transcript)")
        #expect(transcript.contains("== ::1: no answer yet when 127.0.0.1 answered"), "\(transcript)")
        #expect(try await settled(1) { server.connections } == 1)
    }
}
