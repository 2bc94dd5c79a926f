import SMTPSettings

/// Work the wizard asks the executable to do; each result comes back as a
/// `WizardMessage`.
public enum WizardEffect: Equatable, Sendable {
    /// Run the live test; with `sendTo`, also send a real test message there.
    /// Answer with `.probe` events, the last one `.finished`.
    case runTest(MailSettings, sendTo: String?)
    /// Stop the running test. Deliver nothing more from it afterwards.
    case cancelTest
    /// Answer with `.detectFinished`.
    /// Ask the usual ports of `host`, and the form's own port first if it is another.
    case detect(host: String, port: Int?)
    /// Answer with `.saved`, `.savedUnchanged` or `.saveFailed`.
    /// `owner`: the user the admin said the application runs as, to give the store to.
    case save(MailSettings, basedOn: Int, owner: String? = nil)
    /// The admin keeps their settings over an outside change to the
    /// application's file: take in the file as it is now, then save over it.
    /// Answer as `.save` does.
    case overwriteChangedFile(MailSettings, basedOn: Int, owner: String?)
    /// Load the store again; answer with `.reloaded` (or `.saveFailed`).
    case reload
    /// Run what makes the application read the save (clear Forem's cache,
    /// restart Mastodon…), asked for by the admin; answer with `.afterSaveRan`.
    case runAfterSave(AfterSaveOffer)
    /// Open the store the admin chose on the welcome step (a store URL, as
    /// --store takes it) and load it; answer with `.storeOpened` or `.storeOpenFailed`.
    case openStore(String)
    case quit
}
