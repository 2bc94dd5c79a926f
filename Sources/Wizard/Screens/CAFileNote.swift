/// A pass that needed `--ca-file` is not a pass for the application, which
/// trusts only the system's CAs: every screen that shows the pass says so.
enum CAFileNote {
    static func sentence(_ state: WizardState, capitalised: Bool = true) -> String {
        let file = state.environment.caFile ?? "--ca-file"
        return (capitalised ? "Trusted" : "trusted")
            + " only through --ca-file \(file): the application will not trust this certificate "
            + "unless that CA is installed system-wide (update-ca-certificates)."
    }

    static func applies(_ state: WizardState) -> Bool {
        state.test?.outcome?.passedOnlyWithCAFile == true && state.lastPassed == state.test?.settings
    }
}
