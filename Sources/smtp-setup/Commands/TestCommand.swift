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
              0   the server accepted everything tested (with no from address the
                  sender is not tested: the text says so and --json ok is false)
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
        // The test does what the application reading this store will do.
        options.follow(store.location.kind.delivery, heloSetting: store.location.applicationHeloName)
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
            for problem in errors { printError(overrides.described(problem)) }
            SafeOutput.standardError(
                "Give the test what is missing or wrong with the flags named, or save it with "
                    + "smtp-setup set KEY=VALUE.\n")
            throw ExitCode(CommandFailure.invalidSettings)
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
            say(
                DiagnosisText.render(
                    report, settings: settings, sentTo: sendTo,
                    cautions: SettingsValidator.applicationCautions(in: settings, store: store.location.kind)))
        }
        let code = TestExitCode.code(for: report)
        if code != 0 { throw ExitCode(code) }
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
