import ArgumentParser
import Foundation
import SMTPSettings

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
