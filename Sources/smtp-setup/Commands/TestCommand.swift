import ArgumentParser
import Foundation
import SMTPProbe
import SMTPSettings

struct TestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Test the settings live against the server, phase by phase, and explain any failure.",
        discussion: """
            Tests the stored settings, or the stored settings with the overrides given. By default no \
            message is sent: the test stops after the server accepts sender and recipient. --send-to \
            delivers a real test message.

            EXIT CODES
              0   the server accepted everything tested (with no from address the sender is not
                  tested: the text says so and --json ok is false)
              65  invalid settings
              10  DNS lookup failed
              11  could not connect
              12  no usable greeting
              13  TLS or certificate problem
              14  EHLO/HELO rejected
              15  authentication failed
              16  sender refused
              17  recipient refused
              18  message refused
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var overrides: SettingOverrides
    @OptionGroup var probeFlags: ProbeFlags

    @Option(help: ArgumentHelp("Deliver a real test message to this address.", valueName: "address"))
    var sendTo: String?
    @Flag(help: "Print the conversation too (secrets shown as [redacted]).") var transcript = false
    @Flag(help: "Print one JSON object instead of text.") var json = false

    func run() async throws {
        var options = try probeFlags.options()
        options.sendTo = sendTo
        let store = try storeOptions.openStore()
        var settings = try failing { () throws(StoreError) in try store.load() }.settings
        try overrides.apply(to: &settings)
        if let sendTo, let problem = EmailAddressSyntax.problem(sendTo) {
            throw usageFailure(
                "--send-to '\(TerminalSafe.excerpt(sendTo))' \(problem). Give a full address, like you@example.com.")
        }
        let errors = SettingsValidator.errors(in: settings, store: store.location.kind)
        guard errors.isEmpty else {
            if json {
                say(try JSONText.encode(TestReport.invalid(errors)))
                throw ExitCode(CommandFailure.invalidSettings)
            }
            let failure = reportInvalid(errors)
            SafeOutput.standardError(
                "Save the missing settings with smtp-setup set KEY=VALUE, or test without saving: "
                    + "smtp-setup test --address HOST --port PORT ...\n")
            throw failure
        }
        let printer = json ? nil : LivePhasePrinter()
        if let printer { printer.header(settings) }
        let report = await SMTPProbe(options: options).run(settings) { event in printer?.handle(event) }
        if json {
            say(try JSONText.encode(TestReport(report)))
        } else {
            if transcript {
                say("\nTranscript:")
                for line in report.transcript { say("  \(line.rendered)") }
            }
            say("")
            say(DiagnosisText.render(report, settings: settings, sentTo: sendTo))
        }
        let code = TestExitCode.code(for: report)
        if code != 0 { throw ExitCode(code) }
    }
}

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

/// How the probe behaves: timeouts, extra CA, plaintext login.
struct ProbeFlags: ParsableArguments {
    @Option(help: ArgumentHelp("Trust the CA certificates in this PEM file too.", valueName: "pem"))
    var caFile: String?
    @Option(help: ArgumentHelp("Cap every phase's timeout at this many seconds.", valueName: "seconds"))
    var timeout: Double?
    @Flag(help: "Allow PLAIN/LOGIN credentials over an unencrypted connection (a relay on this machine).")
    var allowPlaintextAuth = false

    func options() throws -> ProbeOptions {
        var options = ProbeOptions()
        if let timeout {
            guard timeout > 0, timeout <= 600 else {
                throw usageFailure("--timeout must be more than 0 and at most 600 seconds, like --timeout 10.")
            }
            options.capTimeouts(at: timeout)
        }
        if let caFile {
            guard let text = try? String(contentsOfFile: caFile, encoding: .utf8) else {
                throw usageFailure("--ca-file \(caFile) cannot be read. Check the path and permissions.")
            }
            guard text.contains("-----BEGIN CERTIFICATE-----") else {
                throw usageFailure("--ca-file \(caFile) holds no PEM certificate (-----BEGIN CERTIFICATE-----).")
            }
            options.caFile = caFile
        }
        options.allowPlaintextAuth = allowPlaintextAuth
        return options
    }
}

/// Exit codes by the phase that failed, so scripts can branch.
enum TestExitCode {
    static func code(for report: ProbeReport) -> Int32 {
        guard let diagnosis = report.diagnosis else { return 0 }
        if diagnosis.diagnosisClass == .invalidSettings { return CommandFailure.invalidSettings }
        switch report.failedPhase {
        case .resolve?: return 10
        case .connect?: return 11
        case .greeting?: return 12
        case .tls?, .startTLS?: return 13
        case .ehlo?, .ehloAfterTLS?: return 14
        case .auth?: return 15
        case .sender?: return 16
        case .recipient?: return 17
        case .data?: return 18
        case .reset?, .quit?, nil: return 12
        }
    }
}
