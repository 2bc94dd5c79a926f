import ArgumentParser
import Foundation
import SMTPProbe
import SMTPSettings

/// The flags that change a setting for one test, without saving it.
struct SettingOverrides: ParsableArguments {
    @Option(help: "Server host name or IP.") var address: String?
    @Option(help: "Port, 1-65535.") var port: String?
    @Option(help: "starttls, tls or none.") var security: String?
    @Option(help: "plain, login, cram_md5 or none.") var authentication: String?
    @Option(help: "SMTP user name.") var userName: String?
    @Flag(help: "Read the password from standard input.") var passwordStdin = false
    @Option(help: "The HELO/EHLO name.") var domain: String?
    @Option(help: ArgumentHelp("The sender address (MAIL FROM).", valueName: "address")) var from: String?
    @Flag(help: "Do not verify the server's certificate (never do this in production).") var noVerify = false

    /// The flag that gives each key to the test.
    static func flag(for key: SettingKey) -> String? {
        switch key {
        case .address: "--address"
        case .port: "--port"
        case .security: "--security"
        case .authentication: "--authentication"
        case .userName: "--user-name"
        case .password: "--password-stdin"
        case .domain: "--domain"
        case .fromEmailAddress: "--from"
        case .verifyCertificate: "--no-verify"
        case .fromName, .replyToEmailAddress: nil
        }
    }

    /// Whether the value of `key` came from a flag rather than the store.
    func gave(_ key: SettingKey) -> Bool {
        switch key {
        case .address: address != nil
        case .port: port != nil
        case .security: security != nil
        case .authentication: authentication != nil
        case .userName: userName != nil
        case .password: passwordStdin
        case .domain: domain != nil
        case .fromEmailAddress: from != nil
        case .verifyCertificate: noVerify
        case .fromName, .replyToEmailAddress: false
        }
    }

    /// A problem as the test's command line says it: by the flag that gave
    /// the value, or for a stored value, by its key and the flag that would
    /// test another.
    func described(_ problem: SettingProblem) -> String {
        let flag = Self.flag(for: problem.key)
        let label =
            gave(problem.key)
            ? flag ?? problem.key.rawValue
            : problem.key.rawValue + (flag.map { " (from the store; \($0) tests another)" } ?? "")
        return "\(label): \(problem.message) \(problem.fix)"
    }

    func apply(to settings: inout MailSettings) throws {
        let pairs: [(SettingKey, String?)] = [
            (.address, address), (.port, port), (.security, security), (.authentication, authentication),
            (.userName, userName), (.domain, domain), (.fromEmailAddress, from),
        ]
        for (key, value) in pairs where value != nil { settings[key] = value }
        if noVerify { settings[.verifyCertificate] = "false" }
        if passwordStdin { settings[.password] = try PasswordInput.readFromStandardInput() }
    }
}
