import ArgumentParser
import Foundation
import SMTPSettings

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Print the settings for applications that read them elsewhere (includes the password).",
        discussion: """
            --format env prints SMTP_ADDRESS=..., SMTP_PORT=... (Forem's names), quoted so that sh and \
            systemd's EnvironmentFile read them back. --format json prints one object by key name. \
            The output holds the password: prefer --output FILE, which is written 0600 and atomically.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case env, json
    }

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "env or json.") var format: Format = .env
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
        let text =
            switch format {
            case .env: SettingsExport.environment(stored.settings)
            case .json: try SettingsExport.json(stored.settings)
            }
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
}

/// The two export renderings.
enum SettingsExport {
    static func values(_ settings: MailSettings) -> [(SettingKey, String)] {
        SettingKey.allCases.compactMap { key in settings.effective(key).map { (key, $0) } }
    }

    static func environment(_ settings: MailSettings) -> String {
        values(settings).map { "\($0.0.environmentName)=\(shellQuoted($0.1))\n" }.joined()
    }

    static func json(_ settings: MailSettings) throws -> String {
        var object: [String: String] = [:]
        for (key, value) in values(settings) { object[key.rawValue] = value }
        return try JSONText.encode(object) + "\n"
    }

    /// Single quotes only when needed, so plain values stay readable.
    static func shellQuoted(_ value: String) -> String {
        let plain = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789@%+=:,./_-")
        if !value.isEmpty && value.allSatisfy({ plain.contains($0) }) { return value }
        return "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
