import Foundation
import ProbeModel
import SMTPProbe
import SMTPSettings
import TestSupport
import Testing

/// The test does what the application will do: an application that takes
/// STARTTLS only when offered sends in plain text to a server without it,
/// and the test goes on the same way, saying so; one that requires it fails.
@Suite struct StartTLSPolicyTests {
    func run(
        _ server: SMTPTestServer, _ values: [SettingKey: String], following delivery: Delivery?
    ) async throws -> ProbeReport {
        var settings = MailSettings([
            .address: "127.0.0.1", .port: String(server.port), .security: "starttls", .authentication: "none",
            .fromEmailAddress: "app@example.com",
        ])
        for (key, value) in values { settings[key] = value }
        var options = ProbeOptions()
        options.capTimeouts(at: 5)
        options.caFile = try TestCertificates.caFile()
        if let delivery { options.follow(delivery) }
        let report = await SMTPProbe(options: options).run(settings)
        withExtendedLifetime(server) {}
        return report
    }

    @Test func whenOfferedGoesOnInPlainTextAndSaysSo() async throws {
        let server = try SMTPTestServer(mode: "no-starttls")
        let report = try await run(server, [:], following: Application.discourse.delivery)
        #expect(report.ok, "\(String(describing: report.diagnosis))")
        #expect(report.wentInClear && report.outcome.wentInClear == true)
        #expect(report.phases.contains { $0.phase == .startTLS && $0.status == .skipped })
        #expect(!report.phases.contains { $0.phase == .ehloAfterTLS })
        #expect(report.transcript.contains { $0.text.hasPrefix("MAIL FROM") })
        #expect(report.transcript.contains { $0.text.contains("going on in plain text, as the application would") })
    }

    @Test func whenOfferedNeverSendsAPasswordInClear() async throws {
        let server = try SMTPTestServer(mode: "no-starttls")
        let report = try await run(
            server, [.authentication: "plain", .userName: "user", .password: "s3cr3t-Clear-1"],
            following: Application.gitlab.delivery)
        #expect(report.diagnosis?.diagnosisClass == .startTLSNotOffered, "\(String(describing: report.diagnosis))")
        #expect(!report.wentInClear)
        #expect(!report.transcript.contains { $0.text.hasPrefix("AUTH") })
    }

    @Test func requiredFailsWithoutSTARTTLS() async throws {
        let server = try SMTPTestServer(mode: "no-starttls")
        for delivery in [Application.mastodon.delivery, Application.ghost.delivery, Application.gitea.delivery] {
            let report = try await run(server, [:], following: delivery)
            #expect(report.diagnosis?.diagnosisClass == .startTLSNotOffered, "\(delivery.name)")
            #expect(!report.wentInClear && report.outcome.wentInClear == nil)
        }
    }

    @Test func whenOfferedStillUpgradesWhenOffered() async throws {
        let server = try SMTPTestServer(mode: "starttls", certificate: "good")
        let report = try await run(server, [:], following: Application.nextcloud.delivery)
        #expect(report.ok, "\(String(describing: report.diagnosis))")
        #expect(!report.wentInClear && report.tlsVersion != nil)
        #expect(report.phases.contains { $0.phase == .ehloAfterTLS && $0.status == .passed })
    }

    @Test func theHELONameIsTheApplicationsDefault() async throws {
        let server = try SMTPTestServer(mode: "no-starttls")
        let nextcloud = try await run(server, [:], following: Application.nextcloud.delivery)
        #expect(nextcloud.heloName == "[127.0.0.1]")
        #expect(nextcloud.transcript.contains { $0.text == "EHLO [127.0.0.1]" })
        let gitlab = try await run(server, [:], following: Application.gitlab.delivery)
        #expect(gitlab.heloName == "localhost")
        #expect(gitlab.heloNameSource == "GitLab's default")
        let withDomain = try await run(server, [.domain: "app.example.com"], following: Application.gitlab.delivery)
        #expect(withDomain.heloName == "app.example.com")
    }

    @Test func mastodonSendsItsLocalDomain() async throws {
        let dir = TemporaryDirectory("mastodon-helo")
        let file = dir.file(".env.production")
        try Data("LOCAL_DOMAIN=social.example.com\nSMTP_SERVER=127.0.0.1\n".utf8).write(to: URL(fileURLWithPath: file))
        let location = StoreLocation.file(.mastodon, path: file)
        #expect(location.applicationHeloName == "social.example.com")
        #expect(StoreLocation.file(.gitlab, path: file).applicationHeloName == nil)
        let server = try SMTPTestServer(mode: "no-starttls")
        var options = ProbeOptions()
        options.capTimeouts(at: 5)
        options.follow(Application.mastodon.delivery, heloSetting: location.applicationHeloName)
        let settings = MailSettings([
            .address: "127.0.0.1", .port: String(server.port), .security: "none", .authentication: "none",
            .fromEmailAddress: "app@example.com",
        ])
        let report = await SMTPProbe(options: options).run(settings)
        withExtendedLifetime(server) {}
        #expect(report.ok, "\(String(describing: report.diagnosis))")
        #expect(report.transcript.contains { $0.text == "EHLO social.example.com" })
        #expect(report.heloNameSource == "Mastodon's LOCAL_DOMAIN" && !report.heloNameIsThisMachine)
    }
}
