import ArgumentParser
import Foundation
import SMTPSettings

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Print the settings for applications that read them elsewhere (includes the password).",
        discussion: """
            --format env prints SMTP_ADDRESS=..., SMTP_PORT=... (Forem's names), each value bare or in \
            double quotes with \\, ", $ and ` escaped, so that sh, Ruby dotenv, Docker Compose's env_file \
            and systemd's EnvironmentFile all read it exactly. --format json prints one object by key name. \
            --format \(Application.fileApplications.map(\.rawValue).joined(separator: "|")) prints the settings as that \
            application reads them, exactly what the store APP:PATH would write into an empty file; \
            what the application cannot hold is refused with the reason. \
            Every format holds the password: prefer --output FILE, which is written 0600 and atomically.
            """)

    /// env, json, or an application's name.
    struct Format: ExpressibleByArgument, CustomStringConvertible {
        var name: String
        var application: Application? { Application(rawValue: name) }
        var description: String { name }

        static let names = ["env", "json"] + Application.fileApplications.map(\.rawValue)

        init?(argument: String) {
            guard Self.names.contains(argument) else { return nil }
            name = argument
        }

        static var allValueStrings: [String] { names }
    }

    @OptionGroup var storeOptions: StoreOptions
    @Option(
        help: ArgumentHelp("env, json or an application: \(Format.names.joined(separator: ", ")).", valueName: "format")
    )
    var format: Format = Format(argument: "env")!
    @Option(help: ArgumentHelp("Write to this file (mode 0600, replaced atomically).", valueName: "file"))
    var output: String?

    func run() throws {
        let store = try storeOptions.openStore()
        let stored = try failing { () throws(StoreError) in try store.load() }
        // An application's file can hold settings no revision of ours wrote.
        guard stored.revision > 0 || !stored.settings.isEmpty else {
            printError(
                "nothing is saved in \(store.location.path) yet: run smtp-setup set (or the wizard) first.")
            throw ExitCode(CommandFailure.invalidSettings)
        }
        let text = try render(stored.settings)
        if let output {
            do {
                try PrivateFile.write(text, to: output)
            } catch {
                printError(
                    "cannot write \(output): \(String(cString: strerror((error as? POSIXError)?.code.rawValue ?? EIO))). "
                        + "Check the folder exists and is writable.")
                throw ExitCode(73)
            }
            say("Wrote \(stored.settings.setKeys.count) settings to \(output) (mode 0600).")
        } else {
            try emit(text, terminator: "")
        }
    }

    /// The text for the chosen format, or the reasons it cannot hold the settings.
    func render(_ settings: MailSettings) throws -> String {
        let problems: [SettingProblem]
        if let application = format.application {
            problems = SettingsValidator.problems(in: settings, store: .applicationFile(application))
        } else if format.name == "env" {
            problems = SettingsExport.environmentProblems(settings)
        } else {
            problems = []
        }
        for problem in problems where problem.severity == .warning { printWarning(problem.description) }
        let errors = problems.filter { $0.severity == .error }
        guard errors.isEmpty else {
            for problem in errors { printError(problem.description) }
            throw ExitCode(CommandFailure.invalidSettings)
        }
        guard let application = format.application, let applicationFormat = application.format else {
            return format.name == "json" ? try SettingsExport.json(settings) : SettingsExport.environment(settings)
        }
        do {
            return try applicationFormat.write(settings, into: application.skeleton)
        } catch {
            printError("\(application.title) could not hold these settings: \(error)")
            throw ExitCode(CommandFailure.invalidSettings)
        }
    }
}

/// The two export renderings of the tool's own names.
enum SettingsExport {
    static func values(_ settings: MailSettings) -> [(SettingKey, String)] {
        SettingKey.allCases.compactMap { key in settings.effective(key).map { (key, $0) } }
    }

    /// Quoted by the rule Mastodon's .env uses too (`Dotenv.quote`).
    static func environment(_ settings: MailSettings) -> String {
        values(settings).map { "\($0.0.environmentName)=\(Dotenv.quote($0.1))\n" }.joined()
    }

    /// The values no .env quoting carries to all its readers.
    static func environmentProblems(_ settings: MailSettings) -> [SettingProblem] {
        values(settings).compactMap { key, value in
            Dotenv.unwritableReason(value).map { reason in
                SettingProblem(
                    key, key.isSecret ? reason : "'\(TerminalSafe.excerpt(value))' \(reason)",
                    fix: "A .env file cannot carry it to sh, dotenv and Compose alike: choose a value without it.")
            }
        }
    }

    static func json(_ settings: MailSettings) throws -> String {
        var object: [String: String] = [:]
        for (key, value) in values(settings) { object[key.rawValue] = value }
        return try JSONText.encode(object) + "\n"
    }
}
