import Foundation
import TestSupport
import Testing

@testable import SMTPSettings

/// Gitea's app.ini. Debian's go-ini needs a Go toolchain the tests do not
/// have, so the judge is go-ini's own value rules (ini.v1 parser.go,
/// readValue) restated in Python, run both with go-ini's defaults and with
/// the options Gitea loads app.ini with (IgnoreInlineComment,
/// UnescapeValueCommentSymbols): a value in backticks or `"""` is taken up
/// to the last closing quote; otherwise blanks around it are trimmed, `#`
/// or `;` starts a comment (defaults only), and one pair of surrounding
/// quotes is removed. The last of a repeated key wins.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), "needs python3"))
struct GiteaFormatTests {
    let format = GiteaFormat()

    /// As Gitea's installer writes it.
    static let shipped = """
        APP_NAME = Gitea: Git with a cup of tea
        RUN_USER = git
        RUN_MODE = prod
        WORK_PATH = /var/lib/gitea

        [repository]
        ROOT = /var/lib/gitea/data/gitea-repositories

        [server]
        SSH_DOMAIN = git.example.com
        HTTP_PORT = 3000
        ROOT_URL = https://git.example.com/
        LFS_JWT_SECRET = `abc#def`

        [database]
        DB_TYPE = postgres
        HOST = 127.0.0.1:5432
        USER = gitea
        PASSWD = `p@ss#word`

        [mailer]
        ENABLED = false

        [service]
        REGISTER_EMAIL_CONFIRM = false
        ; set by the admin
        DISABLE_REGISTRATION = true

        """

    static let oracle = #"""
        import json, sys

        def read_value(line, gitea):
            line = line.lstrip()
            if not line:
                return ""
            quote = '"""' if len(line) > 3 and line[:3] == '"""' else "`" if line[0] == "`" else None
            if quote:
                rest = line[len(quote):]
                end = rest.rfind(quote)
                if end == -1:
                    raise ValueError("multi-line value")
                return rest[:end]
            line = line.strip()
            if not gitea:
                found = [i for i in (line.find("#"), line.find(";")) if i >= 0]
                if found:
                    line = line[:min(found)].strip()
            def surrounded(text, q):
                return len(text) >= 2 and text[0] == q and text[-1] == q and text.count(q) == 2
            if surrounded(line, "'") or surrounded(line, '"'):
                return line[1:-1]
            if gitea:
                line = line.replace(chr(92) + ";", ";").replace(chr(92) + "#", "#")
            return line

        def section(text, name, gitea):
            current, values = "DEFAULT", {}
            for raw in text.split("\n"):
                line = raw.lstrip()
                if not line or line[0] in "#;":
                    continue
                if line[0] == "[":
                    current = line[1:line.index("]")].strip()
                    continue
                at = min(i for i in (line.find("="), line.find(":")) if i >= 0)
                if current == name:
                    values[line[:at].strip()] = read_value(line[at + 1:], gitea)
            return values

        texts = json.load(sys.stdin)
        print(json.dumps([{"defaults": section(t, "mailer", False), "gitea": section(t, "mailer", True)} for t in texts]))
        """#

    struct Verdict: Decodable {
        var defaults: [String: String]
        var gitea: [String: String]
    }

    static func mailer(_ texts: [String]) throws -> [Verdict] {
        let json = String(decoding: try JSONEncoder().encode(texts), as: UTF8.self)
        let result = try ProcessRunner.run("/usr/bin/python3", ["-c", oracle], input: json)
        guard result.status == 0 else { throw SetupFailure("python3 failed: \(result.stderr)") }
        return try JSONDecoder().decode([Verdict].self, from: Data(result.stdout.utf8))
    }

    /// The file without its [mailer] section: what must not change.
    static func withoutMailer(_ text: String) -> String {
        var lines = text.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: "[mailer]") else { return text }
        let end = lines[(start + 1)...].firstIndex { $0.hasPrefix("[") } ?? lines.count
        lines.removeSubrange(start..<end)
        return lines.joined(separator: "\n")
    }

    static func expected(_ settings: MailSettings) -> [String: String] {
        let logsIn = settings.authentication != Authentication.none
        let from = settings.fromEmailAddress.map { address in
            settings.fromName.map {
                "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                    + "\" <\(address)>"
            } ?? address
        }
        let values: [String: String?] = [
            "ENABLED": "true",
            "PROTOCOL": ["starttls": "smtp+starttls", "tls": "smtps", "none": "smtp"][settings.effective(.security)!],
            "SMTP_ADDR": settings.address, "SMTP_PORT": settings.effective(.port),
            "USER": logsIn ? settings.userName : nil, "PASSWD": logsIn ? settings.password : nil, "FROM": from,
            "FORCE_TRUST_SERVER_CERT": settings.verifyCertificate ? "false" : "true", "HELO_HOSTNAME": settings.domain,
        ]
        return values.compactMapValues { $0 }
    }

    @Test func everyTableValueReadsBackByGoINIRulesOrIsRefusedWithWords() throws {
        let (accepted, refused) = FormatCases.table(for: format)
        #expect(accepted.count > 250)
        FormatCases.checkWords(refused)
        let written = try accepted.map { try format.write($0.settings, into: Self.shipped) }
        let read = try Self.mailer(written)
        for (index, item) in accepted.enumerated() {
            let expected = Self.expected(item.settings)
            #expect(read[index].defaults == expected, "\(item.label)")
            #expect(read[index].gitea == expected, "\(item.label) with Gitea's options")
            #expect(Self.withoutMailer(written[index]) == Self.withoutMailer(Self.shipped), "\(item.label)")
            #expect(
                try format.write(item.settings, into: written[index]) == written[index], "\(item.label): not a no-op")
            #expect(
                try format.read(written[index]) == FormatCases.expectedRead(item.settings, by: format), "\(item.label)")
        }
    }

    @Test func editsOnlyTheMailerSection() throws {
        let written = try format.write(FormatCases.base, into: Self.shipped)
        #expect(
            written.contains(
                """
                [mailer]
                ENABLED = true
                PROTOCOL = smtp+starttls
                SMTP_ADDR = smtp.example.com
                SMTP_PORT = 587
                USER = apikey
                PASSWD = s3cret-Pass
                FROM = `"Example Forum" <notifications@example.com>`
                FORCE_TRUST_SERVER_CERT = false
                HELO_HOSTNAME = app.example.com

                [service]
                """))
        #expect(written.contains("USER = gitea\nPASSWD = `p@ss#word`\n"))
    }

    @Test func setsKeysBesideCommentedExamplesAndAddsAMissingSection() throws {
        let text = "[mailer]\n; Mail from Gitea\nENABLED = true\n;SMTP_ADDR = smtp.example.org\n;SMTP_PORT = 465\n"
        let written = try format.write(FormatCases.base, into: text)
        #expect(
            written.hasPrefix(
                "[mailer]\n; Mail from Gitea\nENABLED = true\n;SMTP_ADDR = smtp.example.org\nSMTP_ADDR = smtp.example.com\n;SMTP_PORT = 465\nSMTP_PORT = 587\nPROTOCOL = smtp+starttls\n"
            ))
        let none = try format.write(FormatCases.base, into: "[server]\nHTTP_PORT = 3000")
        #expect(none.hasPrefix("[server]\nHTTP_PORT = 3000\n\n[mailer]\nENABLED = true\n"))
        #expect(try format.read(none) == FormatCases.expectedRead(FormatCases.base, by: format))
    }

    /// Gitea before 1.18 named the server `HOST = host:port`; Gitea still
    /// maps it when SMTP_ADDR is not set. A save writes the new keys instead.
    @Test func theLegacyHostKeyIsReadAsGiteaMapsItAndReplacedAtASave() throws {
        let text = """
            [server]
            DOMAIN = git.example.com

            [mailer]
            ENABLED = true
            HOST = smtp.example.com:2525
            USER = gitea
            PASSWD = pw
            FROM = gitea@example.com

            """
        let read = try format.read(text)
        #expect(read.address == "smtp.example.com" && read.port == 2525 && read.userName == "gitea")
        let ipv6 = try format.read(text.replacingOccurrences(of: "smtp.example.com:2525", with: "[::1]:25"))
        #expect(ipv6.address == "::1" && ipv6.port == 25)
        let bare = try format.read(text.replacingOccurrences(of: ":2525", with: ""))
        #expect(bare.address == "smtp.example.com" && bare[.port] == nil)
        let newer = try format.read(
            text.replacingOccurrences(of: "HOST = ", with: "SMTP_ADDR = new.example.com\nHOST = "))
        #expect(newer.address == "new.example.com", "SMTP_ADDR wins, as in Gitea")
        #expect(
            try format.read(text.replacingOccurrences(of: "ENABLED = true", with: "MAILER_TYPE = sendmail"))
                == MailSettings())

        var changed = read
        changed[.fromEmailAddress] = "noreply@example.com"
        let written = try format.write(changed, into: text)
        let mailer = try #require(try Self.mailer([written]).first).gitea
        #expect(mailer["HOST"] == nil && mailer["SMTP_ADDR"] == "smtp.example.com" && mailer["SMTP_PORT"] == "2525")
        #expect(mailer["FROM"] == "noreply@example.com" && mailer["PASSWD"] == "pw")
        #expect(written.hasPrefix("[server]\nDOMAIN = git.example.com\n\n[mailer]\n"))
        #expect(try format.read(written) == changed)
    }

    @Test func anUnclosedSectionLineIsRefusedWithItsLine() {
        let text = "[server]\nDOMAIN = x\n\n  [mailer\nSMTP_ADDR = smtp.example.com\n"
        let failures = [
            Result { () throws(ConfigFileError) in try format.read(text) }.map { _ in () },
            Result { () throws(ConfigFileError) in try format.write(FormatCases.base, into: text) }.map { _ in () },
        ]
        for failure in failures {
            guard case .failure(let error) = failure else {
                Issue.record("read or wrote a file go-ini refuses")
                continue
            }
            #expect(error.line == 4 && error.message.contains("closing ]") && error.fix.contains("[mailer]"))
        }
    }

    @Test func readsHandWrittenValuesByGoINIRules() throws {
        let text = """
            [mailer]
            ENABLED = true
            PROTOCOL = smtps
            SMTP_ADDR = smtp.example.com ; the relay
            SMTP_PORT = 465
            USER = "quoted user"
            PASSWD = \"""a#b;c\"""
            FROM = Gitea <gitea@example.com>
            FORCE_TRUST_SERVER_CERT = true

            """
        let oracle = try #require(try Self.mailer([text]).first)
        let read = try format.read(text)
        #expect(read.address == oracle.defaults["SMTP_ADDR"] && read.userName == oracle.defaults["USER"])
        #expect(read.password == "a#b;c" && oracle.defaults["PASSWD"] == "a#b;c")
        #expect(read.security == .tls && !read.verifyCertificate && read.fromName == "Gitea")
        #expect(try format.read("[mailer]\nENABLED = true\nPROTOCOL = sendmail\n") == MailSettings())
    }
}
