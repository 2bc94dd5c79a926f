import Foundation
import TestSupport
import Testing

@testable import SMTPSettings

/// Nextcloud's config/config.php, judged by PHP itself: `include` of the
/// written file, then the `mail_*` entries of `$CONFIG`.
@Suite(.enabled(if: PHPOracle.isAvailable, "needs Debian's php-cli"))
struct NextcloudFormatTests {
    let format = NextcloudFormat()

    /// As Nextcloud's installer and `occ config:system:set` leave it (var_export layout).
    static let shipped = """
        <?php
        $CONFIG = array (
          'instanceid' => 'oc8f2k1x9q2m',
          'passwordsalt' => 'kP0x\\\\Q\\'z',
          'secret' => 'wB7c9eY2',
          'trusted_domains' => \("")
          array (
            0 => 'localhost',
            1 => 'cloud.example.com',
          ),
          'datadirectory' => '/var/www/nextcloud/data',
          'dbtype' => 'mysql',
          'version' => '28.0.1.1',
          'overwrite.cli.url' => 'https://cloud.example.com',
          'installed' => true,
          'mail_smtpmode' => 'sendmail',
          'mail_smtpport' => '25',
          'memcache.local' => '\\\\OC\\\\Memcache\\\\APCu',
          'maintenance' => false,
        );

        """

    static let oracle = #"""
        $texts = json_decode(stream_get_contents(STDIN), true);
        $out = [];
        foreach ($texts as $text) {
            $file = tempnam(sys_get_temp_dir(), 'nextcloud-config');
            file_put_contents($file, $text);
            $CONFIG = null;
            include $file;
            unlink($file);
            $mail = [];
            foreach ($CONFIG as $key => $value) {
                if (str_starts_with($key, 'mail_')) {
                    $mail[$key] = is_array($value) ? json_encode($value) : $value;
                }
            }
            $out[] = (object)$mail;
        }
        echo json_encode($out);
        """#

    static func mailEntries(_ texts: [String]) throws -> [[String: OracleValue]] {
        try PHPOracle.run(oracle, input: texts, as: [[String: OracleValue]].self)
    }

    /// The file without the `mail_*` entries: what must not change.
    static func withoutMailEntries(_ text: String) -> String {
        var lines = text.components(separatedBy: "\n")
        while let index = lines.firstIndex(where: { $0.hasPrefix("  'mail_") }) {
            lines.remove(at: index)
        }
        return lines.joined(separator: "\n")
    }

    @Test func everyTableValueReadsBackInPHPOrIsRefusedWithWords() throws {
        let (accepted, refused) = FormatCases.table(for: format)
        #expect(accepted.count > 150)
        FormatCases.checkWords(refused)
        let written = try accepted.map { try format.write($0.settings, into: Self.shipped) }
        let read = try Self.mailEntries(written)
        for (index, item) in accepted.enumerated() {
            let settings = item.settings
            let logsIn = settings.authentication != Authentication.none
            let from = settings.fromEmailAddress.flatMap { address in
                address.lastIndex(of: "@").map {
                    [String(address[..<$0]), String(address[address.index(after: $0)...])]
                }
            }
            let expected: [String: OracleValue?] = [
                "mail_smtpmode": .text("smtp"), "mail_smtphost": settings.address.map(OracleValue.text),
                "mail_smtpport": settings.port.map(OracleValue.number),
                "mail_smtpsecure": .text(settings.security == .tls ? "ssl" : ""), "mail_smtpauth": .flag(logsIn),
                "mail_smtpname": logsIn ? settings.userName.map(OracleValue.text) : nil,
                "mail_smtppassword": logsIn ? settings.password.map(OracleValue.text) : nil,
                "mail_from_address": from.map { .text($0[0]) }, "mail_domain": from.map { .text($0[1]) },
                "mail_smtpstreamoptions": settings.verifyCertificate
                    ? nil
                    : .text(#"{"ssl":{"allow_self_signed":true,"verify_peer":false,"verify_peer_name":false}}"#),
            ]
            #expect(read[index] == expected.compactMapValues { $0 }, "\(item.label)")
            #expect(Self.withoutMailEntries(written[index]) == Self.withoutMailEntries(Self.shipped), "\(item.label)")
            #expect(try format.write(settings, into: written[index]) == written[index], "\(item.label): not a no-op")
            #expect(try format.read(written[index]) == FormatCases.expectedRead(settings, by: format), "\(item.label)")
        }
    }

    @Test func replacesEntriesInPlaceAndAddsTheRestBeforeTheEnd() throws {
        let written = try format.write(FormatCases.base, into: Self.shipped)
        #expect(
            written.contains(
                """
                  'installed' => true,
                  'mail_smtpmode' => 'smtp',
                  'mail_smtpport' => 587,
                  'memcache.local' => '\\\\OC\\\\Memcache\\\\APCu',
                  'maintenance' => false,
                  'mail_smtphost' => 'smtp.example.com',
                  'mail_smtpsecure' => '',
                  'mail_smtpauth' => true,
                  'mail_smtpname' => 'apikey',
                  'mail_smtppassword' => 's3cret-Pass',
                  'mail_from_address' => 'notifications',
                  'mail_domain' => 'example.com',
                );

                """))
        var unverified = FormatCases.base
        unverified[.verifyCertificate] = "false"
        let second = try format.write(unverified, into: written)
        #expect(second.contains("  'mail_smtpstreamoptions' => array ('ssl' => array ('allow_self_signed' => true"))
        #expect(try format.write(FormatCases.base, into: second) == written)
    }

    @Test func keepsStreamOptionsOfTheAdminsOwn() throws {
        let text = Self.shipped.replacingOccurrences(
            of: "  'maintenance' => false,\n",
            with: "  'maintenance' => false,\n  'mail_smtpstreamoptions' => \n  array (\n    'ssl' => \n    array (\n"
                + "      'cafile' => '/etc/ssl/private-ca.pem',\n    ),\n  ),\n")
        let written = try format.write(FormatCases.base, into: text)
        #expect(written.contains("'cafile' => '/etc/ssl/private-ca.pem'"))
        #expect(try format.read(written).verifyCertificate)
        var unverified = FormatCases.base
        unverified[.verifyCertificate] = "false"
        let replaced = try format.write(unverified, into: written)
        #expect(try !replaced.contains("cafile") && !format.read(replaced).verifyCertificate)
        let oracle = try #require(try Self.mailEntries([replaced]).first)
        #expect(oracle["mail_smtpstreamoptions"] != nil && oracle["maintenance"] == nil)
    }

    @Test func readsHandWrittenValuesAsPHPDoes() throws {
        let text = """
            <?php
            $CONFIG = [
              "mail_smtpmode" => "smtp", // set by hand
              'mail_smtphost' => "smtp.example.com",
              'mail_smtpport' => '2525',
              'mail_smtpsecure' => 'ssl',
              'mail_smtpauth' => 1,
              'mail_smtpname' => "tab\\there \\"q\\"",
              'mail_smtppassword' => 'it\\'s \\\\ \\n',
              'mail_from_address' => 'cloud',
              'mail_domain' => 'example.org',
            ];

            """
        let oracle = try #require(try Self.mailEntries([text]).first)
        let read = try format.read(text)
        #expect(read.userName.map(OracleValue.text) == oracle["mail_smtpname"])
        #expect(read.password.map(OracleValue.text) == oracle["mail_smtppassword"])
        #expect(read.port == 2525 && read.security == .tls && read.fromEmailAddress == "cloud@example.org")
        #expect(try format.read(Self.shipped) == MailSettings())
        #expect(throws: ConfigFileError.self) { _ = try format.read("<?php\n$CONFIG = array (\n  'a' => $b,\n);\n") }
    }

    /// Nextcloud's mode defaults to smtp: a server without `mail_smtpmode` is used.
    @Test func aServerWithoutAModeIsReadAsNextcloudUsesIt() throws {
        let text = """
            <?php
            $CONFIG = array (
              'mail_smtphost' => 'smtp.example.com',
              'mail_smtpport' => 587,
              'mail_smtpauth' => true,
              'mail_smtpname' => 'cloud',
              'mail_smtppassword' => 'pw',
            );

            """
        let read = try format.read(text)
        #expect(read.address == "smtp.example.com" && read.port == 587 && read.userName == "cloud")
        // A mode that is not smtp, or no server at all, is no SMTP.
        #expect(
            try format.read(text.replacingOccurrences(of: "array (", with: "array (\n  'mail_smtpmode' => 'sendmail',"))
                == MailSettings())
        #expect(try format.read("<?php\n$CONFIG = array (\n  'mail_smtpport' => 25,\n);\n") == MailSettings())
        // A save names the mode, so the file says what it does.
        let written = try format.write(read, into: text)
        #expect(try Self.mailEntries([written]).first?["mail_smtpmode"] == .text("smtp"))
        #expect(try format.read(written) == read)
    }

    @Test func saysWhatNextcloudCannotExpress() {
        var settings = FormatCases.base
        settings[.security] = "none"
        #expect(format.problems(in: settings).contains { $0.key == .security && $0.severity == .error })
        let unused = Set(format.problems(in: FormatCases.base).map(\.key))
        #expect(unused == [.domain, .fromName, .replyToEmailAddress])
    }
}

/// Debian's php-cli, as Nextcloud reads config.php.
enum PHPOracle {
    static let executable = "/usr/bin/php"

    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: executable) }

    static func run<Input: Encodable, Output: Decodable>(
        _ script: String, input: Input, as: Output.Type
    ) throws -> Output {
        let json = String(decoding: try JSONEncoder().encode(input), as: UTF8.self)
        let result = try ProcessRunner.run(executable, ["-r", script], input: json)
        guard result.status == 0 else { throw SetupFailure("php failed (\(result.status)): \(result.output)") }
        return try JSONDecoder().decode(Output.self, from: Data(result.stdout.utf8))
    }
}
