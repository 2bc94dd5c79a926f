import Foundation
import TestSupport
import Testing

@testable import SMTPSettings

/// Umbraco's appsettings.json (9+) and web.config (7/8), written by the
/// format and read back as .NET reads them: appsettings.json by node after
/// the comment and trailing-comma rules of .NET's JsonDocument (stated in
/// `oracle`), and plain `JSON.parse` for a file without either; web.config
/// by Python's xml.etree.
@Suite(.enabled(if: NodeOracle.isAvailable, "needs Debian's nodejs"))
struct UmbracoFormatTests {
    let format = UmbracoFormat()

    /// An appsettings.json as Umbraco's template ships it, with an admin's
    /// comments and trailing commas (both allowed by .NET).
    static let shipped = """
        {
          "$schema": "appsettings-schema.json",
          // Serilog: see https://serilog.net
          "Serilog": {
            "MinimumLevel": { "Default": "Information", }, /* trailing comma above */
          },
          "Umbraco": {
            "CMS": {
              "Global": {
                "Id": "3f0b7a2e-1111-4c1d-9d2b-2f0cd1a1e0aa",
                "Smtp": {
                  "From": "old@example.com", // who sends
                  "Host": "localhost",
                  "Port": 25,
                },
                "SanitizeTinyMce": true,
              },
              "Content": { "AllowEditInvariantFromNonDefault": true }
            }
          },
          "ConnectionStrings": { "umbracoDbDSN": "Data Source=|DataDirectory|/Umbraco.sqlite.db" },
        }
        """ + "\n"

    /// A plain JSON file without the Smtp object: it is added whole.
    static let plain = """
        {
          "Umbraco": {
            "CMS": {
              "Global": {
                "Id": "3f0b7a2e"
              }
            }
          },
          "AllowedHosts": "*"
        }
        """ + "\n"

    /// .NET's JsonDocument with CommentHandling.Skip and AllowTrailingCommas:
    /// outside strings, `//` to the end of the line and `/* … */` are
    /// comments, and one comma before `}` or `]` is allowed. The oracle
    /// removes exactly those, then JSON.parse must read the rest; .NET's
    /// configuration then hands every value over as text.
    static let oracle = #"""
        const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
        function strip(text) {
          let out = "", i = 0;
          while (i < text.length) {
            const c = text[i];
            if (c === '"') {
              let j = i + 1;
              while (text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
              out += text.slice(i, j + 1); i = j + 1;
            } else if (text.startsWith("//", i)) {
              while (i < text.length && text[i] !== "\n") i++;
            } else if (text.startsWith("/*", i)) {
              const end = text.indexOf("*/", i + 2);
              if (end < 0) throw new Error("unclosed comment");
              i = end + 2;
            } else if (c === ",") {
              const rest = strip(text.slice(i + 1)).trimStart();
              if (rest[0] === "}" || rest[0] === "]") { i++; } else { out += c; i++; }
            } else { out += c; i++; }
          }
          return out;
        }
        console.log(JSON.stringify(input.texts.map((text) => {
          const root = JSON.parse(input.dotNet ? strip(text) : text);
          const smtp = ((root.Umbraco || {}).CMS || {}).Global?.Smtp || {};
          return Object.fromEntries(Object.entries(smtp).map(([k, v]) => [k, String(v)]));
        })));
        """#

    struct Input: Encodable {
        var texts: [String]
        var dotNet: Bool
    }

    static func appsettings(_ texts: [String], dotNet: Bool = true) throws -> [[String: String]] {
        try NodeOracle.run(oracle, input: Input(texts: texts, dotNet: dotNet), as: [[String: String]].self)
    }

    static func expected(_ settings: MailSettings) -> [String: String] {
        let logsIn = settings.authentication != Authentication.none
        let names: [Security: String] = [.none: "None", .tls: "SslOnConnect", .starttls: "StartTls"]
        let values: [String: String?] = [
            "From": settings.fromEmailAddress, "Host": settings.address, "Port": settings.effective(.port),
            "SecureSocketOptions": names[settings.security ?? .starttls], "Username": logsIn ? settings.userName : nil,
            "Password": logsIn ? settings.password : nil, "DeliveryMethod": "Network",
        ]
        return values.compactMapValues { $0 }
    }

    /// The text before and after the Smtp object's value: what must not change.
    static func outsideSmtp(_ text: String) throws -> (String, String) {
        let root = try JSONNode.parse(text, dotNet: true)
        let smtp = try #require(try UmbracoFormat.member(path: UmbracoFormat.path, in: root))
        let bytes = Array(text.utf8)
        return (
            String(decoding: bytes[..<smtp.span.lowerBound], as: UTF8.self),
            String(decoding: bytes[smtp.span.upperBound...], as: UTF8.self)
        )
    }

    @Test func everyTableValueReadsBackFromAppsettingsOrIsRefusedWithWords() throws {
        let (accepted, refused) = FormatCases.table(for: format)
        #expect(accepted.count > 200)
        FormatCases.checkWords(refused)
        // Umbraco itself refuses only certificate checks off and a named AUTH
        // mechanism (MailKit picks it); the rest is the validator's.
        let own = refused.flatMap { format.problems(in: $0.0.settings) }.filter { $0.severity == .error }
        #expect(!own.isEmpty && own.allSatisfy { $0.key == .verifyCertificate || $0.key == .authentication })
        for (file, dotNet) in [(Self.shipped, true), (Self.plain, false)] {
            let written = try accepted.map { try format.write($0.settings, into: file) }
            let read = try Self.appsettings(written, dotNet: dotNet)
            for (index, item) in accepted.enumerated() {
                #expect(read[index] == Self.expected(item.settings), "\(item.label)")
                let settings = try format.read(written[index])
                #expect(settings == FormatCases.expectedRead(item.settings, by: format), "\(item.label)")
            }
            if dotNet {
                let outside = try Self.outsideSmtp(file)
                for text in written { #expect(try Self.outsideSmtp(text) == outside) }
            } else {
                // The Smtp object is added as Global's last member; the rest stays.
                #expect(written[0].hasPrefix(String(file.prefix(while: { $0 != "3" }))))
                #expect(written[0].hasSuffix("\n      }\n    }\n  },\n  \"AllowedHosts\": \"*\"\n}\n"))
            }
        }
    }

    @Test func aResetLeavesAnEmptySmtpObjectAndTheRestOfTheFile() throws {
        let written = try format.write(FormatCases.base, into: Self.shipped)
        let reset = try format.write(MailSettings(), into: written)
        #expect(try Self.appsettings([reset], dotNet: true) == [[:]])
        #expect(try format.read(reset) == MailSettings())
        #expect(try Self.outsideSmtp(reset) == Self.outsideSmtp(Self.shipped))
    }

    @Test func addsTheMissingLevelsInTheFilesLayout() throws {
        let written = try format.write(FormatCases.base, into: "{\n    \"AllowedHosts\": \"*\" // all\n}\n")
        #expect(
            written == """
                {
                    "AllowedHosts": "*",
                    "Umbraco": {
                        "CMS": {
                            "Global": {
                                "Smtp": {
                                    "From": "notifications@example.com",
                                    "Host": "smtp.example.com",
                                    "Port": 587,
                                    "SecureSocketOptions": "StartTls",
                                    "Username": "apikey",
                                    "Password": "s3cret-Pass",
                                    "DeliveryMethod": "Network"
                                }
                            }
                        }
                    } // all
                }

                """)
        #expect(try Self.appsettings([written]) == [Self.expected(FormatCases.base)])
        #expect(try Self.appsettings([try format.write(FormatCases.base, into: "{}")], dotNet: false).count == 1)
    }

    @Test func readsWhatMailKitDoes() throws {
        let text = """
            { "umbraco": { "cms": { "global": { "smtp": {
              "from": "a@example.com", "host": "mx", "port": "465", /* Auto on 465 */
            } } } } }
            """
        let read = try format.read(text)
        #expect(read.security == .tls && read[.port] == "465" && read.address == "mx")
        #expect(read[.authentication] == "none")
        #expect(UmbracoFormat.security("StartTlsWhenAvailable", port: "25") == .starttls)
        #expect(UmbracoFormat.security("none", port: "25") == Security.none)
        #expect(UmbracoFormat.security(nil, port: "587") == .starttls)
    }

    @Test func refusesBrokenOrAmbiguousFilesWithWords() {
        for text in ["{ /* never closed ", "{ \"a\": 1,, }", "{\"Umbraco\": {}, \"UMBRACO\": {}}", "{\"Umbraco\": 3}"] {
            #expect(throws: ConfigFileError.self, "\(text)") { try format.write(FormatCases.base, into: text) }
        }
    }

    @Test func saysWhatUmbracoCannotExpress() {
        var settings = FormatCases.base
        settings[.verifyCertificate] = "false"
        settings[.authentication] = "cram_md5"
        let problems = format.problems(in: settings)
        #expect(problems.contains { $0.key == .verifyCertificate && $0.severity == .error })
        #expect(problems.contains { $0.key == .authentication && $0.severity == .error })
        #expect(problems.contains { $0.key == .domain && $0.severity == .warning })
        #expect(problems.contains { $0.key == .fromName && $0.severity == .warning })
        #expect(Application.umbraco.format is UmbracoFormat)
        #expect(Application.umbraco.pickUp.contains("without a restart"))
    }
}
