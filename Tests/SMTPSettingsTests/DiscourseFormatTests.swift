import Foundation
import TestSupport
import Testing

@testable import SMTPSettings

/// Discourse's containers/app.yml, judged by Ruby's Psych as the launcher
/// loads it (`YAML.load(...)['env']`, each value through `to_s`).
@Suite(.enabled(if: RubyOracle.isAvailable, "needs Debian's ruby"))
struct DiscourseFormatTests {
    let format = DiscourseFormat()

    /// The sample a standalone install starts from, as `discourse-setup` leaves it.
    static let shipped = """
        ## this is the all-in-one, standalone Discourse Docker container template
        ##
        ## After making changes to this file, you MUST rebuild
        ## /var/discourse/launcher rebuild app
        ##

        templates:
          - "templates/postgres.template.yml"
          - "templates/redis.template.yml"
          - "templates/web.template.yml"
          - "templates/web.ratelimited.template.yml"

        ## which TCP/IP ports should this container expose?
        expose:
          - "80:80"   # http
          - "443:443" # https

        params:
          db_default_text_search_config: "pg_catalog.english"
          #db_shared_buffers: "256MB"

        env:
          LC_ALL: en_US.UTF-8
          LANG: en_US.UTF-8
          LANGUAGE: en_US.UTF-8
          # DISCOURSE_DEFAULT_LOCALE: en

          ## How many concurrent web requests are supported? Depends on memory and CPU cores.
          #UNICORN_WORKERS: 3

          ## TODO: The domain name this Discourse instance will respond to
          DISCOURSE_HOSTNAME: 'discourse.example.com'

          ## TODO: List of comma delimited emails that will be made admin and developer
          DISCOURSE_DEVELOPER_EMAILS: 'me@example.com,you@example.com'

          ## TODO: The SMTP mail server used to validate new accounts and send notifications
          # SMTP ADDRESS, username, and password are required
          # WARNING the char '#' in SMTP password can cause problems!
          DISCOURSE_SMTP_ADDRESS: smtp.example.com
          #DISCOURSE_SMTP_PORT: 587
          DISCOURSE_SMTP_USER_NAME: user@example.com
          DISCOURSE_SMTP_PASSWORD: pa$$word
          #DISCOURSE_SMTP_ENABLE_START_TLS: true           # (optional, default true)
          #DISCOURSE_SMTP_DOMAIN: discourse.example.com    # (required by some providers)
          #DISCOURSE_NOTIFICATION_EMAIL: noreply@discourse.example.com    # (address to send notifications from)

          ## If you added the Lets Encrypt template, uncomment below to get a free SSL certificate
          #LETSENCRYPT_ACCOUNT_EMAIL: me@example.com

        ## The Docker container is stateless; all data is stored in /shared
        volumes:
          - volume:
              host: /var/discourse/shared/standalone
              guest: /shared

        ## Any custom commands to run after building
        run:
          - exec: echo "Beginning of custom commands"
          - exec: echo "End of custom commands"

        """

    /// The file without the lines that set SMTP keys: what must not change.
    static func withoutSMTPLines(_ text: String) -> String {
        text.components(separatedBy: "\n").filter {
            $0.range(of: #"^\s+(DISCOURSE_SMTP_[A-Z_]+|DISCOURSE_NOTIFICATION_EMAIL):"#, options: .regularExpression)
                == nil
        }.joined(separator: "\n")
    }

    static let oracle = """
        texts = JSON.parse(STDIN.read)
        out = texts.map do |text|
          env = YAML.safe_load(text)["env"] || {}
          env.select { |k, _| k.start_with?("DISCOURSE_SMTP_") || k == "DISCOURSE_NOTIFICATION_EMAIL" }
             .transform_values { |v| "#{v}" }
        end
        puts JSON.generate(out)
        """

    /// The variables the launcher hands to Discourse, file by file.
    static func launcherValues(_ texts: [String]) throws -> [[String: String]] {
        try RubyOracle.run(oracle, input: texts, as: [[String: String]].self)
    }

    @Test func everyTableValueReadsBackInPsychOrIsRefusedWithWords() throws {
        let (accepted, refused) = FormatCases.table(for: format)
        #expect(accepted.count > 150 && refused.count > 50)
        FormatCases.checkWords(refused)
        let written = try accepted.map { try format.write($0.settings, into: Self.shipped) }
        let read = try Self.launcherValues(written)
        for (index, item) in accepted.enumerated() {
            let settings = item.settings
            let env = read[index]
            let logsIn = settings.authentication != Authentication.none
            let expected: [String: String?] = [
                "DISCOURSE_SMTP_ADDRESS": settings.address, "DISCOURSE_SMTP_PORT": settings.effective(.port),
                "DISCOURSE_SMTP_USER_NAME": logsIn ? settings.userName : nil,
                "DISCOURSE_SMTP_PASSWORD": logsIn ? settings.password : nil,
                "DISCOURSE_SMTP_AUTHENTICATION": logsIn ? settings.effective(.authentication) : nil,
                "DISCOURSE_SMTP_DOMAIN": settings.domain,
                "DISCOURSE_SMTP_ENABLE_START_TLS": settings.security == .starttls ? "true" : "false",
                "DISCOURSE_SMTP_FORCE_TLS": settings.security == .tls ? "true" : "false",
                "DISCOURSE_SMTP_OPENSSL_VERIFY_MODE": settings.verifyCertificate ? "peer" : "none",
                "DISCOURSE_NOTIFICATION_EMAIL": settings.fromEmailAddress,
            ]
            #expect(env == expected.compactMapValues { $0 }, "\(item.label)")
            #expect(Self.withoutSMTPLines(written[index]) == Self.withoutSMTPLines(Self.shipped), "\(item.label)")
            #expect(try format.write(settings, into: written[index]) == written[index], "\(item.label): not a no-op")
            #expect(try format.read(written[index]) == FormatCases.expectedRead(settings, by: format), "\(item.label)")
        }
    }

    @Test func setsKeysBesideTheirExamplesAndReplacesTheRestInPlace() throws {
        let written = try format.write(FormatCases.base, into: Self.shipped)
        #expect(
            written.contains(
                "  DISCOURSE_SMTP_ADDRESS: \"smtp.example.com\"\n  #DISCOURSE_SMTP_PORT: 587\n  DISCOURSE_SMTP_PORT: \"587\"\n"
            ))
        #expect(
            written.contains("  DISCOURSE_SMTP_USER_NAME: \"apikey\"\n  DISCOURSE_SMTP_PASSWORD: \"s3cret-Pass\"\n"))
        #expect(written.contains("default true)\n  DISCOURSE_SMTP_ENABLE_START_TLS: \"true\"\n"))
        #expect(written.contains("providers)\n  DISCOURSE_SMTP_DOMAIN: \"app.example.com\"\n"))
        // Keys with no example go together after the last SMTP line, in the section's indentation.
        #expect(
            written.contains(
                "notifications from)\n  DISCOURSE_NOTIFICATION_EMAIL: \"notifications@example.com\"\n"
                    + "  DISCOURSE_SMTP_AUTHENTICATION: \"plain\"\n  DISCOURSE_SMTP_FORCE_TLS: \"false\"\n"
                    + "  DISCOURSE_SMTP_OPENSSL_VERIFY_MODE: \"peer\"\n\n  ## If you added"))
        #expect(!written.contains("Example Forum") && !written.contains("support@example.com"))
    }

    @Test func aChangeReplacesAndRemovesOnlyItsOwnLines() throws {
        let first = try format.write(FormatCases.base, into: Self.shipped)
        var anonymous = FormatCases.base
        anonymous[.authentication] = "none"
        anonymous[.userName] = nil
        anonymous[.password] = nil
        anonymous[.security] = "tls"
        let second = try format.write(anonymous, into: first)
        #expect(!second.contains("DISCOURSE_SMTP_USER_NAME:") && !second.contains("DISCOURSE_SMTP_PASSWORD:"))
        #expect(second.contains("  DISCOURSE_SMTP_FORCE_TLS: \"true\"\n"))
        #expect(try format.read(second) == FormatCases.expectedRead(anonymous, by: format))
        #expect(Self.withoutSMTPLines(second) == Self.withoutSMTPLines(Self.shipped))
        // And back: the login comes back after the examples, as the first time.
        #expect(try format.write(FormatCases.base, into: second).contains("DISCOURSE_SMTP_PASSWORD: \"s3cret-Pass\""))
    }

    @Test func keepsTheCommentAfterAValueItReplaces() throws {
        let text = "env:\n  LANG: en_US.UTF-8\n  DISCOURSE_SMTP_PORT: 2525   # the relay's port\n"
        let written = try format.write(FormatCases.base, into: text)
        #expect(written.contains("  DISCOURSE_SMTP_PORT: \"587\"   # the relay's port\n"))
        #expect(try format.write(FormatCases.base, into: written) == written)
    }

    /// Plain, single- and double-quoted values written by hand read as Psych reads them.
    @Test func readsHandWrittenValuesAsTheLauncherDoes() throws {
        let text = """
            env:
              LANG: en_US.UTF-8
              DISCOURSE_SMTP_ADDRESS: smtp.example.com # the provider
              DISCOURSE_SMTP_PORT: 2525
              DISCOURSE_SMTP_USER_NAME: "a\\"b\\u00e9"
              DISCOURSE_SMTP_PASSWORD: 'it''s #1'
              DISCOURSE_SMTP_ENABLE_START_TLS: false
              DISCOURSE_SMTP_OPENSSL_VERIFY_MODE: none
              DISCOURSE_SMTP_DOMAIN:
                long.example.com
              DISCOURSE_SMTP_AUTHENTICATION: login

            """
        let launcher = try #require(try Self.launcherValues([text]).first)
        #expect(launcher["DISCOURSE_SMTP_USER_NAME"] == "a\"bé" && launcher["DISCOURSE_SMTP_PASSWORD"] == "it's #1")
        let read = try format.read(text)
        #expect(read == DiscourseFormat.settings(from: launcher))
        #expect(read.security == Security.none && read.port == 2525 && !read.verifyCertificate)
        // A value over two lines is replaced whole.
        let written = try format.write(FormatCases.base, into: text)
        #expect(
            !written.contains("long.example.com") && written.contains("  DISCOURSE_SMTP_DOMAIN: \"app.example.com\"\n"))
        #expect(try format.read(written) == FormatCases.expectedRead(FormatCases.base, by: format))
    }

    /// A value may begin with U+FEFF, which Yams alone would drop; the launcher keeps it.
    @Test func keepsALeadingZeroWidthNoBreakSpaceAsTheLauncherDoes() throws {
        let text = """
            env:
              DISCOURSE_SMTP_ADDRESS: \u{FEFF}smtp.example.com
              DISCOURSE_SMTP_USER_NAME: "\\uFEFFname"
              DISCOURSE_SMTP_PASSWORD: '\u{FEFF}'
              DISCOURSE_SMTP_DOMAIN:
                "\\ufeff"

            """
        let launcher = try #require(try Self.launcherValues([text]).first)
        #expect(launcher.count == 4 && launcher.values.allSatisfy { $0.unicodeScalars.first == "\u{FEFF}" })
        let read = try DiscourseEnvSection.values(in: text)
        for (name, value) in launcher {
            #expect(read[name]?.text?.unicodeScalars.elementsEqual(value.unicodeScalars) == true, "\(name)")
        }
        var settings = FormatCases.base
        settings[.password] = "\u{FEFF}"
        let written = try format.write(settings, into: Self.shipped)
        #expect(try format.read(written)[.password]?.unicodeScalars.elementsEqual(["\u{FEFF}"]) == true)
    }

    @Test func refusesWhatTheLauncherBreaksWithTheReason() {
        for (password, words) in [("back\\slash", "backslash"), ("trailing  ", "ends with a space"), ("a{{b}}", "{{")] {
            var settings = FormatCases.base
            settings[.password] = password
            let problems = format.problems(in: settings).filter { $0.severity == .error }
            #expect(problems.count == 1 && problems[0].key == .password && problems[0].message.contains(words))
            #expect(!problems[0].description.contains(password))
        }
        var named = FormatCases.base
        named[.fromName] = "Forum"
        #expect(format.problems(in: named).contains { $0.key == .fromName && $0.severity == .warning })
    }

    @Test func aFileWithoutAnEnvSectionIsRefusedWithWords() {
        #expect(throws: ConfigFileError.self) { try format.write(FormatCases.base, into: "templates:\n  - x\n") }
        #expect(throws: ConfigFileError.self) { try format.read("env: [\n") }
        #expect((try? format.read("templates:\n  - x\n")) == MailSettings())
    }
}
