import Foundation
import TestSupport
import Testing

@testable import SMTPSettings

/// Umbraco 7/8's web.config written by the format and read back by
/// Python's xml.etree.ElementTree, as .NET's configuration reads XML.
struct UmbracoWebConfigTests {
    let format = UmbracoFormat()

    static let shipped = """
        <?xml version="1.0" encoding="utf-8"?>
        <!-- For more information on how to configure your ASP.NET application, visit
          http://go.microsoft.com/fwlink/?LinkId=169433 -->
        <configuration>
          <configSections>
            <section name="umbracoConfiguration" type="System.Configuration.ConfigurationSection" />
          </configSections>
          <appSettings>
            <add key="Umbraco.Core.ConfigurationStatus" value="8.18.8" />
            <add key="owin:appStartup" value="UmbracoDefaultOwinStartup" />
          </appSettings>
          <connectionStrings>
            <add name="umbracoDbDSN" connectionString="server=.;database=umb;user id=u;password='p&amp;&lt;w'" />
          </connectionStrings>
          <system.net>
            <mailSettings>
              <!-- <smtp from="noreply@example.com"><network host="127.0.0.1" userName="" password="" /></smtp> -->
              <smtp from="noreply@example.com" deliveryMethod="Network">
                <network host="127.0.0.1" port="25" userName="" password="" />
              </smtp>
            </mailSettings>
          </system.net>
          <system.web>
            <compilation defaultLanguage="c#" debug="false" targetFramework="4.7.2" />
          </system.web>
        </configuration>
        """ + "\n"

    static let oracle = #"""
        import json, sys
        import xml.etree.ElementTree as ET
        out = []
        for text in json.load(sys.stdin):
            root = ET.fromstring(text.encode("utf-8"))
            smtp = root.find("./system.net/mailSettings/smtp")
            network = smtp.find("network") if smtp is not None else None
            values = dict(network.attrib) if network is not None else {}
            if smtp is not None and "from" in smtp.attrib:
                values["from"] = smtp.attrib["from"]
            out.append(values)
        print(json.dumps(out))
        """#

    static func read(_ texts: [String]) throws -> [[String: String]] {
        let json = String(decoding: try JSONEncoder().encode(texts), as: UTF8.self)
        let result = try ProcessRunner.run("/usr/bin/python3", ["-c", oracle], input: json)
        guard result.status == 0 else { throw SetupFailure("python3 failed: \(result.stderr)") }
        return try JSONDecoder().decode([[String: String]].self, from: Data(result.stdout.utf8))
    }

    static func expected(_ settings: MailSettings) -> [String: String] {
        let logsIn = settings.authentication != Authentication.none
        let values: [String: String?] = [
            "from": settings.fromEmailAddress, "host": settings.address, "port": settings.effective(.port),
            "userName": logsIn ? settings.userName : nil, "password": logsIn ? (settings.password ?? "") : nil,
            "enableSsl": settings.security == .starttls ? "true" : "false",
        ]
        return values.compactMapValues { $0 }
    }

    static func smtpSpan(_ text: String) throws -> Range<Int> {
        let config = try UmbracoWebConfig(text)
        let smtp = try #require(try config.element(UmbracoWebConfig.path[...]))
        return smtp.start..<smtp.end
    }

    @Test func everyTableValueReadsBackInElementTreeOrIsRefusedWithWords() throws {
        let (accepted, refused) = FormatCases.table(for: format)
        FormatCases.checkWords(refused)
        var written: [(FormatCases.Case, String)] = []
        for item in accepted {
            guard item.settings.security != .tls else {
                #expect(throws: ConfigFileError.self) { try format.write(item.settings, into: Self.shipped) }
                continue
            }
            written.append((item, try format.write(item.settings, into: Self.shipped)))
        }
        #expect(written.count > 150)
        let read = try Self.read(written.map(\.1))
        let bytes = Array(Self.shipped.utf8)
        let span = try Self.smtpSpan(Self.shipped)
        for (index, (item, text)) in written.enumerated() {
            #expect(read[index] == Self.expected(item.settings), "\(item.label)")
            #expect(try format.read(text) == FormatCases.expectedRead(item.settings, by: format), "\(item.label)")
            let newSpan = try Self.smtpSpan(text)
            let newBytes = Array(text.utf8)
            #expect(Array(newBytes[..<newSpan.lowerBound]) == Array(bytes[..<span.lowerBound]))
            #expect(Array(newBytes[newSpan.upperBound...]) == Array(bytes[span.upperBound...]))
        }
    }

    @Test func tabsLineBreaksAndMarkupReadBackExactly() throws {
        var settings = FormatCases.base
        settings[.password] = "a\tb\nc\r\nd &amp; <x> \"q\" 'a'"
        let text = try format.write(settings, into: Self.shipped)
        #expect(try Self.read([text])[0]["password"] == settings.password)
        #expect(try format.read(text).password == settings.password)
        settings[.password] = "bell\u{7}"
        #expect(throws: ConfigFileError.self) { try format.write(settings, into: Self.shipped) }
    }

    @Test func addsMailSettingsWhereTheFileHasNone() throws {
        let file = "<?xml version=\"1.0\"?>\n<configuration>\n    <appSettings />\n</configuration>\n"
        let written = try format.write(FormatCases.base, into: file)
        #expect(
            written == """
                <?xml version="1.0"?>
                <configuration>
                    <appSettings />
                    <system.net>
                        <mailSettings>
                            <smtp from="notifications@example.com" deliveryMethod="Network">
                                <network host="smtp.example.com" port="587" userName="apikey" password="s3cret-Pass" enableSsl="true" />
                            </smtp>
                        </mailSettings>
                    </system.net>
                </configuration>

                """)
        #expect(try Self.read([written]) == [Self.expected(FormatCases.base)])
    }

    @Test func aResetLeavesNoServerAndNoSender() throws {
        let written = try format.write(FormatCases.base, into: Self.shipped)
        let reset = try format.write(MailSettings(), into: written)
        #expect(try Self.read([reset]) == [[:]])
        #expect(try format.read(reset) == MailSettings())
        let (span, bytes) = (try Self.smtpSpan(Self.shipped), Array(Self.shipped.utf8))
        let (newSpan, newBytes) = (try Self.smtpSpan(reset), Array(reset.utf8))
        #expect(Array(newBytes[..<newSpan.lowerBound]) == Array(bytes[..<span.lowerBound]))
        #expect(Array(newBytes[newSpan.upperBound...]) == Array(bytes[span.upperBound...]))
    }

    @Test func refusesWhatIsNotAWebConfigWithWords() {
        for text in ["<configuration>", "<other />", "<configuration><system.net /></configuration>"] {
            #expect(throws: ConfigFileError.self, "\(text)") { try format.write(FormatCases.base, into: text) }
        }
        var tls = FormatCases.base
        tls[.security] = "tls"
        #expect(throws: ConfigFileError.self) { try format.write(tls, into: Self.shipped) }
    }
}
