import ProbeModel
import SMTPSettings

/// The fix-it key (`f` on a diagnosis) and detect's `a`: put proposed
/// values into the form, say what changed, and land on the field.
enum FixIt {
    /// What `f` will do, for the diagnosis box.
    static func describe(_ diagnosis: Diagnosis, setting: SettingKey) -> String {
        guard !diagnosis.suggestion.isEmpty else { return "go to \(setting.label)" }
        return "set "
            + diagnosis.suggestion.map { "\(SettingKey($0.key).label) to \(shown($0))" }.joined(separator: ", ")
    }

    static func shown(_ value: SuggestedValue) -> String {
        if value.key == .security, let security = Security(rawValue: value.value) { return security.shortName }
        return value.value
    }
}

extension WizardState {
    /// Applies `values`, returning the sentence that says what changed (nil: nothing did).
    mutating func apply(_ values: [SuggestedValue]) -> String? {
        var changes: [String] = []
        for suggested in values {
            let key = SettingKey(suggested.key)
            let old = text(key)
            guard old != suggested.value else { continue }
            fields[key] = FieldEditor(suggested.value)
            // The port follows a security change only where the suggestion does not name one.
            if suggested.key == .security, !values.contains(where: { $0.key == .port }) {
                followUsualPort(from: old, to: suggested.value)
            }
            let was = old.isEmpty ? "" : " (was \(FixIt.shown(SuggestedValue(suggested.key, old))))"
            changes.append("\(key.label) to \(FixIt.shown(suggested))\(was)")
        }
        for key in Set(values.map { SettingKey($0.key) }) { problems[key] = check(key) }
        guard !changes.isEmpty else { return nil }
        return "Changed " + changes.joined(separator: ", ") + "."
    }

    /// `f` on a failed test.
    mutating func fixIt() {
        guard let diagnosis = test?.outcome?.diagnosis, let setting = diagnosis.setting else { return }
        let changed = apply(diagnosis.suggestion)
        jump(to: SettingKey(setting))
        if let changed {
            notice = .success("\(changed) ^T tests again.")
        } else {
            notice = .info("\(diagnosis.fix) ^T tests again.")
        }
    }
}
