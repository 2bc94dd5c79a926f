import SMTPSettings

/// What the admin wants, whatever the front end: the full-screen keymap
/// turns keys into these, the line wizard turns answers into them, and the
/// same `update` carries them out.
public enum WizardIntent: Equatable, Sendable {
    /// The store to use, confirmed on the welcome step (a proposed one's URL,
    /// or one typed as `--store` takes it).
    case chooseStore(String)
    /// A field's new text (a choice's value, "true"/"false" for a toggle).
    case setValue(SettingKey, String)
    /// Fills the form from a preset (keep and custom fill nothing) and opens the server step.
    case chooseProvider(Provider.ID, region: String?)
    /// Opens the step holding this field, with it focused (through the choice
    /// that turns it on, when it does not apply).
    case edit(SettingKey)
    /// The next step, once the current one has no error.
    case next
    case back
    /// The live test, and with an address, a real message to it.
    case runTest(sendTo: String?)
    case cancelTest
    /// Ticks or unticks "I understand" under the lockout notice.
    case acknowledge(Bool)
    case save
    /// The answer to "these settings have not passed a test: save anyway?".
    case saveUntested(Bool)
    /// The answer to the owner question: the user the application runs as.
    case answerOwner(String)
    case resolveConflict(ConflictChoice)
    case quit
}

/// How a save that lost the race to another save goes on.
public enum ConflictChoice: Equatable, Sendable {
    /// Take the store's settings; the form's are set aside.
    case reload
    /// Save the form's settings over the newer revision.
    case overwrite
}

/// Carries out one intent and returns the effects to run.
public func update(_ state: inout WizardState, _ intent: WizardIntent) -> [WizardEffect] {
    state.perform(intent)
}
