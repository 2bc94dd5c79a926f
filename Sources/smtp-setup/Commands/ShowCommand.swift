import ArgumentParser
import Foundation
import SMTPSettings

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print the saved settings (the password only as set or not set).")

    @OptionGroup var storeOptions: StoreOptions
    @Flag(help: "Print one JSON object.") var json = false

    func run() throws {
        let store = try storeOptions.openStore()
        let stored = try failing { () throws(StoreError) in try store.load() }
        // With --owner: can the application's user read it? Without: the file's owner.
        let readability = store.readability(for: nil)
        if json {
            var report = ShowReport(stored, path: store.location.path, readability: readability)
            if case .postgres(let database) = store.location { report.source = database.source }
            try emit(try JSONText.encode(report))
        } else {
            try emit(SettingsTable.render(stored, path: store.location.shownName, store: store.location.kind))
            if let ownership = readability.ownership { try emit("Owner: \(ownership)") }
        }
        if let warning = readability.warning { printWarning(warning) }
    }
}

/// `show --json`: every key but the password, whose presence is a flag.
struct ShowReport: Encodable {
    let store: String
    let revision: Int
    let savedAt: String?
    let savedBy: String?
    let settings: [String: String]
    let defaults: [String]
    let passwordSet: Bool
    /// `user:group` and `0600`; absent when nothing is saved yet.
    let owner: String?
    let mode: String?
    /// For a PostgreSQL store: --store, SMTP_SETUP_STORE or DATABASE_URL.
    var source: String?

    init(_ stored: StoredSettings, path: String, readability: StoreReadability) {
        store = path
        revision = stored.revision
        savedAt = stored.latest?.savedAtText
        savedBy = stored.latest?.savedBy
        var values: [String: String] = [:]
        for key in SettingKey.allCases where !key.isSecret {
            if let value = stored.settings.effective(key) { values[key.rawValue] = value }
        }
        settings = values
        defaults = SettingKey.allCases.filter { stored.settings[$0] == nil && $0.defaultValue != nil }.map(\.rawValue)
        passwordSet = stored.settings.hasPassword
        owner = readability.owner?.description
        mode = readability.mode.map { String(format: "%04o", $0) }
    }

    enum CodingKeys: String, CodingKey {
        case store, revision, settings, defaults, owner, mode, source
        case savedAt = "saved_at"
        case savedBy = "saved_by"
        case passwordSet = "password_set"
    }
}

/// The human rendering of `show`.
enum SettingsTable {
    static func render(_ stored: StoredSettings, path: String, store kind: StoreKind) -> String {
        var lines: [String] = []
        if let latest = stored.latest {
            lines.append(
                "Store: \(path) (revision \(latest.revision), saved \(latest.savedAtText) by "
                    + "\(TerminalSafe.excerpt(latest.savedBy)))")
        } else if !stored.settings.isEmpty {
            // An application's file, as its application or its admin wrote it.
            lines.append("Store: \(path) (not saved by smtp-setup yet)")
        } else {
            lines.append("Store: \(path) (nothing saved yet: SMTP is not configured)")
        }
        let width = SettingKey.allCases.map(\.rawValue.count).max() ?? 0
        for key in SettingKey.allCases {
            let value: String
            if key.isSecret {
                value = stored.settings.hasPassword ? "(set)" : "(not set)"
            } else if let stored = stored.settings[key] {
                // Another program may have written it: shown visibly, a long one only in part.
                value = TerminalSafe.excerpt(stored, limit: 200)
            } else if let fallback = key.defaultValue {
                value = "\(fallback) (default)"
            } else {
                value = "(not set)"
            }
            lines.append("  " + key.rawValue.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + value)
        }
        let problems = SettingsValidator.problems(in: stored.settings, store: kind)
        if stored.latest != nil || !stored.settings.isEmpty, !problems.isEmpty {
            lines.append("")
            lines.append(contentsOf: problems.map { "\($0.severity == .error ? "problem" : "warning"): \($0)" })
        }
        return lines.joined(separator: "\n")
    }
}

enum JSONText {
    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return jsonEscaped(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// JSONEncoder leaves DEL, C1 controls, bidi overrides and line
    /// separators as they are; inside a JSON string they become `\u` escapes,
    /// so the output is still JSON and still cannot drive a terminal.
    static func jsonEscaped(_ text: String) -> String {
        guard !TerminalSafe.isSafe(text.replacing("\n", with: "")) else { return text }
        var escaped = ""
        for scalar in text.unicodeScalars {
            if scalar != "\n", !TerminalSafe.isSafe(String(scalar)) {
                let hex = String(scalar.value, radix: 16)
                escaped += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            } else {
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
