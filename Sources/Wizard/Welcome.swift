import SMTPSettings

/// The welcome step's words, as data: the full screen draws them and the
/// line wizard prints them, so both greet the admin the same way.
public struct Welcome: Equatable, Sendable {
    public var title: String
    /// What the wizard does, in one paragraph.
    public var introduction: String
    public var storeLabel: String
    public var storePath: String
    /// Whether saving will work there: a yes, or the refusal and what is still possible.
    public var access: String
    public var canSave: Bool
    /// What the store holds now and where the form starts from.
    public var existing: String
    public var noticeTitle: String
    public var notice: String
}

extension WizardState {
    public var welcome: Welcome {
        Welcome(
            title: "Set up outgoing mail (SMTP)",
            introduction: "This wizard sets up the mail server the application sends invites, password resets and "
                + "email confirmations through: the server, how the connection is protected, the login and "
                + "the sender. It tests them live, and saves only when you say so.",
            storeLabel: "Settings store", storePath: storePath,
            access: storeAccess.refusal.map { $0 + " You can still fill in and test the form." }
                ?? "You can save there.",
            canSave: storeAccess.canSave, existing: existingSettings, noticeTitle: "No fallback mail server",
            notice: Notices.noFallback)
    }

    private var existingSettings: String {
        if let latest = loaded.latest {
            return "Current settings: revision \(latest.revision), saved by \(latest.savedBy) at "
                + "\(latest.savedAtText). The form starts from them."
        }
        if !loaded.settings.isEmpty { return "The store holds settings; the form starts from them." }
        // Whatever it holds is unknown: never say it is empty.
        if storeUnread { return "What it holds could not be read (see above): the form starts empty." }
        return "Nothing is saved yet: the form starts empty."
    }
}
