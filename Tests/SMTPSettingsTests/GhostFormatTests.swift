import Foundation
import TestSupport
import Testing

@testable import SMTPSettings

/// Ghost's config.production.json, judged by node's JSON.parse as Ghost
/// (nconf) loads it.
@Suite(.enabled(if: NodeOracle.isAvailable, "needs Debian's nodejs"))
struct GhostFormatTests {
    let format = GhostFormat()

    /// What `ghost install` writes: two-space JSON, mail on Direct.
    static let mailBefore = """
        {
          "url": "https://blog.example.com",
          "server": {
            "port": 2368,
            "host": "127.0.0.1"
          },
          "database": {
            "client": "mysql",
            "connection": {
              "host": "localhost",
              "user": "ghost-123",
              "password": "p@ss\\"w\\u00f6rd",
              "database": "ghost_prod"
            }
          },
          "mail":
        """ + " "
    static let mailValue = "{\n    \"transport\": \"Direct\"\n  }"
    static let mailAfter = """
        ,
          "logging": {
            "transports": [
              "file",
              "stdout"
            ]
          },
          "process": "systemd",
          "paths": {
            "contentPath": "/var/www/ghost/content"
          }
        }

        """
    static var shipped: String { mailBefore + mailValue + mailAfter }

    struct Mail: Decodable, Equatable {
        struct Options: Decodable, Equatable {
            struct Auth: Decodable, Equatable {
                var user: String
                var pass: String?
            }
            struct TLS: Decodable, Equatable { var rejectUnauthorized: Bool }
            var host: String?
            var port: Int?
            var secure: Bool
            var requireTLS: Bool?
            var ignoreTLS: Bool?
            var name: String?
            var auth: Auth?
            var tls: TLS?
        }
        var transport: String
        var from: String?
        /// None with Ghost's "Direct" transport.
        var options: Options?
    }

    static let oracle = """
        const texts = JSON.parse(require("fs").readFileSync(0, "utf8"));
        console.log(JSON.stringify(texts.map((text) => JSON.parse(text).mail)));
        """

    static func mail(_ texts: [String]) throws -> [Mail] {
        try NodeOracle.run(oracle, input: texts, as: [Mail].self)
    }

    /// What Ghost must find for `settings`, written out plainly.
    static func expectedMail(_ settings: MailSettings) -> Mail {
        let logsIn = settings.authentication != Authentication.none && settings.userName != nil
        let from = settings.fromEmailAddress.map { address in
            settings.fromName.map {
                "\"\($0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))\" <\(address)>"
            } ?? address
        }
        return Mail(
            transport: "SMTP", from: from,
            options: .init(
                host: settings.address, port: settings.port, secure: settings.security == .tls,
                requireTLS: settings.security == .starttls ? true : nil,
                ignoreTLS: settings.security == Security.none ? true : nil, name: settings.domain,
                auth: logsIn ? .init(user: settings.userName!, pass: settings.password) : nil,
                tls: settings.verifyCertificate ? nil : .init(rejectUnauthorized: false)))
    }

    @Test func everyTableValueReadsBackInNodeOrIsRefusedWithWords() throws {
        let (accepted, refused) = FormatCases.table(for: format)
        #expect(accepted.count > 250)
        FormatCases.checkWords(refused)
        let written = try accepted.map { try format.write($0.settings, into: Self.shipped) }
        let read = try Self.mail(written)
        for (index, item) in accepted.enumerated() {
            let text = written[index]
            #expect(read[index] == Self.expectedMail(item.settings), "\(item.label)")
            // Everything outside the mail value is the file's own.
            #expect(text.hasPrefix(Self.mailBefore) && text.hasSuffix(Self.mailAfter), "\(item.label)")
            #expect(try format.write(item.settings, into: text) == text, "\(item.label): not a no-op")
            #expect(try format.read(text) == FormatCases.expectedRead(item.settings, by: format), "\(item.label)")
        }
    }

    @Test func writesTheMailObjectInTheFilesLayout() throws {
        let written = try format.write(FormatCases.base, into: Self.shipped)
        #expect(
            written.contains(
                """
                  "mail": {
                    "transport": "SMTP",
                    "from": "\\"Example Forum\\" <notifications@example.com>",
                    "options": {
                      "host": "smtp.example.com",
                      "port": 587,
                      "secure": false,
                      "requireTLS": true,
                      "name": "app.example.com",
                      "auth": {
                        "user": "apikey",
                        "pass": "s3cret-Pass"
                      }
                    }
                  },
                  "logging"
                """))
    }

    @Test func insertsAMailMemberWhenTheFileHasNone() throws {
        let before = "{\n\t\"url\": \"https://blog.example.com\",\n\t\"server\": {\n\t\t\"port\": 2368\n\t}"
        let text = before + "\n}\n"
        let written = try format.write(FormatCases.base, into: text)
        #expect(
            written.hasPrefix(before + ",\n\t\"mail\": {\n\t\t\"transport\": \"SMTP\",")
                && written.hasSuffix("\n\t}\n}\n"))
        #expect(try Self.mail([written]) == [Self.expectedMail(FormatCases.base)])
        #expect(try format.write(FormatCases.base, into: written) == written)
        // A file on one line stays on one line; an empty object gets its member.
        let compact = try format.write(FormatCases.base, into: #"{"url":"https://x.example"}"#)
        #expect(
            compact.hasPrefix(#"{"url":"https://x.example","mail":{"transport":"SMTP","#) && !compact.contains("\n"))
        let empty = try format.write(FormatCases.base, into: "{}\n")
        #expect(
            try Self.mail([compact, empty]) == [
                Self.expectedMail(FormatCases.base), Self.expectedMail(FormatCases.base),
            ])
    }

    @Test func readsWhatGhostReads() throws {
        #expect(try format.read(Self.shipped) == MailSettings())
        let text = """
            {"mail": {"transport": "SMTP", "from": "'Blog' <blog@example.com>", "options": {
              "host": "smtp.example.com", "port": 465, "secure": true, "service": "x",
              "auth": {"user": "u\\u00e9", "pass": "p\\"\\\\"}, "tls": {"rejectUnauthorized": false}}},
             "mail": {"transport": "SMTP", "options": {"host": "last.example.com"}}}
            """
        // JSON.parse keeps the last of two members with one name.
        #expect(try format.read(text)[.address] == "last.example.com")
        let first = try format.read(
            text.replacingOccurrences(
                of: ",\n \"mail\": {\"transport\": \"SMTP\", \"options\": {\"host\": \"last.example.com\"}}", with: ""))
        #expect(
            first.userName == "ué" && first.password == "p\"\\" && first.security == .tls && !first.verifyCertificate)
        #expect(first.fromName == "'Blog'" && first.fromEmailAddress == "blog@example.com")
        #expect(throws: ConfigFileError.self) { _ = try format.read("{\"mail\": {,}}") }
    }

    /// What the admin set in `mail` beyond what smtp-setup writes, as node reads it.
    struct Extra: Decodable, Equatable {
        struct Options: Decodable, Equatable {
            struct TLS: Decodable, Equatable {
                var ciphers: String?
                var rejectUnauthorized: Bool?
            }
            var host: String?
            var service: String?
            var url: String?
            var pool: Bool?
            var connectionTimeout: Int?
            var tls: TLS?
        }
        var transport: String
        var logger: Bool?
        var options: Options
    }

    @Test func keepsTheMailOptionsItDoesNotSetAndDropsThoseThatWouldOverrideTheHost() throws {
        let text = """
            {
              "mail": {
                "transport": "SMTP",
                "logger": true,
                "options": {
                  "service": "Gmail",
                  "url": "smtp://old.example.com",
                  "host": "old.example.com",
                  "pool": false,
                  "pool": true,
                  "connectionTimeout": 10000,
                  "tls": { "ciphers": "SSLv3", "rejectUnauthorized": false }
                }
              }
            }

            """
        var unverified = FormatCases.base
        unverified[.verifyCertificate] = "false"
        let written = [try format.write(FormatCases.base, into: text), try format.write(unverified, into: text)]
        let oracle = """
            const texts = JSON.parse(require("fs").readFileSync(0, "utf8"));
            console.log(JSON.stringify(texts.map((text) => JSON.parse(text).mail)));
            """
        let read = try NodeOracle.run(oracle, input: written, as: [Extra].self)
        let kept = Extra.Options(host: "smtp.example.com", pool: true, connectionTimeout: 10000)
        var tlsKept = kept
        tlsKept.tls = .init(ciphers: "SSLv3")
        var tlsOff = kept
        tlsOff.tls = .init(ciphers: "SSLv3", rejectUnauthorized: false)
        #expect(
            read == [
                Extra(transport: "SMTP", logger: true, options: tlsKept),
                Extra(transport: "SMTP", logger: true, options: tlsOff),
            ])
        for (settings, text) in zip([FormatCases.base, unverified], written) {
            #expect(try format.write(settings, into: text) == text, "a second save changes nothing")
            #expect(try format.read(text) == FormatCases.expectedRead(settings, by: format))
        }
    }

    @Test func saysWhatGhostCannotExpress() {
        #expect(!format.usedKeys.contains(.authentication) && !format.usedKeys.contains(.replyToEmailAddress))
        var settings = FormatCases.base
        settings[.fromEmailAddress] = nil
        #expect(format.problems(in: settings).contains { $0.key == .fromEmailAddress && $0.severity == .error })
        #expect(
            format.problems(in: FormatCases.base).contains { $0.key == .replyToEmailAddress && $0.severity == .warning }
        )
        settings = FormatCases.base
        settings[.authentication] = "cram_md5"
        #expect(format.problems(in: settings).contains { $0.key == .authentication && $0.severity == .error })
    }
}
