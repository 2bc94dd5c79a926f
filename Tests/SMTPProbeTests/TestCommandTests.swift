import Foundation
import SMTPSettings
import TestSupport
import Testing

/// `smtp-setup test` and `detect`, the real binary against real servers.
private struct Binary {
    let dir = TemporaryDirectory()
    var store: String { dir.file("settings.sqlite3") }

    func run(_ arguments: [String], input: String? = nil, withStore: Bool = true) throws -> ProcessResult {
        let result = try ProcessRunner.run(
            BuiltProducts.path("smtp-setup"), arguments + (withStore ? ["--store", store] : []), input: input,
            timeout: 60)
        for form in SecretForms.all {
            #expect(!result.output.contains(form), "secret form leaked in output of \(arguments)")
        }
        return result
    }

    /// Tests against `server`, which stays alive until the run is over.
    func test(_ server: SMTPTestServer, _ extra: [String] = [], password: String = SMTPTestServer.password) throws
        -> ProcessResult
    {
        defer { withExtendedLifetime(server) {} }
        return try test(port: server.port, extra, password: password)
    }

    func test(port: Int, _ extra: [String] = [], password: String = SMTPTestServer.password) throws -> ProcessResult {
        try run(
            [
                "test", "--address", "127.0.0.1", "--port", String(port), "--user-name", SMTPTestServer.user,
                "--from", "app@example.com", "--password-stdin", "--ca-file", try TestCertificates.caFile(),
                "--timeout", "3",
            ] + extra, input: password + "\n")
    }
}

private let authArguments = ["--auth", "--user", SMTPTestServer.user, "--mechanisms", "PLAIN,LOGIN,CRAM-MD5"]

@Suite struct TestCommandTests {
    @Test func readyWithTranscript() throws {
        let server = try SMTPTestServer(mode: "starttls", certificate: "good", arguments: authArguments)
        let result = try Binary().test(server, ["--transcript"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("ok    STARTTLS"))
        #expect(result.stdout.contains("~> AUTH PLAIN [redacted]"))
        #expect(result.stdout.contains("Ready: 127.0.0.1 accepts mail"))
    }

    @Test func jsonReportForAFailure() throws {
        let server = try SMTPTestServer(mode: "starttls", certificate: "good", arguments: authArguments)
        let result = try Binary().test(server, ["--json", "--authentication", "login"], password: "not-it")
        #expect(result.status == 15)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["ok"] as? Bool == false)
        let diagnosis = try #require(object["diagnosis"] as? [String: Any])
        #expect(diagnosis["class"] as? String == "auth_failed")
        #expect(diagnosis["setting"] as? String == "password")
        #expect((diagnosis["fix"] as? String)?.isEmpty == false)
        let phases = try #require(object["phases"] as? [[String: Any]])
        #expect(phases.last?["name"] as? String == "auth" && phases.last?["status"] as? String == "failed")
        #expect(phases.allSatisfy { $0["milliseconds"] is Int })
        #expect((object["transcript"] as? [String])?.contains("~> [redacted]") == true)
        #expect((object["certificate"] as? [String: Any])?["subject"] as? String == "localhost")
    }

    @Test func sendToDeliversARealMessage() throws {
        let server = try SMTPTestServer(mode: "tls", certificate: "good", arguments: authArguments)
        let result = try Binary().test(server, ["--security", "tls", "--send-to", "admin@example.org"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("A test message was sent to admin@example.org."))
        let data = server.messages().first?["data"] as? String ?? ""
        #expect(data.contains("Subject: smtp-setup test message") && data.contains("To: <admin@example.org>"))
    }

    @Test func storedSettingsWithOverrides() throws {
        let server = try SMTPTestServer(mode: "starttls", certificate: "good", arguments: authArguments)
        let binary = Binary()
        let saved = try binary.run(
            [
                "set", "address=127.0.0.1", "port=1", "user_name=\(SMTPTestServer.user)",
                "from_email_address=app@example.com", "--password-stdin",
            ], input: SMTPTestServer.password)
        #expect(saved.status == 0, "\(saved.output)")
        let refused = try binary.run(["test", "--timeout", "3"])
        #expect(refused.status == 11)
        #expect(refused.stdout.contains("[connection_refused]"))
        let ready = try binary.run(["test", "--port", String(server.port), "--ca-file", try TestCertificates.caFile()])
        withExtendedLifetime(server) {}
        #expect(ready.status == 0, "\(ready.output)")
        #expect(try binary.run(["show", "--json"]).stdout.contains("\"port\" : \"1\""), "overrides are not saved")
    }

    @Test func exitCodesFollowTheFailedPhase() throws {
        let binary = Binary()
        #expect(try binary.test(port: closedPort()).status == 11)
        let greeting = try SMTPTestServer(mode: "greet554")
        #expect(try binary.test(greeting).status == 12)
        let downgrade = try SMTPTestServer(mode: "no-starttls")
        #expect(try binary.test(downgrade).status == 13)
        let ehlo = try SMTPTestServer(mode: "plain", arguments: ["--reject-ehlo"])
        #expect(try binary.test(ehlo, ["--security", "none", "--authentication", "none"]).status == 14)
        let sender = try SMTPTestServer(
            mode: "starttls", certificate: "good", arguments: authArguments + ["--reject-sender"])
        #expect(try binary.test(sender).status == 16)
        let recipient = try SMTPTestServer(
            mode: "starttls", certificate: "good", arguments: authArguments + ["--reject-recipient"])
        #expect(try binary.test(recipient).status == 17)
        let data = try SMTPTestServer(
            mode: "starttls", certificate: "good", arguments: authArguments + ["--reject-data"])
        #expect(try binary.test(data, ["--send-to", "x@example.org"]).status == 18)
        let invalid = try binary.test(port: 0)
        #expect(invalid.status == 65 && invalid.stderr.contains("port:"))
    }

    @Test func badFlagsAreUsageErrors() throws {
        let binary = Binary()
        #expect(try binary.test(port: 25, ["--timeout", "-1"]).status == 64)
        let missing = try binary.run(["test", "--address", "x.example.com", "--ca-file", "/nonexistent.pem"])
        #expect(missing.status == 64 && missing.stderr.contains("cannot be read"))
        #expect(try binary.test(port: 25, ["--send-to", "not-an-address"]).status == 64)
    }

    /// `test --json` inside a namespace of the test's own: only loopback, its
    /// own resolv.conf, nothing leaves it.
    private func testInNamespace(_ namespace: NetworkNamespace, address: String) throws -> ProcessResult {
        try namespace.run(
            BuiltProducts.path("smtp-setup"),
            [
                "test", "--address", address, "--authentication", "none", "--timeout", "5", "--store",
                TemporaryDirectory().file("s.sqlite3"), "--json",
            ])
    }

    @Test(arguments: [("nxdomain", "dns_not_found"), ("refused", "dns_unavailable")])
    func dnsFailuresInAPrivateNamespace(_ behaviour: String, _ expected: String) throws {
        let namespace = try NetworkNamespace()
        if behaviour != "refused" { try namespace.startDNS(rcode: behaviour) }
        let result = try testInNamespace(namespace, address: "mail.example.invalid")
        #expect(result.status == 10, "\(result.output)")
        #expect(result.stdout.contains("\"class\" : \"\(expected)\""), "\(result.stdout)")
    }

    /// With only loopback there is no route anywhere else: the connect fails at once.
    @Test func noRouteToTheServer() throws {
        let result = try testInNamespace(try NetworkNamespace(), address: "192.0.2.1")
        #expect(result.status == 11, "\(result.output)")
        #expect(result.stdout.contains("\"class\" : \"network_unreachable\""), "\(result.stdout)")
    }

    /// A port that greets with a refusal (554) is not usable: it is never
    /// recommended, and its problem is said in words.
    /// A test can pass with settings Forem cannot use: the verdict says so instead of "Ready".
    @Test func aPassWithSettingsForemCannotUseIsNotReady() throws {
        let implicit = try SMTPTestServer(mode: "tls", certificate: "good", arguments: authArguments)
        let tls = try Binary().test(implicit, ["--security", "tls"])
        #expect(tls.status == 0, "\(tls.output)")
        #expect(tls.stdout.contains("Passed: 127.0.0.1 accepts mail with these settings, but:"), "\(tls.stdout)")
        #expect(tls.stdout.contains(Notices.foremNoTLSOnConnect) && !tls.stdout.contains("Ready:"))
        let relay = try SMTPTestServer(mode: "no-starttls")
        let open = try Binary().run(
            [
                "test", "--address", "127.0.0.1", "--port", String(relay.port), "--security", "none",
                "--authentication", "none", "--from", "app@example.com", "--timeout", "3",
            ])
        #expect(open.status == 0, "\(open.output)")
        #expect(open.stdout.contains("Forem sends through SMTP only with a user name and password"), "\(open.stdout)")
        // For an application that can, the same pass is ready.
        let starttls = try SMTPTestServer(mode: "starttls", certificate: "good", arguments: authArguments)
        #expect(try Binary().test(starttls).stdout.contains("Ready: 127.0.0.1 accepts mail"))
        withExtendedLifetime((implicit, relay, starttls)) {}
    }

    /// A sender beyond ASCII: asked for with SMTPUTF8 where the server offers
    /// it; refused in those words where it does not (not blamed on SPF).
    @Test func aSenderBeyondASCIINeedsSMTPUTF8AndIsToldSo() throws {
        let plain = try SMTPTestServer(mode: "plain")
        let refused = try Binary().run(
            [
                "test", "--address", "127.0.0.1", "--port", String(plain.port), "--security", "none",
                "--authentication", "none", "--from", "zoë@example.com", "--timeout", "3", "--transcript",
            ])
        #expect(refused.status == 16, "\(refused.output)")
        #expect(refused.stdout.contains("which a server takes only when it offers SMTPUTF8"), "\(refused.stdout)")
        #expect(refused.stdout.contains("Use an ASCII from address") && !refused.stdout.contains("SPF"))
        let international = try SMTPTestServer(mode: "plain", arguments: ["--smtputf8"])
        let passed = try Binary().run(
            [
                "test", "--address", "127.0.0.1", "--port", String(international.port), "--security", "none",
                "--authentication", "none", "--from", "zoë@example.com", "--timeout", "3", "--transcript",
            ])
        #expect(passed.status == 0, "\(passed.output)")
        #expect(passed.stdout.contains("MAIL FROM:<zoë@example.com> SMTPUTF8"), "\(passed.stdout)")
        withExtendedLifetime((plain, international)) {}
    }

    @Test func invalidSettingsAreNamedByTheFlagThatGaveThem() throws {
        let result = try Binary().run(["test", "--address", "smtp.example.com", "--port", "99999", "--from", "x"])
        #expect(result.status == 65, "\(result.output)")
        #expect(result.stderr.contains("error: --port: '99999' is not a port number."), "\(result.stderr)")
        #expect(result.stderr.contains("error: --from: 'x' has no @."), "\(result.stderr)")
        #expect(
            result.stderr.contains("error: user_name (from the store; --user-name tests another): is required"),
            "\(result.stderr)")
        #expect(result.stderr.contains("password (from the store; --password-stdin tests another)"))
        #expect(!result.stderr.contains("error: port:"))
    }

    @Test func detectNeverRecommendsAPortThatRefusesService() throws {
        let refusing = try SMTPTestServer(mode: "greet554")
        let plain = try SMTPTestServer(mode: "no-starttls")
        let both = try Binary().run(
            ["detect", "127.0.0.1", "--ports", "\(refusing.port),\(plain.port),\(refusing.port)"], withStore: false)
        #expect(both.status == 0, "\(both.output)")
        #expect(both.stdout.contains("\(refusing.port) not usable: The server refused the connection (554)"))
        #expect(both.stdout.contains("Recommended: port=\(plain.port) security=none"), "\(both.stdout)")
        #expect(!both.stdout.contains("greeting_refused") && !both.stdout.contains("fix its problem"))
        #expect(both.stdout.components(separatedBy: "\(refusing.port) ").count == 2, "tried once")
        let alone = try Binary().run(["detect", "127.0.0.1", "--ports", "\(refusing.port)"], withStore: false)
        #expect(alone.status == 11, "\(alone.output)")
        #expect(alone.stdout.contains("No usable SMTP port found"))
        for bad in ["", ",", "587,,465"] {
            let refused = try Binary().run(["detect", "127.0.0.1", "--ports", bad], withStore: false)
            #expect(refused.status == 64, "\(bad.debugDescription): \(refused.output)")
            #expect(refused.stderr.contains("--ports takes port numbers"), "\(refused.stderr)")
        }
        withExtendedLifetime((refusing, plain)) {}
    }

    @Test func detectReportsWhatEachPortOffers() throws {
        let starttls = try SMTPTestServer(
            mode: "starttls", certificate: "good",
            arguments: ["--auth", "--user", SMTPTestServer.user, "--mechanisms", "LOGIN,CRAM-MD5"])
        let implicit = try SMTPTestServer(mode: "tls", certificate: "good", arguments: authArguments)
        let plain = try SMTPTestServer(mode: "no-starttls")
        let closed = closedPort()
        let ports = [closed, starttls.port, implicit.port, plain.port].map(String.init).joined(separator: ",")
        let result = try Binary().run(
            ["detect", "127.0.0.1", "--ports", ports, "--ca-file", try TestCertificates.caFile(), "--json"],
            withStore: false)
        #expect(result.status == 0, "\(result.output)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let found = try #require(object["ports"] as? [[String: Any]])
        let byPort = Dictionary(uniqueKeysWithValues: found.map { ($0["port"] as! Int, $0) })
        #expect(byPort[closed]?["reachable"] as? Bool == false)
        #expect(byPort[closed]?["problem"] as? String == "connection_refused")
        #expect(byPort[starttls.port]?["security"] as? String == "starttls")
        #expect(Set(byPort[starttls.port]?["auth_mechanisms"] as? [String] ?? []) == ["LOGIN", "CRAM-MD5"])
        #expect(byPort[starttls.port]?["size_limit"] as? Int == 33_554_432)
        #expect((byPort[starttls.port]?["certificate"] as? [String: Any])?["subject"] as? String == "localhost")
        #expect(byPort[implicit.port]?["security"] as? String == "tls")
        #expect(byPort[plain.port]?["security"] as? String == "plain")
        let recommendation = try #require(object["recommendation"] as? [String: Any])
        #expect(recommendation["port"] as? Int == starttls.port)
        #expect(recommendation["authentication"] as? String == "login")

        let text = try Binary().run(
            ["detect", "127.0.0.1", "--ports", ports, "--ca-file", try TestCertificates.caFile()], withStore: false)
        #expect(text.stdout.contains("Recommended: port=\(starttls.port) security=starttls authentication=login"))
        withExtendedLifetime([starttls, implicit, plain]) {}
    }
}
