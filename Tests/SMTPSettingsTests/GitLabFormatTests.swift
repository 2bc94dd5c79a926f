import Foundation
import TestSupport
import Testing

@testable import SMTPSettings

/// GitLab's /etc/gitlab/gitlab.rb, judged by Ruby evaluating it as
/// `gitlab-ctl reconfigure` does: every `name[...]` is a hash, every other
/// call (`external_url '...'`) is accepted.
@Suite(.enabled(if: RubyOracle.isAvailable, "needs Debian's ruby"))
struct GitLabFormatTests {
    let format = GitLabFormat()

    /// An excerpt of the shipped template: the settings commented out, a few set.
    static let shipped = """
        ## GitLab configuration settings
        ##! This file is generated during initial installation and **is not** modified
        ##! during upgrades.

        ## GitLab URL
        external_url 'https://gitlab.example.com'

        ### Email Settings

        # gitlab_rails['gitlab_email_enabled'] = true

        ##! If your SMTP server does not like the default 'From: gitlab@gitlab.example.com'
        ##! can change the 'From' with this setting.
        # gitlab_rails['gitlab_email_from'] = 'example@example.com'
        # gitlab_rails['gitlab_email_display_name'] = 'Example'
        # gitlab_rails['gitlab_email_reply_to'] = 'noreply@example.com'
        # gitlab_rails['gitlab_email_subject_suffix'] = ''

        ### GitLab email server settings
        ###! Docs: https://docs.gitlab.com/omnibus/settings/smtp.html
        ###! **Use smtp instead of sendmail/postfix.**

        # gitlab_rails['smtp_enable'] = true
        # gitlab_rails['smtp_address'] = "smtp.server"
        # gitlab_rails['smtp_port'] = 465
        # gitlab_rails['smtp_user_name'] = "smtp user"
        # gitlab_rails['smtp_password'] = "smtp password"
        # gitlab_rails['smtp_domain'] = "example.com"
        # gitlab_rails['smtp_authentication'] = "login"
        # gitlab_rails['smtp_enable_starttls_auto'] = true
        # gitlab_rails['smtp_tls'] = false
        # gitlab_rails['smtp_pool'] = false

        ###! **Can be: 'none', 'peer', 'client_once', 'fail_if_no_peer_cert'**
        ###! Docs: http://api.rubyonrails.org/classes/ActionMailer/Base.html
        # gitlab_rails['smtp_openssl_verify_mode'] = 'none'

        # gitlab_rails['smtp_ca_path'] = "/etc/ssl/certs"
        # gitlab_rails['smtp_ca_file'] = "/etc/ssl/certs/ca-certificates.crt"

        gitlab_rails['time_zone'] = 'UTC'
        nginx['listen_port'] = 80
        letsencrypt['enable'] = false
        roles ['application_role']

        """

    /// The file without the lines that set SMTP keys: what must not change.
    static func withoutSMTPLines(_ text: String) -> String {
        text.components(separatedBy: "\n").filter {
            $0.range(
                of: #"^gitlab_rails\['(smtp_[a-z_]+|gitlab_email_(from|display_name|reply_to))'\] ="#,
                options: .regularExpression) == nil
        }.joined(separator: "\n")
    }

    static let oracle = """
        class GitLabConfig
          def initialize = @hashes = Hash.new { |h, k| h[k] = {} }
          attr_reader :hashes
          def method_missing(name, *args) = args.empty? ? @hashes[name] : nil
          def respond_to_missing?(*) = true
        end
        texts = JSON.parse(STDIN.read)
        out = texts.map do |text|
          config = GitLabConfig.new
          config.instance_eval(text)
          config.hashes[:gitlab_rails].select { |k, _| k.start_with?("smtp_", "gitlab_email_") }.compact
        end
        puts JSON.generate(out)
        """

    static func gitlabRails(_ texts: [String]) throws -> [[String: OracleValue]] {
        try RubyOracle.run(oracle, input: texts, as: [[String: OracleValue]].self)
    }

    @Test func everyTableValueReadsBackInRubyOrIsRefusedWithWords() throws {
        let (accepted, refused) = FormatCases.table(for: format)
        #expect(accepted.count > 250)
        FormatCases.checkWords(refused)
        let written = try accepted.map { try format.write($0.settings, into: Self.shipped) }
        let read = try Self.gitlabRails(written)
        for (index, item) in accepted.enumerated() {
            let settings = item.settings
            let logsIn = settings.authentication != Authentication.none
            let text = { (value: String?) in value.map(OracleValue.text) }
            let expected: [String: OracleValue?] = [
                "smtp_enable": .flag(true), "smtp_address": text(settings.address),
                "smtp_port": settings.port.map(OracleValue.number),
                "smtp_user_name": logsIn ? text(settings.userName) : nil,
                "smtp_password": logsIn ? text(settings.password) : nil,
                "smtp_authentication": logsIn ? text(settings.effective(.authentication)) : nil,
                "smtp_domain": text(settings.domain),
                "smtp_enable_starttls_auto": .flag(settings.security == .starttls),
                "smtp_tls": .flag(settings.security == .tls),
                "smtp_openssl_verify_mode": .text(settings.verifyCertificate ? "peer" : "none"),
                "gitlab_email_from": text(settings.fromEmailAddress),
                "gitlab_email_display_name": text(settings.fromName),
                "gitlab_email_reply_to": text(settings.replyToEmailAddress),
            ]
            #expect(read[index] == expected.compactMapValues { $0 }, "\(item.label)")
            #expect(Self.withoutSMTPLines(written[index]) == Self.withoutSMTPLines(Self.shipped), "\(item.label)")
            #expect(try format.write(settings, into: written[index]) == written[index], "\(item.label): not a no-op")
            #expect(try format.read(written[index]) == FormatCases.expectedRead(settings, by: format), "\(item.label)")
        }
    }

    @Test func setsEachKeyRightAfterItsCommentedExample() throws {
        let written = try format.write(FormatCases.base, into: Self.shipped)
        #expect(
            written.contains(
                """
                # gitlab_rails['smtp_enable'] = true
                gitlab_rails['smtp_enable'] = true
                # gitlab_rails['smtp_address'] = "smtp.server"
                gitlab_rails['smtp_address'] = 'smtp.example.com'
                # gitlab_rails['smtp_port'] = 465
                gitlab_rails['smtp_port'] = 587

                """))
        #expect(
            written.contains(
                "# gitlab_rails['smtp_openssl_verify_mode'] = 'none'\ngitlab_rails['smtp_openssl_verify_mode'] = 'peer'\n"
            ))
        #expect(written.contains("'Example'\ngitlab_rails['gitlab_email_display_name'] = 'Example Forum'\n"))
        #expect(!written.contains(GitLabFormat.marker))
    }

    @Test func replacesSetKeysInPlaceAndAppendsTheRestUnderItsComment() throws {
        let text = """
            external_url 'https://gitlab.example.com'
            gitlab_rails['smtp_enable'] = false
            gitlab_rails["smtp_address"] = "old.example.com" # the old relay
            gitlab_rails['smtp_port'] = 25
            gitlab_rails['smtp_password'] = 'multi
            line'
            gitlab_rails['smtp_port'] = 2525
            """
        let written = try format.write(FormatCases.base, into: text)
        #expect(
            written.hasPrefix(
                """
                external_url 'https://gitlab.example.com'
                gitlab_rails['smtp_enable'] = true
                gitlab_rails['smtp_address'] = 'smtp.example.com' # the old relay
                gitlab_rails['smtp_password'] = 's3cret-Pass'
                gitlab_rails['smtp_port'] = 587

                \(GitLabFormat.marker)
                gitlab_rails['smtp_user_name'] = 'apikey'

                """))
        #expect(try format.write(FormatCases.base, into: written) == written)
        #expect(try format.read(written) == FormatCases.expectedRead(FormatCases.base, by: format))
        let oracle = try #require(try Self.gitlabRails([written]).first)
        #expect(oracle["smtp_password"] == .text("s3cret-Pass") && oracle["smtp_port"] == .number(587))
    }

    /// Quotes, escapes and literals written by hand read as Ruby reads them.
    @Test func readsHandWrittenValuesAsRubyDoes() throws {
        let text = ##"""
            gitlab_rails['smtp_address'] = "smtp.example.com"
            gitlab_rails['smtp_port'] = 1_025
            gitlab_rails['smtp_user_name'] = "tab\there \"q\" \\ \#{not}"
            gitlab_rails['smtp_password'] = 'it\'s \\ \n'
            gitlab_rails['smtp_authentication'] = :login
            gitlab_rails['smtp_enable_starttls_auto'] = false
            gitlab_rails['smtp_tls'] = true
            gitlab_rails['smtp_openssl_verify_mode'] = 'none'
            gitlab_rails['gitlab_email_display_name'] = nil

            """##
        let oracle = try #require(try Self.gitlabRails([text]).first)
        let read = try format.read(text)
        #expect(read.userName.map(OracleValue.text) == oracle["smtp_user_name"])
        #expect(read.password.map(OracleValue.text) == oracle["smtp_password"])
        #expect(read.port == 1025 && oracle["smtp_port"] == .number(1025))
        #expect(read.authentication == .login && read.security == .tls && !read.verifyCertificate)
        #expect(read.fromName == nil)
    }

    @Test func valuesInABeginEndCommentAreNotReadOrWritten() throws {
        let comment = """
            =begin
            gitlab_rails['smtp_address'] = "old.example.com"
            # gitlab_rails['smtp_port'] = 465
            gitlab_rails['smtp_password'] = "old-pass"
            =end

            """
        let text = comment + "gitlab_rails['smtp_address'] = \"live.example.com\"\n"
        let oracle = try #require(try Self.gitlabRails([text]).first)
        #expect(oracle == ["smtp_address": .text("live.example.com")])
        let read = try format.read(text)
        #expect(read.address == "live.example.com" && read.password == nil)
        let written = try format.write(FormatCases.base, into: text)
        #expect(written.hasPrefix(comment), "the comment is kept whole")
        let after = try #require(try Self.gitlabRails([written]).first)
        #expect(after["smtp_address"] == .text("smtp.example.com"))
        #expect(after["smtp_port"] == .number(587) && after["smtp_password"] == .text("s3cret-Pass"))
        #expect(try format.read(written) == FormatCases.expectedRead(FormatCases.base, by: format))
        // `=beginning` is no comment: Ruby reads it as code, and so the file is refused.
        #expect(throws: ConfigFileError.self) {
            _ = try format.read("=beginning\ngitlab_rails['smtp_address'] = x\n=end\n")
        }
    }

    /// Ruby reads nothing after `__END__` (in instance_eval too): values
    /// there are not read, and new keys go before it.
    @Test func nothingAfterEndIsReadAndNewKeysGoBeforeIt() throws {
        let data = "__END__\ngitlab_rails['smtp_user_name'] = 'data-not-code'\n"
        let text = "external_url 'https://git.example.com'\ngitlab_rails['smtp_address'] = 'live.example.com'\n" + data
        #expect(try Self.gitlabRails([text]).first == ["smtp_address": .text("live.example.com")])
        #expect(try format.read(text).userName == nil)
        let written = try format.write(FormatCases.base, into: text)
        #expect(written.hasSuffix(data), "what follows __END__ is kept whole: \(written)")
        let after = try #require(try Self.gitlabRails([written]).first)
        #expect(after["smtp_user_name"] == .text("apikey") && after["smtp_address"] == .text("smtp.example.com"))
        #expect(try format.read(written) == FormatCases.expectedRead(FormatCases.base, by: format))
        // A =begin never closed is refused, as Ruby refuses the file.
        #expect(throws: ConfigFileError.self) { _ = try format.read("=begin\ngitlab_rails['smtp_address'] = 'x'\n") }
    }

    @Test func rubyCodeItCannotReadIsRefusedWithTheLine() {
        let text = "external_url 'x'\ngitlab_rails['smtp_password'] = ENV['SMTP_PASSWORD']\n"
        let failures = [
            Result { () throws(ConfigFileError) in try format.read(text) }.map { _ in () },
            Result { () throws(ConfigFileError) in try format.write(FormatCases.base, into: text) }.map { _ in () },
        ]
        for failure in failures {
            guard case .failure(let error) = failure else {
                Issue.record("read or wrote over Ruby code")
                continue
            }
            #expect(error.line == 2 && error.message.contains("smtp_password"))
        }
        let interpolated = "gitlab_rails['smtp_address'] = \"#{host}\"\n"
        #expect(throws: ConfigFileError.self) { _ = try format.read(interpolated) }
    }

    @Test func hasASettingForEveryField() {
        #expect(format.usedKeys == Set(SettingKey.allCases))
        #expect(format.problems(in: FormatCases.base).isEmpty)
    }
}
