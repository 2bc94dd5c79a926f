import ProbeModel
import SMTPSettings

/// Everything that can happen to the wizard: keys and resizes from the
/// terminal, and the results of the effects the executable carried out.
public enum WizardMessage: Equatable, Sendable {
    case key(Key)
    case resized(Size)
    /// Advances the spinner; sent a few times a second while `WizardState.isBusy`.
    case tick
    /// What the live test reports as it runs, ending with `.finished`.
    case probe(ProbeEvent)
    /// What `detect` learned about the host, one finding a line, and the
    /// settings it recommends (empty when no port is usable).
    case detectFinished([String], recommendation: [SuggestedValue] = [])
    /// Saved; `readability` says whether the application's user can read the store now.
    case saved(HistoryEntry, readability: StoreReadability? = nil)
    /// The store found nothing to change (its save returned nil).
    case savedUnchanged
    case saveFailed(StoreError)
    case reloaded(StoredSettings)
    /// What the after-save offer's command gave.
    case afterSaveRan(AfterSaveResult)
    /// The store chosen on the welcome step, opened and loaded.
    case storeOpened(OpenedStore)
    /// The store chosen on the welcome step could not be opened: why, in words.
    case storeOpenFailed(String)
}
