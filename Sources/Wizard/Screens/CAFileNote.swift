import SMTPSettings

/// A pass that needed `--ca-file` is not a pass for the application, which
/// trusts only the system's CAs: every screen that shows the pass says so,
/// in the same words as `smtp-setup test`.
enum CAFileNote {
    static func sentence(_ state: WizardState, capitalised: Bool = true) -> String {
        let text = Notices.trustedOnlyViaCAFile
        return capitalised ? text : text.prefix(1).lowercased() + text.dropFirst()
    }

    static func applies(_ state: WizardState) -> Bool {
        state.test?.outcome?.passedOnlyWithCAFile == true && state.lastPassed == state.test?.settings
    }
}
