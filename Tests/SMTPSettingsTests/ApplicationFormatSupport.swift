import Foundation
import TestSupport
import Testing

@testable import SMTPSettings

/// What the application format tests share: settings an admin would save,
/// the tricky-value table turned into cases, and the applications' parsers.
enum FormatCases {
    /// A whole, valid setup.
    static let base = MailSettings([
        .address: "smtp.example.com", .port: "587", .security: "starttls", .verifyCertificate: "true",
        .authentication: "plain", .userName: "apikey", .password: "s3cret-Pass", .domain: "app.example.com",
        .fromName: "Example Forum", .fromEmailAddress: "notifications@example.com",
        .replyToEmailAddress: "support@example.com",
    ])

    /// The same setup with each way of connecting and logging in.
    static let variants: [MailSettings] = {
        var tls = base
        tls[.security] = "tls"
        tls[.port] = "465"
        var plainText = base
        plainText[.security] = "none"
        plainText[.port] = "25"
        plainText[.authentication] = "none"
        plainText[.userName] = nil
        plainText[.password] = nil
        var unverified = base
        unverified[.verifyCertificate] = "false"
        unverified[.authentication] = "login"
        var bare = MailSettings([.address: "127.0.0.1", .port: "2525", .authentication: "none"])
        bare[.security] = "none"
        var cram = base
        cram[.authentication] = "cram_md5"
        cram[.domain] = nil
        cram[.fromName] = nil
        cram[.replyToEmailAddress] = nil
        return [base, tls, plainText, unverified, bare, cram]
    }()

    struct Case {
        var label: String
        var settings: MailSettings
    }

    /// Every value of the tricky-value table in every text field `format`
    /// writes, plus the variants: the cases it accepts, and the refused ones
    /// (each refusal must come with words).
    static func table(for format: some ConfigFileFormat) -> (accepted: [Case], refused: [(Case, [SettingProblem])]) {
        let fields: [SettingKey] = [
            .address, .userName, .password, .domain, .fromName, .fromEmailAddress, .replyToEmailAddress,
        ].filter { format.usedKeys.contains($0) }
        var cases = variants.enumerated().map { Case(label: "variant \($0.offset)", settings: $0.element) }
        for value in foremValueTable {
            for key in fields {
                var settings = base
                settings[key] = value
                cases.append(Case(label: "\(key.rawValue) = \(value.debugDescription)", settings: settings))
            }
        }
        var accepted: [Case] = []
        var refused: [(Case, [SettingProblem])] = []
        for item in cases {
            let errors = (SettingsValidator.errors(in: item.settings) + format.problems(in: item.settings))
                .filter { $0.severity == .error }
            if errors.isEmpty { accepted.append(item) } else { refused.append((item, errors)) }
        }
        return (accepted, refused)
    }

    /// What the application reads back from a file written with `settings`:
    /// every key it uses, defaults spelled out, no login without a mechanism.
    static func expectedRead(_ settings: MailSettings, by format: some ConfigFileFormat) -> MailSettings {
        let full = settings.withDefaults
        var expected = MailSettings()
        for key in format.usedKeys { expected[key] = full[key] }
        if full.authentication == Authentication.none {
            expected[.userName] = nil
            expected[.password] = nil
            expected[.authentication] = Authentication.none.rawValue
        }
        return expected
    }

    /// Every refusal says what is wrong and what to do, and never shows the password.
    static func checkWords(_ refused: [(Case, [SettingProblem])]) {
        for (item, problems) in refused {
            for problem in problems {
                #expect(problem.message.count > 5 && problem.fix.count > 5, "\(item.label): \(problem)")
                if let password = item.settings.password, password.count > 3 {
                    #expect(!problem.description.contains(password), "\(item.label) shows the password")
                }
            }
        }
    }
}

/// A value as a parser hands it over in JSON: text, number or flag.
enum OracleValue: Decodable, Equatable, CustomStringConvertible {
    case text(String)
    case number(Int)
    case flag(Bool)

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            self = .flag(flag)
        } else if let number = try? container.decode(Int.self) {
            self = .number(number)
        } else {
            self = .text(try container.decode(String.self))
        }
    }

    var description: String {
        switch self {
        case .text(let text): text.debugDescription
        case .number(let number): String(number)
        case .flag(let flag): String(flag)
        }
    }
}

/// Node's own JSON.parse, as Ghost reads its config.
enum NodeOracle {
    static let executable = "/usr/bin/node"

    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: executable) }

    static func run<Input: Encodable, Output: Decodable>(
        _ script: String, input: Input, as: Output.Type
    ) throws -> Output {
        let json = String(decoding: try JSONEncoder().encode(input), as: UTF8.self)
        let result = try ProcessRunner.run(executable, ["-e", script], input: json)
        guard result.status == 0 else { throw SetupFailure("node failed (\(result.status)): \(result.stderr)") }
        return try JSONDecoder().decode(Output.self, from: Data(result.stdout.utf8))
    }
}
