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
