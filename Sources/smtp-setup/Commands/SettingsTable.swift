import ArgumentParser
import Foundation
import SMTPSettings

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
