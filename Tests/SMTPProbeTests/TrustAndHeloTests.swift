import Foundation
import SMTPProbe
import SMTPSettings
import TestSupport
import Testing

/// A pass that needed `--ca-file` says so (the application trusts only the
/// system's CAs), and every test says which HELO/EHLO name it sent.
@Suite struct TrustAndHeloTests {
    let dir = TemporaryDirectory("trust")

    func test(_ server: SMTPTestServer, _ extra: [String]) throws -> ProcessResult {
        defer { withExtendedLifetime(server) {} }
        return try ProcessRunner.run(
            BuiltProducts.path("smtp-setup"),
            [
                "test", "--store", dir.file("settings.sqlite3"), "--address", "127.0.0.1", "--port",
                String(server.port), "--authentication", "none", "--from", "app@example.com", "--timeout", "5",
            ] + extra, timeout: 60)
    }

    func json(_ result: ProcessResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test func aPassThatNeededTheCAFileSaysSo() throws {
        let server = try SMTPTestServer(mode: "starttls", certificate: "good")
        let ca = try TestCertificates.caFile()
        let text = try test(server, ["--ca-file", ca, "--domain", "app.example.com"])
        #expect(text.status == 0, "\(text.output)")
        #expect(text.stdout.contains("Trusted only through --ca-file"))
        #expect(text.stdout.contains("unless the CA is installed system-wide"))

        let object = try json(try test(server, ["--ca-file", ca, "--json"]))
        #expect(object["ok"] as? Bool == true)
        #expect(object["trusted_only_via_ca_file"] as? Bool == true)
        #expect((object["notes"] as? [String])?.contains { $0.contains("system-wide") } == true)
        #expect(
            (object["transcript"] as? [String])?.contains { $0.contains("only with the CA from --ca-file") } == true)
    }

    @Test func withoutTheCAFileOrVerificationNothingIsClaimed() throws {
        let server = try SMTPTestServer(mode: "starttls", certificate: "good")
        let object = try json(try test(server, ["--json", "--no-verify"]))
        #expect(object["ok"] as? Bool == true)
        #expect(object["trusted_only_via_ca_file"] is NSNull || object["trusted_only_via_ca_file"] == nil)
        let plain = try SMTPTestServer(mode: "plain")
        let noTLS = try json(try test(plain, ["--json", "--security", "none", "--ca-file", TestCertificates.caFile()]))
        #expect(noTLS["ok"] as? Bool == true)
        #expect(noTLS["trusted_only_via_ca_file"] is NSNull || noTLS["trusted_only_via_ca_file"] == nil)
    }

    @Test func theHeloNameIsShownAndAnEmptyDomainIsExplained() throws {
        let server = try SMTPTestServer(mode: "plain")
        let named = try test(server, ["--security", "none", "--domain", "app.example.com"])
        #expect(named.status == 0, "\(named.output)")
        #expect(named.stdout.contains("HELO/EHLO name sent: app.example.com"))

        let unnamed = try test(server, ["--security", "none"])
        #expect(unnamed.stdout.contains("this machine's name, because domain is empty"))
        #expect(unnamed.stdout.contains("fully qualified name"))

        let object = try json(try test(server, ["--security", "none", "--json"]))
        #expect(object["helo_name_source"] as? String == "this_machine")
        let sent = try #require(object["helo_name"] as? String)
        #expect((object["transcript"] as? [String])?.contains("-> EHLO \(sent)") == true)
        let withDomain = try json(try test(server, ["--security", "none", "--json", "--domain", "app.example.com"]))
        #expect(withDomain["helo_name"] as? String == "app.example.com")
        #expect(withDomain["helo_name_source"] as? String == "domain")
    }
}
