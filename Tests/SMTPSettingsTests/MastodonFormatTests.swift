import Foundation
import Testing

@testable import SMTPSettings

/// The format alone, text in and text out: how Mastodon's .env.production
/// is read and rewritten. The real binary and Ruby dotenv judge it in
/// MastodonStoreTests.
@Suite struct MastodonFormatTests {
    let format = MastodonFormat()

    /// Forms `rake mastodon:setup` and admins write.
    static let shipped = """
        # Generated with mastodon:setup on 2024-05-01 10:00:00 UTC

        LOCAL_DOMAIN=social.example.com
        SINGLE_USER_MODE=false
        SECRET_KEY_BASE=0f1e2d3c4b5a69788796a5b4c3d2e1f0
        export DB_HOST=/var/run/postgresql
        DB_PASS='p#ss word'
        SMTP_SERVER=smtp.mailgun.org
        SMTP_PORT=587
        SMTP_LOGIN=postmaster@mg.example.com   # the Mailgun login
        SMTP_PASSWORD="it's \\"quoted\\" \\$HOME"
        SMTP_FROM_ADDRESS='Mastodon <notifications@social.example.com>'
        SMTP_AUTH_METHOD=plain
        SMTP_OPENSSL_VERIFY_MODE=none
        SMTP_ENABLE_STARTTLS=auto
        S3_ENABLED=false
        """

    @Test func readsTheFormsMastodonsSetupWrites() throws {
        let settings = try format.read(Self.shipped)
        #expect(settings[.address] == "smtp.mailgun.org")
        #expect(settings[.port] == "587")
        #expect(settings[.userName] == "postmaster@mg.example.com")
        #expect(settings[.password] == "it's \"quoted\" $HOME")
        #expect(settings[.fromName] == "Mastodon")
        #expect(settings[.fromEmailAddress] == "notifications@social.example.com")
        #expect(settings[.authentication] == "plain")
        #expect(settings[.verifyCertificate] == "false")
        #expect(settings[.security] == "starttls")
        #expect(settings[.domain] == nil)
    }

    @Test func readsTLSOnConnectAndVariablesFromEarlierLines() throws {
        let text = "HOST=mail.example.com\nSMTP_SERVER=\"$HOST\"\nSMTP_TLS=true\nSMTP_ENABLE_STARTTLS=never\n"
        let settings = try format.read(text)
        #expect(settings[.address] == "mail.example.com")
        #expect(settings[.security] == "tls")
        #expect(try format.read("SMTP_ENABLE_STARTTLS=never\n")[.security] == "none")
    }

    @Test func aCommandInAnSMTPValueIsAnErrorNamingTheLine() throws {
        #expect(throws: ConfigFileError.self) { try format.read("A=1\nSMTP_PASSWORD=$(cat /run/secret)\n") }
        do {
            _ = try format.read("A=1\nSMTP_PASSWORD=$(cat /run/secret)\n")
        } catch {
            #expect(error.line == 2)
        }
        // Elsewhere in the file it is not the tool's business.
        #expect(try format.read("SECRET=$(cat /run/secret)\nSMTP_PORT=25\n")[.port] == "25")
    }

    @Test func writesOnlyTheChangedKeysInPlaceAndAppendsNewOnesOnceUnderTheMarker() throws {
        var settings = try format.read(Self.shipped)
        settings[.address] = "smtp.sendgrid.net"
        settings[.password] = "new $ecret"
        settings[.domain] = "social.example.com"
        let written = try format.write(settings, into: Self.shipped)
        let lines = written.split(separator: "\n", omittingEmptySubsequences: false)
        let old = Self.shipped.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[7] == "SMTP_SERVER=smtp.sendgrid.net")
        #expect(lines[10] == "SMTP_PASSWORD=\"new \\$ecret\"")
        // Every other line, its trailing comment included, is as it was.
        for index in old.indices where ![7, 10].contains(index) { #expect(lines[index] == old[index]) }
        #expect(written.hasSuffix("S3_ENABLED=false\n\n\(MastodonFormat.marker)\nSMTP_DOMAIN=social.example.com\n"))
        #expect(try format.read(written) == settings)

        settings[.replyToEmailAddress] = "admin@example.com"
        let again = try format.write(settings, into: written)
        #expect(again.components(separatedBy: MastodonFormat.marker).count == 2)
        #expect(again.hasSuffix("SMTP_DOMAIN=social.example.com\nSMTP_REPLY_TO=admin@example.com\n"))
    }

    @Test func nothingChangedLeavesTheTextAsItWas() throws {
        let settings = try format.read(Self.shipped)
        #expect(try format.write(settings, into: Self.shipped) == Self.shipped)
    }

    @Test func aClearedKeyLosesEveryLineThatSetsIt() throws {
        let text = "SMTP_LOGIN=a\nX=1\nSMTP_LOGIN=b\nSMTP_AUTH_METHOD=plain\n"
        var settings = try format.read(text)
        settings[.userName] = nil
        settings[.authentication] = "none"
        #expect(try format.write(settings, into: text) == "X=1\nSMTP_AUTH_METHOD=none\n")
    }

    @Test func securityBecomesMastodonsTwoSettings() throws {
        var settings = try format.read("SMTP_ENABLE_STARTTLS=auto\nSMTP_SSL=true\n")
        #expect(settings[.security] == "tls")
        settings[.security] = "starttls"
        let written = try format.write(settings, into: "SMTP_ENABLE_STARTTLS=auto\nSMTP_SSL=true\n")
        #expect(written == "SMTP_ENABLE_STARTTLS=always\n")
        settings[.security] = "tls"
        let tls = try format.write(settings, into: written)
        #expect(try format.read(tls)[.security] == "tls")
        #expect(tls.contains("SMTP_ENABLE_STARTTLS=never\n"))
    }

    @Test func aFromNameAndAddressShareOneSetting() throws {
        var settings = MailSettings([.fromName: "Social, Inc. \"Ops\"", .fromEmailAddress: "ops@example.com"])
        let written = try format.write(settings, into: "")
        #expect(try format.read(written)[.fromName] == "Social, Inc. \"Ops\"")
        #expect(try format.read(written)[.fromEmailAddress] == "ops@example.com")
        settings[.fromEmailAddress] = nil
        #expect(format.problems(in: settings).map(\.key) == [.fromEmailAddress])
    }

    @Test func refusesWhatDotenvOrEmailYmlWouldReadOtherwise() {
        let cases: [(SettingKey, String)] = [
            (.password, "a\\nb"), (.password, "x\\ry"), (.userName, "$(whoami)"), (.domain, "[192.0.2.1]"),
            (.domain, "yes"), (.domain, "null"),
        ]
        for (key, value) in cases {
            let problems = format.problems(in: MailSettings([key: value]))
            #expect(problems.map(\.key) == [key], "\(key) = \(value)")
            if key == .password { #expect(!problems.description.contains(value)) }
        }
        #expect(format.problems(in: MailSettings([.password: "a\\b$c`d\"e'f", .domain: "mail.example.com"])).isEmpty)
    }

    @Test func theValidatorAsksTheApplicationsFormat() {
        let settings = MailSettings([
            .address: "smtp.example.com", .userName: "u", .password: "a\\nb", .security: "tls", .port: "465",
        ])
        let kind = StoreKind.applicationFile(.mastodon)
        #expect(SettingsValidator.errors(in: settings, store: kind).map(\.key) == [.password])
        #expect(SettingsValidator.errors(in: settings, store: .embedded).isEmpty)
        // Mastodon can do TLS on connect: no Forem warning for its file.
        #expect(SettingsValidator.problems(in: settings, store: kind).allSatisfy { $0.key != .security })
    }

    @Test func storeURLsNameTheApplication() throws {
        let cwd = FileManager.default.currentDirectoryPath
        #expect(
            try StoreLocation(parsing: "mastodon:live/.env.production")
                == .file(.mastodon, path: cwd + "/live/.env.production"))
        #expect(
            try StoreLocation(parsing: "mastodon:///srv/m/.env.production")
                == .file(.mastodon, path: "/srv/m/.env.production"))
        let location = StoreLocation.file(.mastodon, path: "/srv/m/.env.production")
        #expect(location.path == "mastodon:/srv/m/.env.production")
        #expect(location.kind == .applicationFile(.mastodon))
        #expect(location.openStore() is ConfigFileStore)
        #expect(
            try StoreLocation.resolve(flag: nil, environment: ["SMTP_SETUP_STORE": "mastodon:/a/.env.production"])
                == .file(.mastodon, path: "/a/.env.production"))
        for application in Application.fileApplications where application.format == nil {
            do {
                _ = try StoreLocation(parsing: "\(application.rawValue):/srv/file")
                Issue.record("\(application) was accepted before its format exists")
            } catch {
                #expect(error.description.contains("cannot write \(application.title)"))
            }
        }
    }
}
